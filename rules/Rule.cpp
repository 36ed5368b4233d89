//===- rules/Rule.cpp - the rule table and the context rules read ---------===//
#include "rules/Rule.h"
#include "rules/RuleUtil.h"

#include <fmt/format.h>

using namespace llvm;

namespace wattlint {

#define RULE(Id, Factory, Sev, Summary) Expected<std::unique_ptr<Rule>> Factory(const RuleOptions &);
#include "rules/Rules.def"

namespace {
const RuleInfo Table[] = {
#define RULE(Id, Factory, Sev, Summary) {Id, Summary, Severity::Sev, Factory},
#include "rules/Rules.def"
};

struct RuleDocFile {
  const char *Id;
  const char *Text;
};
#include "RuleDocs.inc" // RuleDocFiles[], ending in {nullptr, nullptr} (wattlint_embed)
} // namespace

ArrayRef<RuleInfo> allRules() { return Table; }

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

std::string RuleContext::savings(double J) const {
  double Share = E.EnergyJ > 0 ? 100.0 * J / E.EnergyJ : 0;
  return fmt::format("{} per inference ({:.1f}% of the model) on {}", joules(J), Share, T.Name);
}

Finding RuleContext::finding(int Idx, std::string Message, double SavingsJ) const {
  Finding F;
  F.NodeIndex = Idx;
  if (Idx >= 0) {
    const NodeProfile &R = P.Nodes[Idx];
    F.Node = R.Name;
    F.GraphPath = R.GraphPath;
    F.OpType = R.N->OpType;
  }
  F.Message = std::move(Message);
  F.SavingsJ = std::max(0.0, SavingsJ);
  F.SavingsFraction = E.EnergyJ > 0 ? F.SavingsJ / E.EnergyJ : 0;
  return F;
}

Expected<double> numberOption(const RuleOptions &O, StringRef Rule, StringRef Name,
                              double Default) {
  auto It = O.find(Name.str());
  if (It == O.end())
    return Default;
  double V;
  if (StringRef(It->second).trim().getAsDouble(V) || V < 0)
    return createStringError(inconvertibleErrorCode(),
                             "option '%s' of rule '%s' must be a non-negative number, not '%s'",
                             Name.str().c_str(), Rule.str().c_str(), It->second.c_str());
  return V;
}

} // namespace wattlint
