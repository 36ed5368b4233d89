//===- libtorch/CompileFlags.h - how each source is compiled ----*- C++ -*-===//
//
// The compiler flags of each source (include paths, defines, -std): from a
// compilation database (compile_commands.json, in a folder given or found
// above the first source), from flags given as such, or none. Nothing of
// Clang leaks out of this header.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_LIBTORCH_COMPILEFLAGS_H
#define WATTLINT_LIBTORCH_COMPILEFLAGS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace wattlint {
namespace cxx {

/// Where `#include <torch/torch.h>` and the rest of LibTorch's API come
/// from: the stubs built into the binary, or the real headers found on the
/// include path of the source's flags.
enum class HeaderMode { Stubs, System };

/// How one source is compiled.
struct SourceFlags {
  /// The flags, without the compiler, the source or the outputs; the
  /// paths in a database's flags made absolute (from its entry's folder).
  std::vector<std::string> Args;
  /// The database's flags left out: flags that write files, load code or
  /// pass options on, and inputs (CompileFlags.cpp, readsOnly()).
  unsigned Dropped = 0;
};

struct FlagsRequest {
  /// The folder holding compile_commands.json; "" to look for one above
  /// the first source, unless ExplicitFlags.
  std::string BuildDir;
  /// Flags given as such: appended to the database's, or alone.
  std::vector<std::string> Extra;
  /// Flags were given as such (even none): no database is looked for.
  bool ExplicitFlags = false;
};

struct CompileFlags {
  std::vector<SourceFlags> PerSource; // one per source, in order
  /// Where flags came from when it may surprise: a database found by
  /// itself, flags inferred from another file's entry.
  std::vector<std::string> Notes;
};

/// The flags of each of Sources. A database that was asked for and is
/// missing, malformed or has nothing for a source is an error; a source
/// without an entry of its own takes the flags of the nearest entry (by
/// path and name, as clang-tidy does).
llvm::Expected<CompileFlags> compileFlags(llvm::ArrayRef<std::string> Sources,
                                          const FlagsRequest &R);

} // namespace cxx
} // namespace wattlint

#endif
