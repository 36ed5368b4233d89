//===- cost/Precision.h - the precisions float compute can run at -*- C++ -*-===//
//
// A closed set, parsed once where a value enters (a flag or the config) and
// passed as a value from there on; the cost model keys its peaks by name().
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_COST_PRECISION_H
#define WATTLINT_COST_PRECISION_H

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace wattlint {

/// Model keeps each node's own dtype; the others re-cost all float compute.
/// FP32 is plain FP32 units, not TF32.
enum class Precision { Model, FP32, TF32, BF16, FP16, FP8, INT8 };

/// "fp32", "bf16", ...; "" for Model (each node's own dtype).
llvm::StringRef precisionName(Precision P);
/// The precision named S (case-insensitive), or nullopt; "" and "model" are
/// Precision::Model.
std::optional<Precision> parsePrecision(llvm::StringRef S);
/// "fp32, tf32, bf16, fp16, fp8 or int8", for messages.
llvm::StringRef precisionChoices();

} // namespace wattlint

#endif
