//===- tools/Report.cpp - profile reporters -------------------------------===//
#include "tools/Report.h"
#include "tools/Format.h"

#include "llvm/Support/JSON.h"

#include <fmt/format.h>

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

void writeProfileTable(const Model &M, const Profile &P, raw_ostream &OS) {
  const Work &T = P.Totals;
  OS << fmt::format("{}: {} nodes, opset {}, IR {}{}\n", M.Path, P.Nodes.size(),
                    M.Opsets.count("") ? M.Opsets.at("") : 0, M.IrVersion,
                    M.BoundDims.empty() ? "" : ", dims " + dimsLine(M));
  OS << fmt::format("{:<40} {:<20} {:<22} {:>11} {:>12} {:>10} {:>11} {:>9} {:>6}\n", "node",
                    "op", "output shape", "MACs", "FLOPs", "params", "bytes", "FLOP/B",
                    "%MACs");
  for (const NodeProfile &R : P.Nodes) {
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
    OS << fmt::format("{:<40} {:<20} {:<22} {:>11} {:>12} {:>10} {:>11} {:>9.2f} {:>5.1f}%\n",
                      Name, Op, Shape, formatSI(double(W.Macs), "MAC"),
                      formatSI(double(W.Flops), "FLOP"), formatSI(double(W.Params), ""),
                      formatBytes(W.bytesRead() + W.BytesWritten), W.intensity(), Share);
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

void writeProfileJson(const Model &M, const Profile &P, raw_ostream &OS) {
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
  J.attributeObject("totals", [&] {
    WorkFields(P.Totals);
    J.attribute("nodes", int64_t(P.Nodes.size()));
    J.attribute("costed_nodes", int64_t(P.CostedNodes));
  });
  J.attributeArray("nodes", [&] {
    for (const NodeProfile &R : P.Nodes) {
      J.objectBegin();
      J.attribute("name", R.Name);
      J.attribute("graph", R.GraphPath);
      J.attribute("op_type", R.N->OpType);
      J.attribute("domain", R.N->Domain);
      J.attribute("status", statusName(R.State));
      J.attribute("family", R.Family);
      J.attribute("multiplier", int64_t(R.Multiplier));
      J.attribute("dtype", dtypeName(R.Type));
      J.attributeArray("output_shapes", [&] {
        for (const auto *S : outputShapes(R))
          Shape(*S);
      });
      WorkFields(R.W);
      if (!R.Note.empty())
        J.attribute("note", R.Note);
      J.objectEnd();
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

void writeProfileCsv(const Model &M, const Profile &P, raw_ostream &OS) {
  OS << "name,graph,op_type,status,multiplier,dtype,output_shape,macs,flops,elementwise_flops,"
        "transcendental_flops,params,bytes_read_activations,bytes_read_weights,bytes_written,"
        "arithmetic_intensity\n";
  auto Quote = [](const std::string &S) {
    std::string Q = "\"";
    for (char C : S)
      Q += C == '"' ? std::string("\"\"") : std::string(1, C);
    return Q + "\"";
  };
  for (const NodeProfile &R : P.Nodes) {
    auto Shapes = outputShapes(R);
    const Work &W = R.W;
    OS << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{:.4f}\n", Quote(R.Name),
                      Quote(R.GraphPath), R.N->OpType, statusName(R.State), R.Multiplier,
                      dtypeName(R.Type).str(), Quote(Shapes.empty() ? "" : formatShape(*Shapes[0])),
                      W.Macs, W.Flops, W.ElementwiseFlops, W.TranscendentalFlops, W.Params,
                      W.BytesReadActivations, W.BytesReadWeights, W.BytesWritten, W.intensity());
  }
}

} // namespace wattlint
