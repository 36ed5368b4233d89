//===- analyzer/Text.h - untrusted text made safe, names suggested -*- C++ -*-===//
//
// Every string that comes from a model or a configuration passes through
// printable() before it reaches a terminal or a message; did-you-mean
// suggestions for names the user misspelt.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ANALYZER_TEXT_H
#define WATTLINT_ANALYZER_TEXT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace wattlint {

/// S with control characters (escape sequences included) and invalid UTF-8
/// written as \xNN, cut to MaxBytes with "..." appended.
std::string printable(llvm::StringRef S, size_t MaxBytes = 512);
/// The candidate closest to Name by edit distance (case-insensitive), or ""
/// when none is close enough to be a likely misspelling.
std::string closestName(llvm::StringRef Name, llvm::ArrayRef<std::string> Candidates);
/// " (did you mean 'x'?)" or "".
std::string didYouMean(llvm::StringRef Name, llvm::ArrayRef<std::string> Candidates);

} // namespace wattlint

#endif
