//===- tools/wattlint.cpp - the wattlint command line ---------------------===//
//
// `wattlint profile MODEL [--dim N=..] [--format table|json|csv] [--target T]
//  [--precision P] [--requests N | --train --samples S --epochs E]
//  [--region R] [--pue X]`, `wattlint targets [show NAME]`, `wattlint regions`.
// Exit codes: 0 success, 1 findings (later subcommands), 2 usage or input error.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Profile.h"
#include "onnx/OnnxReader.h"
#include "tools/Report.h"
#include "tools/Check.h"
#include "cost/CostModel.h"
#include "cost/Target.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace wattlint;

namespace {

constexpr int ExitUsage = 2;

int fail(const Twine &Msg) {
  errs() << "wattlint: error: " << Msg << "\n";
  return ExitUsage;
}


struct ProfileArgs {
  std::string Path;
  std::vector<std::string> Dims;
  std::string Format = "table";
  std::string Target = "h200";
  std::string TargetFile;
  std::string Precision;
  bool NoCost = false;
  ScenarioOptions Scenario;
};

int runProfile(const ProfileArgs &A) {
  if (A.Format != "table" && A.Format != "json" && A.Format != "csv")
    return fail("--format must be table, json or csv, not '" + A.Format + "'");
  auto Dims = parseDimArgs(A.Dims);
  if (!Dims)
    return fail(toString(Dims.takeError()));
  // Resolve the target before reading the model: a bad flag fails fast.
  std::optional<Target> T;
  if (!A.NoCost) {
    Expected<Target> Resolved = resolveTarget(A.Target, A.TargetFile);
    if (!Resolved)
      return fail(toString(Resolved.takeError()));
    T = std::move(*Resolved);
  }
  ReadOptions Opts;
  Opts.Dims = *Dims;
  Expected<Model> M = readOnnxModel(A.Path, Opts);
  if (!M)
    return fail(toString(M.takeError()));
  for (const auto &[Name, V] : *Dims) {
    bool Used = false;
    for (const auto &[B, _] : M->BoundDims)
      Used |= B == Name;
    if (!Used)
      errs() << "wattlint: warning: --dim " << Name << " matches no symbolic dim of the model\n";
  }
  if (!M->DefaultedDims.empty())
    errs() << "wattlint: warning: unbound symbolic dims set to " << Opts.DefaultDim << ": "
           << join(M->DefaultedDims, ", ") << " (bind them with --dim NAME=VALUE)\n";
  for (const std::string &W : M->Warnings)
    errs() << "wattlint: warning: " << W << "\n";
  Expected<Profile> P = profileModel(*M);
  if (!P)
    return fail(A.Path + ": " + toString(P.takeError()));
  CostReport C;
  std::optional<Estimate> E;
  std::optional<Scenario> S;
  C.Precision = A.Precision;
  if (T) {
    CostOptions CO;
    CO.Precision = A.Precision;
    Expected<Estimate> Est = estimate(*M, *P, *T, CO);
    if (!Est)
      return fail(toString(Est.takeError()));
    E = std::move(*Est);
    C.E = &*E;
    bool Asked = A.Scenario.Train || A.Scenario.Requests || !A.Scenario.Region.empty() ||
                 A.Scenario.Pue > 0;
    if (Asked) {
      Expected<Scenario> Sc = scenario(*E, *P, *T, A.Scenario);
      if (!Sc)
        return fail(toString(Sc.takeError()));
      S = std::move(*Sc);
      C.S = &*S;
    }
  }
  if (A.Format == "json")
    writeProfileJson(*M, *P, C, outs());
  else if (A.Format == "csv")
    writeProfileCsv(*M, *P, C, outs());
  else
    writeProfileTable(*M, *P, C, outs());
  return 0;
}

int runTargets(ArrayRef<std::string> Args, StringRef TargetFile) {
  if (Args.empty()) {
    Expected<std::vector<Target>> All = builtinTargets();
    if (!All)
      return fail(toString(All.takeError()));
    writeTargetList(*All, outs());
    return 0;
  }
  if (Args.size() != 2 || Args[0] != "show")
    return fail("usage: wattlint targets [show NAME] [--target-file FILE]");
  Expected<Target> T = resolveTarget(Args[1], TargetFile);
  if (!T)
    return fail(toString(T.takeError()));
  writeTarget(*T, outs());
  return 0;
}

int runRegions() {
  Expected<std::vector<Region>> Regions = builtinRegions();
  if (!Regions)
    return fail(toString(Regions.takeError()));
  for (const Region &R : *Regions)
    outs() << format("%-22s %6.0f g/kWh  %d  %-36s [%s] %s\n", R.Id.c_str(), R.GramsPerKwh.Value,
                     R.GramsPerKwh.Year, R.Name.c_str(), R.GramsPerKwh.Tag.c_str(),
                     R.GramsPerKwh.Source.c_str());
  Expected<std::vector<Pue>> Pues = builtinPues();
  if (!Pues)
    return fail(toString(Pues.takeError()));
  for (const Pue &Q : *Pues)
    outs() << format("pue %-18s %6.2f  [%s] %s\n", Q.Id.c_str(), Q.Value.Value, Q.Value.Tag.c_str(),
                     Q.Value.Source.c_str());
  return 0;
}

} // namespace

int main(int Argc, char **Argv) {
  cl::SubCommand ProfileCmd("profile", "Count the work of every node and cost it on a target");
  cl::SubCommand TargetsCmd("targets", "List the hardware targets, or show one with its sources");
  cl::SubCommand RegionsCmd("regions", "List grid regions (gCO2e/kWh) and PUE values");
  cl::opt<std::string> ModelPath(cl::Positional, cl::desc("<model.onnx>"), cl::Required,
                                 cl::sub(ProfileCmd));
  cl::list<std::string> DimArgs("dim", cl::desc("Bind a symbolic dim: NAME=VALUE (repeatable)"),
                                cl::value_desc("NAME=VALUE"), cl::sub(ProfileCmd));
  cl::opt<std::string> Format("format", cl::desc("Output format: table, json or csv"),
                              cl::init("table"), cl::sub(ProfileCmd));
  cl::opt<std::string> TargetName("target", cl::desc("Hardware target (default h200)"),
                                  cl::init("h200"), cl::sub(ProfileCmd));
  cl::opt<std::string> TargetFile("target-file", cl::desc("YAML file adding or overriding a target"),
                                  cl::sub(ProfileCmd), cl::sub(TargetsCmd));
  cl::opt<std::string> Precision(
      "precision", cl::desc("Re-cost float compute at fp32|tf32|bf16|fp16|fp8|int8 "
                            "(fp32 = plain FP32 units, not TF32)"),
      cl::sub(ProfileCmd));
  cl::opt<bool> NoCost("no-cost", cl::desc("Counts only: no time, energy or carbon"),
                       cl::sub(ProfileCmd));
  cl::opt<uint64_t> Requests("requests", cl::desc("Scenario: serve N samples"), cl::init(0),
                             cl::sub(ProfileCmd));
  cl::opt<bool> Train("train", cl::desc("Scenario: a training run (with --samples, --epochs)"),
                      cl::sub(ProfileCmd));
  cl::opt<uint64_t> Samples("samples", cl::desc("Training samples per epoch"), cl::init(0),
                            cl::sub(ProfileCmd));
  cl::opt<uint64_t> Epochs("epochs", cl::desc("Training epochs"), cl::init(1), cl::sub(ProfileCmd));
  cl::opt<std::string> RegionName("region", cl::desc("Grid region for carbon (`wattlint regions`)"),
                                  cl::sub(ProfileCmd));
  cl::opt<double> PueValue("pue", cl::desc("Data-center PUE (default: the 'default' entry)"),
                           cl::init(0), cl::sub(ProfileCmd));
  cl::list<std::string> TargetsArgs(cl::Positional, cl::desc("[show NAME]"), cl::sub(TargetsCmd));
  cl::SubCommand CheckCmd("check", "Run the energy lint rules on models");
  cl::SubCommand RulesCmd("rules", "List the rules");
  cl::SubCommand ExplainCmd("explain", "Print a rule's documentation");
  cl::list<std::string> CheckModels(cl::Positional, cl::desc("<model.onnx>..."), cl::sub(CheckCmd));
  cl::list<std::string> CheckDims("dim", cl::desc("Bind a symbolic dim: NAME=VALUE"), cl::sub(CheckCmd));
  cl::opt<std::string> CheckRules("rules", cl::desc("Rule globs, e.g. -*,recurrent-*"),
                                  cl::sub(CheckCmd));
  cl::opt<std::string> CheckTarget("target", cl::desc("Hardware target (default: config, else h200)"),
                                   cl::sub(CheckCmd));
  cl::opt<std::string> CheckTargetFile("target-file", cl::desc("YAML file adding or overriding a target"),
                                       cl::sub(CheckCmd));
  cl::opt<std::string> CheckPrecision("precision", cl::desc("Re-cost float compute at this precision"),
                                      cl::sub(CheckCmd));
  cl::opt<std::string> CheckConfig("config", cl::desc("Configuration file (default: nearest .wattlint.yaml)"),
                                   cl::sub(CheckCmd));
  cl::opt<std::string> CheckFormat("format", cl::desc("text or json"), cl::init("text"),
                                   cl::sub(CheckCmd));
  cl::opt<std::string> CheckFailOn("fail-on", cl::desc("Lowest severity that fails: note, warning, error"),
                                   cl::sub(CheckCmd));
  cl::opt<std::string> CheckBaseline("baseline", cl::desc("Suppress the findings listed in this file"),
                                     cl::sub(CheckCmd));
  cl::opt<std::string> CheckWriteBaseline("write-baseline", cl::desc("Write the findings to this file"),
                                          cl::sub(CheckCmd));
  cl::opt<bool> CheckDump("dump-config", cl::desc("Print the effective configuration"),
                          cl::sub(CheckCmd));
  cl::list<std::string> ExplainArgs(cl::Positional, cl::desc("<rule-id>"), cl::sub(ExplainCmd));
  cl::SetVersionPrinter([](raw_ostream &OS) { OS << "wattlint 0.1.0\n"; });

  std::string ErrText;
  raw_string_ostream ErrStream(ErrText);
  if (!cl::ParseCommandLineOptions(Argc, Argv, "wattlint: energy linter for neural networks\n",
                                   &ErrStream)) {
    errs() << StringRef(ErrStream.str()).rtrim() << "\n";
    return ExitUsage;
  }
  if (ProfileCmd) {
    ProfileArgs A;
    A.Path = ModelPath;
    A.Dims = DimArgs;
    A.Format = Format;
    A.Target = TargetName;
    A.TargetFile = TargetFile;
    A.Precision = Precision;
    A.NoCost = NoCost;
    A.Scenario.Requests = Requests;
    A.Scenario.Train = Train;
    A.Scenario.Samples = Samples;
    A.Scenario.Epochs = Epochs;
    A.Scenario.Region = RegionName;
    A.Scenario.Pue = PueValue;
    if (PueValue != 0 && (PueValue < 1 || PueValue > 5))
      return fail("--pue must be between 1 and 5");
    if (Train && Epochs == 0)
      return fail("--epochs must be at least 1");
    return runProfile(A);
  }
  if (TargetsCmd)
    return runTargets(TargetsArgs, TargetFile);
  if (CheckCmd) {
    CheckArgs A;
    A.Models = CheckModels;
    A.Dims = CheckDims;
    A.Rules = CheckRules;
    A.Target = CheckTarget;
    A.TargetFile = CheckTargetFile;
    A.Precision = CheckPrecision;
    A.Config = CheckConfig;
    A.Format = CheckFormat;
    A.FailOn = CheckFailOn;
    A.Baseline = CheckBaseline;
    A.WriteBaseline = CheckWriteBaseline;
    A.DumpConfig = CheckDump;
    return runCheck(A);
  }
  if (RulesCmd)
    return runRulesList();
  if (ExplainCmd) {
    if (ExplainArgs.size() != 1)
      return fail("usage: wattlint explain RULE");
    return runExplain(ExplainArgs[0]);
  }
  if (RegionsCmd)
    return runRegions();
  errs() << "usage: wattlint profile MODEL [--dim NAME=VALUE] [--format table|json|csv] [--target T]\n"
         << "       wattlint check MODEL... [--rules GLOBS] [--format text|json] [--fail-on LEVEL]\n"
         << "       wattlint rules | wattlint explain RULE\n"
         << "       wattlint targets [show NAME]\n"
         << "       wattlint regions\n"
         << "       wattlint --help\n";
  return ExitUsage;
}
