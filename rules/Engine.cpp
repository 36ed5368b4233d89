//===- rules/Engine.cpp - selecting and running rules ---------------------===//
#include "rules/Engine.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace wattlint {

Expected<std::vector<const RuleInfo *>> selectRules(ArrayRef<std::string> Globs) {
  std::vector<bool> On(allRules().size(), false);
  for (StringRef G : Globs) {
    G = G.trim();
    bool Negative = G.consume_front("-");
    Expected<std::vector<const RuleInfo *>> Matched = rulesMatching(G);
    if (!Matched)
      return Matched.takeError();
    for (const RuleInfo *R : *Matched)
      On[R - allRules().data()] = !Negative;
  }
  std::vector<const RuleInfo *> Out;
  for (size_t I = 0; I < On.size(); ++I)
    if (On[I])
      Out.push_back(&allRules()[I]);
  return Out;
}

Expected<std::vector<Finding>> runRule(const RuleInfo &Info, const RuleContext &C,
                                       const RuleOptions &Opts, Severity Sev) {
  Expected<std::unique_ptr<Rule>> R = Info.Make(Opts);
  if (!R)
    return R.takeError();
  if (std::vector<std::string> Unknown = Opts.unread(); !Unknown.empty())
    return createStringError(inconvertibleErrorCode(), "unknown option%s '%s' of rule '%s'",
                             Unknown.size() > 1 ? "s" : "", join(Unknown, "', '").c_str(), Info.Id);
  std::vector<Finding> Found;
  (*R)->check(C, Found);
  for (Finding &F : Found) {
    F.Rule = Info.Id;
    F.Sev = Sev;
    // What the front end knows of the source around every located node.
    if (F.NodeIndex >= 0 && !C.P.Nodes[F.NodeIndex].N->Location.empty())
      F.RelatedLocations.insert(F.RelatedLocations.end(), C.M.SourceNotes.begin(),
                                C.M.SourceNotes.end());
  }
  return Found;
}

} // namespace wattlint
