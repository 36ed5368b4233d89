//===- rules/RuleUtil.cpp - helpers the rules share -----------------------===//
#include "rules/RuleUtil.h"

#include "llvm/ADT/STLExtras.h"

#include <fmt/format.h>

using namespace llvm;

namespace wattlint {

bool isRelabel(const Node &N) {
  static const char *const Ops[] = {"Reshape", "Squeeze", "Unsqueeze", "Flatten", "Identity",
                                    "Transpose"};
  return is_contained(Ops, StringRef(N.OpType));
}

std::vector<const Node *> realConsumers(const RuleContext &C, const Graph &G, int Id) {
  std::vector<const Node *> Out, Work = C.consumers(G, Id);
  for (size_t I = 0; I < Work.size() && I < 10000; ++I) {
    const Node *N = Work[I];
    // Shape and Size read metadata only: not a use of the data.
    if (N->OpType == "Shape" || N->OpType == "Size")
      continue;
    if (!isRelabel(*N)) {
      Out.push_back(N);
      continue;
    }
    for (int O : N->Outputs)
      if (O >= 0)
        for (const Node *U : C.consumers(G, O))
          Work.push_back(U);
  }
  return Out;
}

std::optional<int64_t> constantIndex(const Graph &G, const Node &N, unsigned I) {
  if (N.Inputs.size() <= I || N.Inputs[I] < 0)
    return std::nullopt;
  const Value &V = G.value(N.Inputs[I]);
  if (!V.IntData || V.IntData->size() != 1)
    return std::nullopt;
  return (*V.IntData)[0];
}

const Dims *inShape(const Graph &G, const Node &N, unsigned I) {
  if (N.Inputs.size() <= I || N.Inputs[I] < 0 || !G.value(N.Inputs[I]).shapeKnown())
    return nullptr;
  return &*G.value(N.Inputs[I]).Shape;
}

const Dims *outShape(const Graph &G, const Node &N, unsigned I) {
  if (N.Outputs.size() <= I || N.Outputs[I] < 0 || !G.value(N.Outputs[I]).shapeKnown())
    return nullptr;
  return &*G.value(N.Outputs[I]).Shape;
}

std::string joules(double J) {
  if (J >= 1)
    return fmt::format("{:.3g} J", J);
  if (J >= 1e-3)
    return fmt::format("{:.3g} mJ", J * 1e3);
  return fmt::format("{:.3g} uJ", J * 1e6);
}

} // namespace wattlint
