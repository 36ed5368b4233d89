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
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace wattlint {

/// S with control characters (escape sequences included) and invalid UTF-8
/// written as \xNN, cut to MaxBytes with "..." appended.
std::string printable(llvm::StringRef S, size_t MaxBytes = 512);
/// A stream in front of another that writes DEL, the C1 controls, the bidi
/// marks, overrides and isolates and the line and paragraph separators as
/// \\uXXXX (JSON's escape, read back as the same string by every JSON reader;
/// elsewhere visible text). A sequence that a write cut in two is held until
/// the next write (or the destructor) completes it.
class TerminalSafeStream : public llvm::raw_ostream {
public:
  explicit TerminalSafeStream(llvm::raw_ostream &To) : To(To) {}
  ~TerminalSafeStream() override;

private:
  llvm::raw_ostream &To;
  char Held[2];
  unsigned NumHeld = 0;
  uint64_t Pos = 0;

  uint64_t current_pos() const override { return Pos; }
  void write_impl(const char *Ptr, size_t Size) override;
};

/// The candidate closest to Name by edit distance (case-insensitive), or ""
/// when none is close enough to be a likely misspelling.
std::string closestName(llvm::StringRef Name, llvm::ArrayRef<std::string> Candidates);
/// " (did you mean 'x'?)" or "".
std::string didYouMean(llvm::StringRef Name, llvm::ArrayRef<std::string> Candidates);

} // namespace wattlint

#endif
