//===- rules/graph/ConstantSubgraph.cpp - graph-constant-subgraph ---------===//
//
// Nodes all of whose inputs are constants (initializers, Constant nodes, or
// outputs of such nodes) that still cost time and energy at every inference:
// folding them once at export removes the work. Shape arithmetic that the
// analysis already folded is free and not reported.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

using namespace llvm;

namespace wattlint {
namespace {

class ConstantSubgraph : public Rule {
public:
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    const Graph &G = C.M.Main;
    std::vector<bool> Constant(G.Values.size(), false);
    for (size_t V = 0; V < G.Values.size(); ++V)
      Constant[V] = G.Values[V].IsInitializer;
    std::vector<int> Costly;
    for (const Node &N : G.Nodes) {
      if (!N.Subgraphs.empty())
        continue;
      // A node without inputs is constant only if it is a Constant; random
      // generators are not.
      bool AllConstant = N.OpType == "Constant" ||
                         (!N.Inputs.empty() && !StringRef(N.OpType).starts_with("Random"));
      for (int In : N.Inputs)
        AllConstant &= In < 0 || Constant[In];
      if (!AllConstant)
        continue;
      for (int O : N.Outputs)
        if (O >= 0)
          Constant[O] = true;
      int Index = C.indexOf(&N);
      if (N.OpType != "Constant" && Index >= 0 && C.energy(Index) > 0)
        Costly.push_back(Index);
    }
    // A chain computed from constants is one finding, on the node whose
    // result the rest of the graph reads.
    for (const std::vector<int> &Chain : connectedGroups(C, Costly)) {
      Work W = groupWork(C, Chain);
      uint64_t Bytes = W.bytesRead() + W.BytesWritten;
      Finding F = groupFinding(C, Chain,
                               Chain.size() == 1
                                   ? "computes from constants only, at every inference"
                                   : "a chain of {nodes} nodes computes from constants only, at "
                                     "every inference");
      F.Notes.push_back("{FLOPs} FLOPs and {bytes} bytes per inference, {energy} on {target}");
      F.Help = "fold it once at export (do_constant_folding=True, onnxsim, or precompute the "
               "tensor)";
      F.Measures.insert(F.Measures.end(), {{"nodes", double(Chain.size()), ""},
                                           {"FLOPs", double(W.Flops), "FLOP"},
                                           {"bytes", double(Bytes), "B"},
                                           {"energy", F.SavingsJ, "J"}});
      Out.push_back(std::move(F));
    }
  }
};

} // namespace

Expected<std::unique_ptr<Rule>> makeGraphConstantSubgraph(const RuleOptions &) {
  return std::make_unique<ConstantSubgraph>();
}

} // namespace wattlint
