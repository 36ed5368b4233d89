//===- libtorch/StubPch.h - the stub headers, precompiled and cached -*- C++ -*-===//
//
// A precompiled header of the stub LibTorch headers (and the standard
// headers they include) for one set of compiler flags, kept in a cache
// folder between runs: parsing a model against it takes a quarter of the
// time. The file is found by a key (the stubs' contents, wattlint-cxx's and
// Clang's versions, the target and the flags), written atomically, and read
// only when its own checksum holds; anything else is rebuilt or not used.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_LIBTORCH_STUBPCH_H
#define WATTLINT_LIBTORCH_STUBPCH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <memory>
#include <string>
#include <vector>

namespace clang {
class CompilerInstance;
class CompilerInvocation;
class DiagnosticConsumer;
class FileManager;
class PCHContainerOperations;
} // namespace clang

namespace wattlint {
namespace cxx {

struct PchRequest {
  /// The flags the sources are parsed with, without the source and its
  /// language (the driver's name first).
  std::vector<std::string> Args;
  /// The header that includes the stubs, in FS.
  std::string Header;
  /// A digest of every file the stubs are made of.
  std::string StubsDigest;
  /// The cache folder.
  std::string CacheDir;
  /// The file system the stubs are in (over the real one).
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
};

struct StubPch {
  /// The precompiled header; null when there is none to use: the stubs do
  /// not compile under these flags, or the cache folder is not writable.
  std::unique_ptr<llvm::MemoryBuffer> Data;
  /// Where it is cached ("" when the cache folder is not usable).
  std::string CachePath;
  /// Where it was to be loaded from when it was built (a virtual path).
  std::string LoadPath;
  /// What was done and why, in a few words.
  std::string Note;
};

/// The precompiled stubs for R: the cached file when it is sound, else
/// built now (and cached). Never fails: at worst there is none.
StubPch stubPch(const PchRequest &R);

/// Removes a cached file that Clang rejected (a header it was built from
/// has changed since): the next run builds it again.
void dropStubPch(const StubPch &P);

/// Whether a source parsed with Args can take the precompiled stubs in
/// place of its own `#include <torch/torch.h>`: no flag includes a file
/// before the source, and nothing in the source before its first
/// `#include` (a macro, a condition) could change what the stubs declare.
/// SourceText ends with a null character, as a MemoryBuffer's does.
bool takesStubPch(llvm::ArrayRef<std::string> Args, llvm::StringRef SourceText);

/// A compiler instance for Inv, as both the parse and the precompiling
/// want it: diagnostics to Diags, function bodies skipped where its
/// action's consumer says; null when Inv has no input or no target.
std::unique_ptr<clang::CompilerInstance>
compilerFor(std::shared_ptr<clang::CompilerInvocation> Inv, clang::FileManager *Files,
            std::shared_ptr<clang::PCHContainerOperations> PCH, clang::DiagnosticConsumer *Diags);

} // namespace cxx
} // namespace wattlint

#endif
