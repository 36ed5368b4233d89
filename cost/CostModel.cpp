//===- cost/CostModel.cpp - time, energy and carbon on a target -----------===//
#include "cost/CostModel.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cmath>

using namespace llvm;

namespace wattlint {

const char *boundName(Bound B) {
  switch (B) {
  case Bound::None:
    return "none";
  case Bound::Compute:
    return "compute";
  case Bound::Memory:
    return "memory";
  case Bound::Overhead:
    return "overhead";
  }
  return "none";
}

bool isFolded(const Graph &G, const Node &N) {
  // Shape arithmetic folded to constants runs on the host, if at all.
  for (int O : N.Outputs)
    if (O >= 0 && !G.value(O).IntData && !G.value(O).FloatData)
      return false;
  return !N.Outputs.empty();
}

namespace {

/// Ops that are views in every framework: no kernel, no traffic.
bool isView(const Graph &G, const Node &N) {
  static const char *const Views[] = {"Reshape", "Squeeze", "Unsqueeze", "Flatten", "Identity",
                                      "Dropout", "Shape",   "Size",      "Constant"};
  if (is_contained(Views, StringRef(N.OpType)))
    return true;
  return isFolded(G, N);
}

std::string precisionOf(DType T) {
  switch (T) {
  case DType::F64:
    return "fp64";
  case DType::F16:
    return "fp16";
  case DType::BF16:
    return "bf16";
  case DType::F8E4M3FN:
  case DType::F8E4M3FNUZ:
  case DType::F8E5M2:
  case DType::F8E5M2FNUZ:
    return "fp8";
  case DType::I8:
  case DType::U8:
  case DType::I4:
  case DType::U4:
    return "int8";
  default:
    return "fp32";
  }
}

} // namespace

unsigned precisionBits(StringRef P) {
  if (P == "fp64")
    return 64;
  if (P == "fp16" || P == "bf16")
    return 16;
  if (P == "fp8" || P == "int8")
    return 8;
  return 32; // fp32, tf32
}

namespace {

/// Peak matrix throughput for P, falling back to the closest the target has.
double peakFlops(const Target &T, StringRef P) {
  static const std::map<std::string, std::vector<std::string>> Fallback = {
      {"fp8", {"fp8", "fp16", "bf16", "fp32"}},  {"int8", {"int8", "fp16", "bf16", "fp32"}},
      {"bf16", {"bf16", "fp16", "fp32"}},        {"fp16", {"fp16", "bf16", "fp32"}},
      {"tf32", {"tf32", "fp32"}},                {"fp64", {"fp64", "fp32"}},
      {"fp32", {"fp32"}}};
  auto It = Fallback.find(P.str());
  for (const std::string &Q : It == Fallback.end() ? std::vector<std::string>{"fp32"} : It->second) {
    auto Peak = T.PeakTflops.find(Q);
    if (Peak != T.PeakTflops.end() && Peak->second.Value > 0)
      return Peak->second.Value * 1e12;
  }
  return T.PeakTflops.at("fp32").Value * 1e12;
}

/// Time steps and directions of a recurrent node, or {0, 0}.
std::pair<int64_t, int64_t> recurrence(const Graph &G, const Node &N) {
  if (N.OpType != "LSTM" && N.OpType != "GRU" && N.OpType != "RNN")
    return {0, 0};
  if (N.Inputs.size() < 2 || N.Inputs[0] < 0 || N.Inputs[1] < 0)
    return {0, 0};
  const Value &X = G.value(N.Inputs[0]), &W = G.value(N.Inputs[1]);
  if (!X.shapeKnown() || !W.shapeKnown() || X.Shape->size() != 3 || W.Shape->size() != 3)
    return {0, 0};
  int64_t Steps = N.attrInt("layout", 0) == 1 ? (*X.Shape)[1] : (*X.Shape)[0];
  return {Steps, (*W.Shape)[0]};
}

/// A Conv whose groups hold fewer than 8 input channels each (depthwise).
bool isNarrowGroupedConv(const Graph &G, const Node &N) {
  if (N.OpType != "Conv" || N.attrInt("group", 1) <= 1 || N.Inputs.size() < 2 || N.Inputs[1] < 0)
    return false;
  const Value &W = G.value(N.Inputs[1]);
  return W.shapeKnown() && W.Shape->size() >= 2 && (*W.Shape)[1] < 8;
}

} // namespace

bool misalignedContraction(const Graph &G, const Node &N, unsigned Bits) {
  int64_t Align = Bits <= 8 ? 16 : 8;
  auto Dim = [&](unsigned Input, int FromEnd) -> int64_t {
    if (N.Inputs.size() <= Input || N.Inputs[Input] < 0)
      return 0;
    const Value &V = G.value(N.Inputs[Input]);
    if (!V.shapeKnown() || V.Shape->size() < size_t(FromEnd))
      return 0;
    return (*V.Shape)[V.Shape->size() - FromEnd];
  };
  auto Off = [&](int64_t D) { return D > 0 && D % Align != 0; };
  if (N.OpType == "MatMul" || N.OpType == "Gemm") {
    // The weight's two dims are the contraction (K) and output (N) dims.
    bool TransB = N.OpType == "Gemm" && N.attrInt("transB", 0);
    int64_t K = Dim(1, TransB ? 1 : 2), Out = Dim(1, TransB ? 2 : 1);
    return Off(K) || Off(Out);
  }
  if (N.OpType == "Conv" && N.attrInt("group", 1) == 1) {
    const Value *W = N.Inputs.size() > 1 && N.Inputs[1] >= 0 ? &G.value(N.Inputs[1]) : nullptr;
    if (!W || !W->shapeKnown() || W->Shape->size() < 2)
      return false;
    // The first layer's 3 input channels are padded by every library: not a finding.
    return Off((*W->Shape)[0]) || ((*W->Shape)[1] > 4 && Off((*W->Shape)[1]));
  }
  return false;
}

namespace {

double recurrentWeightBytes(const Graph &G, const Node &N, double BytesPerElement) {
  if (N.Inputs.size() < 3 || N.Inputs[2] < 0)
    return 0;
  std::optional<uint64_t> E = G.value(N.Inputs[2]).numElements();
  return E ? double(*E) * BytesPerElement : 0;
}

} // namespace

NodeEstimate costWork(const Target &T, const NodeWork &NW) {
  const ModelParams &MP = T.Model;
  double Idle = T.IdleW.Value, Tdp = T.TdpW.Value;
  double Bandwidth = T.MemoryBandwidthGBs.Value * 1e9 * MP.MemoryEfficiency.Value;
  double PeakVector = T.VectorTflops.at("fp32").Value * 1e12;
  double VectorRate = PeakVector * MP.VectorEfficiency.Value;
  double JoulePerByte = MP.MemoryEnergyScale.Value * T.DramPjPerByte.Value * 1e-12;
  double JoulePerVectorFlop = MP.VectorEnergyScale.Value * (Tdp - Idle) / PeakVector;
  double Half = MP.HalfEfficiencyMflop.Value * 1e6;

  NodeEstimate NE;
  NE.Precision = NW.Precision;
  double PeakMatrix = peakFlops(T, NW.Precision);
  double Usable = PeakMatrix;
  if (MP.ConvTflopsCap.Value > 0 && NW.Conv)
    Usable = std::min(Usable, MP.ConvTflopsCap.Value * 1e12);
  // Matrix units need contraction dims in multiples of their tile (8 for
  // 16-bit types, 16 for 8-bit); cuBLAS pads or falls back otherwise.
  if (NW.Misaligned && precisionBits(NW.Precision) <= 16)
    Usable *= MP.MisalignedEfficiency.Value;
  double PerKernel = NW.MatrixFlops / std::max(NW.Kernels, 1.0);
  double MatrixRate = Usable * MP.MatrixEfficiency.Value * PerKernel / (PerKernel + Half);
  double TimeCompute =
      (NW.MatrixFlops > 0 ? NW.MatrixFlops / MatrixRate : 0) + NW.VectorFlops / VectorRate;
  double TimeMemory = NW.Bytes / Bandwidth;
  double TimeOverhead = NW.Kernels * MP.KernelOverheadUs.Value * 1e-6 + NW.ExtraTimeS;
  double Time = std::max(TimeCompute, TimeMemory) + TimeOverhead;
  NE.B = TimeOverhead >= std::max(TimeCompute, TimeMemory) ? Bound::Overhead
         : TimeCompute >= TimeMemory                       ? Bound::Compute
                                                           : Bound::Memory;
  double JoulePerMatrixFlop = MP.MatrixEnergyScale.Value * (Tdp - Idle) / PeakMatrix;
  NE.DynamicJ = NW.MatrixFlops * JoulePerMatrixFlop + NW.VectorFlops * JoulePerVectorFlop +
                NW.Bytes * JoulePerByte + MP.BusyPowerW.Value * std::max(TimeCompute, TimeMemory);
  // The board cannot draw more than its power limit: it slows down instead.
  if (Time > 0 && NE.DynamicJ / Time + Idle > Tdp)
    Time = NE.DynamicJ / (Tdp - Idle);
  NE.TimeS = Time;
  NE.EnergyJ = NE.DynamicJ + Idle * Time;
  NE.DramBytes = NW.Bytes;
  NE.Kernels = NW.Kernels;
  return NE;
}

std::optional<NodeWork> nodeWork(const NodeProfile &R, const Target &T, StringRef Precision) {
  if (R.State != NodeProfile::Status::Costed || R.Multiplier == 0 || isView(*R.G, *R.N))
    return std::nullopt;
  const ModelParams &MP = T.Model;
  const Work &W = R.W;
  NodeWork NW;
  bool Float = isFloat(R.Type) || R.Type == DType::Undefined;
  NW.Precision = Float && !Precision.empty() ? Precision.str() : precisionOf(R.Type);
  unsigned Bits = dtypeBits(R.Type) ? dtypeBits(R.Type) : 32;
  double Scale = Float && !Precision.empty() ? double(precisionBits(NW.Precision)) / Bits : 1.0;
  NW.MatrixFlops = 2.0 * double(W.Macs);
  NW.VectorFlops = double(W.ElementwiseFlops + W.TranscendentalFlops);
  NW.Bytes = double(W.bytesRead() + W.BytesWritten) * Scale;
  NW.Conv = R.Family == "conv";
  NW.Misaligned = misalignedContraction(*R.G, *R.N, precisionBits(NW.Precision));
  // An exported Conv usually carries a folded BatchNorm (and cuDNN's layout
  // transforms) that eager frameworks run as kernels of their own.
  NW.Kernels = double(R.Multiplier) * (NW.Conv ? MP.ConvKernels.Value : 1.0);
  auto [Steps, Dirs] = recurrence(*R.G, *R.N);
  if (Steps > 0) {
    double WeightBytes = double(W.BytesReadWeights) * Scale;
    double CacheBytes = T.CacheMB.Present ? T.CacheMB.Value * 1024 * 1024 : 0;
    // Weights that do not fit on chip are re-read from DRAM at every step.
    if (WeightBytes > CacheBytes)
      NW.Bytes += WeightBytes * double(Steps - 1);
    double Recurrent = recurrentWeightBytes(*R.G, *R.N, precisionBits(NW.Precision) / 8.0);
    if (Recurrent <= MP.PersistentRecurrentKb.Value * 1024) {
      NW.Kernels = double(R.Multiplier);
      NW.ExtraTimeS = double(R.Multiplier) * double(Steps) * MP.RecurrentStepUs.Value * 1e-6;
    } else {
      NW.Kernels = double(R.Multiplier) * double(Steps) * double(std::max<int64_t>(Dirs, 1)) * 2;
    }
  }
  // Depthwise and narrow grouped convolutions do not map onto matrix units:
  // their multiply-adds run on the vector units.
  if (isNarrowGroupedConv(*R.G, *R.N)) {
    NW.VectorFlops += NW.MatrixFlops;
    NW.MatrixFlops = 0;
  }
  return NW;
}

Expected<Estimate> estimate(const Model &M, const Profile &P, const Target &T,
                            const CostOptions &Opts) {
  Estimate E;
  E.Target = T.Name;
  if (!M.Main.Inputs.empty()) {
    const Value &In = M.Main.value(M.Main.Inputs[0]);
    if (In.shapeKnown() && !In.Shape->empty() && (*In.Shape)[0] > 0)
      E.Batch = (*In.Shape)[0];
  }
  E.Nodes.reserve(P.Nodes.size());
  for (const NodeProfile &R : P.Nodes) {
    std::optional<NodeWork> NW = nodeWork(R, T, precisionName(Opts.Prec));
    NodeEstimate NE = NW ? costWork(T, *NW) : NodeEstimate{};
    E.TimeS += NE.TimeS;
    E.EnergyJ += NE.EnergyJ;
    E.DynamicJ += NE.DynamicJ;
    E.Nodes.push_back(NE);
  }
  double F = T.Model.UncertaintyFactor.Value;
  E.TimeLowS = E.TimeS / F, E.TimeHighS = E.TimeS * F;
  E.EnergyLowJ = E.EnergyJ / F, E.EnergyHighJ = E.EnergyJ * F;
  return E;
}

Expected<Scenario> scenario(const Estimate &E, const Profile &P, const Target &T,
                            const ScenarioOptions &Opts) {
  Scenario S;
  double PerSampleJ = E.EnergyJ / double(E.Batch), PerSampleS = E.TimeS / double(E.Batch);
  double Low = E.EnergyLowJ / E.EnergyJ, High = E.EnergyHighJ / E.EnergyJ;
  if (E.EnergyJ <= 0)
    Low = High = 1;
  if (Opts.Train) {
    if (Opts.Samples == 0)
      return createStringError(inconvertibleErrorCode(),
                               "a training scenario needs the samples per epoch");
    // Forward + backward = 3 x forward work (backward computes gradients for
    // activations and weights: 2 x forward; FACTS 6.1), plus an Adam step per
    // batch: read weights, gradients and two moments, write three back
    // (28 bytes per fp32 parameter), and the optimizer's, zero-grad's and
    // autograd's kernels per weight tensor.
    double Steps = std::ceil(double(Opts.Samples) / double(E.Batch)) * double(Opts.Epochs);
    double Params = double(P.Totals.Params);
    double OptBytes = 28 * Params;
    double OptTime = OptBytes / (T.MemoryBandwidthGBs.Value * 1e9 * T.Model.MemoryEfficiency.Value) +
                     double(P.WeightTensors) * T.Model.TrainKernelsPerWeight.Value *
                         T.Model.KernelOverheadUs.Value * 1e-6;
    double OptJ = OptBytes * T.Model.MemoryEnergyScale.Value * T.DramPjPerByte.Value * 1e-12 +
                  T.IdleW.Value * OptTime;
    S.Kind = "training";
    S.Samples = double(Opts.Samples) * double(Opts.Epochs);
    S.DeviceTimeS = Steps * (3 * E.TimeS + OptTime);
    S.EnergyJ = Steps * (3 * E.EnergyJ + OptJ);
  } else if (Opts.Requests > 0) {
    S.Kind = "requests";
    S.Samples = double(Opts.Requests);
    S.DeviceTimeS = PerSampleS * S.Samples;
    S.EnergyJ = PerSampleJ * S.Samples;
  } else {
    S.Kind = "inference";
    S.Samples = double(E.Batch);
    S.DeviceTimeS = E.TimeS;
    S.EnergyJ = E.EnergyJ;
  }
  S.EnergyLowJ = S.EnergyJ * Low, S.EnergyHighJ = S.EnergyJ * High;
  Expected<std::vector<Pue>> Pues = builtinPues();
  if (!Pues)
    return Pues.takeError();
  S.Pue = Opts.Pue;
  if (S.Pue <= 0) {
    S.Pue = 1.0;
    for (const Pue &Q : *Pues)
      if (Q.Id == "default")
        S.Pue = Q.Value.Value;
  }
  S.Kwh = S.EnergyJ * S.Pue / 3.6e6;
  S.KwhLow = S.EnergyLowJ * S.Pue / 3.6e6, S.KwhHigh = S.EnergyHighJ * S.Pue / 3.6e6;
  if (Opts.Region.empty())
    return S;
  Expected<Region> Found = resolveRegion(Opts.Region);
  if (!Found)
    return Found.takeError();
  S.HasCarbon = true;
  S.Region = Found->Id;
  S.GramsPerKwh = Found->GramsPerKwh.Value;
  S.GridYear = Found->GramsPerKwh.Year;
  S.GridSource = Found->GramsPerKwh.Source;
  S.OperationalKg = S.Kwh * S.GramsPerKwh / 1000;
  double LifetimeS = T.LifetimeYears.Value * 365.25 * 86400;
  if (T.EmbodiedKgCO2e.Present && LifetimeS > 0)
    S.EmbodiedKg = T.EmbodiedKgCO2e.Value * S.DeviceTimeS / LifetimeS;
  S.TotalKg = S.OperationalKg + S.EmbodiedKg;
  // Grid intensity varies by about +-10% year to year; embodied estimates by
  // a factor of two (FACTS 5.1).
  S.TotalKgLow = S.KwhLow * S.GramsPerKwh * 0.9 / 1000 + S.EmbodiedKg * 0.5;
  S.TotalKgHigh = S.KwhHigh * S.GramsPerKwh * 1.1 / 1000 + S.EmbodiedKg * 2;
  return S;
}

} // namespace wattlint
