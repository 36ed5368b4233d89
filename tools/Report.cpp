//===- tools/Report.cpp - profile reporters -------------------------------===//
#include "tools/Report.h"
#include "tools/Format.h"

#include "llvm/Support/JSON.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>
#include <iterator>

using namespace llvm;

namespace wattlint {

namespace {

const char *statusName(NodeProfile::Status S) {
  switch (S) {
  case NodeProfile::Status::Costed:
    return "costed";
  case NodeProfile::Status::ControlFlow:
    return "control-flow";
  case NodeProfile::Status::UnknownOp:
    return "unknown-op";
  case NodeProfile::Status::UnresolvedShape:
    return "unresolved-shape";
  }
  return "?";
}

std::vector<const std::optional<Dims> *> outputShapes(const NodeProfile &R) {
  std::vector<const std::optional<Dims> *> Out;
  for (int O : R.N->Outputs)
    if (O >= 0)
      Out.push_back(&R.G->value(O).Shape);
  return Out;
}

/// A JSON string literal (invalid UTF-8 repaired, control characters escaped).
void jsonString(fmt::memory_buffer &Buf, StringRef S) {
  std::string Fixed;
  if (!json::isUTF8(S)) {
    Fixed = json::fixUTF8(S);
    S = Fixed;
  }
  Buf.push_back('"');
  for (char C : S) {
    if (C == '"' || C == '\\') {
      Buf.push_back('\\');
      Buf.push_back(C);
    } else if (static_cast<unsigned char>(C) < 0x20) {
      fmt::format_to(std::back_inserter(Buf), "\\u{:04x}", unsigned(C));
    } else {
      Buf.push_back(C);
    }
  }
  Buf.push_back('"');
}

/// JSON has no NaN or infinity.
double finite(double V) { return std::isfinite(V) ? V : 0.0; }

std::string qualifiedName(const NodeProfile &R) {
  return R.GraphPath.empty() ? R.Name : R.GraphPath + "/" + R.Name;
}

std::string dimsLine(const Model &M) {
  std::string S;
  for (const auto &[Name, V] : M.BoundDims)
    S += (S.empty() ? "" : ", ") + Name + "=" + std::to_string(V);
  return S;
}

} // namespace

void writeProfileTable(const Model &M, const Profile &P, const CostReport &C, raw_ostream &OS) {
  const Work &T = P.Totals;
  OS << fmt::format("{}: {} nodes, opset {}, IR {}{}\n", M.Path, P.Nodes.size(),
                    M.Opsets.count("") ? M.Opsets.at("") : 0, M.IrVersion,
                    M.BoundDims.empty() ? "" : ", dims " + dimsLine(M));
  OS << fmt::format("{:<40} {:<20} {:<22} {:>11} {:>12} {:>10} {:>11} {:>9} {:>6}", "node",
                    "op", "output shape", "MACs", "FLOPs", "params", "bytes", "FLOP/B",
                    "%MACs");
  if (C.E)
    OS << fmt::format(" {:>10} {:>10} {:<8}", "time", "energy", "bound");
  OS << "\n";
  for (size_t Index = 0; Index < P.Nodes.size(); ++Index) {
    const NodeProfile &R = P.Nodes[Index];
    std::string Name = qualifiedName(R);
    if (Name.size() > 40)
      Name = "..." + Name.substr(Name.size() - 37);
    auto Shapes = outputShapes(R);
    std::string Shape = Shapes.empty() ? "" : formatShape(*Shapes[0]);
    if (Shapes.size() > 1)
      Shape += " +" + std::to_string(Shapes.size() - 1);
    std::string Op = R.N->OpType;
    if (R.Multiplier != 1 && R.State == NodeProfile::Status::Costed)
      Op += " x" + std::to_string(R.Multiplier);
    if (R.State == NodeProfile::Status::UnknownOp ||
        R.State == NodeProfile::Status::UnresolvedShape) {
      OS << fmt::format("{:<40} {:<20} {:<22} {}\n", Name, Op, Shape,
                        R.State == NodeProfile::Status::UnknownOp ? "? unknown op (not counted)"
                                                                  : "? " + R.Note + " (not counted)");
      continue;
    }
    if (R.State == NodeProfile::Status::ControlFlow) {
      OS << fmt::format("{:<40} {:<20} {:<22} {}\n", Name, Op, Shape, R.Note);
      continue;
    }
    const Work &W = R.W;
    double Share = T.Macs ? 100.0 * double(W.Macs) / double(T.Macs) : 0.0;
    OS << fmt::format("{:<40} {:<20} {:<22} {:>11} {:>12} {:>10} {:>11} {:>9.2f} {:>5.1f}%",
                      Name, Op, Shape, formatSI(double(W.Macs), "MAC"),
                      formatSI(double(W.Flops), "FLOP"), formatSI(double(W.Params), ""),
                      formatBytes(W.bytesRead() + W.BytesWritten), W.intensity(), Share);
    if (C.E) {
      const NodeEstimate &NE = C.E->Nodes[Index];
      OS << fmt::format(" {:>10} {:>10} {:<8}", formatSI(NE.TimeS, "s"), formatSI(NE.EnergyJ, "J"),
                        boundName(NE.B));
    }
    OS << "\n";
  }
  OS << "\ntotal: " << formatSI(double(T.Macs), "MAC") << ", "
     << formatSI(double(T.Flops), "FLOP") << " (" << formatSI(double(T.ElementwiseFlops), "FLOP")
     << " elementwise, " << formatSI(double(T.TranscendentalFlops), "FLOP")
     << " transcendental), " << formatSI(double(T.Params), "") << " params ("
     << formatBytes(T.BytesReadWeights) << " of weights read)\n";
  OS << "memory: " << formatBytes(T.bytesRead()) << " read ("
     << formatBytes(T.BytesReadActivations) << " activations, "
     << formatBytes(T.BytesReadWeights) << " weights), " << formatBytes(T.BytesWritten)
     << " written; " << fmt::format("{:.2f}", T.intensity()) << " FLOP/B\n";
  if (C.E) {
    const Estimate &E = *C.E;
    OS << fmt::format("on {} ({}): {} per inference of {} ({} .. {}), {} ({} .. {}); {} dynamic; "
                      "{} per sample\n",
                      E.Target, C.Precision.empty() ? "model dtypes" : C.Precision,
                      formatSI(E.TimeS, "s"), E.Batch, formatSI(E.TimeLowS, "s"),
                      formatSI(E.TimeHighS, "s"), formatSI(E.EnergyJ, "J"),
                      formatSI(E.EnergyLowJ, "J"), formatSI(E.EnergyHighJ, "J"),
                      formatSI(E.DynamicJ, "J"), formatSI(E.EnergyJ / double(E.Batch), "J"));
  }
  if (C.S) {
    const Scenario &S = *C.S;
    OS << fmt::format("scenario: {} of {:.0f} samples: {} ({} .. {}) on the device, {:.4g} kWh at the "
                      "wall (PUE {:.2f})",
                      S.Kind, S.Samples, formatSI(S.EnergyJ, "J"), formatSI(S.EnergyLowJ, "J"),
                      formatSI(S.EnergyHighJ, "J"), S.Kwh, S.Pue);
    if (S.HasCarbon)
      OS << fmt::format("; {:.4g} kg CO2e operational ({}: {:.0f} g/kWh, {}), {:.4g} kg embodied, "
                        "{:.4g} kg total ({:.4g} .. {:.4g})",
                        S.OperationalKg, S.Region, S.GramsPerKwh, S.GridYear, S.EmbodiedKg,
                        S.TotalKg, S.TotalKgLow, S.TotalKgHigh);
    OS << "\n";
  }
  OS << "nodes: " << P.CostedNodes << " costed, " << P.UnresolvedShapes.size()
     << " with unresolved shapes";
  unsigned Unknown = 0;
  for (const auto &[Op, N] : P.UnknownOps)
    Unknown += N;
  OS << ", " << Unknown << " of unknown ops\n";
  if (!P.UnknownOps.empty()) {
    OS << "unknown ops (not counted):";
    for (const auto &[Op, N] : P.UnknownOps)
      OS << " " << Op << " x" << N;
    OS << "\n";
  }
  if (!P.UnresolvedShapes.empty()) {
    OS << "unresolved shapes (not counted):";
    size_t Shown = 0;
    for (const std::string &N : P.UnresolvedShapes) {
      if (++Shown > 20) {
        OS << " ... (" << P.UnresolvedShapes.size() - 20 << " more)";
        break;
      }
      OS << " " << N;
    }
    OS << "\n";
  }
}

void writeProfileJson(const Model &M, const Profile &P, const CostReport &C, raw_ostream &OS) {
  json::OStream J(OS, 1);
  auto WorkFields = [&J](const Work &W) {
    J.attribute("macs", int64_t(W.Macs));
    J.attribute("flops", int64_t(W.Flops));
    J.attribute("elementwise_flops", int64_t(W.ElementwiseFlops));
    J.attribute("transcendental_flops", int64_t(W.TranscendentalFlops));
    J.attribute("params", int64_t(W.Params));
    J.attribute("bytes_read", int64_t(W.bytesRead()));
    J.attribute("bytes_read_activations", int64_t(W.BytesReadActivations));
    J.attribute("bytes_read_weights", int64_t(W.BytesReadWeights));
    J.attribute("bytes_written", int64_t(W.BytesWritten));
    J.attribute("arithmetic_intensity", W.intensity());
  };
  auto Shape = [&J](const std::optional<Dims> &S) {
    if (!S) {
      J.value(nullptr);
      return;
    }
    J.arrayBegin();
    for (int64_t D : *S)
      if (D < 0)
        J.value(nullptr);
      else
        J.value(D);
    J.arrayEnd();
  };
  J.objectBegin();
  J.attribute("schema", "wattlint.profile/1");
  J.attribute("model", M.Path);
  J.attribute("ir_version", M.IrVersion);
  J.attributeObject("opsets", [&] {
    for (const auto &[D, V] : M.Opsets)
      J.attribute(D.empty() ? "ai.onnx" : D, V);
  });
  J.attributeObject("dims", [&] {
    for (const auto &[Name, V] : M.BoundDims)
      J.attribute(Name, V);
  });
  J.attributeArray("defaulted_dims", [&] {
    for (const std::string &D : M.DefaultedDims)
      J.value(D);
  });
  if (C.E) {
    J.attribute("target", C.E->Target);
    J.attribute("precision", C.Precision.empty() ? "model" : C.Precision);
    J.attribute("batch", C.E->Batch);
  }
  J.attributeObject("totals", [&] {
    WorkFields(P.Totals);
    J.attribute("nodes", int64_t(P.Nodes.size()));
    J.attribute("costed_nodes", int64_t(P.CostedNodes));
    if (C.E) {
      const Estimate &E = *C.E;
      J.attribute("time_s", E.TimeS);
      J.attribute("time_s_low", E.TimeLowS);
      J.attribute("time_s_high", E.TimeHighS);
      J.attribute("energy_j", E.EnergyJ);
      J.attribute("energy_j_low", E.EnergyLowJ);
      J.attribute("energy_j_high", E.EnergyHighJ);
      J.attribute("energy_dynamic_j", E.DynamicJ);
      J.attribute("energy_j_per_sample", E.EnergyJ / double(E.Batch));
    }
  });
  if (C.S) {
    const Scenario &S = *C.S;
    J.attributeObject("scenario", [&] {
      J.attribute("kind", S.Kind);
      J.attribute("samples", S.Samples);
      J.attribute("device_time_s", S.DeviceTimeS);
      J.attribute("energy_j", S.EnergyJ);
      J.attribute("energy_j_low", S.EnergyLowJ);
      J.attribute("energy_j_high", S.EnergyHighJ);
      J.attribute("pue", S.Pue);
      J.attribute("kwh", S.Kwh);
      J.attribute("kwh_low", S.KwhLow);
      J.attribute("kwh_high", S.KwhHigh);
      if (S.HasCarbon) {
        J.attribute("region", S.Region);
        J.attribute("grid_g_per_kwh", S.GramsPerKwh);
        J.attribute("grid_year", S.GridYear);
        J.attribute("grid_source", S.GridSource);
        J.attribute("co2e_kg_operational", S.OperationalKg);
        J.attribute("co2e_kg_embodied", S.EmbodiedKg);
        J.attribute("co2e_kg", S.TotalKg);
        J.attribute("co2e_kg_low", S.TotalKgLow);
        J.attribute("co2e_kg_high", S.TotalKgHigh);
      }
    });
  }
  // Nodes are written with fmt into one buffer: a model of 100k nodes would
  // spend most of its time in the generic JSON writer otherwise.
  J.attributeArray("nodes", [&] {
    fmt::memory_buffer Buf;
    for (size_t Index = 0; Index < P.Nodes.size(); ++Index) {
      const NodeProfile &R = P.Nodes[Index];
      Buf.clear();
      auto Out = std::back_inserter(Buf);
      fmt::format_to(Out, FMT_COMPILE("{{\"name\": "));
      jsonString(Buf, R.Name);
      fmt::format_to(Out, FMT_COMPILE(", \"graph\": "));
      jsonString(Buf, R.GraphPath);
      fmt::format_to(Out, FMT_COMPILE(", \"op_type\": "));
      jsonString(Buf, R.N->OpType);
      fmt::format_to(Out, FMT_COMPILE(", \"domain\": "));
      jsonString(Buf, R.N->Domain);
      fmt::format_to(Out, FMT_COMPILE(", \"status\": \"{}\", \"family\": \"{}\", \"multiplier\": {}, "
                          "\"dtype\": \"{}\", \"output_shapes\": ["),
                     statusName(R.State), R.Family, R.Multiplier, dtypeName(R.Type).str());
      bool First = true;
      for (const auto *S : outputShapes(R)) {
        fmt::format_to(Out, FMT_COMPILE("{}"), First ? "" : ", ");
        First = false;
        if (!*S) {
          fmt::format_to(Out, FMT_COMPILE("null"));
          continue;
        }
        fmt::format_to(Out, FMT_COMPILE("["));
        for (size_t K = 0; K < (*S)->size(); ++K) {
          int64_t D = (**S)[K];
          fmt::format_to(Out, FMT_COMPILE("{}{}"), K ? ", " : "", D < 0 ? std::string("null") : std::to_string(D));
        }
        fmt::format_to(Out, FMT_COMPILE("]"));
      }
      const Work &W = R.W;
      fmt::format_to(Out,
                     FMT_COMPILE("], \"macs\": {}, \"flops\": {}, \"elementwise_flops\": {}, "
                     "\"transcendental_flops\": {}, \"params\": {}, \"bytes_read\": {}, "
                     "\"bytes_read_activations\": {}, \"bytes_read_weights\": {}, "
                     "\"bytes_written\": {}, \"arithmetic_intensity\": {}"),
                     W.Macs, W.Flops, W.ElementwiseFlops, W.TranscendentalFlops, W.Params,
                     W.bytesRead(), W.BytesReadActivations, W.BytesReadWeights, W.BytesWritten,
                     finite(W.intensity()));
      if (C.E) {
        const NodeEstimate &NE = C.E->Nodes[Index];
        fmt::format_to(Out,
                       FMT_COMPILE(", \"time_s\": {}, \"energy_j\": {}, \"energy_dynamic_j\": {}, "
                       "\"bound\": \"{}\", \"dram_bytes\": {}, \"kernels\": {}"),
                       finite(NE.TimeS), finite(NE.EnergyJ), finite(NE.DynamicJ), boundName(NE.B),
                       finite(NE.DramBytes), finite(NE.Kernels));
        if (!NE.Precision.empty())
          fmt::format_to(Out, FMT_COMPILE(", \"precision\": \"{}\""), NE.Precision);
      }
      if (!R.Note.empty()) {
        fmt::format_to(Out, FMT_COMPILE(", \"note\": "));
        jsonString(Buf, R.Note);
      }
      fmt::format_to(Out, FMT_COMPILE("}}"));
      J.rawValue([&](raw_ostream &OS) { OS.write(Buf.data(), Buf.size()); });
    }
  });
  J.attributeArray("unknown_ops", [&] {
    for (const auto &[Op, N] : P.UnknownOps)
      J.object([&] {
        J.attribute("op_type", Op);
        J.attribute("count", int64_t(N));
      });
  });
  J.attributeArray("unresolved_shapes", [&] {
    for (const std::string &N : P.UnresolvedShapes)
      J.value(N);
  });
  J.attributeArray("warnings", [&] {
    for (const std::string &W : M.Warnings)
      J.value(W);
  });
  J.objectEnd();
  OS << "\n";
}

void writeProfileCsv(const Model &M, const Profile &P, const CostReport &C, raw_ostream &OS) {
  OS << "name,graph,op_type,status,multiplier,dtype,output_shape,macs,flops,elementwise_flops,"
        "transcendental_flops,params,bytes_read_activations,bytes_read_weights,bytes_written,"
        "arithmetic_intensity";
  if (C.E)
    OS << ",time_s,energy_j,energy_dynamic_j,bound";
  OS << "\n";
  auto Quote = [](const std::string &S) {
    std::string Q = "\"";
    for (char C : S)
      Q += C == '"' ? std::string("\"\"") : std::string(1, C);
    return Q + "\"";
  };
  for (size_t Index = 0; Index < P.Nodes.size(); ++Index) {
    const NodeProfile &R = P.Nodes[Index];
    auto Shapes = outputShapes(R);
    const Work &W = R.W;
    OS << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{:.4f}", Quote(R.Name),
                      Quote(R.GraphPath), R.N->OpType, statusName(R.State), R.Multiplier,
                      dtypeName(R.Type).str(), Quote(Shapes.empty() ? "" : formatShape(*Shapes[0])),
                      W.Macs, W.Flops, W.ElementwiseFlops, W.TranscendentalFlops, W.Params,
                      W.BytesReadActivations, W.BytesReadWeights, W.BytesWritten, W.intensity());
    if (C.E) {
      const NodeEstimate &NE = C.E->Nodes[Index];
      OS << fmt::format(",{:.6g},{:.6g},{:.6g},{}", NE.TimeS, NE.EnergyJ, NE.DynamicJ, boundName(NE.B));
    }
    OS << "\n";
  }
}

} // namespace wattlint

namespace wattlint {

void writeTargetList(ArrayRef<Target> Targets, raw_ostream &OS) {
  OS << fmt::format("{:<18} {:<40} {:>5} {:>9} {:>9} {:>9} {:>7} {:>6}\n", "name", "device", "kind",
                    "fp32 TF", "bf16 TF", "mem GB/s", "TDP W", "idle W");
  for (const Target &T : Targets) {
    auto Peak = [&](const char *P) {
      auto It = T.PeakTflops.find(P);
      return It == T.PeakTflops.end() ? std::string("-") : fmt::format("{:g}", It->second.Value);
    };
    OS << fmt::format("{:<18} {:<40} {:>5} {:>9} {:>9} {:>9g} {:>7g} {:>6g}\n", T.Name,
                      T.DisplayName.substr(0, 40), T.Kind, Peak("fp32"), Peak("bf16"),
                      T.MemoryBandwidthGBs.Value, T.TdpW.Value, T.IdleW.Value);
  }
}

void writeTarget(const Target &T, raw_ostream &OS) {
  auto Row = [&](const std::string &Field, const Sourced &S, const char *Unit) {
    if (!S.Present)
      return;
    OS << fmt::format("  {:<28} {:>10g} {:<8} [{}] {}\n", Field, S.Value, Unit, S.Tag, S.Source);
  };
  OS << T.Name << ": " << T.DisplayName << " (" << T.Kind;
  if (T.Year)
    OS << ", " << T.Year;
  OS << "; " << T.Origin << ")\n";
  OS << "  tags: V checked, S secondary, R recalled, D derived, E estimated "
        "(shared/reference/FACTS.md)\n";
  for (auto &[P, S] : T.PeakTflops)
    Row("peak " + P, S, P == "int8" ? "TOPS" : "TFLOPS");
  for (auto &[P, S] : T.VectorTflops)
    Row("vector " + P, S, "TFLOPS");
  Row("memory bandwidth", T.MemoryBandwidthGBs, "GB/s");
  Row("memory", T.MemoryGB, "GB");
  Row("on-chip cache", T.CacheMB, "MB");
  Row("board power (TDP)", T.TdpW, "W");
  Row("idle power", T.IdleW, "W");
  Row("DRAM energy", T.DramPjPerByte, "pJ/B");
  Row("launch overhead", T.LaunchOverheadUs, "us");
  Row("embodied carbon", T.EmbodiedKgCO2e, "kgCO2e");
  Row("service lifetime", T.LifetimeYears, "years");
  // Energy per operation is derived (D), not looked up: docs/cost-model.md.
  for (auto &[P, S] : T.PeakTflops) {
    double Pj = T.Model.MatrixEnergyScale.Value * (T.TdpW.Value - T.IdleW.Value) / S.Value;
    OS << fmt::format("  {:<28} {:>10.3g} {:<8} [D] matrix_energy_scale x (TDP - idle) / peak {}\n",
                      "energy per " + P + " op", Pj, "pJ", P);
  }
  OS << "  model constants:\n";
  const ModelParams &M = T.Model;
  Row("matrix efficiency", M.MatrixEfficiency, "");
  Row("vector efficiency", M.VectorEfficiency, "");
  Row("memory efficiency", M.MemoryEfficiency, "");
  Row("half-efficiency work", M.HalfEfficiencyMflop, "MFLOP");
  Row("kernel overhead", M.KernelOverheadUs, "us");
  Row("recurrent step", M.RecurrentStepUs, "us");
  Row("persistent recurrent weights", M.PersistentRecurrentKb, "KiB");
  Row("matrix energy scale", M.MatrixEnergyScale, "");
  Row("vector energy scale", M.VectorEnergyScale, "");
  Row("uncertainty factor", M.UncertaintyFactor, "x");
  Row("convolution throughput cap", M.ConvTflopsCap, "TFLOPS");
  Row("busy power above idle", M.BusyPowerW, "W");
  Row("memory energy scale", M.MemoryEnergyScale, "x");
  Row("kernels per Conv", M.ConvKernels, "");
  Row("training kernels per weight", M.TrainKernelsPerWeight, "");
  Row("misaligned matrix efficiency", M.MisalignedEfficiency, "");
  if (!T.Sources.empty()) {
    OS << "  sources:\n";
    for (auto &[K, V] : T.Sources)
      OS << "    " << K << ": " << V << "\n";
  }
}

} // namespace wattlint
