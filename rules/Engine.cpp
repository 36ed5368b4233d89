//===- rules/Engine.cpp - configuration, selection, suppression -----------===//
#include "rules/Engine.h"
#include "cost/YamlMaps.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"

#include <set>

using namespace llvm;
using namespace wattlint;

LLVM_YAML_IS_SEQUENCE_VECTOR(wattlint::Suppression)

namespace llvm::yaml {
template <> struct MappingTraits<Suppression> {
  static void mapping(IO &Io, Suppression &S) {
    Io.mapRequired("rule", S.Rule);
    Io.mapOptional("nodes", S.Nodes);
  }
};
template <> struct MappingTraits<Config> {
  static void mapping(IO &Io, Config &C) {
    Io.mapOptional("rules", C.Rules);
    Io.mapOptional("target", C.Target);
    Io.mapOptional("region", C.Region);
    Io.mapOptional("precision", C.Precision);
    Io.mapOptional("fail_on", C.FailOn);
    Io.mapOptional("dims", C.Dims);
    Io.mapOptional("severity", C.Severity);
    Io.mapOptional("options", C.Options);
    Io.mapOptional("budgets", C.Budgets);
    Io.mapOptional("suppress", C.Suppress);
  }
};
} // namespace llvm::yaml

namespace wattlint {

bool globMatch(StringRef Pattern, StringRef Text) {
  // '*' matches any run of characters; iterative with backtracking.
  size_t P = 0, T = 0, Star = StringRef::npos, Mark = 0;
  while (T < Text.size()) {
    if (P < Pattern.size() && (Pattern[P] == Text[T] || Pattern[P] == '?')) {
      ++P, ++T;
    } else if (P < Pattern.size() && Pattern[P] == '*') {
      Star = P++, Mark = T;
    } else if (Star != StringRef::npos) {
      P = Star + 1, T = ++Mark;
    } else {
      return false;
    }
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

bool ruleEnabled(StringRef Globs, StringRef Id) {
  bool On = false;
  SmallVector<StringRef, 8> Parts;
  Globs.split(Parts, ',', -1, false);
  for (StringRef G : Parts) {
    G = G.trim();
    bool Negative = G.consume_front("-");
    if (globMatch(G, Id))
      On = !Negative;
  }
  return On;
}

Expected<Config> loadConfig(StringRef ExplicitPath, StringRef ModelPath) {
  std::string Path = ExplicitPath.str();
  if (Path.empty()) {
    SmallString<256> Dir(ModelPath);
    sys::fs::make_absolute(Dir);
    sys::path::remove_filename(Dir);
    while (!Dir.empty()) {
      SmallString<256> Candidate(Dir);
      sys::path::append(Candidate, ".wattlint.yaml");
      if (sys::fs::is_regular_file(Candidate)) {
        Path = std::string(Candidate);
        break;
      }
      StringRef Parent = sys::path::parent_path(Dir);
      if (Parent == Dir)
        break;
      Dir = Parent;
    }
  }
  Config C;
  if (Path.empty())
    return C;
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(inconvertibleErrorCode(), "%s: cannot read: %s", Path.c_str(),
                             Buf.getError().message().c_str());
  if (Error E = readYaml((*Buf)->getBuffer(), Path, "configuration", C))
    return std::move(E);
  C.Path = Path;
  std::set<std::string> Ids;
  for (const RuleInfo &R : allRules())
    Ids.insert(R.Id);
  for (auto &[Id, Sev] : C.Severity) {
    if (!Ids.count(Id))
      return createStringError(inconvertibleErrorCode(), "%s: severity for unknown rule '%s'",
                               Path.c_str(), Id.c_str());
    if (!parseSeverity(Sev))
      return createStringError(inconvertibleErrorCode(),
                               "%s: severity of '%s' must be note, warning or error, not '%s'",
                               Path.c_str(), Id.c_str(), Sev.c_str());
  }
  for (auto &[Id, _] : C.Options)
    if (!Ids.count(Id))
      return createStringError(inconvertibleErrorCode(), "%s: options for unknown rule '%s'",
                               Path.c_str(), Id.c_str());
  static const char *const BudgetKeys[] = {"energy_j", "latency_s", "macs", "params", "bytes"};
  for (auto &[K, V] : C.Budgets)
    if (!is_contained(BudgetKeys, StringRef(K)) || V < 0)
      return createStringError(inconvertibleErrorCode(),
                               "%s: budget '%s' (known: energy_j, latency_s, macs, params, bytes; "
                               "values >= 0)",
                               Path.c_str(), K.c_str());
  if (!C.FailOn.empty() && !parseSeverity(C.FailOn))
    return createStringError(inconvertibleErrorCode(), "%s: fail_on must be note, warning or error",
                             Path.c_str());
  return C;
}

void dumpConfig(const Config &C, raw_ostream &OS) {
  Config Copy = C;
  OS << "# effective configuration" << (C.Path.empty() ? " (defaults)" : " from " + C.Path) << "\n";
  yaml::Output Out(OS);
  Out << Copy;
}

Expected<std::vector<BaselineEntry>> readBaseline(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(inconvertibleErrorCode(), "%s: cannot read: %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  Expected<json::Value> V = json::parse((*Buf)->getBuffer());
  if (!V)
    return createStringError(inconvertibleErrorCode(), "%s: not a baseline file: %s",
                             Path.str().c_str(), toString(V.takeError()).c_str());
  std::vector<BaselineEntry> Out;
  const json::Object *O = V->getAsObject();
  const json::Array *A = O ? O->getArray("findings") : nullptr;
  if (!A)
    return createStringError(inconvertibleErrorCode(), "%s: a baseline is {\"findings\": [...]}",
                             Path.str().c_str());
  for (const json::Value &E : *A) {
    const json::Object *F = E.getAsObject();
    if (!F)
      continue;
    BaselineEntry B;
    B.Rule = F->getString("rule").value_or("").str();
    B.Model = F->getString("model").value_or("").str();
    B.Node = F->getString("node").value_or("").str();
    Out.push_back(B);
  }
  return Out;
}

Expected<CheckResult> runRules(const RuleContext &C, const Config &Cfg, StringRef GlobsOverride,
                               StringRef ModelName, const std::vector<BaselineEntry> &Baseline) {
  std::string Globs = GlobsOverride.empty() ? Cfg.Rules : GlobsOverride.str();
  CheckResult Result;
  std::vector<bool> SuppressUsed(Cfg.Suppress.size(), false), BaselineUsed(Baseline.size(), false);
  for (const RuleInfo &Info : allRules()) {
    if (!ruleEnabled(Globs, Info.Id))
      continue;
    RuleOptions Opts;
    if (auto It = Cfg.Options.find(Info.Id); It != Cfg.Options.end())
      Opts = It->second;
    // A budget rule reads its limit from the budgets section.
    static const std::pair<const char *, const char *> BudgetKey[] = {
        {"budget-energy", "energy_j"}, {"budget-latency", "latency_s"}, {"budget-macs", "macs"},
        {"budget-params", "params"},   {"budget-bytes", "bytes"}};
    for (auto [Id, Key] : BudgetKey)
      if (StringRef(Info.Id) == Id)
        if (auto It = Cfg.Budgets.find(Key); It != Cfg.Budgets.end())
          Opts["max"] = std::to_string(It->second);
    Expected<std::unique_ptr<Rule>> R = Info.Make(Opts);
    if (!R)
      return R.takeError();
    std::vector<Finding> Found;
    (*R)->check(C, Found);
    Severity Sev = Info.Default;
    if (auto It = Cfg.Severity.find(Info.Id); It != Cfg.Severity.end())
      Sev = *parseSeverity(It->second);
    for (Finding &F : Found) {
      F.Rule = Info.Id;
      F.Sev = Sev;
      // A marker in the node's doc_string: "wattlint: allow <rule-id>".
      if (F.NodeIndex >= 0 &&
          StringRef(C.P.Nodes[F.NodeIndex].N->DocString).contains("wattlint: allow " + F.Rule)) {
        ++Result.Suppressed;
        continue;
      }
      std::string Qualified = F.GraphPath.empty() ? F.Node : F.GraphPath + "/" + F.Node;
      bool Dropped = false;
      for (size_t I = 0; I < Cfg.Suppress.size(); ++I)
        if (globMatch(Cfg.Suppress[I].Rule, F.Rule) &&
            (Cfg.Suppress[I].Nodes.empty() || globMatch(Cfg.Suppress[I].Nodes, Qualified)))
          Dropped = SuppressUsed[I] = true;
      for (size_t I = 0; I < Baseline.size(); ++I)
        if (Baseline[I].Rule == F.Rule && Baseline[I].Node == Qualified &&
            (Baseline[I].Model.empty() || Baseline[I].Model == ModelName))
          Dropped = BaselineUsed[I] = true;
      if (Dropped) {
        ++Result.Suppressed;
        continue;
      }
      Result.Findings.push_back(std::move(F));
    }
  }
  for (size_t I = 0; I < Cfg.Suppress.size(); ++I)
    if (!SuppressUsed[I])
      Result.Stale.push_back("suppression {rule: " + Cfg.Suppress[I].Rule + ", nodes: " +
                             Cfg.Suppress[I].Nodes + "} in " + Cfg.Path + " matches nothing");
  for (size_t I = 0; I < Baseline.size(); ++I)
    if (!BaselineUsed[I] && (Baseline[I].Model.empty() || Baseline[I].Model == ModelName))
      Result.Stale.push_back("baseline entry " + Baseline[I].Rule + " at " + Baseline[I].Node +
                             " matches nothing (fixed? remove it)");
  return Result;
}

} // namespace wattlint
