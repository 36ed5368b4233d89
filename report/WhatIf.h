//===- report/WhatIf.h - a model costed again at another setting -*- C++ -*-===//
//
// The sweeps of a review report and the rows of `compare`: an analyzed model
// bound again at another batch and costed on another target or precision,
// from the IR (ModelSource::rebind), without reading the file again.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_REPORT_WHATIF_H
#define WATTLINT_REPORT_WHATIF_H

#include "report/Analysis.h"

#include <optional>

namespace wattlint {

/// One costing of a model at a setting.
struct WhatIf {
  std::string Model;  // the model's path as given
  std::string Target; // target name
  std::string TargetDisplay;
  std::string Precision; // "model" or a precision name
  int64_t Batch = 1;
  double EnergyPerSampleJ = 0, EnergyLowJ = 0, EnergyHighJ = 0; // per sample
  double TimeS = 0, TimeLowS = 0, TimeHighS = 0;                // per inference
  double SamplesPerS = 0;
  double Co2ePerSampleG = 0; // 0 without a region
  bool HasCarbon = false;
  uint64_t Macs = 0, Params = 0;
  size_t Uncosted = 0; // nodes left out: the figures are lower bounds
};

/// Main's figures as a WhatIf (Main must have a target).
WhatIf whatIfOf(const Analysis &Main);

/// Main's model costed on T at precision P, with its batch dim bound to
/// Batch (nullopt: as Main). A batch for a model without a symbolic batch
/// dim is an error.
llvm::Expected<WhatIf> whatIf(ModelSource &Src, const Analysis &Main, const Target &T, Precision P,
                              std::optional<int64_t> Batch);

/// The precisions T has a matrix peak for (fp32 first), in Precision order.
std::vector<Precision> precisionsOf(const Target &T);

/// Parses "1,8,64" (at most 64 values, each 1 to 2^20) or "fp32,bf16" (for
/// messages: Flag).
llvm::Expected<std::vector<int64_t>> parseBatches(llvm::StringRef List, llvm::StringRef Flag);
llvm::Expected<std::vector<Precision>> parsePrecisions(llvm::StringRef List, llvm::StringRef Flag);

} // namespace wattlint

#endif
