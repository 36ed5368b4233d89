//===- tools/SharedOptions.h - options both executables share ---*- C++ -*-===//
//
// The command-line options both executables take, declared once: a
// session's (model and target), profile's and check's. Each executable
// binds them to its own subcommands and reads Flags from them, so that a
// new shared option cannot be forgotten in one of them.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_TOOLS_SHAREDOPTIONS_H
#define WATTLINT_TOOLS_SHAREDOPTIONS_H

#include "report/Session.h"
#include "tools/Commands.h"
#include "tools/reporters/Reporters.h"

#include "llvm/Support/CommandLine.h"

#include <optional>
#include <string>

namespace wattlint {

enum class ColorMode { Auto, Always, Never };

/// The subcommands the shared options go to.
struct SharedSubcommands {
  /// Those that analyze models: a session's options.
  llvm::cl::SubCommandGroup Analyze;
  /// --target-file's and --runtime-file's (Analyze's and the listings').
  llvm::cl::SubCommandGroup TargetFile, RuntimeFile;
  llvm::cl::SubCommand &Profile, &Check, &Diff;
};

struct SharedOptions {
  /// Session options go to Subs.Analyze in category Cat.
  SharedOptions(SharedSubcommands &Subs, llvm::cl::OptionCategory &Cat);

  // A session's: model and target.
  llvm::cl::list<std::string> Dims, Assume;
  llvm::cl::opt<std::string> Target, TargetFile, Runtime, RuntimeFile, Precision, Config, Region;
  llvm::cl::opt<double> Pue, PowerLimit;
  // profile
  llvm::cl::opt<ProfileFormat> ProfileFmt;
  llvm::cl::opt<bool> NoCost;
  llvm::cl::opt<SortKey> Sort;
  llvm::cl::opt<unsigned> Top;
  llvm::cl::opt<bool> ByOp;
  // check
  llvm::cl::opt<std::string> Rules;
  llvm::cl::opt<CheckFormat> CheckFmt;
  llvm::cl::opt<std::string> FailOn, Baseline, WriteBaseline;
  llvm::cl::opt<ColorMode> Color;
  // diff
  llvm::cl::opt<DiffFormat> DiffFmt;
  llvm::cl::opt<std::string> FailOnIncrease, Metric;
  llvm::cl::opt<unsigned> DiffTop;

  /// The Flags these options give: a session's, and profile's or check's
  /// under those subcommands.
  Flags flags() const;
  /// profile's rows: per op type, the costliest first unless --sort says
  /// otherwise.
  ProfileView view() const;
  /// Whether check colors its diagnostics (on a terminal unless NO_COLOR).
  bool color() const;
  /// diff's settings into D (its format, growth budget, metric, rows); an
  /// error message for a budget or metric that is not one.
  std::optional<std::string> diffSettings(DiffArgs &D) const;
  /// A file option given an empty name ("--target-file ''" would read as
  /// not given), or nullopt.
  std::optional<std::string> emptyPath() const;

private:
  llvm::cl::SubCommand &ProfileCmd, &CheckCmd;
};

/// report's and compare's own options (their models are each executable's:
/// ONNX files, C++ sources).
struct ReviewOptions {
  ReviewOptions(llvm::cl::SubCommand &Report, llvm::cl::SubCommand &Compare);
  llvm::cl::opt<std::string> OutPath, TargetsList, PrecisionsList, BatchesList;
  llvm::cl::opt<CompareFormat> CmpFormat;
  SweepArgs sweep() const { return {TargetsList, PrecisionsList, BatchesList}; }
};

} // namespace wattlint

#endif
