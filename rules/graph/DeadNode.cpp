//===- rules/graph/DeadNode.cpp - graph-dead-node -------------------------===//
//
// Nodes of the main graph whose outputs reach no graph output: their work
// (and its energy) is spent for nothing. One finding per dead branch (dead
// nodes connected through their values), on its last node.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

using namespace llvm;

namespace wattlint {
namespace {

class DeadNode : public Rule {
public:
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    const Graph &G = C.M.Main;
    std::vector<bool> Live(G.Values.size(), false);
    for (int O : G.Outputs)
      Live[O] = true;
    // Walk the topological order backwards: a node is live if any output is.
    std::vector<bool> NodeLive(G.Nodes.size(), false);
    for (size_t I = G.Nodes.size(); I-- > 0;) {
      const Node &N = G.Nodes[I];
      for (int O : N.Outputs)
        if (O >= 0 && Live[O])
          NodeLive[I] = true;
      if (!NodeLive[I])
        continue;
      for (int In : N.Inputs)
        if (In >= 0)
          Live[In] = true;
      // Values a subgraph reads from this scope are live too.
      for (const auto &[Name, Sub] : N.Subgraphs)
        markOuter(*Sub, G, Live);
    }
    std::vector<int> Dead;
    for (size_t I = 0; I < G.Nodes.size(); ++I)
      if (!NodeLive[I])
        if (int Index = C.indexOf(&G.Nodes[I]); Index >= 0)
          Dead.push_back(Index);
    // A dead branch is one finding, on its last node, with its other nodes.
    for (const std::vector<int> &Branch : connectedGroups(C, Dead)) {
      Work W = groupWork(C, Branch);
      Finding F = groupFinding(C, Branch,
                               Branch.size() == 1
                                   ? "this node's outputs reach no graph output"
                                   : "a branch of {nodes} nodes whose outputs reach no graph "
                                     "output");
      F.Notes.push_back("{MACs} MACs, {FLOPs} FLOPs, {energy} on {target}");
      F.Help = "remove the node (onnx's graph cleanup, or drop the unused branch in the model "
               "code)";
      F.Measures.insert(F.Measures.end(), {{"nodes", double(Branch.size()), ""},
                                           {"MACs", double(W.Macs), "MAC"},
                                           {"FLOPs", double(W.Flops), "FLOP"},
                                           {"energy", F.SavingsJ, "J"}});
      Out.push_back(std::move(F));
    }
  }

private:
  static void markOuter(const Graph &Sub, const Graph &G, std::vector<bool> &Live) {
    for (const Value &V : Sub.Values)
      if (V.IsOuterRef)
        if (int Id = G.find(V.Name); Id >= 0)
          Live[Id] = true;
    for (const Node &N : Sub.Nodes)
      for (const auto &[Name, Inner] : N.Subgraphs)
        markOuter(*Inner, G, Live);
  }
};

} // namespace

Expected<std::unique_ptr<Rule>> makeGraphDeadNode(const RuleOptions &) {
  return std::make_unique<DeadNode>();
}

} // namespace wattlint
