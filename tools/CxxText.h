//===- tools/CxxText.h - wattlint-cxx's clang-style diagnostics -*- C++ -*-===//
//
// `wattlint-cxx check --format text` and `modules`: findings written as a
// compiler writes them (file:line:col: warning: message [rule], the source
// line and a caret), so that editors and CI problem matchers pick them up;
// and the discovery of the C++ front end (module classes, layers with
// folded options, construction sites, unresolved values).
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_TOOLS_CXXTEXT_H
#define WATTLINT_TOOLS_CXXTEXT_H

#include "libtorch/Frontend.h"
#include "tools/reporters/Reporters.h"

#include <map>

namespace wattlint {

/// Findings about a whole model are placed at its class (Models: model
/// path -> its discovery entry).
void writeCxxCheckText(llvm::ArrayRef<Analysis> As, const CheckRun &R,
                       const std::map<std::string, const cxx::ModelEntry *> &Models,
                       llvm::raw_ostream &OS);
void writeCxxModules(const cxx::Discovery &D, bool Json, llvm::raw_ostream &OS);
/// Where the program shows the input a model not costed for want of one
/// needs (its first call found): "; the program calls it at FILE:L:C with
/// --input 'x=[2,4]'", or "" (raw: the caller escapes it).
std::string suggestedInputText(const cxx::ModelEntry &M);

} // namespace wattlint

#endif
