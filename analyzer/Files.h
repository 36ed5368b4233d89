//===- analyzer/Files.h - small untrusted files, read safely ----*- C++ -*-===//
//
// Configuration, target and baseline files are the user's, or anybody's in a
// pull request: a FIFO or a device must not block the read, a huge file not
// fill the memory, and deep nesting not exhaust the stack of a recursive
// parser.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ANALYZER_FILES_H
#define WATTLINT_ANALYZER_FILES_H

#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>

namespace wattlint {

/// The contents of a configuration or baseline file: it must be a regular
/// file (a FIFO or a device is refused before it is opened, so nothing
/// blocks) of at most MaxBytes.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> readSmallFile(llvm::StringRef Path,
                                                                  uint64_t MaxBytes);
/// Refuses a YAML text that would exhaust the stack of LLVM's YAML code,
/// before any recursive consumer (yaml::Input, Node::skip) sees it: one
/// nested more than MaxNesting levels deep, measured as LLVM's own parser
/// reads it (so that no quoting or comment trick hides a level), and long
/// runs of the tokens its parser handles by recursion (empty flow entries
/// ",,,", document end markers "..."). The error names Path.
llvm::Error checkYamlBounds(llvm::StringRef Path, llvm::StringRef Text, unsigned MaxNesting);
/// The lexical rules of bracketNesting's text.
enum class BracketSyntax {
  Json,     ///< "..." strings with backslash escapes, no comments
  OnnxText, ///< ONNX 1.12's parser: "..." strings without escapes, # comments
            ///< to the end of the line, and "=>" is no closing bracket
};
/// The deepest nesting of the Open/Close bracket pairs (Open[i] closes with
/// Close[i]) outside strings and comments, lexed as the parser that reads
/// the text does: for JSON "[{" / "]}", for ONNX's text format "{[(<" / "}])>".
unsigned bracketNesting(llvm::StringRef Text, llvm::StringRef Open, llvm::StringRef Close,
                        BracketSyntax Syntax);

} // namespace wattlint

#endif
