//===- cost/CostModel.cpp - time, energy and carbon on a target -----------===//
#include "cost/CostModel.h"
#include "cost/Fusion.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

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
  case Bound::Fused:
    return "fused";
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
  // Each precision's fallbacks, closest first (a plain table: this runs
  // once a node).
  static const std::pair<StringRef, std::array<const char *, 4>> Fallback[] = {
      {"fp8", {"fp8", "fp16", "bf16", "fp32"}},
      {"int8", {"int8", "fp16", "bf16", "fp32"}},
      {"bf16", {"bf16", "fp16", "fp32"}},
      {"fp16", {"fp16", "bf16", "fp32"}},
      {"tf32", {"tf32", "fp32"}},
      {"fp64", {"fp64", "fp32"}}};
  std::array<const char *, 4> Chain = {"fp32"};
  for (const auto &[Name, Qs] : Fallback)
    if (Name == P)
      Chain = Qs;
  for (const char *Q : Chain) {
    if (!Q)
      break;
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

double DvfsWork::timeAt(double S) const {
  return std::max(PacedS / S, MemoryS) + StepsS / S;
}

double DvfsWork::dynamicAt(double S) const {
  double T = timeAt(S);
  return SwitchJ * std::pow(S, Exponent - 1) + DramJ + BusyW * std::pow(S, Exponent) * T;
}

double clockUnderLimit(const DvfsWork &W, double DynamicLimitW) {
  auto Power = [&](double S) {
    double T = W.timeAt(S);
    return T > 0 ? W.dynamicAt(S) / T : 0;
  };
  if (!(DynamicLimitW > 0) || Power(1) <= DynamicLimitW)
    return 1;
  // Power falls monotonically with the clock (the time grows, each term's
  // energy per unit of time shrinks): bisect for the highest clock that fits.
  // The search stops at MinClockFraction: what does not fit there (DRAM
  // traffic alone over the limit) the caller stretches in time, as if the
  // memory slowed down too.
  if (Power(MinClockFraction) > DynamicLimitW)
    return MinClockFraction;
  double Lo = MinClockFraction, Hi = 1;
  for (int I = 0; I < 50; ++I) {
    double Mid = (Lo + Hi) / 2;
    (Power(Mid) > DynamicLimitW ? Hi : Lo) = Mid;
  }
  return Lo;
}

double powerLimit(const Target &T) {
  return T.PowerLimitW.Present && T.PowerLimitW.Value > 0 ? T.PowerLimitW.Value : T.TdpW.Value;
}

namespace {

/// costWork()'s answers on one target for the recent distinct works, by
/// the work's fields (32 slots, the fields hashed to one): a model's
/// repeated layers cost the same work again, and costing is a fifth of what
/// a million-node estimate spends.
class CostMemo {
public:
  explicit CostMemo(const Target &T) : T(T) {}
  const NodeEstimate &cost(const NodeWork &W) {
    // A multiplicative mix of the fields' bits (llvm::hash_combine costs as
    // much as the costing it would save).
    uint64_t H =
        W.Precision.size() + (W.Conv ? 2 : 0) + (W.Misaligned ? 4 : 0) + (W.Depthwise ? 8 : 0);
    for (double V : {W.MatrixFlops, W.VectorFlops, W.Bytes, W.Kernels, W.ExtraTimeS, W.HostOps,
                     W.ExtraHostS, W.Blocks, W.BytesScale}) {
      uint64_t B;
      std::memcpy(&B, &V, sizeof(B));
      H = (H ^ B ^ (B >> 29)) * 0x9e3779b97f4a7c15ull;
    }
    Slot &S = Slots[(H >> 32) % std::size(Slots)];
    if (!S.Used || !same(S.W, W)) {
      S.W = W;
      S.E = costWork(T, W);
      S.Used = true;
    }
    return S.E;
  }

private:
  static bool same(const NodeWork &A, const NodeWork &B) {
    // Bits, not values: a NaN is the same work as itself, -0 is not 0.
    auto Eq = [](double X, double Y) { return std::memcmp(&X, &Y, sizeof(X)) == 0; };
    return Eq(A.MatrixFlops, B.MatrixFlops) && Eq(A.VectorFlops, B.VectorFlops) &&
           Eq(A.Bytes, B.Bytes) && Eq(A.Kernels, B.Kernels) && Eq(A.ExtraTimeS, B.ExtraTimeS) &&
           Eq(A.HostOps, B.HostOps) && Eq(A.ExtraHostS, B.ExtraHostS) && Eq(A.Blocks, B.Blocks) &&
           Eq(A.BytesScale, B.BytesScale) && A.Precision == B.Precision && A.Conv == B.Conv &&
           A.Misaligned == B.Misaligned && A.Depthwise == B.Depthwise;
  }
  struct Slot {
    NodeWork W;
    NodeEstimate E;
    bool Used = false;
  };
  const Target &T;
  Slot Slots[32];
};

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
  NE.Precision = InternedString(NW.Precision);
  double PeakMatrix = peakFlops(T, NW.Precision);
  double Usable = PeakMatrix;
  if (MP.ConvTflopsCap.Value > 0 && NW.Conv && T.Rt.CappedConvolutions)
    Usable = std::min(Usable, MP.ConvTflopsCap.Value * 1e12);
  // Matrix units need contraction dims in multiples of their tile (8 for
  // 16-bit types, 16 for 8-bit); cuBLAS pads or falls back otherwise.
  if (NW.Misaligned && precisionBits(NW.Precision) <= 16)
    Usable *= MP.MisalignedEfficiency.Value;
  // A matrix kernel of f FLOPs runs at rate x f / (f + half): its time is
  // its work at the best rate plus a fixed latency of half / rate (tile
  // setup, wave quantization, the tail), which counts as overhead.
  double MatrixRate = Usable * MP.MatrixEfficiency.Value;
  double TimeMatrix = NW.MatrixFlops > 0 ? NW.MatrixFlops / MatrixRate : 0;
  double TimeLatency = NW.MatrixFlops > 0 ? std::max(NW.Kernels, 1.0) * Half / MatrixRate : 0;
  double TimeCompute = TimeMatrix + NW.VectorFlops / VectorRate;
  double TimeMemory = NW.Bytes / Bandwidth;
  // Depthwise convolutions reach a fraction of the vector rate and of the
  // bandwidth: little reuse per load, and libraries' kernels for them are
  // far from the roofline.
  if (NW.Depthwise) {
    TimeCompute /= MP.DepthwiseEfficiency.Value;
    TimeMemory /= MP.DepthwiseEfficiency.Value;
  }
  // A persistent kernel's steps keep the device busy (ExtraTimeS).
  double TimeWork = std::max(TimeCompute + TimeLatency, TimeMemory) + NW.ExtraTimeS;
  // A kernel that fills a few of the SMs keeps only those busy: the power
  // above idle beyond its arithmetic and traffic follows its occupancy.
  double Occupancy = 1;
  if (T.SmCount.Present && NW.Blocks > 0)
    Occupancy = std::min(1.0, NW.Blocks / T.SmCount.Value);
  double JoulePerMatrixFlop = MP.MatrixEnergyScale.Value * (Tdp - Idle) / PeakMatrix;
  // The board cannot draw more than its power limit: it lowers its clock
  // (and with it the voltage) until it fits. At a fraction S of the full
  // clock, the work that the clock paces (arithmetic, the kernel's fixed
  // latency, a persistent kernel's steps) takes 1 / S as long, switching
  // energy per operation scales with V^2 and the busy power with f V^2,
  // i.e. S^(k-1) and S^k with V proportional to f (k = dvfs_power_exponent);
  // DRAM's time and energy per byte do not follow the core clock.
  DvfsWork DW;
  DW.PacedS = TimeCompute + TimeLatency;
  DW.MemoryS = TimeMemory;
  DW.StepsS = NW.ExtraTimeS;
  DW.SwitchJ = NW.MatrixFlops * JoulePerMatrixFlop + NW.VectorFlops * JoulePerVectorFlop;
  DW.DramJ = NW.Bytes * JoulePerByte;
  DW.BusyW = MP.BusyPowerW.Value * Occupancy;
  DW.Exponent = MP.DvfsPowerExponent.Value;
  double Headroom = powerLimit(T) - Idle;
  double Clock = clockUnderLimit(DW, Headroom);
  TimeWork = DW.timeAt(Clock);
  NE.DynamicJ = DW.dynamicAt(Clock);
  NE.Clock = Clock;
  // Traffic alone over the limit: the whole kernel stretches to fit.
  if (TimeWork > 0 && NE.DynamicJ / TimeWork > Headroom * (1 + 1e-9))
    TimeWork = NE.DynamicJ / Headroom;
  double Launch = NW.Kernels * MP.KernelGapUs.Value * 1e-6;
  NE.DeviceS = TimeWork + Launch;
  NE.HostS = NW.HostOps * T.Rt.HostOpUs.Value * 1e-6 + NW.ExtraHostS;
  NE.TimeS = std::max(NE.DeviceS, NE.HostS);
  NE.B =
      std::max(NE.HostS, Launch + TimeLatency + NW.ExtraTimeS) >= std::max(TimeCompute, TimeMemory)
          ? Bound::Overhead
      : TimeCompute >= TimeMemory ? Bound::Compute
                                  : Bound::Memory;
  NE.EnergyJ = NE.DynamicJ + Idle * NE.TimeS;
  NE.OwnTimeS = NE.TimeS, NE.OwnEnergyJ = NE.EnergyJ;
  NE.DramBytes = NW.Bytes;
  NE.Kernels = NW.Kernels;
  return NE;
}

namespace {

bool isMatrixProduct(StringRef Op) {
  return Op == "MatMul" || Op == "Gemm" || Op == "Einsum" || Op == "Attention" ||
         Op == "MultiHeadAttention";
}

/// Elements of N's first output, or 0.
double outputElements(const Graph &G, const Node &N) {
  if (N.Outputs.empty() || N.Outputs[0] < 0)
    return 0;
  std::optional<uint64_t> E = G.value(N.Outputs[0]).numElements();
  return E ? double(*E) : 0;
}

} // namespace

std::optional<NodeWork> nodeWork(const NodeProfile &R, const Target &T, StringRef Precision) {
  if (R.State != NodeProfile::Status::Costed || R.Multiplier == 0 || isView(*R.G, *R.N))
    return std::nullopt;
  const ModelParams &MP = T.Model;
  const Runtime &Rt = T.Rt;
  const Work &W = R.W;
  NodeWork NW;
  bool Float = isFloat(R.Type) || R.Type == DType::Undefined;
  NW.Conv = R.Family == "conv";
  NW.Precision = Float && !Precision.empty() ? Precision.str() : precisionOf(R.Type);
  // At the model's own precision, float32 convolutions and products run at
  // what the runtime defaults to (PyTorch lets cuDNN use TF32).
  if (Precision.empty() && NW.Precision == "fp32" && W.Macs > 0)
    NW.Precision = NW.Conv                        ? Rt.Fp32Conv
                   : isMatrixProduct(R.N->OpType) ? Rt.Fp32Matmul
                                                  : NW.Precision;
  unsigned Bits = dtypeBits(R.Type) ? dtypeBits(R.Type) : 32;
  NW.BytesScale = Float && !Precision.empty() ? double(precisionBits(NW.Precision)) / Bits : 1.0;
  NW.MatrixFlops = 2.0 * double(W.Macs);
  NW.VectorFlops = double(W.ElementwiseFlops + W.TranscendentalFlops);
  NW.Bytes = double(W.bytesRead() + W.BytesWritten) * NW.BytesScale;
  NW.Misaligned = misalignedContraction(*R.G, *R.N, precisionBits(NW.Precision));
  double Mult = double(R.Multiplier);
  // An exported Conv usually carries a folded BatchNorm (and cuDNN's layout
  // transforms) that eager frameworks run as kernels and ops of their own.
  NW.Kernels = Mult * (NW.Conv ? Rt.ConvKernels.Value : 1.0);
  NW.HostOps = Mult * (NW.Conv ? Rt.ConvHostOps.Value : 1.0);
  // Thread blocks: a 128 x 128 output tile per block for matrix work, 2,048
  // elements per block for everything else.
  NW.Blocks = outputElements(*R.G, *R.N) / (W.Macs > 0 ? 16384.0 : 2048.0);
  auto [Steps, Dirs] = recurrence(*R.G, *R.N);
  if (Steps > 0) {
    double WeightBytes = double(W.BytesReadWeights) * NW.BytesScale;
    double CacheBytes = T.CacheMB.Present ? T.CacheMB.Value * 1024 * 1024 : 0;
    // Weights that do not fit on chip are re-read from DRAM at every step.
    if (WeightBytes > CacheBytes)
      NW.Bytes += WeightBytes * double(Steps - 1);
    // One step's gates (4 x the step's outputs for an LSTM) in blocks of
    // 2,048 elements: a step at batch 1 keeps a few SMs busy, whatever the
    // kernel's launch shape.
    NW.Blocks = outputElements(*R.G, *R.N) / double(Steps) * 4 / 2048.0;
    double Recurrent = recurrentWeightBytes(*R.G, *R.N, precisionBits(NW.Precision) / 8.0);
    // The fast persistent path keeps small recurrent weights on chip, at the
    // precisions the runtime runs it at (PyTorch's bf16 RNNs take the
    // per-step path).
    if (Recurrent <= MP.PersistentRecurrentKb.Value * 1024 &&
        Rt.persistentRecurrentAt(NW.Precision)) {
      NW.Kernels = Mult;
      NW.ExtraTimeS = Mult * double(Steps) * MP.RecurrentStepUs.Value * 1e-6;
    } else {
      // cuDNN launches each step's kernels from its own loop: the host pays
      // the launches, not the framework's per-op cost.
      double PerStep = Rt.RecurrentKernelsPerStep.Value;
      NW.Kernels = Mult * double(Steps) * double(std::max<int64_t>(Dirs, 1)) * PerStep;
      NW.ExtraHostS = (NW.Kernels - Mult) * T.LaunchOverheadUs.Value * 1e-6;
    }
  }
  // Depthwise and narrow grouped convolutions do not map onto matrix units:
  // their multiply-adds run on the vector units.
  if (isNarrowGroupedConv(*R.G, *R.N)) {
    NW.VectorFlops += NW.MatrixFlops;
    NW.MatrixFlops = 0;
    NW.Depthwise = true;
  }
  return NW;
}

/// True when input Id is one unbatched sample: the graph adds the batch dim
/// itself, an Unsqueeze at axis 0 after at most a few elementwise steps
/// (torchvision's detectors take a [3, H, W] image, normalize it and
/// unsqueeze it), so its first dim is not the batch.
static bool addsItsOwnBatchDim(const Graph &G, int Id) {
  for (unsigned Hops = 0; Hops < 4; ++Hops) {
    const Node *Next = nullptr;
    for (const Node &N : G.Nodes)
      if (!N.Inputs.empty() && N.Inputs[0] == Id) {
        Next = &N;
        break;
      }
    if (!Next || Next->Outputs.empty() || Next->Outputs[0] < 0)
      return false;
    if (Next->OpType == "Unsqueeze") {
      const Value *Axes =
          Next->Inputs.size() > 1 && Next->Inputs[1] >= 0 ? &G.value(Next->Inputs[1]) : nullptr;
      std::optional<std::vector<int64_t>> Attr = Next->attrInts("axes");
      const std::vector<int64_t> *A = Axes && Axes->IntData ? &*Axes->IntData : Attr ? &*Attr
                                                                                     : nullptr;
      return A && A->size() == 1 && (*A)[0] == 0;
    }
    if (!is_contained({"Sub", "Div", "Mul", "Add", "Cast"}, StringRef(Next->OpType)))
      return false;
    Id = Next->Outputs[0];
  }
  return false;
}

Expected<Estimate> estimate(const Model &M, const Profile &P, const Target &T,
                            const CostOptions &Opts) {
  Estimate E;
  E.Target = T.Name;
  E.Runtime = T.Rt.Name;
  E.PowerLimitW = powerLimit(T);
  if (!M.Main.Inputs.empty()) {
    // The first input's batch: its first dim, or the dim that holds the
    // model's batch (a sequence-first [T, N] input).
    const Value &In = M.Main.value(M.Main.Inputs[0]);
    size_t Axis = 0;
    for (size_t K = 0; K < In.SymDims.size(); ++K)
      if (!M.BatchDim.empty() && In.SymDims.begin()[K] == M.BatchDim) {
        Axis = K;
        break;
      }
    if (In.shapeKnown() && Axis < In.Shape->size() && (*In.Shape)[Axis] > 0 &&
        !addsItsOwnBatchDim(M.Main, M.Main.Inputs[0]))
      E.Batch = (*In.Shape)[Axis];
  }
  E.Nodes.resize(P.Nodes.size());
  StringRef Prec = precisionName(Opts.Prec);
  double Idle = T.IdleW.Value;
  // Host and device as a pipeline: the host issues each kernel group in
  // order; the device starts it when the host has issued it and the previous
  // one has finished. The device idles (at idle power) while it waits, and
  // draws idle power over the whole timeline.
  double HostT = 0, DeviceT = 0, Standalone = 0;
  std::vector<int> Costed;
  FusionPlan Plan = fuseGroups(P, T.Rt);
  FusedGroup Alone;
  CostMemo Memo(T);
  for (size_t I = 0; I < P.Nodes.size(); ++I) {
    if (Plan.GroupOf[I] >= 0 && Plan.Groups[size_t(Plan.GroupOf[I])].Members.back() != int(I))
      continue; // runs with its group's last member
    if (Plan.GroupOf[I] < 0) {
      Alone.Members.assign(1, int(I));
      Alone.Anchor = int(I);
    }
    const FusedGroup &Group = Plan.GroupOf[I] < 0 ? Alone : Plan.Groups[size_t(Plan.GroupOf[I])];
    // The anchor's work sets precision, kernels and occupancy; the others
    // add their arithmetic and traffic.
    std::optional<NodeWork> Sum = nodeWork(P.Nodes[size_t(Group.Anchor)], T, Prec);
    for (int Member : Group.Members) {
      if (Member == Group.Anchor)
        continue;
      std::optional<NodeWork> NW = nodeWork(P.Nodes[size_t(Member)], T, Prec);
      if (!NW)
        continue;
      if (!Sum) {
        Sum = NW;
        continue;
      }
      Sum->MatrixFlops += NW->MatrixFlops, Sum->VectorFlops += NW->VectorFlops;
      Sum->Bytes += NW->Bytes;
      Sum->Blocks = std::max(Sum->Blocks, NW->Blocks);
    }
    if (!Sum)
      continue;
    if (Group.Members.size() > 1) {
      // One kernel, one op; the values between the nodes stay on chip.
      double Mult = double(P.Nodes[size_t(Group.Anchor)].Multiplier);
      Sum->Kernels = std::max(Sum->Kernels, Mult);
      Sum->HostOps = Mult;
      Sum->Bytes = std::max(0.0, Sum->Bytes - Group.InternalBytes * Sum->BytesScale);
      ++E.FusedGroups;
    }
    if (Opts.KeepKernels)
      E.Kernels.push_back(*Sum);
    NodeEstimate NE = Memo.cost(*Sum);
    if (NE.Clock < 1) {
      ++E.LimitedKernels;
      E.MinClock = std::min(E.MinClock, NE.Clock);
    }
    HostT += NE.HostS;
    DeviceT = std::max(DeviceT, HostT) + NE.DeviceS;
    E.HostS += NE.HostS;
    E.DeviceBusyS += NE.DeviceS;
    Standalone += NE.TimeS;
    NE.Fusion = InternedString(Group.Pattern);
    E.DynamicJ += NE.DynamicJ;
    Costed.push_back(Group.Anchor);
    for (int Member : Group.Members)
      if (Member != Group.Anchor) {
        NodeEstimate &Fused = E.Nodes[size_t(Member)];
        Fused.FusedInto = Group.Anchor;
        Fused.Fusion = NE.Fusion;
        Fused.B = Bound::Fused;
        Fused.Precision = NE.Precision;
      }
    E.Nodes[size_t(Group.Anchor)] = std::move(NE);
  }
  // Each node's share of the timeline: its time on its own (the longer of
  // its host and device times, what the rules re-cost alternatives against)
  // scaled so that the nodes add up to the pipeline's time.
  double Scale = Standalone > 0 ? DeviceT / Standalone : 0;
  for (int I : Costed) {
    NodeEstimate &NE = E.Nodes[size_t(I)];
    NE.TimeS *= Scale;
    NE.EnergyJ = NE.DynamicJ + Idle * NE.TimeS;
  }
  // The runtime's per-inference cost (call, synchronization) at idle power.
  double PerInference = T.Rt.HostInferenceUs.Value * 1e-6;
  E.HostS += PerInference;
  E.TimeS = DeviceT + PerInference;
  E.EnergyJ = E.DynamicJ + Idle * E.TimeS;
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
    // A step: the forward pass, then the backward pass as kernels of its
    // own, then an Adam step. Each forward kernel's backward computes the
    // gradients of its inputs and of its weights: twice its matrix work (two
    // products, FACTS 6.1) in two kernels, its elementwise derivative, and
    // twice its traffic (the output's gradient and the saved tensors in, the
    // input's and weights' gradients out); autograd issues it from C++ at
    // the runtime's backward_host_op_us, in reverse order, while the device
    // works. Adam reads weights, gradients and two moments and writes three
    // back (28 bytes per fp32 parameter), with the optimizer's and
    // zero-grad's kernels per weight tensor.
    if (E.Kernels.empty() && E.DynamicJ > 0)
      return createStringError(inconvertibleErrorCode(),
                               "internal error: a training scenario needs the estimate's kernels "
                               "(CostOptions::KeepKernels)");
    double Steps = std::ceil(double(Opts.Samples) / double(E.Batch)) * double(Opts.Epochs);
    double BackHost = 0, BackDevice = 0, BackJ = 0;
    double HostRatio =
        T.Rt.HostOpUs.Value > 0 ? T.Rt.BackwardHostOpUs.Value / T.Rt.HostOpUs.Value : 0;
    for (auto It = E.Kernels.rbegin(); It != E.Kernels.rend(); ++It) {
      NodeWork B = *It;
      B.MatrixFlops *= 2, B.VectorFlops *= 2, B.Bytes *= 2;
      if (It->MatrixFlops > 0)
        B.Kernels *= 2;
      B.HostOps *= HostRatio;
      B.ExtraHostS *= 2;
      B.ExtraTimeS *= 2;
      NodeEstimate NE = costWork(T, B);
      BackHost += NE.HostS;
      BackDevice = std::max(BackDevice, BackHost) + NE.DeviceS;
      BackJ += NE.DynamicJ;
    }
    // Weights no node reads get no gradient: the optimizer skips them.
    double Params = double(P.Totals.Params - P.UnreadParams);
    double OptBytes = 28 * Params;
    double OptKernels = double(P.WeightTensors) * T.Rt.TrainKernelsPerWeight.Value;
    double OptDevice =
        OptBytes / (T.MemoryBandwidthGBs.Value * 1e9 * T.Model.MemoryEfficiency.Value) +
        OptKernels * T.Model.KernelGapUs.Value * 1e-6;
    double OptJ = OptBytes * T.Model.MemoryEnergyScale.Value * T.DramPjPerByte.Value * 1e-12;
    // The host's step: the forward and backward ops, the loss, backward()
    // and optimizer.step() calls (train_step_host_us) and the optimizer's
    // launches; the step takes the longer of it and the device's work.
    double Host = E.HostS + BackHost + T.Rt.TrainStepHostUs.Value * 1e-6 +
                  OptKernels * T.LaunchOverheadUs.Value * 1e-6;
    double StepS = std::max(E.TimeS + BackDevice + OptDevice, Host);
    double StepJ = E.DynamicJ + BackJ + OptJ + T.IdleW.Value * StepS;
    S.Kind = "training";
    S.Samples = double(Opts.Samples) * double(Opts.Epochs);
    S.DeviceTimeS = Steps * StepS;
    S.EnergyJ = Steps * StepJ;
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
