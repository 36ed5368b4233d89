//===- tools/wattlint.cpp - the wattlint command line ---------------------===//
//
// A thin layer: parses flags with llvm::cl, builds a Session per
// configuration, runs analyze() on each model and hands the Analysis to the
// reporter the --format table names. Exit codes: 0 clean, 1 findings at or
// above the fail level (or a budget exceeded), 2 usage, configuration, input
// or output error.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Text.h"
#include "onnx/OnnxSource.h"
#include "report/Analysis.h"
#include "tools/Cli.h"
#include "tools/Commands.h"
#include "tools/SharedOptions.h"
#include "tools/reporters/Reporters.h"

#include "fmt/format.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <map>

using namespace llvm;
using namespace wattlint;

namespace {

std::string helpOverview() {
  return "wattlint: energy linter for neural networks\n\n"
         "  wattlint profile MODEL     per-node work, time, energy and carbon on a target\n"
         "  wattlint check MODEL...    energy lint rules, a gate for CI and pre-commit\n"
         "  wattlint diff OLD NEW      what a change does to a model; a budget on growth\n"
         "  wattlint report MODEL...   an HTML review report (-o FILE.html)\n"
         "  wattlint compare MODEL...  models x targets x precisions x batches, side by side\n"
         "  wattlint rules | explain RULE | targets [show NAME] | regions\n\n"
         "Settings merge in one order: defaults, the nearest .wattlint.yaml above each model\n"
         "(or --config), then flags. Exit codes: 0 clean; 1 findings at or above --fail-on\n"
         "(default warning) or a budget exceeded; 2 a usage, configuration, input or output\n"
         "error.\n";
}

/// One profile per value of --sweep DIM=V1,V2,...: each is the model bound
/// with DIM=V, in every format one result per value.
int runProfile(const Flags &F, const std::string &Path, ProfileFormat Format,
               const ProfileView &View, StringRef Sweep) {
  std::string Dim;
  std::vector<int64_t> Values;
  if (!Sweep.empty()) {
    auto [Name, List] = Sweep.split('=');
    Dim = Name.trim().str();
    if (Dim.empty() || List.empty())
      return fail("--sweep: '" + printable(Sweep, 64) + "' is not DIM=V1,V2,...");
    Expected<std::vector<int64_t>> Vs = parseBatches(List, "--sweep " + printable(Dim, 64));
    if (!Vs)
      return fail(toString(Vs.takeError()));
    Values = std::move(*Vs);
    for (const std::string &D : F.Dims)
      if (StringRef(D).split('=').first.trim() == Dim)
        return fail("--sweep: '" + printable(Dim, 64) +
                    "' is bound by --dim too; give its values in one of them");
  }
  std::vector<std::string> Outputs;
  size_t Runs = Values.empty() ? 1 : Values.size();
  for (size_t I = 0; I < Runs; ++I) {
    Flags At = F;
    if (!Values.empty())
      At.Dims.push_back(Dim + "=" + std::to_string(Values[I]));
    Sessions Ss(At);
    Expected<const Session *> S = Ss.forModel(Path);
    if (!S)
      return fail(toString(S.takeError()));
    OnnxFile Src(Path);
    Expected<Analysis> A = analyze(Src, **S, AnalyzeOptions());
    if (!A)
      return fail(toString(A.takeError()));
    if (!Values.empty() && !is_contained(A->M->BoundDims, std::make_pair(Dim, Values[I])))
      return fail("--sweep: '" + printable(Dim, 64) + "' is not a symbolic dim of " +
                  printable(Path));
    // The same warnings at every value: said once.
    if (I == 0)
      for (const std::string &W : A->Warnings)
        if (Values.empty() || !StringRef(W).starts_with("--dim " + Dim))
          errs() << "wattlint: warning: " << W << "\n";
    // One profile is streamed: buffered, a 1M-node JSON report would hold
    // about 1 GB at once. A sweep needs every run before it writes.
    if (Values.empty()) {
      writeProfile(Format, *A, View, out());
      // The process ends here: freeing a million-node model node by node
      // would take longer than reading it (clang's -disable-free).
      BuryPointer(std::make_unique<Analysis>(std::move(*A)));
      return finish(ExitClean);
    }
    std::string Text;
    raw_string_ostream OS(Text);
    writeProfile(Format, *A, View, OS);
    Outputs.push_back(std::move(Text));
  }
  writeSweep(Format, Dim, Values, Outputs, out());
  return finish(ExitClean);
}

struct CheckArgs {
  std::vector<std::string> Models;
  CheckFormat Format = CheckFormat::text;
  std::string Baseline, WriteBaseline;
  bool DumpConfig = false;
  bool Color = false;
};

int runCheck(const Flags &F, const CheckArgs &C) {
  if (C.DumpConfig) {
    Sessions Ss(F);
    Expected<const Session *> S = Ss.forModel(C.Models.empty() ? "./model" : C.Models[0]);
    if (!S)
      return fail(toString(S.takeError()));
    dumpSession(**S, out());
    return finish(ExitClean);
  }
  if (C.Models.empty())
    return fail("check needs at least one model");
  std::optional<Baseline> B;
  if (!C.Baseline.empty()) {
    Expected<Baseline> Read = readBaseline(C.Baseline);
    if (!Read)
      return fail(toString(Read.takeError()));
    B = std::move(*Read);
  }
  Ledger L(B ? &*B : nullptr);
  Sessions Ss(F);
  std::vector<Analysis> Results;
  CheckRun Run;
  Run.Color = C.Color;
  for (const std::string &Path : C.Models) {
    Expected<const Session *> S = Ss.forModel(Path);
    Expected<Analysis> A = S ? [&]() -> Expected<Analysis> {
      OnnxFile Src(Path);
      AnalyzeOptions O;
      O.RunRules = true;
      O.L = &L;
      return analyze(Src, **S, O);
    }()
        : Expected<Analysis>(S.takeError());
    if (!A) {
      std::string Msg = toString(A.takeError());
      // One configuration error stops every model under it: said once.
      if (std::none_of(Run.Errors.begin(), Run.Errors.end(),
                       [&](const auto &E) { return E.second == Msg; }))
        errs() << "wattlint: error: " << printable(Msg, 4096) << "\n";
      Run.Errors.push_back({Path, Msg});
      continue;
    }
    for (const std::string &W : A->Warnings)
      warnModel(A->Path, W);
    Results.push_back(std::move(*A));
  }
  Run.Stale = L.stale();
  writeCheck(C.Format, Results, Run, out());
  if (!C.WriteBaseline.empty())
    if (Error E = writeBaseline(C.WriteBaseline, Results)) {
      fail(toString(std::move(E)));
      return finish(ExitError);
    }
  int Code = ExitClean;
  for (const Analysis &A : Results)
    for (const Finding &Fi : A.Findings)
      if (failsGate(Fi, A.S->FailOn.Value))
        Code = ExitFindings;
  if (!Run.Errors.empty())
    Code = ExitError;
  return finish(Code);
}

int runTargets(ArrayRef<std::string> Args, StringRef TargetFile, bool Json) {
  if (Args.empty()) {
    Expected<std::vector<Target>> All = builtinTargets();
    if (!All)
      return fail(toString(All.takeError()));
    // The list holds the file's target too (in place of the one it
    // overrides), so that the file is read and checked, never ignored.
    if (!TargetFile.empty()) {
      Expected<Target> T = resolveTarget("", TargetFile);
      if (!T)
        return fail(toString(T.takeError()));
      auto Same = find_if(*All, [&](const Target &B) { return B.Name == T->Name; });
      if (Same != All->end())
        *Same = std::move(*T);
      else
        All->push_back(std::move(*T));
    }
    writeTargetList(*All, Json, out());
    return finish(ExitClean);
  }
  if (Args.size() != 2 || Args[0] != "show" || Args[1].empty())
    return fail("usage: wattlint targets [show NAME] [--target-file FILE]");
  Expected<Target> T = resolveTarget(Args[1], TargetFile);
  if (!T)
    return fail(toString(T.takeError()));
  writeTarget(*T, Json, out());
  return finish(ExitClean);
}

void writeRuntime(const Runtime &R, bool Json, raw_ostream &OS) {
  const std::pair<const char *, const Sourced *> Numbers[] = {
      {"host_op_us", &R.HostOpUs},
      {"host_inference_us", &R.HostInferenceUs},
      {"conv_kernels", &R.ConvKernels},
      {"conv_host_ops", &R.ConvHostOps},
      {"recurrent_kernels_per_step", &R.RecurrentKernelsPerStep},
      {"train_kernels_per_weight", &R.TrainKernelsPerWeight},
      {"backward_host_op_us", &R.BackwardHostOpUs},
      {"train_step_host_us", &R.TrainStepHostUs}};
  if (Json) {
    json::Object O{
        {"name", R.Name},
        {"display_name", R.DisplayName},
        {"origin", R.Origin},
        {"fp32_default",
         json::Object{{"conv", R.Fp32Conv}, {"matmul", R.Fp32Matmul}, {"source", R.Fp32Source}}},
        {"fusions", json::Object{{"patterns", json::Array(R.Fusions)}, {"source", R.FusionSource}}},
        {"persistent_recurrent", json::Object{{"precisions", json::Array(R.PersistentRecurrentPrecisions)},
                                              {"source", R.PersistentRecurrentSource}}},
        {"capped_convolutions",
         json::Object{{"value", R.CappedConvolutions}, {"source", R.CappedConvolutionsSource}}}};
    for (const auto &[Key, S] : Numbers)
      O[Key] = json::Object{{"value", S->Value}, {"tag", S->Tag}, {"source", S->Source}};
    OS << formatv("{0:2}", json::Value(std::move(O))) << "\n";
    return;
  }
  OS << printable(R.Name) << ": " << printable(R.DisplayName) << "  (" << printable(R.Origin)
     << ")\n";
  for (const auto &[Key, S] : Numbers)
    OS << fmt::format("  {:<28} {:>8g}  [{}] {}\n", Key, S->Value, printable(S->Tag),
                      printable(S->Source));
  OS << fmt::format("  {:<28} conv {}, matmul {}  {}\n", "fp32_default", R.Fp32Conv, R.Fp32Matmul,
                    printable(R.Fp32Source));
  OS << fmt::format("  {:<28} {}  {}\n", "capped_convolutions", R.CappedConvolutions ? "yes" : "no",
                    printable(R.CappedConvolutionsSource));
  OS << fmt::format("  {:<28} {}  {}\n", "persistent_recurrent",
                    R.PersistentRecurrentPrecisions.empty()
                        ? std::string("every precision")
                        : join(R.PersistentRecurrentPrecisions, ", "),
                    printable(R.PersistentRecurrentSource));
  OS << fmt::format("  {:<28} {}  {}\n", "fusions",
                    R.Fusions.empty() ? std::string("none") : join(R.Fusions, ", "),
                    printable(R.FusionSource));
}

int runRuntimes(ArrayRef<std::string> Args, StringRef RuntimeFile, bool Json) {
  if (Args.empty()) {
    Expected<std::vector<Runtime>> All = builtinRuntimes();
    if (!All)
      return fail(toString(All.takeError()));
    if (!RuntimeFile.empty()) { // as for targets: the file's runtime is listed
      Expected<Runtime> R = resolveRuntime("", RuntimeFile);
      if (!R)
        return fail(toString(R.takeError()));
      auto Same = find_if(*All, [&](const Runtime &B) { return B.Name == R->Name; });
      if (Same != All->end())
        *Same = std::move(*R);
      else
        All->push_back(std::move(*R));
    }
    if (Json) {
      json::Array A;
      for (const Runtime &R : *All)
        A.push_back(json::Object{{"name", R.Name},
                                 {"display_name", R.DisplayName},
                                 {"fusions", json::Array(R.Fusions)}});
      out() << formatv("{0:2}", json::Value(std::move(A))) << "\n";
    } else {
      for (const Runtime &R : *All)
        out() << fmt::format("{:<15} {}{}\n", printable(R.Name), printable(R.DisplayName),
                             R.Name == DefaultRuntime ? " (default)" : "");
    }
    return finish(ExitClean);
  }
  if (Args.size() != 2 || Args[0] != "show" || Args[1].empty())
    return fail("usage: wattlint runtimes [show NAME] [--runtime-file FILE]");
  Expected<Runtime> R = resolveRuntime(Args[1], RuntimeFile);
  if (!R)
    return fail(toString(R.takeError()));
  writeRuntime(*R, Json, out());
  return finish(ExitClean);
}

int runRegions(bool Json) {
  Expected<std::vector<Region>> Regions = builtinRegions();
  if (!Regions)
    return fail(toString(Regions.takeError()));
  Expected<std::vector<Pue>> Pues = builtinPues();
  if (!Pues)
    return fail(toString(Pues.takeError()));
  writeRegions(*Regions, *Pues, Json, out());
  return finish(ExitClean);
}

int runExplain(const std::string &Id) {
  StringRef Doc = ruleDoc(Id);
  if (Doc.empty())
    return fail("no rule '" + printable(Id) + "'" + didYouMean(Id, ruleIds()) +
                "; `wattlint rules` lists them");
  out() << Doc;
  return finish(ExitClean);
}

/// True when the command line asks for help or the version, which print the
/// program's name.
bool asksForHelp(int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I) {
    StringRef A = Argv[I];
    if (A.starts_with("--help") || A.starts_with("-help") || A == "-h" || A == "--version" ||
        A == "-version")
      return true;
  }
  return false;
}

} // namespace

int main(int Argc, char **Argv) {
  cl::SubCommand ProfileCmd("profile", "Count the work of every node and cost it on a target");
  cl::SubCommand CheckCmd("check", "Run the energy lint rules on models");
  cl::SubCommand TargetsCmd("targets", "List the hardware targets, or show one with its sources");
  cl::SubCommand RuntimesCmd("runtimes",
                             "List the runtimes (what runs the model), or show one with sources");
  cl::SubCommand RegionsCmd("regions", "List grid regions (gCO2e/kWh) and PUE values");
  cl::SubCommand RulesCmd("rules", "List the rules");
  cl::SubCommand ExplainCmd("explain", "Print a rule's documentation");
  cl::SubCommand DiffCmd("diff", "What a change does to a model: OLD NEW");
  cl::SubCommand ReportCmd("report", "An HTML review report of models (-o FILE.html)");
  cl::SubCommand CompareCmd("compare", "Models side by side across targets, precisions, batches");

  // Options that profile and check share (with wattlint-cxx).
  cl::OptionCategory Shared("Model and target");
  SharedSubcommands Subs{{&ProfileCmd, &CheckCmd, &DiffCmd, &ReportCmd, &CompareCmd},
                         {&ProfileCmd, &CheckCmd, &TargetsCmd, &DiffCmd, &ReportCmd, &CompareCmd},
                         {&ProfileCmd, &CheckCmd, &DiffCmd, &ReportCmd, &CompareCmd, &RuntimesCmd},
                         ProfileCmd,
                         CheckCmd,
                         DiffCmd};
  SharedOptions Opts(Subs, Shared);

  // profile
  cl::opt<std::string> ModelPath(cl::Positional, cl::desc("<model.onnx>"), cl::Required,
                                 cl::sub(ProfileCmd));
  cl::opt<uint64_t> Requests("requests", cl::desc("Scenario: serve N samples"), cl::init(0),
                             cl::sub(ProfileCmd));
  cl::opt<bool> Train("train", cl::desc("Scenario: a training run (with --samples, --epochs)"),
                      cl::sub(ProfileCmd));
  cl::opt<uint64_t> Samples("samples", cl::desc("Training samples per epoch"), cl::init(0),
                            cl::sub(ProfileCmd));
  cl::opt<uint64_t> Epochs("epochs", cl::desc("Training epochs"), cl::init(1), cl::sub(ProfileCmd));
  cl::opt<std::string> SweepArg(
      "sweep", cl::desc("Cost the model at each value of a dim, e.g. N=1,8,64 (one result each)"),
      cl::value_desc("DIM=V1,V2,..."), cl::sub(ProfileCmd));

  // diff
  cl::list<std::string> DiffModels(cl::Positional, cl::desc("<old.onnx> <new.onnx>"),
                                   cl::sub(DiffCmd));

  // report and compare
  cl::list<std::string> ReviewModels(cl::Positional, cl::desc("<model.onnx>..."),
                                     cl::sub(ReportCmd), cl::sub(CompareCmd));
  ReviewOptions Review(ReportCmd, CompareCmd);

  // check
  cl::list<std::string> CheckModels(cl::Positional, cl::desc("<model.onnx>..."), cl::sub(CheckCmd));
  cl::opt<bool> DumpConfig("dump-config",
                           cl::desc("Print the effective settings, each with its origin"),
                           cl::sub(CheckCmd));

  // lists
  cl::list<std::string> TargetsArgs(cl::Positional, cl::desc("[show NAME]"), cl::sub(TargetsCmd));
  cl::list<std::string> RuntimesArgs(cl::Positional, cl::desc("[show NAME]"), cl::sub(RuntimesCmd));
  cl::opt<bool> ListJson("json", cl::desc("Same as --format json"), cl::Hidden, cl::sub(TargetsCmd),
                         cl::sub(RuntimesCmd), cl::sub(RegionsCmd), cl::sub(RulesCmd));
  enum class ListFormat { Text, Json };
  cl::opt<ListFormat> LFormat("format", cl::desc("Output format"), cl::init(ListFormat::Text),
                              cl::values(clEnumValN(ListFormat::Text, "text", "a table"),
                                         clEnumValN(ListFormat::Json, "json", "JSON")),
                              cl::sub(TargetsCmd), cl::sub(RuntimesCmd), cl::sub(RegionsCmd),
                              cl::sub(RulesCmd));
  cl::list<std::string> ExplainArgs(cl::Positional, cl::desc("<rule-id>"), cl::sub(ExplainCmd));
  cl::SetVersionPrinter([](raw_ostream &OS) { OS << "wattlint " WATTLINT_VERSION "\n"; });

  std::vector<char *> Args(Argv, Argv + Argc);
  if (!parseCommandLine(Args, "wattlint", helpOverview(), asksForHelp(Argc, Argv)))
    return ExitError;

  if (std::optional<std::string> Empty = Opts.emptyPath())
    return fail(*Empty);
  Flags F = Opts.flags();
  bool Json = LFormat == ListFormat::Json || ListJson;

  if (ProfileCmd) {
    F.Requests = Requests;
    F.Train = Train;
    F.Samples = Samples;
    F.Epochs = Epochs;
    if (F.NoCost && (Requests || Train || !F.Region.empty() || F.Pue || F.PowerLimit))
      return fail("--no-cost leaves no energy for a scenario (--requests, --train, --region, "
                  "--pue, --power-limit)");
    return runProfile(F, ModelPath, Opts.ProfileFmt, Opts.view(), SweepArg);
  }
  if (CheckCmd) {
    CheckArgs C;
    C.Models = CheckModels;
    C.Format = Opts.CheckFmt;
    C.Baseline = Opts.Baseline;
    C.WriteBaseline = Opts.WriteBaseline;
    C.DumpConfig = DumpConfig;
    C.Color = Opts.color();
    return runCheck(F, C);
  }
  if (DiffCmd) {
    if (DiffModels.size() != 2)
      return fail("usage: wattlint diff OLD NEW [--format text|json|markdown] "
                  "[--fail-on-increase PCT [--metric M]]");
    DiffArgs D;
    D.Old = DiffModels[0];
    D.New = DiffModels[1];
    if (std::optional<std::string> Bad = Opts.diffSettings(D))
      return fail(*Bad);
    return runDiff(F, D);
  }
  if (ReportCmd || CompareCmd) {
    std::vector<std::unique_ptr<ModelSource>> Srcs;
    for (const std::string &Path : ReviewModels)
      Srcs.push_back(std::make_unique<OnnxFile>(Path));
    if (ReportCmd)
      return runReport(F, Srcs, Review.sweep(), Review.OutPath);
    return runCompare(F, Srcs, Review.sweep(), Review.CmpFormat);
  }
  if (TargetsCmd)
    return runTargets(TargetsArgs, Opts.TargetFile, Json);
  if (RuntimesCmd)
    return runRuntimes(RuntimesArgs, Opts.RuntimeFile, Json);
  if (RegionsCmd)
    return runRegions(Json);
  if (RulesCmd) {
    writeRules(Json, out());
    return finish(ExitClean);
  }
  if (ExplainCmd) {
    if (ExplainArgs.size() != 1)
      return fail("usage: wattlint explain RULE");
    return runExplain(ExplainArgs[0]);
  }
  return fail("no command given: profile, check, diff, report, compare, rules, explain, targets, "
              "runtimes or regions (see 'wattlint --help')");
}
