//===- tools/Cli.cpp - what the commands of the command line share --------===//
#include "tools/Cli.h"
#include "analyzer/Text.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

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

namespace {
/// An option of one value given more than once: llvm::cl keeps the last
/// ("--format json --format csv" writes CSV), which a script that appends
/// flags does not expect. Flags without a value may repeat.
std::string repeatedOption() {
  for (cl::SubCommand *Sub : cl::getRegisteredSubcommands())
    for (const auto &Entry : cl::getRegisteredOptions(*Sub)) {
      const cl::Option *O = Entry.second;
      if (O->getNumOccurrences() > 1 && O->getNumOccurrencesFlag() == cl::Optional &&
          O->getValueExpectedFlag() == cl::ValueRequired && !O->isPositional())
        return "--" + O->ArgStr.str() + " is given " + std::to_string(O->getNumOccurrences()) +
               " times; give it once";
    }
  return "";
}
} // namespace

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
  // One line per error: llvm::cl writes some on two ("Did you mean",
  // "Can specify at most 1 positional arguments: See: ...").
  if (!Errors.empty()) {
    std::string One;
    SmallVector<StringRef, 4> Lines;
    StringRef(Errors).split(Lines, '\n', -1, false);
    for (StringRef L : Lines) {
      L = L.trim();
      L.consume_front(Prefix + ": ");
      L.consume_front(Prefix);
      L = L.trim();
      if (L.empty())
        continue;
      std::string Part = L.str();
      if (size_t At = Part.find("See: " + Prefix + " --help"); At != std::string::npos)
        Part.replace(At, Prefix.size() + 12, "see " + Meant);
      One += (One.empty() ? "" : " ") + Part;
    }
    errs() << Prefix << ": " << One << "\n";
    return false;
  }
  if (Parsed)
    if (std::string Repeated = repeatedOption(); !Repeated.empty()) {
      fail(Repeated);
      return false;
    }
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

/// Opens Path to be written without waiting: a FIFO that nobody reads
/// would block the open for ever (ENXIO instead); once open, writes block
/// as usual. Returns the descriptor, or -1 with errno set.
static int openForWrite(const std::string &Path) {
  int FD;
  do
    FD = ::open(Path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0666);
  while (FD < 0 && errno == EINTR);
  if (FD < 0)
    return -1;
  int Flags = fcntl(FD, F_GETFL);
  if (Flags < 0 || fcntl(FD, F_SETFL, Flags & ~O_NONBLOCK) < 0) {
    int Saved = errno;
    ::close(FD);
    errno = Saved;
    return -1;
  }
  return FD;
}

Error writeOutputFile(StringRef Path, StringRef Text) {
  if (Path == "-") { // as raw_fd_ostream reads the name: standard output
    out() << Text;
    return Error::success();
  }
  auto Failed = [&](std::error_code EC) {
    return createStringError(EC, "%s: cannot write: %s", printable(Path).c_str(),
                             EC == std::errc::no_such_device_or_address
                                 ? "no process reads this FIFO"
                                 : EC.message().c_str());
  };
  int FD = openForWrite(Path.str());
  if (FD < 0)
    return Failed(std::error_code(errno, std::generic_category()));
  raw_fd_ostream Out(FD, /*shouldClose=*/true);
  {
    TerminalSafeStream Safe(Out);
    Safe << Text;
  }
  Out.close();
  if (Out.has_error()) {
    std::error_code EC = Out.error();
    Out.clear_error();
    return Failed(EC);
  }
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
