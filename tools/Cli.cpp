//===- tools/Cli.cpp - what the commands of the command line share --------===//
#include "tools/Cli.h"
#include "analyzer/Text.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace wattlint {

namespace {
std::string &program() {
  static std::string Name = "wattlint";
  return Name;
}
} // namespace

StringRef programName() { return program(); }

void warnModel(StringRef Path, StringRef W) {
  static StringSet<> Said;
  static const Regex Located("^[^ :]+:[0-9]+:[0-9]+: ");
  if (!Located.match(W)) {
    errs() << program() << ": warning: " << printable(Path) << ": " << printable(W, 4096) << "\n";
    return;
  }
  if (Said.insert(W).second)
    errs() << program() << ": warning: " << printable(W, 4096) << "\n";
}

int fail(const Twine &Msg) {
  // Messages quote model and configuration text: escaped for a terminal.
  errs() << program() << ": error: " << printable(Msg.str(), 4096) << "\n";
  return ExitError;
}

bool parseCommandLine(std::vector<char *> &Args, StringRef Program, StringRef Overview,
                      bool AsksForHelp) {
  // llvm::cl prefixes its errors (a value out of range, an unknown option)
  // with the program's name, some on errs() directly: named so, they read
  // like every other error of ours.
  program() = Program.str();
  std::string Prefix = (Program + ": error").str();
  if (!AsksForHelp && !Args.empty())
    Args[0] = Prefix.data();
  std::string Errors;
  raw_string_ostream Errs(Errors);
  bool Parsed = cl::ParseCommandLineOptions(int(Args.size()), Args.data(), Overview, &Errs);
  std::string Called = "'" + Prefix + " --help'", Meant = ("'" + Program + " --help'").str();
  for (size_t At = Errors.find(Called); At != std::string::npos;
       At = Errors.find(Called, At + Meant.size()))
    Errors.replace(At, Called.size(), Meant);
  errs() << Errors;
  return Parsed;
}

raw_ostream &out() {
  static TerminalSafeStream Out(outs());
  return Out;
}

int finish(int Code) {
  out().flush();
  outs().flush();
  if (outs().has_error()) {
    std::error_code EC = outs().error();
    outs().clear_error();
    return fail("cannot write the output: " + EC.message());
  }
  return Code;
}

Error writeOutputFile(StringRef Path, StringRef Text) {
  std::error_code EC;
  raw_fd_ostream Out(Path, EC);
  if (!EC) {
    {
      TerminalSafeStream Safe(Out);
      Safe << Text;
    }
    Out.close();
    if (Out.has_error()) {
      EC = Out.error();
      Out.clear_error();
    }
  }
  if (EC)
    return createStringError(EC, "%s: cannot write: %s", printable(Path).c_str(),
                             EC.message().c_str());
  return Error::success();
}

Expected<const Session *> Sessions::forModel(StringRef ModelPath) {
  std::string Key = configPathFor(F, ModelPath);
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second.get();
  Expected<Config> C = loadConfig(Key);
  if (!C)
    return C.takeError();
  Expected<Session> S = makeSession(F, std::move(*C));
  if (!S)
    return S.takeError();
  auto &Slot = Cache[Key];
  Slot = std::make_unique<Session>(std::move(*S));
  return Slot.get();
}

} // namespace wattlint
