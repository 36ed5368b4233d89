//===- tools/reporters/ProfileCsv.cpp - `profile --format csv` ------------===//
//
// One row per node with the model's path and every node field of
// docs/profile-json.md (output shapes as the JSON arrays), RFC 4180 quoting.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Text.h"
#include "cost/Derived.h"
#include "tools/reporters/Reporters.h"

#include <fmt/format.h>

#include <cmath>

using namespace llvm;

namespace wattlint {

namespace {

/// A quoted field; control characters from the model are escaped as text
/// (\xNN), as a CSV often ends up on a terminal.
std::string quote(StringRef Raw) {
  std::string S = printable(Raw, 4096);
  std::string Q = "\"";
  for (char C : S)
    Q += C == '"' ? std::string("\"\"") : std::string(1, C);
  return Q + "\"";
}

std::string num(double V) { return std::isfinite(V) ? fmt::format("{:.6g}", V) : "0"; }

std::string shapes(const NodeProfile &P) {
  std::string S = "[";
  bool First = true;
  for (int O : P.N->Outputs) {
    if (O < 0)
      continue;
    S += First ? "" : ", ";
    First = false;
    const ShapeRef &D = P.G->value(O).Shape;
    if (!D) {
      S += "null";
      continue;
    }
    S += "[";
    for (size_t K = 0; K < D->size(); ++K)
      S += (K ? ", " : "") + ((*D)[K] < 0 ? std::string("null") : std::to_string((*D)[K]));
    S += "]";
  }
  return S + "]";
}

} // namespace

void writeProfileCsv(const Analysis &A, const ProfileView &V, raw_ostream &OS) {
  OS << "model,name,graph,op_type,domain,status,family,multiplier,dtype,output_shapes,macs,flops,"
        "elementwise_flops,transcendental_flops,params,bytes_read,bytes_read_activations,"
        "bytes_read_weights,bytes_written,arithmetic_intensity";
  if (A.E)
    OS << ",time_s,energy_j,energy_dynamic_j,energy_share,bound,dram_bytes,kernels,precision";
  OS << ",note\n";
  std::string Model = quote(A.Path);
  for (size_t I : viewNodes(A, V)) {
    NodeRecord R = A.Nodes[I];
    const NodeProfile &P = *R.Prof;
    const Work &W = P.W;
    OS << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{:.4f}", Model,
                      quote(P.Name), quote(P.GraphPath), quote(P.N->OpType), quote(P.N->Domain),
                      statusName(P.State), P.Family, P.Multiplier, dtypeName(P.Type).str(),
                      quote(shapes(P)), W.Macs, W.Flops, W.ElementwiseFlops, W.TranscendentalFlops,
                      W.Params, W.bytesRead(), W.BytesReadActivations, W.BytesReadWeights,
                      W.BytesWritten, std::isfinite(W.intensity()) ? W.intensity() : 0.0);
    if (A.E) {
      if (R.Cost) {
        const NodeEstimate &NE = *R.Cost;
        OS << fmt::format(",{},{},{},{},{},{},{},{}", num(NE.TimeS), num(NE.EnergyJ),
                          num(NE.DynamicJ), num(shareOf(NE.EnergyJ, A.E->EnergyJ)), boundName(NE.B),
                          num(NE.DramBytes), num(NE.Kernels), NE.Precision);
      } else {
        OS << ",,,,,,,,";
      }
    }
    OS << "," << quote(P.Note) << "\n";
  }
}

} // namespace wattlint
