//===- tools/Check.cpp - `wattlint check`, `rules`, `explain` -------------===//
#include "tools/Check.h"
#include "onnx/OnnxReader.h"
#include "rules/Engine.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

using namespace llvm;

namespace wattlint {

namespace {

int fail(const Twine &Msg) {
  errs() << "wattlint: error: " << Msg << "\n";
  return 2;
}

struct ModelResult {
  std::string Path;
  std::string Target;
  double EnergyJ = 0;
  int64_t Batch = 1;
  CheckResult R;
};


Expected<ModelResult> checkModel(const CheckArgs &A, const std::string &Path, const Config &Cfg,
                                 const std::vector<BaselineEntry> &Baseline) {
  auto Dims = parseDimArgs(A.Dims, Cfg.Dims);
  if (!Dims)
    return Dims.takeError();
  std::string TargetName = !A.Target.empty() ? A.Target : !Cfg.Target.empty() ? Cfg.Target : "h200";
  Expected<Target> T = resolveTarget(TargetName, A.TargetFile);
  if (!T)
    return T.takeError();
  std::string Precision = !A.Precision.empty() ? A.Precision : Cfg.Precision;
  ReadOptions Opts;
  Opts.Dims = *Dims;
  Expected<Model> M = readOnnxModel(Path, Opts);
  if (!M)
    return M.takeError();
  Expected<Profile> P = profileModel(*M);
  if (!P)
    return createStringError(inconvertibleErrorCode(), "%s: %s", Path.c_str(),
                             toString(P.takeError()).c_str());
  CostOptions CO;
  CO.Precision = Precision;
  Expected<Estimate> E = estimate(*M, *P, *T, CO);
  if (!E)
    return E.takeError();
  RuleContext C(*M, *P, *E, *T, Precision);
  C.Recost = [&](const std::map<std::string, int64_t> &Override) -> Expected<Estimate> {
    ReadOptions O2 = Opts;
    for (auto &[K, V] : Override)
      O2.Dims[K] = V;
    Expected<Model> M2 = readOnnxModel(Path, O2);
    if (!M2)
      return M2.takeError();
    Expected<Profile> P2 = profileModel(*M2);
    if (!P2)
      return P2.takeError();
    return estimate(*M2, *P2, *T, CO);
  };
  Expected<CheckResult> R = runRules(C, Cfg, A.Rules, sys::path::filename(Path), Baseline);
  if (!R)
    return R.takeError();
  ModelResult Out;
  Out.Path = Path;
  Out.Target = T->Name;
  Out.EnergyJ = E->EnergyJ;
  Out.Batch = E->Batch;
  Out.R = std::move(*R);
  return Out;
}

std::string location(const ModelResult &MR, const Finding &F) {
  if (F.Node.empty())
    return MR.Path;
  std::string Node = F.GraphPath.empty() ? F.Node : F.GraphPath + "/" + F.Node;
  return MR.Path + ":" + Node + " (" + F.OpType + ")";
}

void writeText(const std::vector<ModelResult> &Results, raw_ostream &OS) {
  for (const ModelResult &MR : Results) {
    unsigned Counts[3] = {0, 0, 0};
    for (const Finding &F : MR.R.Findings) {
      ++Counts[int(F.Sev)];
      OS << location(MR, F) << ": " << severityName(F.Sev) << ": " << F.Message << " [" << F.Rule
         << "]\n";
      for (const std::string &N : F.Notes)
        OS << "  note: " << N << "\n";
      if (!F.Help.empty())
        OS << "  help: " << F.Help << "\n";
    }
    for (const std::string &S : MR.R.Stale)
      OS << MR.Path << ": note: " << S << "\n";
    OS << fmt::format("{}: {} error(s), {} warning(s), {} note(s); {} suppressed; on {}, {:.4g} J "
                      "per inference of {}\n",
                      MR.Path, Counts[2], Counts[1], Counts[0], MR.R.Suppressed, MR.Target,
                      MR.EnergyJ, MR.Batch);
  }
}

void writeJson(const std::vector<ModelResult> &Results, raw_ostream &OS) {
  json::OStream J(OS, 1);
  J.objectBegin();
  J.attribute("schema", "wattlint.check/1");
  J.attributeArray("findings", [&] {
    for (const ModelResult &MR : Results)
      for (const Finding &F : MR.R.Findings)
        J.object([&] {
          J.attribute("rule", F.Rule);
          J.attribute("severity", severityName(F.Sev));
          J.attribute("model", MR.Path);
          J.attribute("node", F.Node);
          J.attribute("graph", F.GraphPath);
          J.attribute("op_type", F.OpType);
          J.attribute("message", F.Message);
          J.attributeArray("notes", [&] {
            for (const std::string &N : F.Notes)
              J.value(N);
          });
          J.attribute("help", F.Help);
          J.attribute("savings_j", F.SavingsJ);
          J.attribute("savings_fraction", F.SavingsFraction);
          J.attribute("target", MR.Target);
        });
  });
  J.attributeArray("models", [&] {
    for (const ModelResult &MR : Results)
      J.object([&] {
        J.attribute("model", MR.Path);
        J.attribute("target", MR.Target);
        J.attribute("energy_j", MR.EnergyJ);
        J.attribute("batch", MR.Batch);
        J.attribute("findings", int64_t(MR.R.Findings.size()));
        J.attribute("suppressed", int64_t(MR.R.Suppressed));
        J.attributeArray("stale_suppressions", [&] {
          for (const std::string &S : MR.R.Stale)
            J.value(S);
        });
      });
  });
  J.objectEnd();
  OS << "\n";
}

Error writeBaseline(StringRef Path, const std::vector<ModelResult> &Results) {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC);
  if (EC)
    return createStringError(EC, "%s: cannot write: %s", Path.str().c_str(), EC.message().c_str());
  json::OStream J(OS, 1);
  J.object([&] {
    J.attributeArray("findings", [&] {
      for (const ModelResult &MR : Results)
        for (const Finding &F : MR.R.Findings)
          J.object([&] {
            J.attribute("rule", F.Rule);
            J.attribute("model", sys::path::filename(MR.Path));
            J.attribute("node", F.GraphPath.empty() ? F.Node : F.GraphPath + "/" + F.Node);
          });
    });
  });
  OS << "\n";
  return Error::success();
}

} // namespace

Expected<std::map<std::string, int64_t>> parseDimArgs(ArrayRef<std::string> Args,
                                                       std::map<std::string, int64_t> Dims) {
  for (const std::string &A : Args) {
    auto [Name, Val] = StringRef(A).split('=');
    int64_t V = 0;
    if (Name.empty() || Val.getAsInteger(10, V) || V < 0 || V > (int64_t(1) << 40))
      return createStringError(inconvertibleErrorCode(),
                               "--dim expects NAME=VALUE with 0 <= VALUE <= 2^40, got '%s'",
                               A.c_str());
    Dims[Name.str()] = V;
  }
  return Dims;
}

int runCheck(const CheckArgs &A) {
  if (A.Format != "text" && A.Format != "json")
    return fail("--format must be text or json, not '" + A.Format + "'");
  if (A.Models.empty() && !A.DumpConfig)
    return fail("check needs at least one model");
  std::vector<BaselineEntry> Baseline;
  if (!A.Baseline.empty()) {
    Expected<std::vector<BaselineEntry>> B = readBaseline(A.Baseline);
    if (!B)
      return fail(toString(B.takeError()));
    Baseline = std::move(*B);
  }
  if (A.DumpConfig) {
    Expected<Config> Cfg = loadConfig(A.Config, A.Models.empty() ? "./model" : A.Models[0]);
    if (!Cfg)
      return fail(toString(Cfg.takeError()));
    if (!A.Rules.empty())
      Cfg->Rules = A.Rules;
    if (!A.Target.empty())
      Cfg->Target = A.Target;
    if (!A.FailOn.empty())
      Cfg->FailOn = A.FailOn;
    dumpConfig(*Cfg, outs());
    return 0;
  }
  std::vector<ModelResult> Results;
  Severity FailOn = Severity::Warning;
  for (const std::string &Path : A.Models) {
    Expected<Config> Cfg = loadConfig(A.Config, Path);
    if (!Cfg)
      return fail(toString(Cfg.takeError()));
    std::string Level = !A.FailOn.empty() ? A.FailOn : Cfg->FailOn;
    if (!Level.empty()) {
      std::optional<Severity> S = parseSeverity(Level);
      if (!S)
        return fail("--fail-on must be note, warning or error, not '" + Level + "'");
      FailOn = *S;
    }
    Expected<ModelResult> R = checkModel(A, Path, *Cfg, Baseline);
    if (!R)
      return fail(toString(R.takeError()));
    Results.push_back(std::move(*R));
  }
  if (A.Format == "json")
    writeJson(Results, outs());
  else
    writeText(Results, outs());
  if (!A.WriteBaseline.empty())
    if (Error E = writeBaseline(A.WriteBaseline, Results))
      return fail(toString(std::move(E)));
  for (const ModelResult &MR : Results)
    for (const Finding &F : MR.R.Findings)
      if (F.Sev >= FailOn)
        return 1;
  return 0;
}

int runRulesList() {
  for (const RuleInfo &R : allRules())
    outs() << fmt::format("{:<34} {:<8} {}\n", R.Id, severityName(R.Default), R.Summary);
  return 0;
}

int runExplain(const std::string &Id) {
  StringRef Doc = ruleDoc(Id);
  if (Doc.empty()) {
    std::string Ids;
    for (const RuleInfo &R : allRules())
      Ids += (Ids.empty() ? "" : ", ") + std::string(R.Id);
    return fail("no rule '" + Id + "' (rules: " + Ids + ")");
  }
  outs() << Doc;
  return 0;
}

} // namespace wattlint
