//===- rules/Rule.cpp - the rule table and the context rules read ---------===//
#include "rules/Rule.h"
#include "analyzer/Text.h"
#include "rules/RuleUtil.h"

#include "llvm/Support/GlobPattern.h"

#include <cmath>

using namespace llvm;

namespace wattlint {

#define RULE(Id, Factory, Sev, Depends, Priced, Summary)                                           \
  Expected<std::unique_ptr<Rule>> Factory(const RuleOptions &);
#include "rules/Rules.def"

namespace {
const RuleInfo Table[] = {
#define RULE(Id, Factory, Sev, Depends, Priced, Summary)                                           \
  {Id, Summary, Severity::Sev, Deployment::Depends, Priced, Factory},
#include "rules/Rules.def"
};

struct RuleDocFile {
  const char *Id;
  const char *Text;
};
#include "RuleDocs.inc" // RuleDocFiles[], ending in {nullptr, nullptr} (wattlint_embed)
} // namespace

ArrayRef<RuleInfo> allRules() { return Table; }

const RuleInfo *findRule(StringRef Id) {
  for (const RuleInfo &R : Table)
    if (Id == R.Id)
      return &R;
  return nullptr;
}

std::vector<std::string> ruleIds() {
  std::vector<std::string> Ids;
  for (const RuleInfo &R : Table)
    Ids.push_back(R.Id);
  return Ids;
}

Expected<std::vector<const RuleInfo *>> rulesMatching(StringRef Glob) {
  Expected<GlobPattern> P = GlobPattern::create(Glob);
  if (!P)
    return createStringError(inconvertibleErrorCode(), "invalid rule glob '%s': %s",
                             printable(Glob).c_str(), toString(P.takeError()).c_str());
  std::vector<const RuleInfo *> Out;
  for (const RuleInfo &R : Table)
    if (P->match(R.Id))
      Out.push_back(&R);
  if (Out.empty()) {
    // Suggest among the ids and the category globs ("recurrent-*").
    std::vector<std::string> Names = ruleIds();
    for (const RuleInfo &R : Table)
      Names.push_back(StringRef(R.Id).split('-').first.str() + "-*");
    return createStringError(inconvertibleErrorCode(), "rule glob '%s' matches no rule%s",
                             printable(Glob).c_str(), didYouMean(Glob, Names).c_str());
  }
  return Out;
}

const std::string *RuleOptions::get(StringRef Name) const {
  auto It = Values.find(Name.str());
  if (It == Values.end())
    return nullptr;
  Read.insert(It->first);
  return &It->second;
}

std::vector<std::string> RuleOptions::unread() const {
  std::vector<std::string> Out;
  for (const auto &[K, V] : Values)
    if (!Read.count(K))
      Out.push_back(K);
  return Out;
}

StringRef ruleDoc(StringRef Id) {
  for (const RuleDocFile &D : RuleDocFiles)
    if (D.Id && Id == D.Id)
      return D.Text;
  return "";
}

const char *severityName(Severity S) {
  switch (S) {
  case Severity::Note:
    return "note";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  return "warning";
}

std::optional<Severity> parseSeverity(StringRef S) {
  if (S == "note")
    return Severity::Note;
  if (S == "warning")
    return Severity::Warning;
  if (S == "error")
    return Severity::Error;
  return std::nullopt;
}

RuleContext::RuleContext(const Model &M, const Profile &P, const Estimate &E, const Target &T,
                         std::string Precision)
    : M(M), P(P), E(E), T(T), Precision(std::move(Precision)) {
  for (size_t I = 0; I < P.Nodes.size(); ++I) {
    const NodeProfile &R = P.Nodes[I];
    Index[R.N] = int(I);
    for (int In : R.N->Inputs)
      if (In >= 0)
        Users[{R.G, In}].push_back(R.N);
    for (int Out : R.N->Outputs)
      if (Out >= 0)
        Producers[{R.G, Out}] = R.N;
  }
}

int RuleContext::indexOf(const Node *N) const {
  auto It = Index.find(N);
  return It == Index.end() ? -1 : It->second;
}

const std::vector<const Node *> &RuleContext::consumers(const Graph &G, int Id) const {
  auto It = Users.find({&G, Id});
  return It == Users.end() ? None : It->second;
}

const Node *RuleContext::producer(const Graph &G, int Id) const {
  auto It = Producers.find({&G, Id});
  return It == Producers.end() ? nullptr : It->second;
}

Finding RuleContext::finding(int Idx, std::string Message, double SavingsJ) const {
  Finding F;
  F.NodeIndex = Idx;
  if (Idx >= 0) {
    const NodeProfile &R = P.Nodes[Idx];
    F.Node = R.Name;
    F.GraphPath = R.GraphPath;
    F.OpType = R.N->OpType;
    F.Measures = {{"node MACs", double(R.W.Macs), "MAC"}, {"node energy", energy(Idx), "J"}};
    F.Words["op"] = R.N->OpType;
  }
  F.Words["target"] = T.Name;
  F.Message = std::move(Message);
  F.SavingsJ = std::max(0.0, SavingsJ);
  F.SavingsFraction = E.EnergyJ > 0 ? F.SavingsJ / E.EnergyJ : 0;
  return F;
}

Expected<double> numberOption(const RuleOptions &O, StringRef Rule, StringRef Name,
                              double Default) {
  const std::string *S = O.get(Name);
  if (!S)
    return Default;
  double V;
  if (StringRef(*S).trim().getAsDouble(V) || V < 0 || !std::isfinite(V))
    return createStringError(inconvertibleErrorCode(),
                             "option '%s' of rule '%s' must be a non-negative number, not '%s'",
                             Name.str().c_str(), Rule.str().c_str(), printable(*S).c_str());
  return V;
}

Expected<double> batchOption(const RuleOptions &O, StringRef Rule, double Default) {
  Expected<double> B = numberOption(O, Rule, "batch", Default);
  if (!B)
    return B.takeError();
  if (*B < 1 || *B > double(int64_t(1) << 40) || *B != std::floor(*B))
    return createStringError(inconvertibleErrorCode(),
                             "option 'batch' of rule '%s' must be an integer 1 <= batch <= 2^40",
                             Rule.str().c_str());
  return B;
}

std::string stringOption(const RuleOptions &O, StringRef Name, StringRef Default) {
  const std::string *S = O.get(Name);
  return S ? *S : Default.str();
}

} // namespace wattlint
