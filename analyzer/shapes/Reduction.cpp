//===- analyzer/shapes/Reduction.cpp - reduction shapes -------------------===//
//
// Reduce* (axes from the attribute or, since opset 18, the input), ArgMax /
// ArgMin, the folds of ReduceSum / ReduceProd / ReduceMin / ReduceMax on
// small known values, and TopK.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <algorithm>

using namespace llvm;

namespace wattlint {
using namespace shapes;

namespace {

void ruleReduce(Ctx &C, bool ArgOp) {
  const Dims *X = C.shape(0);
  DType T = ArgOp ? DType::I64 : C.type(0);
  if (!X) {
    C.setType(0, T);
    return;
  }
  bool Keep = C.N.attrInt("keepdims", 1) != 0;
  Ints Axes;
  if (ArgOp) {
    Axes = {C.N.attrInt("axis", 0)};
  } else {
    auto A = axesOf(C, 1);
    if (!A) {
      C.setType(0, T);
      return;
    }
    Axes = *A;
    if (Axes.empty()) {
      if (C.N.attrInt("noop_with_empty_axes", 0)) {
        C.set(0, *X, T);
        return;
      }
      for (size_t I = 0; I < X->size(); ++I)
        Axes.push_back(int64_t(I));
    }
  }
  std::optional<std::vector<bool>> Reduced = axisMask(C, Axes, X->size());
  if (!Reduced)
    return;
  Dims Y;
  for (size_t I = 0; I < X->size(); ++I)
    if (!(*Reduced)[I])
      Y.push_back((*X)[I]);
    else if (Keep)
      Y.push_back(1);
  C.set(0, Y, T);
  // A known small input reduced to one value (an image's shorter side).
  StringRef Op = C.N.OpType;
  if (ArgOp || !C.hasOut(0) || prodDims(Y, 0, Y.size()) != 1 ||
      (Op != "ReduceMin" && Op != "ReduceMax"))
    return;
  if (const Ints *V = knownData(C, 0); V && !V->empty())
    C.out(0).IntData = Ints{Op == "ReduceMin" ? *std::min_element(V->begin(), V->end())
                                              : *std::max_element(V->begin(), V->end())};
  else if (std::optional<std::vector<double>> F = knownNumbers(C, 0); F && !F->empty())
    C.out(0).FloatData = std::vector<double>{
        Op == "ReduceMin" ? *std::min_element(F->begin(), F->end())
                          : *std::max_element(F->begin(), F->end())};
}

void ruleReduceProdFold(Ctx &C) {
  ruleReduce(C, false);
  const Ints *V = C.ints(0);
  if (!V || !C.hasOut(0) || !C.out(0).shapeKnown() ||
      (!C.out(0).Shape->empty() && prodDims(*C.out(0).Shape, 0, C.out(0).Shape->size()) != 1))
    return;
  CheckedInt R = C.N.OpType == "ReduceProd" ? 1 : 0;
  for (int64_t X : *V)
    R = C.N.OpType == "ReduceProd" ? R * X : R + X;
  if (R.bad()) {
    C.invalid("integer overflow folding " + C.N.OpType + " of constants");
    return;
  }
  C.out(0).IntData = Ints{R.value()};
}

void ruleTopK(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t K = C.N.attrInt("k", -1);
  if (const Ints *V = C.ints(1)) {
    if (V->size() != 1)
      return C.invalid("k must hold one value, not " + std::to_string(V->size()));
    K = (*V)[0];
    if (K < 0)
      return C.invalid("k must not be negative, not " + std::to_string(K));
  }
  int64_t Axis = axisOf(C, C.N.attrInt("axis", -1), X->size());
  if (Axis < 0)
    return;
  // k computed at run time (from the data, or from shapes not folded): at
  // most the whole axis.
  if (C.has(1) && !C.ints(1))
    K = C.assume("k", (*X)[Axis],
                 (*X)[Axis] < 0 ? "the axis is unresolved"
                                : "the whole axis " + std::to_string(Axis) + " of " + listStr(*X));
  if (K >= 0 && (*X)[Axis] >= 0 && K > (*X)[Axis])
    return C.invalid("k = " + std::to_string(K) + " is larger than axis " + std::to_string(Axis) +
                     " of size " + std::to_string((*X)[Axis]));
  Dims Y = *X;
  Y[Axis] = K;
  C.set(0, Y, C.type(0));
  C.set(1, Y, DType::I64);
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeReduceFold(ShapeCtx &C) { ruleReduceProdFold(C); }
void shapeReduce(ShapeCtx &C) { ruleReduce(C, false); }
void shapeArgReduce(ShapeCtx &C) { ruleReduce(C, true); }
void shapeTopK(ShapeCtx &C) { ruleTopK(C); }
void shapeCumSum(ShapeCtx &C) {
  sameAsInput(C);
  // The axis input: one value, in range (or the node is invalid).
  const Dims *X = C.shape(0);
  const Ints *Axis = C.ints(1);
  if (!X || !Axis)
    return;
  if (Axis->size() != 1)
    return C.invalid("axis must be one value, not " + listStr(*Axis));
  axisOf(C, Axis->front(), X->size());
}

} // namespace wattlint
