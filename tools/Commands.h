//===- tools/Commands.h - the commands beyond profile and check --*- C++ -*-===//
//
// `report` (the HTML review), `compare` (models x targets x settings) and
// `diff` (what a change does to a model). Each returns an exit code.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_TOOLS_COMMANDS_H
#define WATTLINT_TOOLS_COMMANDS_H

#include "tools/reporters/Reporters.h"

namespace wattlint {

/// The settings a review report or a comparison sweeps; empty: defaults.
struct SweepArgs {
  std::string Targets, Precisions, Batches; // comma-separated lists
};

/// Models from any front end (their paths find their configurations).
int runReport(const Flags &F, llvm::ArrayRef<std::unique_ptr<ModelSource>> Models,
              const SweepArgs &W, llvm::StringRef OutPath);
int runCompare(const Flags &F, llvm::ArrayRef<std::unique_ptr<ModelSource>> Models,
               const SweepArgs &W, CompareFormat Format);

struct DiffArgs {
  std::string Old, New;
  DiffFormat Format = DiffFormat::text;
  std::optional<double> FailOnIncrease; // percent
  DiffMetric Metric = DiffMetric::EnergyPerSample;
  size_t Top = 20;
};
int runDiff(const Flags &F, const DiffArgs &D);
/// The diff of two models from any front end (the sources' paths find their
/// configurations).
int runDiffOf(const Flags &F, const DiffArgs &D, ModelSource &Old, ModelSource &New);

} // namespace wattlint

#endif
