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
/// An upper bound of a YAML text's nesting (indentation, flow brackets,
/// inline "- " sequences), checked before LLVM's parser recurses.
unsigned yamlNestingBound(llvm::StringRef Text);
/// The deepest nesting of the Open/Close bracket pairs (Open[i] closes with
/// Close[i]) outside double-quoted strings: for JSON "[{" / "]}", for ONNX's
/// text format "{[(<" / "}])>".
unsigned bracketNesting(llvm::StringRef Text, llvm::StringRef Open, llvm::StringRef Close);

} // namespace wattlint

#endif
