//===- tools/wattlint-cxx.cpp - wattlint for LibTorch C++ models ----------===//
//
// The command line of the C++ front end: the same sessions, analysis and
// reporters as wattlint, on models read from C++ sources through Clang
// (libtorch/). Its own executable, so that wattlint never links Clang.
//   wattlint-cxx profile SOURCE... --input x=[N,1,28,28] [wattlint profile options]
//   wattlint-cxx check SOURCE...   [wattlint check options]
//   wattlint-cxx modules SOURCE... [--format text|json]
// LibTorch's API comes from stub headers built in (--headers=stubs) or
// the real ones (--headers=system). Compiler flags come from
// compile_commands.json (-p DIR, or the nearest above the first source)
// and flags after `--`. Exit codes as wattlint's: 0 clean, 1 findings or a
// budget exceeded, 2 an error.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Files.h"
#include "analyzer/Text.h"
#include "libtorch/Frontend.h"
#include "report/Analysis.h"
#include "tools/Cli.h"
#include "tools/Commands.h"
#include "tools/CxxText.h"
#include "tools/SharedOptions.h"
#include "tools/reporters/Reporters.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace llvm;
using namespace wattlint;

namespace {

/// One message for the error and exit code 2; a front-end error that is
/// already a compiler diagnostic ("file:3:5: error: ...") is printed as is.
int failCxx(const std::string &Msg) {
  if (StringRef(Msg).contains(": error: "))
    errs() << printable(Msg, 4096) << "\n";
  else
    errs() << "wattlint-cxx: error: " << printable(Msg, 4096) << "\n";
  return ExitError;
}

/// The folder of the cached precompiled stub headers: the flag's, else
/// $WATTLINT_CACHE_DIR, else the user's cache folder's "wattlint"
/// ($XDG_CACHE_HOME or ~/.cache); "" when there is none.
std::string pchCacheDir(StringRef Flag) {
  if (!Flag.empty())
    return Flag.str();
  if (const char *Env = std::getenv("WATTLINT_CACHE_DIR"); Env && *Env)
    return Env;
  SmallString<256> Dir;
  if (!sys::path::cache_directory(Dir))
    return "";
  sys::path::append(Dir, "wattlint");
  return std::string(Dir);
}

/// What became of the precompiled stubs, with --verbose only: the result
/// is the same with them or without.
void notePch(const cxx::Discovery &D, bool Verbose) {
  for (const std::string &N : D.PchNotes)
    if (Verbose)
      errs() << "wattlint-cxx: note: " << printable(N) << "\n";
}

void warnProblems(const cxx::Discovery &D) {
  for (const std::string &N : D.FlagNotes)
    errs() << "wattlint-cxx: note: " << printable(N) << "\n";
  for (const std::string &H : D.SkippedHeaders)
    errs() << "wattlint-cxx: note: header '" << printable(H) << "' not found: skipped\n";
  for (const cxx::ModelEntry &M : D.Models)
    for (const std::string &H : M.Holes)
      errs() << "wattlint-cxx: note: " << printable(M.Path) << ": " << M.Class
             << "'s constructor parameter '" << H
             << "' is known only at run time: bind it with --arg " << H << "=VALUE\n";
  for (const cxx::ModelEntry &M : D.Models)
    for (const std::string &H : M.OptionHoles)
      errs() << "wattlint-cxx: note: " << printable(M.Path) << ": " << M.Class << " reads option '"
             << printable(H) << "', known only at run time: bind it with --arg " << printable(H)
             << "=VALUE\n";
}

Expected<std::vector<std::unique_ptr<ModelSource>>>
openModels(const cxx::FrontendOptions &O, bool Verbose, std::unique_ptr<cxx::Project> &Keep) {
  Expected<std::unique_ptr<cxx::Project>> P = cxx::Project::open(O);
  if (!P)
    return P.takeError();
  Keep = std::move(*P);
  const cxx::Discovery &D = Keep->discovery();
  notePch(D, Verbose);
  warnProblems(D);
  Expected<std::vector<std::unique_ptr<ModelSource>>> Ms = Keep->models();
  if (!Ms) {
    // The refusal names the first model not built: what the program runs
    // it on, if it shows that, is said with it.
    std::string Why = toString(Ms.takeError());
    for (const cxx::ModelEntry &M : D.Models)
      if (!M.NotBuilt.empty()) {
        Why += suggestedInputText(M);
        break;
      }
    return createStringError(inconvertibleErrorCode(), "%s", Why.c_str());
  }
  for (const cxx::ModelEntry &M : D.Models)
    if (!M.NotBuilt.empty())
      errs() << "wattlint-cxx: note: " << printable(M.Path) << ": " << M.Class
             << " is not analyzed: " << printable(M.NotBuilt + suggestedInputText(M)) << "\n";
  return Ms;
}

/// Each version's sources (a comma-separated list) open as a project of
/// their own; each must hold one model (--model picks it).
int runDiffCxx(const Flags &F, const cxx::FrontendOptions &Base, bool Verbose, const DiffArgs &D) {
  std::unique_ptr<cxx::Project> Projects[2];
  std::unique_ptr<ModelSource> Models[2];
  for (int I = 0; I < 2; ++I) {
    cxx::FrontendOptions O = Base;
    O.Sources.clear();
    for (StringRef S : split(I == 0 ? D.Old : D.New, ','))
      if (!S.trim().empty())
        O.Sources.push_back(S.trim().str());
    if (O.Sources.empty())
      return failCxx(std::string(I == 0 ? "OLD" : "NEW") + " names no source");
    Expected<std::vector<std::unique_ptr<ModelSource>>> Ms = openModels(O, Verbose, Projects[I]);
    if (!Ms)
      return failCxx(toString(Ms.takeError()));
    if (Ms->size() != 1)
      return failCxx(printable(I == 0 ? D.Old : D.New) + " holds " + std::to_string(Ms->size()) +
                     " models: name the one to diff with --model");
    Models[I] = std::move(Ms->front());
  }
  return runDiffOf(F, D, *Models[0], *Models[1]);
}

int runProfile(const Flags &F, const cxx::FrontendOptions &O, bool Verbose, ProfileFormat Format,
               const ProfileView &View) {
  std::unique_ptr<cxx::Project> P;
  Expected<std::vector<std::unique_ptr<ModelSource>>> Ms = openModels(O, Verbose, P);
  if (!Ms)
    return failCxx(toString(Ms.takeError()));
  // JSON and CSV are one document of one model (docs/profile-json.md):
  // several models one after another would be none.
  if (Format != ProfileFormat::table && Ms->size() > 1)
    return failCxx("the sources hold " + std::to_string(Ms->size()) +
                   " models: name the one to profile with --model (a JSON or CSV profile is "
                   "one model's), or use --format table");
  Sessions Ss(F);
  for (const std::unique_ptr<ModelSource> &M : *Ms) {
    Expected<const Session *> S = Ss.forModel(M->path());
    if (!S)
      return failCxx(toString(S.takeError()));
    Expected<Analysis> A = analyze(*M, **S, AnalyzeOptions());
    if (!A)
      return failCxx(toString(A.takeError()));
    for (const std::string &W : A->Warnings)
      warnModel(A->Path, W);
    writeProfile(Format, *A, View, out());
  }
  return finish(ExitClean);
}

struct CheckArgs {
  CheckFormat Format = CheckFormat::text;
  std::string Baseline, WriteBaseline;
  bool Color = false, Verbose = false;
};

int runCheck(const Flags &F, const cxx::FrontendOptions &O, const CheckArgs &C) {
  std::optional<Baseline> B;
  if (!C.Baseline.empty()) {
    Expected<Baseline> Read = readBaseline(C.Baseline);
    if (!Read)
      return failCxx(toString(Read.takeError()));
    B = std::move(*Read);
  }
  std::unique_ptr<cxx::Project> P;
  Expected<std::vector<std::unique_ptr<ModelSource>>> Ms = openModels(O, C.Verbose, P);
  if (!Ms)
    return failCxx(toString(Ms.takeError()));
  Ledger L(B ? &*B : nullptr);
  Sessions Ss(F);
  std::vector<Analysis> Results;
  CheckRun Run;
  Run.Color = C.Color;
  for (const std::unique_ptr<ModelSource> &M : *Ms) {
    Expected<const Session *> S = Ss.forModel(M->path());
    if (!S)
      return failCxx(toString(S.takeError()));
    AnalyzeOptions AO;
    AO.RunRules = true;
    AO.L = &L;
    Expected<Analysis> A = analyze(*M, **S, AO);
    if (!A)
      return failCxx(toString(A.takeError()));
    for (const std::string &W : A->Warnings)
      warnModel(A->Path, W);
    Results.push_back(std::move(*A));
  }
  Run.Stale = L.stale();
  std::map<std::string, const cxx::ModelEntry *> Models;
  for (const cxx::ModelEntry &M : P->discovery().Models)
    Models[M.Path] = &M;
  if (C.Format == CheckFormat::text)
    writeCxxCheckText(Results, Run, Models, out());
  else
    writeCheck(C.Format, Results, Run, out());
  if (!C.WriteBaseline.empty())
    if (Error E = writeBaseline(C.WriteBaseline, Results))
      return failCxx(toString(std::move(E)));
  int Code = ExitClean;
  for (const Analysis &A : Results)
    for (const Finding &Fi : A.Findings)
      if (failsGate(Fi, A.S->FailOn.Value))
        Code = ExitFindings;
  return finish(Code);
}

/// report and compare: every model the sources hold.
int runReview(const Flags &F, const cxx::FrontendOptions &O, bool Verbose, const ReviewOptions &R,
              bool Report) {
  std::unique_ptr<cxx::Project> P;
  Expected<std::vector<std::unique_ptr<ModelSource>>> Ms = openModels(O, Verbose, P);
  if (!Ms)
    return failCxx(toString(Ms.takeError()));
  if (Report)
    return runReport(F, *Ms, R.sweep(), R.OutPath);
  return runCompare(F, *Ms, R.sweep(), R.CmpFormat);
}

int runModules(const cxx::FrontendOptions &O, bool Verbose, bool Json) {
  Expected<std::unique_ptr<cxx::Project>> P = cxx::Project::open(O);
  if (!P)
    return failCxx(toString(P.takeError()));
  notePch((*P)->discovery(), Verbose);
  writeCxxModules((*P)->discovery(), Json, out());
  return finish(ExitClean);
}

std::string helpOverview() {
  return "wattlint-cxx: wattlint for LibTorch C++ models, read from the source\n\n"
         "  wattlint-cxx profile SOURCE... --input x=[N,1,28,28]   per-layer work and cost\n"
         "  wattlint-cxx check SOURCE...     energy lint rules, findings at file:line:col\n"
         "  wattlint-cxx modules SOURCE...   module classes, layers, bindings, unresolved "
         "values\n"
         "  wattlint-cxx diff OLD NEW        what a change does to a model\n"
         "  wattlint-cxx report SOURCE... -o FILE.html   an HTML review report\n"
         "  wattlint-cxx compare SOURCE...   the models across targets, precisions, batches\n\n"
         "Sources are parsed against built-in stub LibTorch headers (no libtorch needed),\n"
         "or with --headers=system against the real ones on the include path; other\n"
         "headers that are not found are skipped. The stubs are precompiled once per set of\n"
         "flags and cached (--cache-dir; --no-pch-cache parses them as they are): the\n"
         "results are the same. Compiler flags (include paths, defines,\n"
         "-std) come from compile_commands.json: in the folder -p DIR, else the nearest\n"
         "one above the first source; a source with no entry takes the flags of the\n"
         "nearest file's entry. Flags after `--` are added to the database's; with `--`\n"
         "and no -p, no database is looked for. Input shapes come from --input or a\n"
         "`// wattlint: input x=[N,1,28,28]` comment; symbolic dims are bound with\n"
         "--dim. Suppress a finding with `// wattlint: allow RULE` on the\n"
         "layer's line or the line above. Exit codes: 0 clean, 1 findings at or above\n"
         "--fail-on or a budget exceeded, 2 a usage, source, configuration or output error.\n";
}

/// Splits the command line at `--`: what follows is for the compiler.
/// True when there is a `--`.
bool splitAtDashes(int Argc, char **Argv, std::vector<char *> &Args,
                   std::vector<std::string> &Extra) {
  bool Rest = false;
  for (int I = 0; I < Argc; ++I) {
    if (!Rest && StringRef(Argv[I]) == "--" && I > 0) {
      Rest = true;
      continue;
    }
    if (Rest)
      Extra.push_back(Argv[I]);
    else
      Args.push_back(Argv[I]);
  }
  return Rest;
}

bool parseArgs(std::vector<char *> &Args) {
  bool Help = any_of(Args, [](const char *A) {
    StringRef S(A);
    return S.starts_with("--help") || S.starts_with("-help") || S == "-h" || S == "--version";
  });
  return parseCommandLine(Args, "wattlint-cxx", helpOverview(), Help);
}

} // namespace

namespace {
int cxxMain(int Argc, char **Argv) {
  std::vector<char *> Args;
  std::vector<std::string> Extra;
  bool DashDash = splitAtDashes(Argc, Argv, Args, Extra);
  cl::SubCommand ProfileCmd("profile", "Count and cost every layer of C++ models");
  cl::SubCommand CheckCmd("check", "Run the energy lint rules on C++ models");
  cl::SubCommand ModulesCmd("modules", "List the module classes, layers and unresolved values");
  cl::SubCommand DiffCmd("diff", "What a change does to a C++ model: OLD NEW, each SOURCE[,SOURCE...]");
  cl::SubCommand ReportCmd("report", "An HTML review report of C++ models (-o FILE.html)");
  cl::SubCommand CompareCmd("compare",
                            "C++ models side by side across targets, precisions, batches");
  cl::OptionCategory Model("Model");
  cl::OptionCategory Compile("Headers and compiler flags");
  cl::opt<cxx::HeaderMode> Headers(
      "headers", cl::desc("Where LibTorch's API comes from"), cl::init(cxx::HeaderMode::Stubs),
      cl::values(clEnumValN(cxx::HeaderMode::Stubs, "stubs",
                            "stub headers built into wattlint-cxx (default; no libtorch needed)"),
                 clEnumValN(cxx::HeaderMode::Stubs, "stub", "the same as stubs"),
                 clEnumValN(cxx::HeaderMode::System, "system",
                            "the real headers, found on the include path of "
                            "compile_commands.json or of the flags after `--`")),
      cl::sub(ProfileCmd), cl::sub(CheckCmd), cl::sub(ModulesCmd), cl::sub(DiffCmd),
      cl::sub(ReportCmd), cl::sub(CompareCmd), cl::cat(Compile));
  cl::opt<std::string> BuildDir(
      "p",
      cl::desc("The folder holding compile_commands.json (default: the nearest one above the "
               "first source, unless flags follow `--`)"),
      cl::value_desc("DIR"), cl::sub(ProfileCmd), cl::sub(CheckCmd), cl::sub(ModulesCmd),
      cl::sub(DiffCmd), cl::sub(ReportCmd), cl::sub(CompareCmd), cl::cat(Compile));
  cl::opt<bool> NoPchCache(
      "no-pch-cache",
      cl::desc("Parse against the stub headers as they are, not their cached precompiled header"),
      cl::sub(ProfileCmd), cl::sub(CheckCmd), cl::sub(ModulesCmd), cl::sub(DiffCmd),
      cl::sub(ReportCmd), cl::sub(CompareCmd), cl::cat(Compile));
  cl::opt<std::string> CacheDir(
      "cache-dir",
      cl::desc("Where the precompiled stub headers are cached (default: $WATTLINT_CACHE_DIR, "
               "else $XDG_CACHE_HOME/wattlint or ~/.cache/wattlint)"),
      cl::value_desc("DIR"), cl::sub(ProfileCmd), cl::sub(CheckCmd), cl::sub(ModulesCmd),
      cl::sub(DiffCmd), cl::sub(ReportCmd), cl::sub(CompareCmd), cl::cat(Compile));
  cl::opt<bool> Verbose("verbose",
                        cl::desc("Say whether the precompiled stub headers were read from the "
                                 "cache, built or rejected"),
                        cl::sub(ProfileCmd), cl::sub(CheckCmd), cl::sub(ModulesCmd),
                        cl::sub(DiffCmd), cl::sub(ReportCmd), cl::sub(CompareCmd),
                        cl::cat(Compile));
  cl::list<std::string> Sources(cl::Positional, cl::desc("<source.cpp>..."), cl::OneOrMore,
                                cl::sub(ProfileCmd), cl::sub(CheckCmd), cl::sub(ModulesCmd),
                                cl::sub(ReportCmd), cl::sub(CompareCmd));
  cl::list<std::string> Inputs(
      "input",
      cl::desc("forward()'s input shape: NAME=[DIMS] or [DIMS], a dtype before the bracket "
               "(x=i64[N,T]), a tuple in parentheses (hx=([1,N,H],[1,N,H])) (repeatable)"),
      cl::value_desc("x=[N,1,28,28]"), cl::sub(ProfileCmd), cl::sub(CheckCmd), cl::sub(ModulesCmd),
      cl::sub(DiffCmd), cl::sub(ReportCmd), cl::sub(CompareCmd), cl::cat(Model));
  cl::list<std::string> CtorArgs(
      "arg", cl::desc("Bind a constructor parameter: NAME=VALUE (repeatable)"),
      cl::value_desc("NAME=VALUE"), cl::sub(ProfileCmd), cl::sub(CheckCmd), cl::sub(ModulesCmd),
      cl::sub(DiffCmd), cl::sub(ReportCmd), cl::sub(CompareCmd), cl::cat(Model));
  cl::opt<std::string> ModelName("model",
                                 cl::desc("The module class to analyze (default: every "
                                          "class no other module contains)"),
                                 cl::sub(ProfileCmd), cl::sub(CheckCmd), cl::sub(ModulesCmd),
                                 cl::sub(DiffCmd), cl::sub(ReportCmd), cl::sub(CompareCmd),
                                 cl::cat(Model));
  cl::list<std::string> DiffSources(cl::Positional,
                                    cl::desc("<old.cpp[,more.cpp]> <new.cpp[,more.cpp]>"),
                                    cl::sub(DiffCmd));
  SharedSubcommands Subs{{&ProfileCmd, &CheckCmd, &DiffCmd, &ReportCmd, &CompareCmd},
                         {&ProfileCmd, &CheckCmd, &DiffCmd, &ReportCmd, &CompareCmd},
                         {&ProfileCmd, &CheckCmd, &DiffCmd, &ReportCmd, &CompareCmd},
                         ProfileCmd,
                         CheckCmd,
                         DiffCmd};
  SharedOptions Opts(Subs, Model);
  ReviewOptions Review(ReportCmd, CompareCmd);
  // modules
  cl::opt<bool> ModulesJson("json", cl::desc("JSON output"), cl::sub(ModulesCmd));
  cl::SetVersionPrinter([](raw_ostream &OS) { OS << "wattlint-cxx " WATTLINT_VERSION "\n"; });

  if (!parseArgs(Args))
    return ExitError;

  cxx::FrontendOptions O;
  O.Sources = Sources;
  O.ExtraArgs = Extra;
  O.ExplicitFlags = DashDash;
  O.BuildDir = BuildDir;
  O.Headers = Headers;
  if (!NoPchCache)
    O.PchCache = pchCacheDir(CacheDir);
  O.Inputs = Inputs;
  O.Args = CtorArgs;
  O.Model = ModelName;
  if (std::optional<std::string> Empty = Opts.emptyPath())
    return fail(*Empty);
  Flags F = Opts.flags();
  if (ProfileCmd)
    return runProfile(F, O, Verbose, Opts.ProfileFmt, Opts.view());
  if (CheckCmd)
    return runCheck(F, O,
                    {Opts.CheckFmt, Opts.Baseline, Opts.WriteBaseline, Opts.color(), Verbose});
  if (ModulesCmd)
    return runModules(O, Verbose, ModulesJson);
  if (ReportCmd || CompareCmd)
    return runReview(F, O, Verbose, Review, static_cast<bool>(ReportCmd));
  if (DiffCmd) {
    if (DiffSources.size() != 2)
      return failCxx("usage: wattlint-cxx diff OLD.cpp[,MORE.cpp] NEW.cpp[,MORE.cpp] "
                     "--input x=[...] [--format text|json|markdown] [--fail-on-increase PCT]");
    DiffArgs D;
    D.Old = DiffSources[0];
    D.New = DiffSources[1];
    if (std::optional<std::string> Bad = Opts.diffSettings(D))
      return failCxx(*Bad);
    return runDiffCxx(F, O, Verbose, D);
  }
  errs() << "usage: wattlint-cxx profile SOURCE... --input x=[N,1,28,28] [--dim N=1]\n"
         << "                 [--headers stubs|system] [-p BUILD_DIR] [-- COMPILER-FLAGS]\n"
         << "                 [--no-pch-cache | --cache-dir DIR] [--verbose]\n"
         << "       wattlint-cxx check SOURCE... [--rules GLOBS] [--format text|json|sarif]\n"
         << "       wattlint-cxx modules SOURCE... [--json]\n"
         << "       wattlint-cxx diff OLD.cpp[,MORE.cpp] NEW.cpp[,MORE.cpp] --input x=[...]\n"
         << "       wattlint-cxx report SOURCE... -o FILE.html\n"
         << "       wattlint-cxx compare SOURCE... [--targets T1,T2] [--precisions P1,P2]\n"
         << "       wattlint-cxx --help\n";
  return ExitError;
}
} // namespace

int main(int Argc, char **Argv) {
  return cxx::runOnLargeStack([&] { return cxxMain(Argc, Argv); });
}
