//===- report/Config.h - one .wattlint.yaml, read and validated -*- C++ -*-===//
//
// A configuration file is untrusted input: it must be a regular file of
// bounded size and nesting, every key is known, every value is validated once
// where it is read, and each value keeps the file:line:col it came from so
// that a later error (a dim the model lacks) can point at it.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_REPORT_CONFIG_H
#define WATTLINT_REPORT_CONFIG_H

#include "cost/Precision.h"
#include "rules/Rule.h"

#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wattlint {

/// A value and where it came from: "--precision", "proj/.wattlint.yaml:4:9",
/// or "" for the built-in default.
template <typename T> struct Setting {
  T Value{};
  std::string Origin;
  bool Set = false;
  void assign(T V, std::string From) {
    Value = std::move(V);
    Origin = std::move(From);
    Set = true;
  }
};

struct Suppression {
  std::string Rule;   // id or glob
  std::string Nodes;  // node-path glob; "" = every node
  std::string Models; // model-path glob, relative to Dir; "" = every model
  std::string Origin; // file:line:col
  std::string Dir;    // the folder of the file it came from
};

/// The settings of one configuration file (and the parents it inherits).
struct Config {
  std::string Path; // "" for no file
  std::string Dir;  // the folder model paths are keyed relative to
  std::vector<Setting<std::string>> RuleGlobs;
  Setting<std::string> Target, Runtime, Region;
  Setting<Precision> Prec;
  Setting<double> Pue;
  Setting<double> PowerLimit; // watts; checked against the target in makeSession()
  Setting<Severity> FailOn;
  std::map<std::string, Setting<int64_t>> Dims;
  /// Data-dependent sizes (assume:), by kind or node name.
  std::map<std::string, Setting<int64_t>> Assume;
  std::map<std::string, Setting<Severity>> Severities;
  std::map<std::string, std::map<std::string, Setting<std::string>>> Options;
  std::map<std::string, Setting<double>> Budgets; // energy_j, latency_s, macs, params, bytes
  Setting<double> MinSavingsShare, MinSavingsJoules;
  std::vector<Suppression> Suppress;
};

/// Path relative to the folder Dir when it lies under it, else absolute; "/"
/// separated, dots removed: the key of a model in baselines and suppressions.
std::string pathKey(llvm::StringRef Path, llvm::StringRef Dir);

/// The nearest configuration file at or above the model's folder, or "".
std::string findConfigFile(llvm::StringRef ModelPath, llvm::StringRef FileName);

/// Reads and validates the configuration at Path (and, with `inherit: true`,
/// the nearest one above its folder first). Errors name file:line:col.
llvm::Expected<Config> loadConfigFile(llvm::StringRef Path, llvm::StringRef FileName);

/// Parses a dim value: an integer 0 <= V <= 2^40.
llvm::Expected<int64_t> parseDimValue(llvm::StringRef Name, llvm::StringRef Value);

/// The rule that judges a budget key ("energy_j" -> "budget-energy").
llvm::StringRef budgetRule(llvm::StringRef Key);
/// True for the rules of budgets: (budget-energy, ...). Their findings fail
/// the gate whatever --fail-on says, and no severity, suppression, allow
/// comment or baseline hides them: a budget is turned off by removing it.
bool isBudgetRule(llvm::StringRef RuleId);

} // namespace wattlint

#endif
