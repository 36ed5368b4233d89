//===- libtorch/CompileFlags.cpp - flags from compile_commands.json -------===//
//
// LibTooling's conventions: the database is the JSON file in the folder
// given (clang-tidy's -p) or the nearest one above the first source; flags
// given as such (after `--`) mean that none is looked for. A source with no
// entry takes an entry inferred from the nearest file's (clang's
// InterpolatingCompilationDatabase, as clang-tidy and clangd do).
//
//===----------------------------------------------------------------------===//
#include "libtorch/CompileFlags.h"
#include "analyzer/Files.h"
#include "analyzer/Text.h"

#include "clang/Driver/Options.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"

#include <cstring>

using namespace clang;
using namespace llvm;

namespace wattlint {
namespace cxx {

namespace {

constexpr const char *DatabaseName = "compile_commands.json";

/// Path made absolute (from Base, else the working directory), without
/// `.` and `..`.
std::string absolute(StringRef Path, StringRef Base = "") {
  SmallString<256> Abs(Path);
  if (!Base.empty() && !sys::path::is_absolute(Abs))
    Abs = (Base + "/" + Path).str();
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, true);
  return std::string(Abs);
}

/// The database in File; files without an entry get one inferred. The file
/// is read as untrusted (a repository's own database is found without being
/// asked for): a regular file of bounded size whose nesting is that of a
/// database, before LLVM's parser recurses.
Expected<std::unique_ptr<tooling::CompilationDatabase>> load(StringRef File) {
  // A compilation database of a model's repository is small; LLVM's reader
  // takes about twenty times its size in memory.
  constexpr uint64_t MaxDatabaseBytes = uint64_t(64) << 20;
  Expected<std::unique_ptr<MemoryBuffer>> Text = readSmallFile(File, MaxDatabaseBytes);
  if (!Text)
    return Text.takeError();
  if (bracketNesting((*Text)->getBuffer(), "[{", "]}", BracketSyntax::Json) > 8)
    return createStringError(inconvertibleErrorCode(),
                             "%s: nested deeper than a compilation database", File.str().c_str());
  // LLVM's loader reads the file with its YAML parser, which prints its
  // errors itself with the file's line (raw bytes on a terminal): the file
  // must be JSON first, its error escaped.
  if (Expected<json::Value> Parsed = json::parse((*Text)->getBuffer()); !Parsed)
    return createStringError(inconvertibleErrorCode(), "%s: not JSON: %s", printable(File).c_str(),
                             printable(toString(Parsed.takeError())).c_str());
  std::string Err;
  std::unique_ptr<tooling::JSONCompilationDatabase> DB =
      tooling::JSONCompilationDatabase::loadFromBuffer((*Text)->getBuffer(), Err,
                                                       tooling::JSONCommandLineSyntax::AutoDetect);
  // LLVM's message quotes the file's line: its bytes escaped on the way out.
  if (!DB)
    return createStringError(inconvertibleErrorCode(), "%s: %s", printable(File).c_str(),
                             printable(Err).c_str());
  return tooling::inferMissingCompileCommands(std::move(DB));
}

/// The database in the folder of Source or the nearest one above; "" when
/// there is none.
std::string findAbove(StringRef Source) {
  std::string Dir = absolute(Source);
  for (StringRef D = sys::path::parent_path(Dir); !D.empty(); D = sys::path::parent_path(D)) {
    SmallString<256> F(D);
    sys::path::append(F, DatabaseName);
    if (sys::fs::is_regular_file(F))
      return std::string(F);
  }
  return "";
}

/// Args with each `@file` (a response file, as CMake and Ninja write for long
/// command lines) replaced by the arguments it holds, GNU-quoted, a relative
/// name from the entry's folder; nested files too, up to 8 deep. Each must be
/// a regular file of at most 1 MiB.
Error expandResponseFiles(tooling::CommandLineArguments &Args, StringRef Directory,
                          unsigned Depth = 0) {
  tooling::CommandLineArguments Out;
  for (const std::string &A : Args) {
    if (!StringRef(A).starts_with("@") || A.size() == 1) {
      Out.push_back(A);
      continue;
    }
    if (Depth >= 8)
      return createStringError(inconvertibleErrorCode(),
                               "response file %s: nested more than 8 deep", A.c_str());
    Expected<std::unique_ptr<MemoryBuffer>> Text =
        readSmallFile(absolute(StringRef(A).drop_front(), Directory), 1 << 20);
    if (!Text)
      return createStringError(inconvertibleErrorCode(), "response file %s",
                               toString(Text.takeError()).c_str());
    BumpPtrAllocator Alloc;
    StringSaver Saver(Alloc);
    SmallVector<const char *, 64> Tokens;
    cl::TokenizeGNUCommandLine((*Text)->getBuffer(), Saver, Tokens);
    tooling::CommandLineArguments Inner(Tokens.begin(), Tokens.end());
    if (Error E = expandResponseFiles(Inner, Directory, Depth + 1))
      return E;
    Out.insert(Out.end(), Inner.begin(), Inner.end());
  }
  Args = std::move(Out);
  return Error::success();
}

/// The flags that name a file or folder, longest first: a relative one
/// starts from the entry's folder.
constexpr const char *PathFlags[] = {
    "-include-pch", "-idirafter", "-isysroot", "-isystem", "-imacros", "-include",
    "-iquote",      "--sysroot=", "--sysroot", "-I",       "-F"};

/// True for a flag (as the driver spells it) that only says how to read the
/// source: include paths, defines, the language and its standard, warnings,
/// target and code-generation switches. A database is untrusted (a
/// repository's own is found without being asked for): flags that write
/// files (-H's -header-include-file, -MF, -fmodules-cache-path,
/// -dependency-dot), load code (-fplugin, -Xclang -load) or pass options on
/// (-Xclang, -mllvm, -Wp,) are not among them.
bool readsOnly(const opt::Arg &A) {
  StringRef S = A.getSpelling();
  static const char *const Exact[] = {"-I",
                                      "-isystem",
                                      "-iquote",
                                      "-idirafter",
                                      "-include",
                                      "-imacros",
                                      "-isysroot",
                                      "--sysroot=",
                                      "--sysroot",
                                      "-F",
                                      "-D",
                                      "-U",
                                      "-std=",
                                      "-stdlib=",
                                      "-nostdinc",
                                      "-nostdinc++",
                                      "-nostdlibinc",
                                      "-nobuiltininc",
                                      "-x",
                                      "-target",
                                      "--target=",
                                      "-pthread",
                                      "-w",
                                      "-W",
                                      "-pedantic",
                                      "-ansi",
                                      "-pedantic-errors",
                                      "-undef",
                                      "--gcc-toolchain=",
                                      "-gcc-toolchain",
                                      "--gcc-install-dir="};
  for (const char *E : Exact)
    if (S == E)
      return true;
  if (S.starts_with("-O") || (S.starts_with("-g") && A.getNumValues() == 0))
    return true;
  // Warnings (-Wall, -Werror=...), not what -Wl, -Wa, and -Wp, pass on.
  if (S.starts_with("-W"))
    return !S.starts_with("-Wl,") && !S.starts_with("-Wa,") && !S.starts_with("-Wp,");
  if (S.starts_with("-m"))
    return S != "-mllvm" && S != "-mmlir";
  if (S.starts_with("-f")) {
    static const char *const Writes[] = {"-fmodule",
                                         "-fimplicit-module",
                                         "-fcxx-modules",
                                         "-fplugin",
                                         "-fpass-plugin",
                                         "-fcrash",
                                         "-ftime-trace",
                                         "-fsave",
                                         "-fprofile",
                                         "-fdump",
                                         "-fprebuilt",
                                         "-fbuiltin-module",
                                         "-fdebug-compilation-dir",
                                         "-fcoverage",
                                         "-fembed",
                                         "-frewrite",
                                         "-fdiagnostics-format"};
    for (const char *W : Writes)
      if (S.starts_with(W))
        return false;
    return true;
  }
  return false;
}

/// Args without the flags readsOnly() refuses (each with its values, as the
/// driver reads them) and without inputs; the count left out is added to
/// Dropped.
std::vector<std::string> keepReadingFlags(ArrayRef<std::string> Args, unsigned &Dropped) {
  const opt::OptTable &Table = driver::getDriverOptTable();
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  // As the clang driver reads them (not clang-cl: "-O2" is not "/O").
  opt::InputArgList List = Table.ParseArgs(Argv, MissingIndex, MissingCount,
                                           opt::Visibility(driver::options::ClangOption));
  std::vector<std::string> Out;
  for (const opt::Arg *A : List) {
    // Every entry compiles to an object (-c): the parse only reads, as said.
    if (A->getSpelling() == "-c")
      continue;
    if (A->getOption().getKind() == opt::Option::InputClass ||
        A->getOption().getKind() == opt::Option::UnknownClass || !readsOnly(*A)) {
      ++Dropped;
      continue;
    }
    opt::ArgStringList Rendered;
    A->render(List, Rendered);
    for (const char *R : Rendered)
      Out.push_back(R);
  }
  return Out;
}

/// The flags of an entry: without the compiler, the source (given or
/// inferred), the outputs and the dependency files, with absolute paths
/// (so that the places in reports read from the working directory); then
/// Extra.
Expected<SourceFlags> flagsOf(const tooling::CompileCommand &C, ArrayRef<std::string> Extra) {
  tooling::CommandLineArguments Args = C.CommandLine;
  if (Error E = expandResponseFiles(Args, C.Directory))
    return std::move(E);
  Args = tooling::getClangStripOutputAdjuster()(Args, C.Filename);
  Args = tooling::getClangStripDependencyFileAdjuster()(Args, C.Filename);
  SourceFlags F;
  std::string Entry = absolute(C.Filename, C.Directory);
  for (size_t I = 1; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (A == "--") // inputs only from here on
      break;
    if (A == C.Filename || absolute(A, C.Directory) == Entry)
      continue;
    const char *Flag = nullptr;
    for (const char *P : PathFlags)
      if (A.starts_with(P)) {
        Flag = P;
        break;
      }
    if (!Flag) {
      F.Args.push_back(A.str());
      continue;
    }
    StringRef Path = A.drop_front(strlen(Flag));
    if (Path.empty() && I + 1 < Args.size()) { // `-I include`
      F.Args.push_back(Flag);
      F.Args.push_back(absolute(Args[++I], C.Directory));
      continue;
    }
    F.Args.push_back(Flag + absolute(Path, C.Directory));
  }
  F.Args = keepReadingFlags(F.Args, F.Dropped);
  F.Args.insert(F.Args.end(), Extra.begin(), Extra.end());
  return F;
}

} // namespace

Expected<CompileFlags> compileFlags(ArrayRef<std::string> Sources, const FlagsRequest &R) {
  CompileFlags Out;
  auto Given = [&] {
    for (size_t I = 0; I < Sources.size(); ++I)
      Out.PerSource.push_back({R.Extra});
    return std::move(Out);
  };
  bool Asked = !R.BuildDir.empty();
  std::string File;
  if (Asked) {
    if (!sys::fs::is_directory(R.BuildDir))
      return createStringError(inconvertibleErrorCode(),
                               "%s: no such directory (the one holding compile_commands.json)",
                               R.BuildDir.c_str());
    SmallString<256> F(R.BuildDir);
    sys::path::append(F, DatabaseName);
    if (!sys::fs::exists(F))
      return createStringError(inconvertibleErrorCode(), "%s: no such file", F.c_str());
    File = std::string(F);
  } else if (!R.ExplicitFlags && !Sources.empty()) {
    File = findAbove(Sources[0]);
  }
  if (File.empty())
    return Given();
  Expected<std::unique_ptr<tooling::CompilationDatabase>> DB = load(File);
  if (!DB) {
    if (Asked)
      return DB.takeError();
    Out.Notes.push_back(toString(DB.takeError()) + " (not used)");
    return Given();
  }
  if (!Asked)
    Out.Notes.push_back("compiler flags from " + File);
  for (const std::string &S : Sources) {
    std::vector<tooling::CompileCommand> Cs = (*DB)->getCompileCommands(absolute(S));
    if (Cs.empty()) {
      if (Asked)
        return createStringError(inconvertibleErrorCode(),
                                 "%s: no entry in %s, and none to infer its flags from", S.c_str(),
                                 File.c_str());
      Out.Notes.push_back(S + ": no entry in " + File + " (its flags are not used)");
      Out.PerSource.push_back({R.Extra});
      continue;
    }
    if (!Cs[0].Heuristic.empty())
      Out.Notes.push_back(S + ": no entry of its own in " + File + ": flags " + Cs[0].Heuristic);
    Expected<SourceFlags> F = flagsOf(Cs[0], R.Extra);
    if (!F)
      return createStringError(inconvertibleErrorCode(), "%s: %s", File.c_str(),
                               toString(F.takeError()).c_str());
    if (F->Dropped)
      Out.Notes.push_back(S + ": " + std::to_string(F->Dropped) + " of its flags in " + File +
                          " left out (only include paths, defines, the language, warnings and "
                          "target options are used; none that writes a file or loads code)");
    Out.PerSource.push_back(std::move(*F));
  }
  return std::move(Out);
}

} // namespace cxx
} // namespace wattlint
