//===- analyzer/ops/Normalization.cpp - norms and softmax -----------------===//
//
// Per normalized element (E = elements of X, R = rows normalized):
//   LayerNorm / InstanceNorm / GroupNorm: mean 1 (add) + variance 3
//     (subtract, square, add) + normalize 2 (subtract, multiply) = 6 per
//     element, +1 for the scale and +1 for the bias when given; 1 rsqrt per
//     normalized row (transcendental).
//   RMSNorm: square-add 2 + normalize 1 + scale 1 = 4 per element; 1 rsqrt
//     per row.
//   BatchNorm (inference, statistics given): subtract, multiply, scale, shift
//     = 4 per element; 1 rsqrt per channel.
//   Softmax: max, subtract, sum, divide = 4 per element, 1 exp per element.
//   LogSoftmax: max, subtract, sum, subtract = 4 per element, 1 exp per
//     element and 1 log per row.
//   Hardmax: 1 compare per element.
//   LpNormalization (p = 1 or 2): 3 per element, 1 sqrt per row for p = 2.
//   MeanVarianceNormalization: LayerNorm's 6 per element without scale or
//     bias; 1 sqrt per group normalized together (the elements that share
//     the dims outside "axes", [0, 2, 3] by default).
//   LRN: 2 * size + 3 per element, 1 pow per element.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

namespace wattlint {

namespace {
/// Rows when normalizing X over [Axis, rank).
bool rowsFrom(const CostInput &In, OpWork &W, int64_t AxisAttr, Count &Rows) {
  const Dims &X = In.inShape(0);
  int64_t Axis = ops::normAxis(AxisAttr, X.size());
  if (Axis < 0)
    return ops::fail(W, In.node().OpType + " axis out of range");
  Rows = ops::product(X, 0, size_t(Axis));
  return true;
}

bool meanVarNorm(const CostInput &In, OpWork &W, Count Rows, bool Scale, bool Bias) {
  W.ElementwiseFlops = In.inElems(0) * Count(6 + (Scale ? 1 : 0) + (Bias ? 1 : 0));
  W.TranscendentalFlops = Rows;
  return true;
}
} // namespace

bool costLayerNorm(const CostInput &In, OpWork &W) {
  Count Rows;
  if (!rowsFrom(In, W, In.node().attrInt("axis", -1), Rows))
    return false;
  return meanVarNorm(In, W, Rows, In.hasInput(1), In.hasInput(2));
}

bool costSkipLayerNorm(const CostInput &In, OpWork &W) {
  Count Rows;
  if (!rowsFrom(In, W, -1, Rows))
    return false;
  meanVarNorm(In, W, Rows, In.hasInput(2), In.hasInput(3));
  // The skip add, and the extra bias when given.
  W.ElementwiseFlops += In.inElems(0) * Count(In.hasInput(4) ? 2 : 1);
  return true;
}

bool costInstanceNorm(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0);
  if (X.size() < 2)
    return ops::fail(W, "InstanceNormalization needs rank >= 2");
  return meanVarNorm(In, W, ops::product(X, 0, 2), true, true);
}

bool costGroupNorm(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0);
  int64_t Groups = In.node().attrInt("num_groups", 0);
  if (X.size() < 2 || Groups <= 0)
    return ops::fail(W, "GroupNormalization needs rank >= 2 and num_groups");
  return meanVarNorm(In, W, Count::dim(X[0]) * Count::dim(Groups), true, true);
}

bool costRMSNorm(const CostInput &In, OpWork &W) {
  Count Rows;
  if (!rowsFrom(In, W, In.node().attrInt("axis", -1), Rows))
    return false;
  W.ElementwiseFlops = In.inElems(0) * Count(In.hasInput(1) ? 4 : 3);
  W.TranscendentalFlops = Rows;
  return true;
}

bool costBatchNorm(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0);
  if (X.size() < 2)
    return ops::fail(W, "BatchNormalization needs rank >= 2");
  W.ElementwiseFlops = In.inElems(0) * Count(4);
  W.TranscendentalFlops = Count::dim(X[1]);
  return true;
}

bool costLpNorm(const CostInput &In, OpWork &W) {
  Count Rows;
  const Dims &X = In.inShape(0);
  int64_t Axis = ops::normAxis(In.node().attrInt("axis", -1), X.size());
  if (Axis < 0)
    return ops::fail(W, "LpNormalization axis out of range");
  Rows = In.inElems(0);
  if (X[Axis] > 0)
    Rows = Count(Rows.value() / uint64_t(X[Axis]));
  W.ElementwiseFlops = In.inElems(0) * Count(3);
  if (In.node().attrInt("p", 2) == 2)
    W.TranscendentalFlops = Rows;
  return true;
}

bool costMeanVarianceNorm(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0);
  std::vector<int64_t> Axes = In.node().attrInts("axes").value_or(std::vector<int64_t>{0, 2, 3});
  Count Groups = 1;
  for (size_t D = 0; D < X.size(); ++D)
    if (!llvm::is_contained(Axes, int64_t(D)) &&
        !llvm::is_contained(Axes, int64_t(D) - int64_t(X.size())))
      Groups *= Count::dim(X[D]);
  return meanVarNorm(In, W, Groups, false, false);
}

bool costLRN(const CostInput &In, OpWork &W) {
  int64_t Size = In.node().attrInt("size", 1);
  if (Size <= 0)
    return ops::fail(W, "LRN size must be positive");
  W.ElementwiseFlops = In.inElems(0) * (Count::dim(Size) * Count(2) + Count(3));
  W.TranscendentalFlops = In.inElems(0);
  return true;
}

bool costSoftmax(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.inElems(0) * Count(4);
  W.TranscendentalFlops = In.inElems(0);
  return true;
}

bool costLogSoftmax(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0);
  // Before opset 13 the input is read as 2-D at axis (default 1): one row
  // per index of the dims before it. Since, one row per element of the
  // others (default -1).
  bool Legacy = In.node().OpsetVersion < 13;
  int64_t Axis = ops::normAxis(In.node().attrInt("axis", Legacy ? 1 : -1), X.size());
  if (Axis < 0)
    return ops::fail(W, "LogSoftmax axis out of range");
  W.ElementwiseFlops = In.inElems(0) * Count(4);
  Count Rows = In.inElems(0);
  if (Legacy) {
    Rows = 1;
    for (int64_t K = 0; K < Axis; ++K)
      Rows *= Count::dim(X[size_t(K)]);
  } else if (X[Axis] > 0) {
    Rows = Count(Rows.value() / uint64_t(X[Axis]));
  }
  W.TranscendentalFlops = In.inElems(0) + Rows;
  return true;
}

bool costHardmax(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.inElems(0);
  return true;
}

} // namespace wattlint
