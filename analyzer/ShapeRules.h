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

#include <map>
#include <string>

namespace wattlint {

/// Fills unknown shapes and small constant values across M's graphs. Fails
/// only on input that cannot be a valid model (e.g. a subgraph nested deeper
/// than the reader allows).
llvm::Error inferShapes(Model &M);

/// Binds M's symbolic dims (Value::SymDims of main-graph inputs; unbound ones
/// take DefaultDim and are listed in Model::DefaultedDims), resets every
/// value to its declared shape, and runs the shape rules again: the same
/// model at another batch without its front end. M must have had
/// recordDeclaredShapes() and no FrontEndShapes.
llvm::Error bindSymbolicDims(Model &M, const std::map<std::string, int64_t> &Dims,
                             int64_t DefaultDim = 1);

} // namespace wattlint

#endif
