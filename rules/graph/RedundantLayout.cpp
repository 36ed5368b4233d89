//===- rules/graph/RedundantLayout.cpp - graph-redundant-layout -----------===//
//
// Layout work that undoes itself: two Transposes whose permutations compose to
// the identity, a Reshape of a Reshape, a Cast back to the type it came from,
// an Identity of an Identity. The saving is the energy of the nodes that go
// away; chains of views (Reshape, Identity), which cost nothing, are not
// reported.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

using namespace llvm;

namespace wattlint {
namespace {

class RedundantLayout : public Rule {
public:
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    for (size_t I = 0; I < C.P.Nodes.size(); ++I) {
      const NodeProfile &R = C.P.Nodes[I];
      const Node &N = *R.N;
      if (R.State != NodeProfile::Status::Costed || N.Inputs.empty() || N.Inputs[0] < 0 ||
          isFolded(*R.G, N))
        continue;
      const Node *Prev = C.producer(*R.G, N.Inputs[0]);
      if (!Prev || Prev->OpType != N.OpType)
        continue;
      int PrevIndex = C.indexOf(Prev);
      std::string What;
      std::vector<int> Gone;
      if (N.OpType == "Transpose") {
        auto P1 = Prev->attrInts("perm"), P2 = N.attrInts("perm");
        if (!P1 || !P2 || P1->size() != P2->size())
          continue;
        bool Identity = true;
        for (size_t K = 0; K < P2->size(); ++K)
          Identity &=
              (*P2)[K] >= 0 && size_t((*P2)[K]) < P1->size() && (*P1)[(*P2)[K]] == int64_t(K);
        if (!Identity)
          continue;
        What = "two Transposes that cancel";
        Gone = {PrevIndex, int(I)};
      } else if (N.OpType == "Reshape" || N.OpType == "Identity") {
        What = N.OpType == "Reshape" ? "a Reshape of a Reshape" : "an Identity of an Identity";
        Gone = {PrevIndex};
      } else if (N.OpType == "Cast") {
        if (Prev->Inputs.empty() || Prev->Inputs[0] < 0 || N.Outputs.empty() || N.Outputs[0] < 0 ||
            R.G->value(Prev->Inputs[0]).Type != R.G->value(N.Outputs[0]).Type)
          continue;
        What = "a Cast round trip back to the original type";
        Gone = {PrevIndex, int(I)};
      } else {
        continue;
      }
      double Saving = 0;
      for (int G : Gone)
        Saving += C.energy(G);
      // Views (Reshape, Identity) cost nothing in the cost model: a chain of
      // them is untidy but saves no joules, so it is no finding.
      if (Saving <= 0)
        continue;
      Finding F = C.finding(int(I), What, Saving);
      F.Notes.push_back("{nodes} node(s) to remove, {energy} on {target}");
      F.Measures.insert(F.Measures.end(),
                        {{"nodes", double(Gone.size()), ""}, {"energy", Saving, "J"}});
      F.Help = "remove the redundant node(s) (onnxsim, or simplify the model code)";
      Out.push_back(std::move(F));
    }
  }
};

} // namespace

Expected<std::unique_ptr<Rule>> makeGraphRedundantLayout(const RuleOptions &) {
  return std::make_unique<RedundantLayout>();
}

} // namespace wattlint
