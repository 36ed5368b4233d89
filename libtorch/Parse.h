//===- libtorch/Parse.h - C++ sources parsed and indexed ----------*- C++ -*-===//
//
// Runs Clang over the sources (stub LibTorch headers from memory or the
// real ones, missing headers skipped, diagnostics collected, never
// printed) and keeps every translation unit's AST alive, so that the
// interpreter can follow a class declared in one file, defined in a second
// and constructed in a third.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_LIBTORCH_PARSE_H
#define WATTLINT_LIBTORCH_PARSE_H

#include "libtorch/CompileFlags.h"
#include "libtorch/Interp.h"

#include "llvm/ADT/IntrusiveRefCntPtr.h"

#include <memory>
#include <set>

namespace clang {
class CompilerInstance;
class DiagnosticConsumer;
class FileManager;
class FrontendAction;
} // namespace clang

namespace wattlint {
namespace cxx {

/// One translation unit, its AST alive until destruction.
struct ParsedTU {
  std::unique_ptr<clang::CompilerInstance> CI;
  std::unique_ptr<clang::FrontendAction> Act;
  ParsedTU();
  ~ParsedTU();
};

struct Parsed {
  /// The files (the stubs from memory over the real file system), shared
  /// by every translation unit.
  llvm::IntrusiveRefCntPtr<clang::FileManager> Files;
  std::unique_ptr<clang::DiagnosticConsumer> Diags;
  std::vector<std::unique_ptr<ParsedTU>> TUs;
  std::vector<Problem> Errors; // Clang's errors, in order
  /// Per error: a syntax error (parse or lexical), not a semantic one.
  std::vector<bool> Syntax;
  std::vector<std::string> Skipped;
  /// The names Clang's typo correction replaced ("did you mean"), where
  /// each was written, and the name as written.
  std::vector<std::pair<SrcLoc, std::string>> Corrected;
  /// What became of the precompiled stubs, in a few words each.
  std::vector<std::string> PchNotes;
  /// The precompiled headers Clang rejected (by their virtual path).
  std::set<std::string> RejectedPch;
  Parsed();
  ~Parsed();
};

/// Parses Sources, each with its Flags, against the built-in stubs or the
/// headers on the include path (Mode). With the real headers, a LibTorch
/// header that is not found is an error: no model could be read. With the
/// stubs and a PchCache folder, the stubs are precompiled once for each set
/// of flags and kept there (libtorch/StubPch.h); the result is the same.
llvm::Expected<std::unique_ptr<Parsed>> parseSources(const std::vector<std::string> &Sources,
                                                     const std::vector<SourceFlags> &Flags,
                                                     HeaderMode Mode, llvm::StringRef PchCache);

/// Fills Ix from every translation unit of P: the user's module classes,
/// their constructors and methods, free functions, construction sites; and
/// Children, the classes constructed or held inside other module classes.
void buildIndex(Parsed &P, Index &Ix, std::set<std::string> &Children);

} // namespace cxx
} // namespace wattlint

#endif
