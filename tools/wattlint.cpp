//===- tools/wattlint.cpp - the wattlint command line ---------------------===//
//
// `wattlint profile MODEL [--dim N=..] [--format table|json|csv]`.
// Exit codes: 0 success, 1 findings (later subcommands), 2 usage or input error.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Profile.h"
#include "onnx/OnnxReader.h"
#include "tools/Report.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace wattlint;

namespace {

constexpr int ExitUsage = 2;

int fail(const Twine &Msg) {
  errs() << "wattlint: error: " << Msg << "\n";
  return ExitUsage;
}

/// Parses NAME=VALUE dim bindings.
Expected<std::map<std::string, int64_t>> parseDims(ArrayRef<std::string> Args) {
  std::map<std::string, int64_t> Dims;
  for (const std::string &A : Args) {
    auto [Name, Val] = StringRef(A).split('=');
    int64_t V = 0;
    if (Name.empty() || Val.empty() || Val.getAsInteger(10, V) || V < 0 || V > (int64_t(1) << 40))
      return createStringError(inconvertibleErrorCode(),
                               "--dim expects NAME=VALUE with 0 <= VALUE <= 2^40, got '%s'",
                               A.c_str());
    Dims[Name.str()] = V;
  }
  return Dims;
}

int runProfile(StringRef Path, ArrayRef<std::string> DimArgs, StringRef Format) {
  if (Format != "table" && Format != "json" && Format != "csv")
    return fail("--format must be table, json or csv, not '" + Format + "'");
  auto Dims = parseDims(DimArgs);
  if (!Dims)
    return fail(toString(Dims.takeError()));
  ReadOptions Opts;
  Opts.Dims = *Dims;
  Expected<Model> M = readOnnxModel(Path, Opts);
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
    return fail(Path + ": " + toString(P.takeError()));
  if (Format == "json")
    writeProfileJson(*M, *P, outs());
  else if (Format == "csv")
    writeProfileCsv(*M, *P, outs());
  else
    writeProfileTable(*M, *P, outs());
  return 0;
}

} // namespace

int main(int Argc, char **Argv) {
  cl::SubCommand ProfileCmd("profile", "Count MACs, FLOPs, parameters and bytes of every node");
  cl::opt<std::string> ModelPath(cl::Positional, cl::desc("<model.onnx>"), cl::Required,
                                 cl::sub(ProfileCmd));
  cl::list<std::string> DimArgs("dim", cl::desc("Bind a symbolic dim: NAME=VALUE (repeatable)"),
                                cl::value_desc("NAME=VALUE"), cl::sub(ProfileCmd));
  cl::opt<std::string> Format("format", cl::desc("Output format: table, json or csv"),
                              cl::init("table"), cl::sub(ProfileCmd));
  cl::SetVersionPrinter([](raw_ostream &OS) { OS << "wattlint 0.1.0\n"; });

  std::string ErrText;
  raw_string_ostream ErrStream(ErrText);
  if (!cl::ParseCommandLineOptions(Argc, Argv, "wattlint: energy linter for neural networks\n",
                                   &ErrStream)) {
    errs() << StringRef(ErrStream.str()).rtrim() << "\n";
    return ExitUsage;
  }
  if (ProfileCmd)
    return runProfile(ModelPath, DimArgs, Format);
  errs() << "usage: wattlint profile MODEL [--dim NAME=VALUE] [--format table|json|csv]\n"
         << "       wattlint --help\n";
  return ExitUsage;
}
