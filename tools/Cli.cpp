//===- tools/Cli.cpp - what the commands of the command line share --------===//
#include "tools/Cli.h"
#include "analyzer/Text.h"
#include "report/Analysis.h"
#include "tools/reporters/Reporters.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdlib>
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
  // A standard error that cannot be written (closed, a full disk) leaves
  // the exit code as the run decided it: llvm's errs() would otherwise end
  // the process with 1, the code of findings, as it is destroyed. (Run at
  // exit before that destructor: registered after errs() exists.)
  errs();
  static bool Registered = false;
  if (!Registered) {
    Registered = true;
    std::atexit([] { errs().clear_error(); });
  }
  std::string Prefix = (Program + ": error").str();
  if (!AsksForHelp && !Args.empty())
    Args[0] = Prefix.data();
  // llvm::cl reads an argument "@FILE" as a response file, whatever FILE
  // is (/dev/zero, a FIFO, a file outside the model's folder): here such an
  // argument is a path or a value like any other, so it is passed on as
  // "./@FILE", the same file.
  static std::vector<std::unique_ptr<std::string>> AsPaths;
  for (size_t I = 1; I < Args.size(); ++I) {
    if (StringRef(Args[I]) == "--")
      break;
    if (Args[I][0] == '@') {
      AsPaths.push_back(std::make_unique<std::string>(std::string("./") + Args[I]));
      Args[I] = AsPaths.back()->data();
    }
  }
  // An option given an empty value ("--target ''", "--precision=") would
  // read as not given and fall back to its default: refused.
  for (size_t I = 1; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (A == "--")
      break;
    if (!A.starts_with("-"))
      continue;
    StringRef Name = A.ltrim('-'), Value;
    bool Inline = Name.contains('=');
    if (Inline)
      std::tie(Name, Value) = Name.split('=');
    else if (I + 1 < Args.size())
      Value = Args[I + 1];
    else
      continue;
    if (!Value.empty())
      continue;
    StringRef Flag = Inline ? A.split('=').first : A;
    for (cl::SubCommand *Sub : cl::getRegisteredSubcommands()) {
      auto &Opts = cl::getRegisteredOptions(*Sub);
      auto It = Opts.find(Name);
      if (It != Opts.end() && !It->second->isPositional() &&
          It->second->getValueExpectedFlag() == cl::ValueRequired) {
        fail(Flag + " is given an empty value");
        return false;
      }
    }
  }
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

/// Today's findings, the ones a baseline hid included, each keyed by the
/// model's path relative to the baseline file's folder. Budgets are left
/// out: no baseline hides an exceeded budget.
Error writeBaseline(StringRef Path, ArrayRef<Analysis> As) {
  SmallString<256> Dir(Path);
  sys::fs::make_absolute(Dir);
  sys::path::remove_filename(Dir);
  std::string Text;
  raw_string_ostream OS(Text);
  {
    json::OStream J(OS, 1);
    J.object([&] {
      J.attributeArray("findings", [&] {
        for (const Analysis &A : As) {
          std::string Model = keyText(pathKey(A.Path, Dir));
          for (const auto *List : {&A.Findings, &A.Baselined})
            for (const Finding &F : *List)
              if (!isBudgetRule(F.Rule))
                J.object([&] {
                  J.attribute("rule", F.Rule);
                  J.attribute("model", Model);
                  J.attribute("node", keyText(A.keyOf(F)));
                });
        }
      });
    });
  }
  OS << "\n";
  return writeOutputFile(Path, Text);
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
