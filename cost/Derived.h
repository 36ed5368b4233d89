//===- cost/Derived.h - numbers derived from an estimate ---------*- C++ -*-===//
//
// Per-sample figures and shares, computed in one place so that no reporter
// divides on its own (and none divides by zero).
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_COST_DERIVED_H
#define WATTLINT_COST_DERIVED_H

#include "cost/Target.h"

#include <algorithm>
#include <cstdint>

namespace wattlint {

/// A per-inference figure divided over the samples of the batch.
inline double perSample(double PerInference, int64_t Batch) {
  return Batch > 0 ? PerInference / double(Batch) : PerInference;
}
/// Part / Whole, 0 when the whole is not positive.
inline double shareOf(double Part, double Whole) { return Whole > 0 ? Part / Whole : 0; }
/// The sum of savings that may overlap, never past the whole.
inline double cappedSavings(double Sum, double Whole) {
  return std::min(Sum, std::max(0.0, Whole));
}

/// Dynamic energy of one matrix operation (J) at a peak of PeakFlops per
/// second: matrix_energy_scale x (TDP - idle) / peak (docs/cost-model.md).
inline double matrixJoulesPerFlop(const Target &T, double PeakFlops) {
  return PeakFlops > 0
             ? T.Model.MatrixEnergyScale.Value * (T.TdpW.Value - T.IdleW.Value) / PeakFlops
             : 0;
}

} // namespace wattlint

#endif
