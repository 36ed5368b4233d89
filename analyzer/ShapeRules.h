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
#include "analyzer/ModelSource.h"

#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

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
llvm::Error bindSymbolicDims(Model &M, const DimBindings &Dims,
                             int64_t DefaultDim = 1);

/// The user's value for a data-dependent size of the node named Node: by
/// its name first, then by Kind (Assumption::Kind); nullopt when neither.
std::optional<int64_t> userAssumption(const Model &M, const std::string &Node,
                                      llvm::StringRef Kind);

/// The kinds of data-dependent size, each an --assume key for every node of
/// its kind: boxes (NonMaxSuppression), nonzero (NonZero), k (TopK with a
/// computed k), selected (Compress), unique (Unique), steps (Loop).
const std::vector<std::string> &assumptionKinds();

/// How many times a Loop runs its body.
struct LoopSteps {
  /// The count used: exact, the user's, or the worst case; -1 when nothing
  /// bounds it.
  int64_t Steps = -1;
  /// True when the trip count is a constant and the condition stays true (or
  /// is constant false: 0 steps).
  bool Exact = false;
  /// True when the user gave Steps (--assume steps=N or the node's name).
  bool Stated = false;
  /// What bounds it when it is not exact.
  std::string Bound;
};
LoopSteps loopSteps(const Model &M, const Graph &G, const Node &N);
/// How a Loop body changes the shape of a value it carries (a = Concat(a,
/// a)): "loop-carried value 0 enters the body as [1, 4] and leaves it as [2,
/// 4]", for the first such value; "" when no known dim is seen to change.
/// Such a value has another shape at every step, so the first step's shapes
/// stand for no other.
std::string carriedShapeChange(const Graph &Body);

/// Multidirectional (numpy) broadcast of Shapes; an unknown dim (-1) stays
/// unknown unless another shape fixes it. Two known dims that differ and are
/// not 1 do not broadcast: the result is nullopt and Why (if given) says so,
/// unless WorstCase (a dim may be a worst case, ShapeCtx::worstCase()): then
/// the larger is taken. The shape rules' and the front ends' one broadcast.
std::optional<Dims> broadcast(const std::vector<const Dims *> &Shapes, std::string *Why = nullptr,
                              bool WorstCase = false);

} // namespace wattlint

#endif
