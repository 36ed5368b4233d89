//===- rules/analysis/Incomplete.cpp - analysis-incomplete ----------------===//
//
// Nodes of ops without a cost function and nodes whose shapes stay
// unresolved are left out of every total, so the model's energy is a lower
// bound: one finding per model names them, with the nodes downstream of
// them, and the share of the graph left uncosted. A gate must never pass a
// model it could not cost without saying so.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

#include <fmt/format.h>

#include <set>

using namespace llvm;

namespace wattlint {
namespace {

class Incomplete : public Rule {
public:
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    std::vector<int> Uncosted;
    std::set<std::pair<const Graph *, int>> Tainted;
    size_t Downstream = 0;
    for (size_t I = 0; I < C.P.Nodes.size(); ++I) {
      const NodeProfile &R = C.P.Nodes[I];
      bool Bad = R.State == NodeProfile::Status::UnknownOp ||
                 R.State == NodeProfile::Status::UnresolvedShape;
      bool Fed = false;
      for (int In : R.N->Inputs)
        Fed |= In >= 0 && Tainted.count({R.G, In});
      if (Bad)
        Uncosted.push_back(int(I));
      else if (Fed)
        ++Downstream;
      if (Bad || Fed)
        for (int O : R.N->Outputs)
          if (O >= 0)
            Tainted.insert({R.G, O});
    }
    if (Uncosted.empty())
      return;
    unsigned Unknown = 0;
    for (const auto &[Op, N] : C.P.UnknownOps)
      Unknown += N;
    double Share = double(Uncosted.size()) / double(C.P.Nodes.size());
    Finding F = C.finding(Uncosted.front(),
                          "{uncosted nodes} of {nodes} nodes ({uncosted share:%.1f}%) were not "
                          "costed: {unknown-op nodes} of unknown ops, {unresolved nodes} with "
                          "unresolved shapes; every total is a lower bound",
                          0);
    F.Related.assign(Uncosted.begin() + 1, Uncosted.end());
    std::string Ops;
    for (const auto &[Op, N] : C.P.UnknownOps)
      Ops += fmt::format("{}{} x{}", Ops.empty() ? "" : ", ", Op, N);
    if (!Ops.empty()) {
      F.Notes.push_back("ops without a cost function: {unknown ops}");
      F.Words["unknown ops"] = Ops;
    }
    if (!C.P.UnresolvedShapes.empty()) {
      std::string Names;
      for (size_t I = 0; I < C.P.UnresolvedShapes.size() && I < 10; ++I)
        Names += (I ? ", " : "") + C.P.UnresolvedShapes[I];
      if (C.P.UnresolvedShapes.size() > 10)
        Names += fmt::format(" and {} more", C.P.UnresolvedShapes.size() - 10);
      F.Notes.push_back("unresolved shapes: {unresolved}");
      F.Words["unresolved"] = Names;
    }
    if (Downstream)
      F.Notes.push_back("{downstream nodes} costed node(s) read their outputs, directly or "
                        "through others, and are priced on the shapes found for them");
    F.Help = "bind the symbolic dims the shapes depend on, or give the custom op's output shapes "
             "in the model (value_info); unknown ops need a cost function in wattlint";
    F.Measures.insert(F.Measures.end(),
                      {{"uncosted nodes", double(Uncosted.size()), ""},
                       {"nodes", double(C.P.Nodes.size()), ""},
                       {"uncosted share", Share, ""},
                       {"downstream nodes", double(Downstream), ""},
                       {"unknown-op nodes", double(Unknown), ""},
                       {"unresolved nodes",
                        double(Uncosted.size() - std::min<size_t>(Unknown, Uncosted.size())), ""}});
    Out.push_back(std::move(F));
  }
};

} // namespace

Expected<std::unique_ptr<Rule>> makeAnalysisIncomplete(const RuleOptions &) {
  return std::make_unique<Incomplete>();
}

} // namespace wattlint
