//===- report/Session.cpp - flags, configuration and defaults, merged once ===//
#include "report/Session.h"
#include "analyzer/ShapeRules.h"
#include "analyzer/Text.h"
#include "rules/Engine.h"
#include "llvm/ADT/StringSet.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <fmt/format.h>

using namespace llvm;

namespace wattlint {

namespace {

Error originError(StringRef Origin, const Twine &Msg) {
  // A flag reads "--precision must be ..."; a file position "f:4:9: ...".
  std::string Text = Msg.str();
  bool Flag = StringRef(Origin).starts_with("-") && !StringRef(Text).starts_with("unknown");
  return createStringError(inconvertibleErrorCode(), "%s%s%s", Origin.str().c_str(),
                           Flag ? " " : ": ", Text.c_str());
}

/// Prefixes an error's message with the origin of the value it is about.
Error withOrigin(StringRef Origin, Error E) {
  return createStringError(inconvertibleErrorCode(), "%s: %s", Origin.str().c_str(),
                           toString(std::move(E)).c_str());
}

} // namespace

DimBindings Session::dimBindings() const {
  DimBindings Out;
  for (const auto &[K, V] : Dims)
    Out[K] = V.Value;
  for (const auto &[K, V] : Assume)
    Out.Assume[K] = V.Value;
  return Out;
}

std::string Session::modelKey(StringRef ModelPath) const { return pathKey(ModelPath, Cfg.Dir); }

std::string configPathFor(const Flags &F, StringRef ModelPath) {
  return F.Config.empty() ? findConfigFile(ModelPath, ConfigFileName) : F.Config;
}

Expected<Config> loadConfig(StringRef Path) {
  if (Path.empty())
    return Config();
  return loadConfigFile(Path, ConfigFileName);
}

Expected<Session> makeSession(const Flags &F, Config Cfg) {
  Session S;
  S.Cfg = std::move(Cfg);
  const Config &C = S.Cfg;

  // Rules: every rule by default, then the config's globs, then the flag's,
  // appended (clang-tidy): "-x" removes x from what is enabled.
  S.RuleGlobs.push_back({"*", "", false});
  for (const auto &G : C.RuleGlobs)
    S.RuleGlobs.push_back(G);
  SmallVector<StringRef, 8> Parts;
  StringRef(F.Rules).split(Parts, ',', -1, false);
  for (StringRef P : Parts)
    if (!P.trim().empty())
      S.RuleGlobs.push_back({P.trim().str(), "--rules", true});
  for (const auto &G : S.RuleGlobs) {
    StringRef Glob = StringRef(G.Value).trim();
    Glob.consume_front("-");
    if (Expected<std::vector<const RuleInfo *>> M = rulesMatching(Glob); !M)
      return G.Origin.empty() ? M.takeError() : withOrigin(G.Origin, M.takeError());
  }
  std::vector<std::string> Globs;
  for (const auto &G : S.RuleGlobs)
    Globs.push_back(G.Value);
  // A gate never passes by a glob: analysis-incomplete and every configured
  // budget stay on (lower the one with severity: or suppress:, remove the
  // other from budgets:).
  Globs.push_back("analysis-incomplete");
  for (const auto &[Key, V] : C.Budgets)
    Globs.push_back(budgetRule(Key).str());
  Expected<std::vector<const RuleInfo *>> Enabled = selectRules(Globs);
  if (!Enabled)
    return Enabled.takeError();
  S.Enabled = std::move(*Enabled);

  // Rule options: each validated once, here, at its own position, whether
  // or not its rule is enabled in this run.
  for (const auto &[Id, Opts] : C.Options) {
    const RuleInfo *R = findRule(Id);
    if (!R)
      continue; // the configuration reader refused it already
    for (const auto &[Name, V] : Opts) {
      RuleOptions One(std::map<std::string, std::string>{{Name, V.Value}});
      Expected<std::unique_ptr<Rule>> Made = R->Make(One);
      if (!Made)
        return withOrigin(V.Origin, Made.takeError());
      if (!One.unread().empty())
        return originError(V.Origin,
                           "unknown option '" + printable(Name) + "' of rule '" + Id + "'");
    }
  }

  // Dims: the config's, then the flags'.
  S.Dims = C.Dims;
  StringSet<> FlagDims;
  for (const std::string &A : F.Dims) {
    auto [Name, Val] = StringRef(A).split('=');
    Expected<int64_t> V = parseDimValue(Name, Val);
    if (!V || !StringRef(A).contains('=')) {
      if (!V)
        consumeError(V.takeError());
      return originError("--dim",
                         "expects NAME=VALUE with 0 <= VALUE <= 2^40, not '" + printable(A) + "'");
    }
    // The same dim twice with two values is a typo one of them hides.
    if (!FlagDims.insert(Name).second && S.Dims[Name.str()].Value != *V)
      return originError("--dim", "binds '" + printable(Name) + "' twice, to " +
                                      std::to_string(S.Dims[Name.str()].Value) + " and " +
                                      std::to_string(*V));
    S.Dims[Name.str()].assign(*V, "--dim");
  }
  S.Assume = C.Assume;
  for (const std::string &A : F.Assume) {
    auto [Name, Val] = StringRef(A).split('=');
    Expected<int64_t> V = parseDimValue(Name, Val);
    if (!V || !StringRef(A).contains('=') || Name.empty()) {
      if (!V)
        consumeError(V.takeError());
      return originError("--assume", "expects KIND=VALUE or NODE=VALUE with 0 <= VALUE <= 2^40 "
                                     "(kinds: " + join(assumptionKinds(), ", ") + "), not '" +
                                     printable(A) + "'");
    }
    S.Assume[Name.str()].assign(*V, "--assume");
  }

  S.Prec = C.Prec;
  if (!F.Precision.empty()) {
    std::optional<Precision> P = parsePrecision(F.Precision);
    if (!P)
      return originError("--precision", "must be " + precisionChoices() + ", not '" +
                                            printable(F.Precision) + "'");
    S.Prec.assign(*P, "--precision");
  }

  S.FailOn = C.FailOn;
  if (!S.FailOn.Set)
    S.FailOn.Value = Severity::Warning;
  if (!F.FailOn.empty()) {
    std::optional<Severity> Sev = parseSeverity(F.FailOn);
    if (!Sev)
      return originError("--fail-on",
                         "must be note, warning or error, not '" + printable(F.FailOn) + "'");
    S.FailOn.assign(*Sev, "--fail-on");
  }

  S.TargetName = C.Target;
  if (!F.Target.empty())
    S.TargetName.assign(F.Target, "--target");
  if (!S.TargetName.Set)
    S.TargetName.Value = DefaultTarget;
  if (!F.NoCost) {
    Expected<Target> T = resolveTarget(S.TargetName.Value, F.TargetFile);
    if (!T) {
      // Errors in a target file name the file; an unknown name, where the
      // name came from.
      std::string Msg = toString(T.takeError());
      if (S.TargetName.Origin.empty() || !StringRef(Msg).starts_with("unknown target"))
        return createStringError(inconvertibleErrorCode(), "%s", Msg.c_str());
      return originError(S.TargetName.Origin, Msg);
    }
    S.T = std::move(*T);
    S.RuntimeName = C.Runtime;
    if (!F.Runtime.empty())
      S.RuntimeName.assign(F.Runtime, "--runtime");
    if (S.RuntimeName.Set || !F.RuntimeFile.empty()) {
      Expected<Runtime> Rt = resolveRuntime(S.RuntimeName.Value, F.RuntimeFile);
      if (!Rt) {
        std::string Msg = toString(Rt.takeError());
        if (S.RuntimeName.Origin.empty() || !StringRef(Msg).starts_with("unknown runtime"))
          return createStringError(inconvertibleErrorCode(), "%s", Msg.c_str());
        return originError(S.RuntimeName.Origin, Msg);
      }
      S.T->Rt = std::move(*Rt);
    }
    if (!S.RuntimeName.Set)
      S.RuntimeName.Value = S.T->Rt.Name;
    S.PowerLimit = C.PowerLimit;
    if (F.PowerLimit)
      S.PowerLimit.assign(*F.PowerLimit, "--power-limit");
    if (S.PowerLimit.Set) {
      double W = S.PowerLimit.Value;
      if (!powerLimitFits(*S.T, W))
        return originError(
            S.PowerLimit.Origin,
            fmt::format("must be at least {:.4g} W (the target's idle power, {} W, plus a tenth "
                        "of the way to its TDP) and at most its TDP ({} W), not {}",
                        minPowerLimit(*S.T), S.T->IdleW.Value, S.T->TdpW.Value,
                        std::isfinite(W) ? fmt::format("{} W", W) : "a non-finite number"));
      S.T->PowerLimitW = Sourced{W, "U", "power limit from " + S.PowerLimit.Origin, 0, true};
    }
  }

  S.Region = C.Region;
  if (!F.Region.empty())
    S.Region.assign(F.Region, "--region");
  if (S.Region.Set) {
    Expected<Region> Found = resolveRegion(S.Region.Value);
    if (!Found)
      return originError(S.Region.Origin,
                         toString(Found.takeError()) + "; `wattlint regions` lists them");
    S.Region.Value = Found->Id;
  }
  S.Pue = C.Pue;
  if (F.Pue) {
    if (!std::isfinite(*F.Pue) || *F.Pue < 1 || *F.Pue > 5)
      return originError("--pue", "must be between 1 and 5");
    S.Pue.assign(*F.Pue, "--pue");
  }

  if (F.Train && F.Requests)
    return originError("--requests", "is an inference scenario; --train is a training run: give "
                                     "one of them");
  if (F.Train && F.Epochs == 0)
    return originError("--epochs", "must be at least 1");
  if (F.Train && F.Samples == 0)
    return originError("--train", "needs --samples S (and --epochs E)");
  S.Scenario.Requests = F.Requests;
  S.Scenario.Train = F.Train;
  S.Scenario.Samples = F.Samples;
  S.Scenario.Epochs = F.Epochs;
  S.Scenario.Region = S.Region.Set ? S.Region.Value : "";
  S.Scenario.Pue = S.Pue.Set ? S.Pue.Value : 0;
  S.ScenarioAsked = F.Train || F.Requests || S.Region.Set || S.Pue.Set;

  if (C.MinSavingsShare.Set)
    S.MinSavingsShare = C.MinSavingsShare.Value;
  if (C.MinSavingsJoules.Set)
    S.MinSavingsJoules = C.MinSavingsJoules.Value;
  return S;
}

void dumpSession(const Session &S, raw_ostream &OS) {
  auto From = [](const std::string &Origin) {
    return Origin.empty() ? std::string("  # default") : "  # " + printable(Origin);
  };
  auto Quote = [](StringRef V) {
    std::string Q = "\"";
    for (char C : printable(V))
      Q += C == '"' ? std::string("\\\"") : std::string(1, C);
    return Q + "\"";
  };
  OS << "# effective configuration"
     << (S.Cfg.Path.empty() ? " (no " + std::string(ConfigFileName) + " found)"
                            : " from " + printable(S.Cfg.Path))
     << "\n";
  OS << "rules:\n";
  for (const auto &G : S.RuleGlobs)
    OS << "  - " << Quote(G.Value) << From(G.Origin) << "\n";
  OS << "enabled:";
  for (const RuleInfo *R : S.Enabled)
    OS << " " << R->Id;
  OS << "\n";
  OS << "target: " << Quote(S.TargetName.Value) << From(S.TargetName.Origin) << "\n";
  if (S.T)
    OS << "runtime: " << Quote(S.RuntimeName.Value) << From(S.RuntimeName.Origin) << "\n";
  OS << "precision: " << (S.Prec.Value == Precision::Model ? "model" : precisionName(S.Prec.Value))
     << From(S.Prec.Origin) << "\n";
  OS << "fail_on: " << severityName(S.FailOn.Value) << From(S.FailOn.Origin) << "\n";
  if (S.Region.Set)
    OS << "region: " << Quote(S.Region.Value) << From(S.Region.Origin) << "\n";
  if (S.Pue.Set)
    OS << fmt::format("pue: {}", S.Pue.Value) << From(S.Pue.Origin) << "\n";
  if (S.PowerLimit.Set)
    OS << fmt::format("power_limit: {}", S.PowerLimit.Value) << From(S.PowerLimit.Origin) << "\n";
  OS << "dims:" << (S.Dims.empty() ? " {}" : "") << "\n";
  for (const auto &[K, V] : S.Dims)
    OS << "  " << Quote(K) << ": " << V.Value << From(V.Origin) << "\n";
  if (!S.Assume.empty()) {
    OS << "assume:\n";
    for (const auto &[K, V] : S.Assume)
      OS << "  " << Quote(K) << ": " << V.Value << From(V.Origin) << "\n";
  }
  OS << "min_savings:\n";
  OS << fmt::format("  share: {}", S.MinSavingsShare) << From(S.Cfg.MinSavingsShare.Origin) << "\n";
  OS << fmt::format("  joules: {}", S.MinSavingsJoules) << From(S.Cfg.MinSavingsJoules.Origin)
     << "\n";
  if (!S.Cfg.Severities.empty()) {
    OS << "severity:\n";
    for (const auto &[K, V] : S.Cfg.Severities)
      OS << "  " << K << ": " << severityName(V.Value) << From(V.Origin) << "\n";
  }
  if (!S.Cfg.Options.empty()) {
    OS << "options:\n";
    for (const auto &[K, Opts] : S.Cfg.Options) {
      OS << "  " << K << ":\n";
      for (const auto &[O, V] : Opts)
        OS << "    " << Quote(O) << ": " << Quote(V.Value) << From(V.Origin) << "\n";
    }
  }
  if (!S.Cfg.Budgets.empty()) {
    OS << "budgets:\n";
    for (const auto &[K, V] : S.Cfg.Budgets)
      OS << fmt::format("  {}: {}", K, V.Value) << From(V.Origin) << "\n";
  }
  if (!S.Cfg.Suppress.empty()) {
    OS << "suppress:\n";
    for (const Suppression &Sup : S.Cfg.Suppress) {
      OS << "  - rule: " << Quote(Sup.Rule) << From(Sup.Origin) << "\n";
      if (!Sup.Nodes.empty())
        OS << "    nodes: " << Quote(Sup.Nodes) << "\n";
      if (!Sup.Models.empty())
        OS << "    models: " << Quote(Sup.Models) << "\n";
    }
  }
}

} // namespace wattlint
