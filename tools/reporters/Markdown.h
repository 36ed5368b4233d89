//===- tools/reporters/Markdown.h - Markdown for pull requests ---*- C++ -*-===//
//
// What the Markdown reporters (check, diff, compare) share: model text made
// inert, signed changes, and lists cut to fit one GitHub comment.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_TOOLS_REPORTERS_MARKDOWN_H
#define WATTLINT_TOOLS_REPORTERS_MARKDOWN_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace wattlint {

/// Untrusted text as inert Markdown on one line: HTML and Markdown syntax
/// escaped, control characters shown as escapes, at most Max bytes.
std::string mdText(llvm::StringRef S, size_t Max = 256);
/// Text for an inline code span: backticks replaced, one line.
std::string mdCode(llvm::StringRef S, size_t Max = 256);
/// "+12.3%", "-4.0%", "0%", "new" (growth from zero).
std::string signedPercent(double Pct);
/// Renders with a row cap (0: no rows) that halves until the text fits in
/// Limit characters.
std::string fitToLimit(size_t Limit, size_t FirstCap,
                       llvm::function_ref<std::string(size_t Cap)> Render);

} // namespace wattlint

#endif
