//===- rules/Rule.cpp - the rule table and the context rules read ---------===//
#include "rules/Rule.h"
#include "analyzer/Text.h"
#include "rules/RuleUtil.h"

#include "llvm/Support/GlobPattern.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

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
  // Two passes over the rows: count each value's readers, then place them
  // (in row order, as the rules read them).
  for (size_t I = 0; I < P.Nodes.size(); ++I) {
    const NodeProfile &R = P.Nodes[I];
    auto [It, Added] = LinksByGraph.try_emplace(R.G, unsigned(Links.size()));
    if (Added) {
      GraphLinks &New = Links.emplace_back();
      New.G = R.G;
      New.Row.assign(R.G->Nodes.size(), -1);
      New.UsersBegin.assign(R.G->Values.size() + 1, 0);
      New.Producer.assign(R.G->Values.size(), nullptr);
    }
    GraphLinks &L = Links[It->second];
    size_t Pos = size_t(R.N - R.G->Nodes.data());
    assert(Pos < L.Row.size() && "a profile row's node is in its graph");
    L.Row[Pos] = int(I);
    for (int In : R.N->Inputs)
      if (In >= 0 && size_t(In) < L.Producer.size())
        ++L.UsersBegin[size_t(In) + 1];
    for (int Out : R.N->Outputs)
      if (Out >= 0 && size_t(Out) < L.Producer.size())
        L.Producer[size_t(Out)] = R.N;
  }
  std::vector<std::vector<uint32_t>> Next(Links.size());
  for (size_t K = 0; K < Links.size(); ++K) {
    GraphLinks &L = Links[K];
    for (size_t V = 1; V < L.UsersBegin.size(); ++V)
      L.UsersBegin[V] += L.UsersBegin[V - 1];
    L.Users.resize(L.UsersBegin.back());
    Next[K].assign(L.UsersBegin.begin(), L.UsersBegin.end() - 1);
    NodeArrays.push_back({reinterpret_cast<uintptr_t>(L.G->Nodes.data()), unsigned(K)});
  }
  std::sort(NodeArrays.begin(), NodeArrays.end());
  for (const NodeProfile &R : P.Nodes) {
    unsigned K = LinksByGraph.find(R.G)->second;
    GraphLinks &L = Links[K];
    for (int In : R.N->Inputs)
      if (In >= 0 && size_t(In) < L.Producer.size())
        L.Users[Next[K][size_t(In)]++] = R.N;
  }
}

const RuleContext::GraphLinks *RuleContext::linksOf(const Graph &G) const {
  auto It = LinksByGraph.find(&G);
  return It == LinksByGraph.end() ? nullptr : &Links[It->second];
}

int RuleContext::indexOf(const Node *N) const {
  uintptr_t A = reinterpret_cast<uintptr_t>(N);
  auto It = std::upper_bound(NodeArrays.begin(), NodeArrays.end(),
                             std::make_pair(A, std::numeric_limits<unsigned>::max()));
  if (!N || It == NodeArrays.begin())
    return -1;
  auto [Begin, K] = *std::prev(It);
  const GraphLinks &L = Links[K];
  if ((A - Begin) % sizeof(Node) || (A - Begin) / sizeof(Node) >= L.Row.size())
    return -1;
  return L.Row[(A - Begin) / sizeof(Node)];
}

ArrayRef<const Node *> RuleContext::consumers(const Graph &G, int Id) const {
  const GraphLinks *L = linksOf(G);
  if (!L || Id < 0 || size_t(Id) >= L->Producer.size())
    return {};
  return ArrayRef<const Node *>(L->Users.data() + L->UsersBegin[size_t(Id)],
                                L->Users.data() + L->UsersBegin[size_t(Id) + 1]);
}

const Node *RuleContext::producer(const Graph &G, int Id) const {
  const GraphLinks *L = linksOf(G);
  if (!L || Id < 0 || size_t(Id) >= L->Producer.size())
    return nullptr;
  return L->Producer[size_t(Id)];
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
