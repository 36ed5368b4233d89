//===- rules/graph/UnusedInitializer.cpp - graph-unused-initializer -------===//
//
// Initializers that no node reads (in the main graph or any subgraph): bytes
// shipped, loaded and kept in memory for nothing. The number is their size;
// loading them costs no joules per inference, so the saving is zero joules.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

#include "llvm/ADT/StringMap.h"

using namespace llvm;

namespace wattlint {
namespace {

/// Marks the initializers in Read (by name) that a node of G or of its
/// subgraphs reads, or that G outputs. Read holds only the main graph's
/// initializers: a set of every name read would cost a million-node graph
/// some 80 MB.
void markReads(const Graph &G, StringMap<bool> &Read) {
  auto Mark = [&](int Id) {
    if (auto It = Read.find(G.value(Id).Name); It != Read.end())
      It->second = true;
  };
  for (const Node &N : G.Nodes) {
    for (int In : N.Inputs)
      if (In >= 0)
        Mark(In);
    for (const auto &[Name, Sub] : N.Subgraphs)
      markReads(*Sub, Read);
  }
  for (int O : G.Outputs)
    Mark(O);
}

class UnusedInitializer : public Rule {
public:
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    StringMap<bool> Read;
    for (const Value &V : C.M.Main.Values)
      if (V.IsInitializer)
        Read.try_emplace(V.Name, false);
    if (Read.empty())
      return;
    markReads(C.M.Main, Read);
    for (const Value &V : C.M.Main.Values) {
      if (!V.IsInitializer || Read.lookup(V.Name))
        continue;
      Count Bytes = CostInput::bytes(V);
      Finding F = C.finding(-1, "initializer '{name}' is read by no node", 0);
      F.Node = V.Name;
      F.OpType = "initializer";
      F.Notes.push_back("{elements} elements of {dtype}, {bytes} bytes in the model file");
      F.Help = "remove it from the model (onnx.utils / onnxsim): {bytes} bytes less to ship and "
               "hold in memory; no energy per inference";
      // A C++ model's weight is found at the line that made it.
      if (auto It = C.M.InitializerPlaces.find(V.Name); It != C.M.InitializerPlaces.end()) {
        F.Location = It->second;
        F.Notes.push_back("made here; forward() never reads it");
        F.Help = "remove it, or the layer that made it, from the model: {bytes} bytes of "
                 "weights less to train, ship and hold in memory; no energy per inference";
      }
      F.Words["name"] = V.Name;
      F.Words["dtype"] = dtypeName(V.Type).str();
      F.Measures.insert(F.Measures.end(), {{"elements", double(V.numElements().value_or(0)), ""},
                                           {"bytes", double(Bytes.value()), "B"}});
      Out.push_back(std::move(F));
    }
  }
};

} // namespace

Expected<std::unique_ptr<Rule>> makeGraphUnusedInitializer(const RuleOptions &) {
  return std::make_unique<UnusedInitializer>();
}

} // namespace wattlint
