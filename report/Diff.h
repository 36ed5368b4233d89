//===- report/Diff.h - what a change does to a model -------------*- C++ -*-===//
//
// Two analyses of one model's versions, matched node by node (by path, then
// renamed nodes by op type and order), with the totals before and after and
// the findings that are new and fixed. Reporters render it.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_REPORT_DIFF_H
#define WATTLINT_REPORT_DIFF_H

#include "report/Analysis.h"

#include <optional>

namespace wattlint {

/// A figure that a diff compares and a growth budget names.
enum class DiffMetric { Macs, Flops, Params, Bytes, Time, Energy, EnergyPerSample, Carbon };
llvm::StringRef metricName(DiffMetric M);
std::optional<DiffMetric> parseMetric(llvm::StringRef S);
/// "macs, flops, ..." for messages.
std::string metricChoices();

/// A model's (or a node's) figures that a diff compares.
struct Figures {
  double Macs = 0, Flops = 0, Params = 0, Bytes = 0, TimeS = 0, EnergyJ = 0;
  double EnergyPerSampleJ = 0, Co2eG = 0; // Co2eG: 0 without a region
  double OwnTimeS = 0, OwnEnergyJ = 0;    // a node on its own (NodeEstimate)
  double get(DiffMetric M) const;
};

struct NodeChange {
  enum class Kind { Changed, Added, Removed };
  Kind K = Kind::Changed;
  std::optional<NodeRecord> Old, New;
  /// Matched by op type and order, not by path.
  bool Renamed = false;
  Figures Before, After;
};

struct FindingRef {
  const Analysis *A = nullptr;
  const Finding *F = nullptr;
};

struct Diff {
  const Analysis *Old = nullptr, *New = nullptr;
  Figures Before, After;
  bool HasCost = false, HasCarbon = false;
  /// Nodes whose figures changed, added or removed, the largest energy
  /// change first (MACs without a target).
  std::vector<NodeChange> Nodes;
  size_t Unchanged = 0, Renamed = 0;
  std::vector<FindingRef> NewFindings, FixedFindings;
};

/// Old and New must be analyses with the same target (or both without).
Diff diffAnalyses(const Analysis &Old, const Analysis &New);

/// (After - Before) / Before in percent; +inf when growing from 0, 0 when
/// both are 0.
double percentChange(double Before, double After);

} // namespace wattlint

#endif
