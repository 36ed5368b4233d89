//===- libtorch/StubPch.cpp - the stub headers, precompiled and cached ----===//
//
// A cache file is the precompiled header's bytes followed by a trailer: a
// magic string, the key it was built for, a checksum of the bytes and their
// count. A file whose trailer does not hold is rebuilt, never given to Clang
// (which trusts what it reads); one of no bytes says that the stubs do not
// compile under these flags, so that a run does not try again. The file is
// read into memory (not mapped: another process may replace it) and handed
// to Clang from there, as it was checked.
//
//===----------------------------------------------------------------------===//
#include "libtorch/StubPch.h"

#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Serialization/ASTWriter.h"
#include "clang/Tooling/Tooling.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <cstdlib>
#include <cstring>

using namespace clang;
using namespace llvm;

namespace wattlint {
namespace cxx {

namespace {

constexpr llvm::StringLiteral Magic = "WLPCH001";
constexpr size_t KeySize = 32, SumSize = 16;
constexpr size_t TrailerSize = Magic.size() + KeySize + SumSize + 8;
/// A cache file larger than this is not read.
constexpr uint64_t MaxFileSize = uint64_t(1) << 30;

using Key = BLAKE3Result<KeySize>;
using Sum = BLAKE3Result<SumSize>;

StringRef bytes(ArrayRef<uint8_t> B) {
  return {reinterpret_cast<const char *>(B.data()), B.size()};
}

/// Whether A is a path relative to the working directory, alone or
/// joined to an include flag.
bool relativePath(StringRef A) {
  for (StringRef Flag :
       {"-I", "-isystem", "-iquote", "-idirafter", "-F", "--sysroot=", "-isysroot"})
    if (A.consume_front(Flag))
      break;
  return !A.empty() && !A.starts_with("-") && !sys::path::is_absolute(A);
}

/// Everything the precompiled header depends on: the stubs, the versions,
/// the target, the flags (and the working directory when a flag is a
/// relative path), the include paths the driver takes from the environment.
Key keyOf(const PchRequest &R) {
  BLAKE3 H;
  auto Add = [&](StringRef S) {
    H.update(S);
    H.update(StringRef("", 1));
  };
  Add("wattlint-cxx " WATTLINT_VERSION);
  Add(getClangFullVersion());
  Add(sys::getDefaultTargetTriple());
  Add(R.StubsDigest);
  Add(R.Header);
  bool Cwd = false;
  for (const std::string &A : R.Args) {
    Add(A);
    Cwd |= &A != &R.Args.front() && relativePath(A);
  }
  SmallString<256> Dir;
  if (Cwd && !sys::fs::current_path(Dir))
    Add(Dir);
  for (const char *Var : {"CPATH", "CPLUS_INCLUDE_PATH"}) {
    const char *V = std::getenv(Var);
    Add(V ? V : "");
  }
  return H.final<KeySize>();
}

Sum sumOf(StringRef Data) {
  BLAKE3 H;
  H.update(Data);
  return H.final<SumSize>();
}

enum class Cached { Missing, Unsound, NoPch, Pch };

/// The cache file at Path, when its trailer names K and its checksum
/// holds; Out gets its precompiled header.
Cached readCached(StringRef Path, const Key &K, std::unique_ptr<MemoryBuffer> &Out) {
  sys::fs::file_status St;
  if (sys::fs::status(Path, St) || !sys::fs::exists(St))
    return Cached::Missing;
  if (!sys::fs::is_regular_file(St) || St.getSize() < TrailerSize || St.getSize() > MaxFileSize)
    return Cached::Unsound;
  ErrorOr<std::unique_ptr<MemoryBuffer>> File =
      MemoryBuffer::getFile(Path, /*IsText=*/false, /*RequiresNullTerminator=*/false,
                            /*IsVolatile=*/true);
  if (!File || (*File)->getBufferSize() < TrailerSize)
    return Cached::Unsound;
  StringRef Body = (*File)->getBuffer().drop_back(TrailerSize);
  StringRef T = (*File)->getBuffer().take_back(TrailerSize);
  if (!T.consume_front(Magic) || !T.consume_front(bytes(K)) ||
      !T.consume_front(bytes(sumOf(Body))) ||
      support::endian::read64le(T.data()) != uint64_t(Body.size()))
    return Cached::Unsound;
  if (Body.empty())
    return Cached::NoPch;
  Out = MemoryBuffer::getMemBufferCopy(Body, Path);
  return Cached::Pch;
}

/// Writes Body and its trailer to a file renamed over Path: a reader sees
/// a whole file or none. False when it could not be written.
bool writeCached(StringRef Path, const Key &K, StringRef Body) {
  int FD = -1;
  SmallString<256> Tmp;
  if (sys::fs::createUniqueFile(Path + "-%%%%%%%%.tmp", FD, Tmp, sys::fs::OF_None, 0600))
    return false;
  raw_fd_ostream OS(FD, /*shouldClose=*/true);
  char Size[8];
  support::endian::write64le(Size, Body.size());
  OS << Body << Magic << bytes(K) << bytes(sumOf(Body)) << StringRef(Size, sizeof(Size));
  OS.close();
  bool Written = !OS.has_error();
  OS.clear_error();
  if (Written && !sys::fs::rename(Tmp, Path))
    return true;
  sys::fs::remove(Tmp);
  return false;
}

/// GeneratePCHAction with the header kept in memory instead of written.
class PchAction : public GeneratePCHAction {
public:
  PchAction(std::shared_ptr<PCHBuffer> Buffer, std::string Name)
      : Buffer(std::move(Buffer)), Name(std::move(Name)) {}

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, StringRef) override {
    return std::make_unique<PCHGenerator>(CI.getPreprocessor(), CI.getModuleCache(), Name,
                                          /*isysroot=*/"", Buffer,
                                          CI.getFrontendOpts().ModuleFileExtensions);
  }

private:
  std::shared_ptr<PCHBuffer> Buffer;
  std::string Name;
};

/// Precompiles the header of the invocation, function bodies skipped as
/// the parse skips them (every function in it is in a system header).
class BuildAction : public tooling::ToolAction {
public:
  BuildAction(std::shared_ptr<PCHBuffer> Buffer, std::string Name)
      : Buffer(std::move(Buffer)), Name(std::move(Name)) {}
  bool runInvocation(std::shared_ptr<CompilerInvocation> Inv, FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCH,
                     DiagnosticConsumer *Diags) override {
    std::unique_ptr<CompilerInstance> CI =
        compilerFor(std::move(Inv), Files, std::move(PCH), Diags);
    if (!CI)
      return false;
    PchAction Act(Buffer, Name);
    if (!Act.BeginSourceFile(*CI, CI->getFrontendOpts().Inputs[0]))
      return false;
    Error E = Act.Execute();
    Act.EndSourceFile();
    if (E) {
      consumeError(std::move(E));
      return false;
    }
    return Buffer->IsComplete && !CI->getDiagnostics().hasErrorOccurred();
  }

private:
  std::shared_ptr<PCHBuffer> Buffer;
  std::string Name;
};

/// The precompiled header of R, to be loaded from LoadPath; empty when
/// the stubs do not compile under R's flags.
SmallVector<char, 0> build(const PchRequest &R, const std::string &LoadPath) {
  std::vector<std::string> Command = R.Args;
  Command.insert(Command.end(), {"-xc++-header", R.Header});
  auto Files = makeIntrusiveRefCnt<FileManager>(FileSystemOptions(), R.FS);
  auto Buffer = std::make_shared<PCHBuffer>();
  Buffer->IsComplete = false;
  BuildAction Act(Buffer, LoadPath);
  IgnoringDiagConsumer Quiet;
  tooling::ToolInvocation Inv(std::move(Command), &Act, Files.get(),
                              std::make_shared<PCHContainerOperations>());
  Inv.setDiagnosticConsumer(&Quiet);
  if (!Inv.run() || !Buffer->IsComplete)
    return {};
  return std::move(Buffer->Data);
}

} // namespace

std::unique_ptr<CompilerInstance> compilerFor(std::shared_ptr<CompilerInvocation> Inv,
                                              FileManager *Files,
                                              std::shared_ptr<PCHContainerOperations> PCH,
                                              DiagnosticConsumer *Diags) {
  // `#pragma clang __debug crash` (parser_crash, llvm_fatal_error,
  // overflow_stack, ...) in a source or a header it includes must not end
  // the process: the source is untrusted.
  Inv->getPreprocessorOpts().DisablePragmaDebugCrash = true;
  auto CI = std::make_unique<CompilerInstance>(std::move(PCH));
  CI->setInvocation(std::move(Inv));
  CI->setFileManager(Files);
  CI->createDiagnostics(Diags, /*ShouldOwnClient=*/false);
  if (!CI->hasDiagnostics())
    return nullptr;
  CI->createSourceManager(*Files);
  if (!CI->createTarget() || CI->getFrontendOpts().Inputs.empty())
    return nullptr;
  CI->getFrontendOpts().SkipFunctionBodies = true;
  return CI;
}

/// The cache folder keeps the MaxCached precompiled headers last written
/// (one per set of flags and per version of the stubs, wattlint-cxx and
/// Clang): older ones, and temporary files a run left behind more than a day
/// ago, are removed when a new one is written.
constexpr size_t MaxCached = 16;

void pruneCache(StringRef Dir, StringRef Keep) {
  std::vector<std::pair<sys::TimePoint<>, std::string>> Pchs;
  std::error_code EC;
  auto Now = std::chrono::system_clock::now();
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (!Name.starts_with("stubs-") || It->path() == Keep)
      continue;
    sys::fs::file_status St;
    if (sys::fs::status(It->path(), St, /*Follow=*/false) ||
        St.type() != sys::fs::file_type::regular_file)
      continue;
    if (Name.ends_with(".tmp")) {
      if (Now - St.getLastModificationTime() > std::chrono::hours(24))
        sys::fs::remove(It->path());
    } else if (Name.ends_with(".pch")) {
      Pchs.emplace_back(St.getLastModificationTime(), It->path());
    }
  }
  if (Pchs.size() < MaxCached)
    return;
  llvm::sort(Pchs); // oldest first
  for (size_t I = 0; I + MaxCached - 1 < Pchs.size(); ++I)
    sys::fs::remove(Pchs[I].second);
}

StubPch stubPch(const PchRequest &R) {
  StubPch P;
  Key K = keyOf(R);
  std::string Name = "stubs-" + toHex(ArrayRef(K).take_front(12), /*LowerCase=*/true) + ".pch";
  P.LoadPath = (sys::path::parent_path(R.Header) + "/" + Name).str();
  if (std::error_code EC = sys::fs::create_directories(R.CacheDir, /*IgnoreExisting=*/true,
                                                       sys::fs::perms::owner_all)) {
    P.Note = "cache folder " + R.CacheDir + " cannot be made (" + EC.message() +
             "): no precompiled header";
    return P;
  }
  if (sys::fs::access(R.CacheDir, sys::fs::AccessMode::Write)) {
    P.Note = "cache folder " + R.CacheDir + " is not writable: no precompiled header";
    return P;
  }
  SmallString<256> Path(R.CacheDir);
  sys::path::append(Path, Name);
  P.CachePath = std::string(Path);
  std::string Why = "none was cached";
  switch (readCached(Path, K, P.Data)) {
  case Cached::Pch:
    P.Note = "precompiled stubs read from " + P.CachePath;
    return P;
  case Cached::NoPch:
    P.Note = "the stubs do not compile with these flags (as " + P.CachePath +
             " remembers): no precompiled header";
    return P;
  case Cached::Unsound:
    Why = "the cached one was damaged or not for these flags";
    break;
  case Cached::Missing:
    break;
  }
  SmallVector<char, 0> Built = build(R, P.LoadPath);
  StringRef Body(Built.data(), Built.size());
  bool Stored = writeCached(Path, K, Body);
  if (Stored)
    pruneCache(R.CacheDir, Path);
  P.Note = (Built.empty() ? "the stubs do not compile with these flags: no precompiled header ("
                          : "precompiled stubs built (") +
           Why + "), " + (Stored ? "cached as " + P.CachePath : "not cached");
  if (!Built.empty())
    P.Data = MemoryBuffer::getMemBufferCopy(Body, P.LoadPath);
  return P;
}

void dropStubPch(const StubPch &P) {
  if (!P.CachePath.empty())
    sys::fs::remove(P.CachePath);
}

bool takesStubPch(ArrayRef<std::string> Args, StringRef SourceText) {
  for (StringRef A : Args)
    if (A.starts_with("-include") || A.starts_with("-imacros") || A.starts_with("-fmodules") ||
        A.starts_with("--include") || A.starts_with("-fpch"))
      return false;
  // Before the first #include: comments, pragmas and an include guard.
  LangOptions Opts;
  Opts.CPlusPlus = true;
  Lexer L(SourceLocation(), Opts, SourceText.begin(), SourceText.begin(), SourceText.end());
  enum { NoGuard, GuardOpened, GuardDefined } Guard = NoGuard;
  std::string GuardName;
  Token T;
  for (L.LexFromRawLexer(T); T.isNot(tok::eof); L.LexFromRawLexer(T)) {
    if (!T.isAtStartOfLine())
      continue; // the rest of a directive
    if (T.isNot(tok::hash))
      return false; // code
    L.LexFromRawLexer(T);
    StringRef Directive = T.is(tok::raw_identifier) ? T.getRawIdentifier() : "";
    if (Directive == "include" || Directive == "include_next" || Directive == "import")
      return true;
    if (Directive == "pragma")
      continue;
    L.LexFromRawLexer(T);
    StringRef Name = T.is(tok::raw_identifier) ? T.getRawIdentifier() : "";
    if (Directive == "ifndef" && Guard == NoGuard && !Name.empty()) {
      Guard = GuardOpened;
      GuardName = Name.str();
      continue;
    }
    if (Directive == "define" && Guard == GuardOpened && Name == GuardName) {
      Guard = GuardDefined;
      continue;
    }
    return false;
  }
  return false;
}

} // namespace cxx
} // namespace wattlint
