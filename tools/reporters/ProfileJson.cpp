//===- tools/reporters/ProfileJson.cpp - `profile --format json` ----------===//
//
// Schema wattlint.profile/1 (docs/profile-json.md). Nodes are written with
// fmt into one buffer: a model of 100k nodes would spend most of its time in
// the generic JSON writer otherwise.
//
//===----------------------------------------------------------------------===//
#include "cost/Derived.h"
#include "tools/Format.h"
#include "tools/reporters/Reporters.h"

#include "llvm/Support/Compiler.h"
#include "llvm/Support/JSON.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <iterator>

using namespace llvm;

namespace wattlint {

namespace {
/// JSON has no NaN or infinity.
double finite(double V) { return std::isfinite(V) ? V : 0.0; }

/// Inlined: a node's object is about forty of these.
LLVM_ATTRIBUTE_ALWAYS_INLINE void append(fmt::memory_buffer &Buf, StringRef S) {
  // One resize and a copy: fmt's append copies in a loop of reservations.
  size_t At = Buf.size();
  Buf.resize(At + S.size());
  std::memcpy(Buf.data() + At, S.data(), S.size());
}
/// An integer as fmt writes "{}", appended at once (fmt's compiled format
/// copies the literal text around a field a character at a time).
template <typename Int> void appendInt(fmt::memory_buffer &Buf, Int V) {
  fmt::format_int Text(V);
  append(Buf, StringRef(Text.data(), Text.size()));
}

/// A JSON string into Buf: what jsonString() writes, without its copy when
/// nothing needs escaping or repair (a name, an op type).
void jsonString(fmt::memory_buffer &Buf, StringRef S) {
  bool Plain = all_of(S, [](char C) {
    auto U = static_cast<unsigned char>(C);
    return U >= 0x20 && U < 0x7f && C != '"' && C != '\\';
  });
  if (Plain) {
    Buf.push_back('"');
    append(Buf, S);
    Buf.push_back('"');
    return;
  }
  std::string Quoted;
  wattlint::jsonString(Quoted, S);
  append(Buf, Quoted);
}

/// A number field of the node objects: each number as fmt writes "{}" (the
/// shortest text that reads back the same), the recent ones remembered.
/// Rows of repeated layers repeat their numbers, and formatting a double is
/// most of what a node's object costs.
class NumberField {
public:
  void write(fmt::memory_buffer &Buf, double V) {
    append(Buf, Memo.text(NumberMemo::key(V), [V](std::string &Out) {
      fmt::format_to(std::back_inserter(Out), FMT_COMPILE("{}"), V);
    }));
  }

private:
  NumberMemo Memo;
};

struct NumberFields {
  NumberField Intensity, TimeS, EnergyJ, DynamicJ, DramBytes, Kernels, HostS, DeviceS;
};

/// One node as a JSON object on one line. A memory_buffer rather than a
/// std::string: appending to a string resizes it once per piece, and a
/// million-node profile writes about forty pieces per node.
void nodeJson(fmt::memory_buffer &Buf, const NodeRecord &R, const Profile &Prof,
              NumberFields &Num) {
  const NodeProfile &P = *R.Prof;
  auto Out = fmt::appender(Buf);
  append(Buf, "{\"name\": ");
  jsonString(Buf, P.Name);
  append(Buf, ", \"graph\": ");
  jsonString(Buf, P.GraphPath);
  append(Buf, ", \"op_type\": ");
  jsonString(Buf, P.N->OpType);
  append(Buf, ", \"domain\": ");
  jsonString(Buf, P.N->Domain);
  append(Buf, ", \"status\": \"");
  append(Buf, statusName(P.State));
  append(Buf, "\", \"family\": \"");
  append(Buf, P.Family.ref());
  append(Buf, "\", \"multiplier\": ");
  appendInt(Buf, P.Multiplier);
  append(Buf, ", \"dtype\": \"");
  append(Buf, dtypeName(P.Type));
  append(Buf, "\", \"output_shapes\": [");
  bool First = true;
  for (int O : P.N->Outputs) {
    if (O < 0)
      continue;
    const ShapeRef &S = P.G->value(O).Shape;
    if (!First)
      append(Buf, ", ");
    First = false;
    if (!S) {
      append(Buf, "null");
      continue;
    }
    Buf.push_back('[');
    for (size_t K = 0; K < S->size(); ++K) {
      if (K)
        append(Buf, ", ");
      if ((*S)[K] < 0)
        append(Buf, "null");
      else
        appendInt(Buf, (*S)[K]);
    }
    Buf.push_back(']');
  }
  const Work &W = P.W;
  // The counts, each "\"key\": value".
  const std::pair<StringRef, uint64_t> Counts[] = {
      {"], \"macs\": ", W.Macs},
      {", \"flops\": ", W.Flops},
      {", \"elementwise_flops\": ", W.ElementwiseFlops},
      {", \"transcendental_flops\": ", W.TranscendentalFlops},
      {", \"params\": ", W.Params},
      {", \"bytes_read\": ", W.bytesRead()},
      {", \"bytes_read_activations\": ", W.BytesReadActivations},
      {", \"bytes_read_weights\": ", W.BytesReadWeights},
      {", \"bytes_written\": ", W.BytesWritten}};
  for (const auto &[Key, V] : Counts) {
    append(Buf, Key);
    appendInt(Buf, V);
  }
  append(Buf, ", \"arithmetic_intensity\": ");
  Num.Intensity.write(Buf, finite(W.intensity()));
  if (R.Cost) {
    const NodeEstimate &NE = *R.Cost;
    append(Buf, ", \"time_s\": ");
    Num.TimeS.write(Buf, finite(NE.TimeS));
    append(Buf, ", \"energy_j\": ");
    Num.EnergyJ.write(Buf, finite(NE.EnergyJ));
    append(Buf, ", \"energy_dynamic_j\": ");
    Num.DynamicJ.write(Buf, finite(NE.DynamicJ));
    append(Buf, ", \"bound\": \"");
    append(Buf, boundName(NE.B));
    append(Buf, "\", \"dram_bytes\": ");
    Num.DramBytes.write(Buf, finite(NE.DramBytes));
    append(Buf, ", \"kernels\": ");
    Num.Kernels.write(Buf, finite(NE.Kernels));
    append(Buf, ", \"host_s\": ");
    Num.HostS.write(Buf, finite(NE.HostS));
    append(Buf, ", \"device_s\": ");
    Num.DeviceS.write(Buf, finite(NE.DeviceS));
    if (NE.Clock < 1)
      fmt::format_to(Out, FMT_COMPILE(", \"clock\": {}"), finite(NE.Clock));
    if (!NE.Precision.empty())
      fmt::format_to(Out, FMT_COMPILE(", \"precision\": \"{}\""), NE.Precision);
    if (!NE.Fusion.empty()) {
      fmt::format_to(Out, FMT_COMPILE(", \"fusion\": \"{}\""), NE.Fusion);
      if (NE.FusedInto >= 0 && size_t(NE.FusedInto) < Prof.Nodes.size()) {
        fmt::format_to(Out, FMT_COMPILE(", \"fused_into\": "));
        jsonString(Buf, Prof.Nodes[size_t(NE.FusedInto)].Name);
      }
    }
  }
  if (!P.Note.empty()) {
    fmt::format_to(Out, FMT_COMPILE(", \"note\": "));
    jsonString(Buf, P.Note);
  }
  fmt::format_to(Out, FMT_COMPILE("}}"));
}

} // namespace

void writeProfileJson(const Analysis &A, const ProfileView &, raw_ostream &OS) {
  const Model &M = *A.M;
  const Profile &P = A.P;
  json::OStream J(OS, 1);
  auto WorkFields = [&J](const Work &W) {
    J.attribute("macs", int64_t(W.Macs));
    J.attribute("flops", int64_t(W.Flops));
    J.attribute("elementwise_flops", int64_t(W.ElementwiseFlops));
    J.attribute("transcendental_flops", int64_t(W.TranscendentalFlops));
    J.attribute("params", int64_t(W.Params));
    J.attribute("buffers", int64_t(W.Buffers));
    J.attribute("bytes_read", int64_t(W.bytesRead()));
    J.attribute("bytes_read_activations", int64_t(W.BytesReadActivations));
    J.attribute("bytes_read_weights", int64_t(W.BytesReadWeights));
    J.attribute("bytes_written", int64_t(W.BytesWritten));
    J.attribute("arithmetic_intensity", finite(W.intensity()));
  };
  J.objectBegin();
  J.attribute("schema", "wattlint.profile/1");
  J.attribute("model", jsonText(A.Path));
  J.attribute("ir_version", M.IrVersion);
  J.attributeObject("opsets", [&] {
    for (const auto &[D, V] : M.Opsets)
      J.attribute(D.empty() ? "ai.onnx" : jsonText(D), V);
  });
  J.attributeObject("dims", [&] {
    for (const auto &[Name, V] : M.BoundDims)
      J.attribute(jsonText(Name), V);
  });
  J.attributeArray("defaulted_dims", [&] {
    for (const std::string &D : M.DefaultedDims)
      J.value(jsonText(D));
  });
  if (A.E) {
    J.attribute("target", A.E->Target);
    J.attribute("runtime", A.E->Runtime);
    J.attribute("precision", precisionLabel(A));
    J.attribute("batch", A.E->Batch);
    J.attribute("power_limit_w", finite(A.E->PowerLimitW));
  }
  J.attributeObject("totals", [&] {
    WorkFields(P.Totals);
    // Of params and buffers: what the model registers but no node reads.
    J.attribute("params_unread", int64_t(P.UnreadParams));
    J.attribute("buffers_unread", int64_t(P.UnreadBuffers));
    J.attribute("nodes", int64_t(P.Nodes.size()));
    J.attribute("costed_nodes", int64_t(P.CostedNodes));
    if (A.E) {
      const Estimate &E = *A.E;
      J.attribute("time_s", finite(E.TimeS));
      J.attribute("time_s_low", finite(E.TimeLowS));
      J.attribute("time_s_high", finite(E.TimeHighS));
      J.attribute("energy_j", finite(E.EnergyJ));
      J.attribute("energy_j_low", finite(E.EnergyLowJ));
      J.attribute("energy_j_high", finite(E.EnergyHighJ));
      J.attribute("energy_dynamic_j", finite(E.DynamicJ));
      J.attribute("energy_j_per_sample", finite(perSample(E.EnergyJ, E.Batch)));
      J.attribute("host_time_s", finite(E.HostS));
      J.attribute("device_busy_s", finite(E.DeviceBusyS));
      J.attribute("fused_kernels", int64_t(E.FusedGroups));
      J.attribute("power_limited_kernels", int64_t(E.LimitedKernels));
    }
  });
  if (A.Sc) {
    const Scenario &S = *A.Sc;
    J.attributeObject("scenario", [&] {
      J.attribute("kind", S.Kind);
      J.attribute("samples", finite(S.Samples));
      J.attribute("device_time_s", finite(S.DeviceTimeS));
      J.attribute("energy_j", finite(S.EnergyJ));
      J.attribute("energy_j_low", finite(S.EnergyLowJ));
      J.attribute("energy_j_high", finite(S.EnergyHighJ));
      J.attribute("pue", finite(S.Pue));
      J.attribute("kwh", finite(S.Kwh));
      J.attribute("kwh_low", finite(S.KwhLow));
      J.attribute("kwh_high", finite(S.KwhHigh));
      if (S.HasCarbon) {
        J.attribute("region", S.Region);
        J.attribute("grid_g_per_kwh", finite(S.GramsPerKwh));
        J.attribute("grid_year", S.GridYear);
        J.attribute("grid_source", S.GridSource);
        J.attribute("co2e_kg_operational", finite(S.OperationalKg));
        J.attribute("co2e_kg_embodied", finite(S.EmbodiedKg));
        J.attribute("co2e_kg", finite(S.TotalKg));
        J.attribute("co2e_kg_low", finite(S.TotalKgLow));
        J.attribute("co2e_kg_high", finite(S.TotalKgHigh));
      }
    });
  }
  J.attributeArray("nodes", [&] {
    fmt::memory_buffer Buf;
    NumberFields Num;
    for (const NodeRecord &R : A.Nodes) {
      Buf.clear();
      nodeJson(Buf, R, P, Num);
      J.rawValue([&](raw_ostream &OS) { OS << StringRef(Buf.data(), Buf.size()); });
    }
  });
  J.attributeArray("unknown_ops", [&] {
    for (const auto &[Op, N] : P.UnknownOps)
      J.object([&] {
        J.attribute("op_type", jsonText(Op));
        J.attribute("count", int64_t(N));
      });
  });
  J.attributeArray("unresolved_shapes", [&] {
    for (const std::string &N : P.UnresolvedShapes)
      J.value(jsonText(N));
  });
  J.attributeArray("assumptions", [&] {
    // One line each, like the nodes.
    std::string Buf;
    for (const Assumption &S : M.Assumptions) {
      Buf = "{\"node\": ";
      jsonString(Buf, S.Node);
      Buf += ", \"op_type\": ";
      jsonString(Buf, S.Op);
      Buf += ", \"kind\": ";
      jsonString(Buf, S.Kind);
      Buf += ", \"value\": " + (S.Value >= 0 ? std::to_string(S.Value) : std::string("null"));
      Buf += std::string(", \"source\": \"") +
             (S.Stated       ? "user"
              : S.FromFile   ? "model-file"
              : S.Value >= 0 ? "worst-case"
                             : "unbounded") +
             "\"";
      Buf += ", \"bound\": ";
      jsonString(Buf, S.Bound);
      Buf += "}";
      J.rawValue([&](raw_ostream &OS) { OS << Buf; });
    }
  });
  J.attributeArray("warnings", [&] {
    for (const std::string &W : A.Warnings)
      J.value(jsonText(W));
  });
  J.objectEnd();
  OS << "\n";
}

} // namespace wattlint
