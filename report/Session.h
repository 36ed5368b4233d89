//===- report/Session.h - flags, configuration and defaults, merged once -*- C++ -*-===//
//
// The one place where the command line, the nearest .wattlint.yaml and the
// defaults meet. Each value is validated once, where it enters, and keeps its
// origin ("--precision", "proj/.wattlint.yaml:4:9") for every later message.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_REPORT_SESSION_H
#define WATTLINT_REPORT_SESSION_H

#include "analyzer/ModelSource.h"
#include "cost/CostModel.h"
#include "report/Config.h"

#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace wattlint {

/// The target a session costs on when neither flag nor configuration names one.
inline constexpr const char *DefaultTarget = "h200";
/// The configuration file looked for above each model.
inline constexpr const char *ConfigFileName = ".wattlint.yaml";
/// Priced warnings below either threshold are counted, not reported
/// (min_savings: a share of the model's energy, and joules per inference).
inline constexpr double DefaultMinSavingsShare = 0.001;
inline constexpr double DefaultMinSavingsJoules = 0;

/// What the command line says; empty or unset means not given.
struct Flags {
  std::string Config;
  std::vector<std::string> Dims; // NAME=VALUE
  std::vector<std::string> Assume; // KIND=VALUE or NODE=VALUE
  std::string Rules;             // comma-separated globs, appended to the config's
  std::string Target, TargetFile, Runtime, RuntimeFile, Precision, Region, FailOn;
  std::optional<double> Pue;
  std::optional<double> PowerLimit; // --power-limit W
  uint64_t Requests = 0;
  bool Train = false;
  uint64_t Samples = 0, Epochs = 1;
  bool NoCost = false;
};

/// The effective settings for the models under one configuration.
struct Session {
  Config Cfg; // Cfg.Path is "" when no file applies
  std::vector<Setting<std::string>> RuleGlobs;
  std::vector<const RuleInfo *> Enabled;
  Setting<std::string> TargetName, RuntimeName;
  std::optional<Target> T; // absent with NoCost
  Setting<Precision> Prec;
  std::map<std::string, Setting<int64_t>> Dims;
  /// Data-dependent sizes by kind or node name (Assumption).
  std::map<std::string, Setting<int64_t>> Assume;
  Setting<Severity> FailOn;
  Setting<std::string> Region;
  Setting<double> Pue;
  /// The board's power limit in watts (unset: the target's own).
  Setting<double> PowerLimit;
  ScenarioOptions Scenario;
  /// True when the user asked for more than one inference's energy.
  bool ScenarioAsked = false;
  double MinSavingsShare = DefaultMinSavingsShare, MinSavingsJoules = DefaultMinSavingsJoules;

  DimBindings dimBindings() const;
  /// The model's path relative to the configuration's folder (or the working
  /// directory without one): the key of baselines and suppressions.
  std::string modelKey(llvm::StringRef ModelPath) const;
};

/// The configuration file that applies to ModelPath: --config if given, else
/// the nearest ConfigFileName above the model, else "" (none).
std::string configPathFor(const Flags &F, llvm::StringRef ModelPath);
/// The configuration at Path, or the defaults for "".
llvm::Expected<Config> loadConfig(llvm::StringRef Path);

/// Merges F over Cfg over the defaults, validating each value once.
llvm::Expected<Session> makeSession(const Flags &F, Config Cfg);

/// The effective session as YAML, each value with its origin.
void dumpSession(const Session &S, llvm::raw_ostream &OS);

} // namespace wattlint

#endif
