//===- rules/Engine.h - configuration, selection, suppression ---*- C++ -*-===//
//
// Runs the selected rules over one model: reads .wattlint.yaml (found by
// walking up from the model's folder, like .clang-tidy), applies rule globs,
// options, severity overrides and budgets, then drops suppressed findings
// (a `wattlint: allow <rule-id>` marker in a node's doc_string, a config
// entry with a node-name glob, or a baseline file) and reports suppressions
// that no longer match anything.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_RULES_ENGINE_H
#define WATTLINT_RULES_ENGINE_H

#include "rules/Rule.h"

#include "llvm/Support/raw_ostream.h"

namespace wattlint {

struct Suppression {
  std::string Rule;  // id or glob
  std::string Nodes; // node-name glob
};

struct Config {
  std::string Path; // the file it came from; "" for defaults
  std::string Rules = "*";
  std::string Target, Region, Precision, FailOn;
  std::map<std::string, int64_t> Dims;
  std::map<std::string, std::string> Severity;
  std::map<std::string, RuleOptions> Options;
  std::map<std::string, double> Budgets; // energy_j, latency_s, macs, params, bytes
  std::vector<Suppression> Suppress;
};

/// The configuration for a model: ExplicitPath if given, else the nearest
/// .wattlint.yaml above the model, else defaults.
llvm::Expected<Config> loadConfig(llvm::StringRef ExplicitPath, llvm::StringRef ModelPath);
void dumpConfig(const Config &C, llvm::raw_ostream &OS);

/// clang-tidy style globs: "-*,recurrent-*,graph-dead-node"; later globs win.
bool ruleEnabled(llvm::StringRef Globs, llvm::StringRef Id);
bool globMatch(llvm::StringRef Pattern, llvm::StringRef Text);

struct BaselineEntry {
  std::string Rule, Model, Node;
};
llvm::Expected<std::vector<BaselineEntry>> readBaseline(llvm::StringRef Path);

struct CheckResult {
  std::vector<Finding> Findings;
  unsigned Suppressed = 0;
  /// Config suppressions and baseline entries that matched nothing.
  std::vector<std::string> Stale;
};

/// Runs the rules that Globs (or the config) selects on one model.
llvm::Expected<CheckResult> runRules(const RuleContext &C, const Config &Cfg,
                                     llvm::StringRef GlobsOverride, llvm::StringRef ModelName,
                                     const std::vector<BaselineEntry> &Baseline);

} // namespace wattlint

#endif
