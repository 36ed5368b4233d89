//===- analyzer/ShapeRules.h - wattlint's own shape inference -------*- C++ -*-===//
//
// The pass that runs after ONNX's shape inference: it folds the shape
// arithmetic of dynamic-batch exports (Shape -> Gather/Slice -> arithmetic ->
// Concat -> Reshape, Range, Expand, ConstantOfShape, ...) with the bound dims,
// and gives shape rules to the ops newer than the linked ONNX library
// (Reduce*-18 axes inputs, Split num_outputs, Pad axes, GroupNormalization,
// Col2Im, Gelu-20, Attention-23, RMSNormalization-23). It fills only what is
// still unknown, and walks If / Loop / Scan bodies.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ANALYZER_SHAPERULES_H
#define WATTLINT_ANALYZER_SHAPERULES_H

#include "analyzer/Graph.h"

#include "llvm/Support/Error.h"

namespace wattlint {

/// Fills unknown shapes and small constant values across M's graphs. Fails
/// only on input that cannot be a valid model (e.g. a subgraph nested deeper
/// than the reader allows).
llvm::Error inferShapes(Model &M);

} // namespace wattlint

#endif
