//===- analyzer/shapes/Normalization.cpp - normalization shapes -----------===//
//
// BatchNormalization's running statistics and LayerNormalization's mean and
// inverse deviation; the other normalizations keep their input's shape, and
// those along an axis (RMS, Lp, Softmax) check it.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

namespace wattlint {
using namespace shapes;

namespace {

void ruleLayerNorm(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  C.set(0, *X, C.type(0));
  int64_t Axis = axisOf(C, C.N.attrInt("axis", -1), X->size());
  if (Axis < 0)
    return;
  // Scale and bias broadcast to the normalized dims X[axis:] (one way).
  Dims Normalized(X->begin() + Axis, X->end());
  for (unsigned I = 1; I < 3 && C.N.Domain.empty(); ++I) {
    const Dims *S = C.shape(I);
    if (!S)
      continue;
    bool Fits = S->size() <= Normalized.size();
    for (size_t K = 1; Fits && K <= S->size(); ++K) {
      int64_t Have = (*S)[S->size() - K], Want = Normalized[Normalized.size() - K];
      Fits = Have < 0 || Want < 0 || Have == 1 || Have == Want;
    }
    if (!Fits)
      return C.invalid("input " + std::to_string(I) + (I == 1 ? " (scale)" : " (bias)") +
                       " has shape " + listStr(*S) + ", which does not broadcast to the " +
                       "normalized dims " + listStr(Normalized));
  }
  Dims Stat = *X;
  for (size_t I = size_t(Axis); I < Stat.size(); ++I)
    Stat[I] = 1;
  C.set(1, Stat, DType::F32);
  C.set(2, Stat, DType::F32);
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeBatchNorm(ShapeCtx &C) {
  // Scale, bias, mean and variance: one per channel, or where spatial is 0
  // (opsets 1-8) one per element of a sample, [C, D1, ...].
  // (A rank-1 X has one channel, as ONNX's inference reads it.)
  const Dims *X = C.shape(0);
  bool PerElement = C.N.OpsetVersion < 9 && C.N.attrInt("spatial", 1) == 0;
  if (X && !X->empty() && C.N.OpsetVersion >= 7 && PerElement) {
    Dims Sample(X->begin() + 1, X->end());
    for (unsigned I = 1; I <= 4; ++I)
      if (!inputShaped(C, I, Sample, I == 1 ? "scale" : I == 2 ? "B" : I == 3 ? "mean" : "var"))
        return;
  } else if (X && !X->empty() && C.N.OpsetVersion >= 7 &&
             !vectorsOf(C, {1, 2, 3, 4}, X->size() >= 2 ? (*X)[1] : 1, "one per channel")) {
    return;
  }
  sameAsInput(C);
  // Training mode's running statistics have the scale's shape.
  for (unsigned I = 1; I < C.N.Outputs.size(); ++I)
    if (const Dims *S = C.shape(1))
      C.set(I, *S, C.type(0));
}
void shapeLayerNorm(ShapeCtx &C) { ruleLayerNorm(C); }
/// com.microsoft SkipLayerNormalization: the skip is the input's shape;
/// gamma, beta and bias one per hidden feature.
void shapeSkipLayerNorm(ShapeCtx &C) {
  const Dims *X = C.shape(0);
  if (X && !X->empty() &&
      (!inputShaped(C, 1, *X, "skip") ||
       !vectorsOf(C, {2, 3, 4}, X->back(), "one per hidden feature")))
    return;
  sameAsInput(C);
}
/// GroupNormalization: num_groups divides the channels; scale and bias are
/// one per group (opset 18) or one per channel (opset 21).
void shapeGroupNorm(ShapeCtx &C) {
  int64_t Groups = C.N.attrInt("num_groups", 0);
  if (Groups <= 0)
    return C.invalid("num_groups must be positive, not " + std::to_string(Groups));
  const Dims *X = C.shape(0);
  if (X && X->size() < 2)
    return C.invalid("input 0 has shape " + listStr(*X) + "; it must have rank 2 or more");
  if (X && (*X)[1] >= 0) {
    int64_t Channels = (*X)[1];
    if (Channels % Groups != 0)
      return C.invalid("num_groups " + std::to_string(Groups) + " does not divide the " +
                       std::to_string(Channels) + " channels");
    bool PerChannel = C.N.OpsetVersion >= 21;
    if (!vectorsOf(C, {1, 2}, PerChannel ? Channels : Groups,
                   PerChannel ? "one per channel" : "one per group"))
      return;
  }
  sameAsInput(C);
}
void shapeInstanceNorm(ShapeCtx &C) {
  if (const Dims *X = C.shape(0);
      X && X->size() >= 2 && !vectorsOf(C, {1, 2}, (*X)[1], "one per channel"))
    return;
  sameAsInput(C);
}
void shapeLRN(ShapeCtx &C) {
  if (int64_t Size = C.N.attrInt("size", 0); Size <= 0)
    return C.invalid("size must be positive, not " + std::to_string(Size));
  sameAsInput(C);
}
/// RMS and Lp normalizations: "axis" is -1 by default.
void shapeAlongAxis(ShapeCtx &C) { sameAlongAxis(C, -1); }
/// MeanVarianceNormalization: X's shape; its axes ([0, 2, 3] by default)
/// name axes of X.
void shapeMeanVarianceNorm(ShapeCtx &C) {
  if (const Dims *X = C.shape(0);
      X && !axesIn(C, C.N.attrInts("axes").value_or(Ints{0, 2, 3}), X->size()))
    return;
  sameAsInput(C);
}
/// LpNormalization: the L1 or L2 norm (the spec has no other p).
void shapeLpNorm(ShapeCtx &C) {
  if (int64_t P = C.N.attrInt("p", 2); P != 1 && P != 2)
    return C.invalid("p must be 1 or 2, not " + std::to_string(P));
  sameAlongAxis(C, -1);
}
/// Softmax, LogSoftmax and Hardmax: "axis" is 1 by default before opset 13.
void shapeSoftmax(ShapeCtx &C) { sameAlongAxis(C, C.N.OpsetVersion < 13 ? 1 : -1); }

} // namespace wattlint
