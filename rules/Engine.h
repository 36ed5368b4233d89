//===- rules/Engine.h - selecting and running rules ------------*- C++ -*-===//
//
// clang-tidy style rule globs ("-*,recurrent-*": each glob adds the rules it
// matches, a leading '-' removes them, in order) and one rule's run with its
// options and severity. Configuration, suppressions and baselines live above,
// in report/.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_RULES_ENGINE_H
#define WATTLINT_RULES_ENGINE_H

#include "rules/Rule.h"

namespace wattlint {

/// The rules Globs enable, in table order, starting from none. Every glob
/// must match a rule (an error with a did-you-mean otherwise).
llvm::Expected<std::vector<const RuleInfo *>> selectRules(llvm::ArrayRef<std::string> Globs);

/// Runs one rule with its options; each finding carries the rule id and Sev.
/// An invalid or unknown option is an error naming the rule and the option.
llvm::Expected<std::vector<Finding>> runRule(const RuleInfo &Info, const RuleContext &C,
                                             const RuleOptions &Opts, Severity Sev);

} // namespace wattlint

#endif
