//===- analyzer/shapes/Quantized.cpp - quantized op shapes ----------------===//
//
// QLinearConv, ConvInteger, QLinearMatMul, MatMulInteger and the (de)quantizers:
// the float ops' shapes with the quantized output types.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

namespace wattlint {
using namespace shapes;

namespace {

void ruleQuantize(Ctx &C, bool Quantize) {
  DType T = DType::F32;
  if (Quantize) {
    T = C.has(2) ? C.type(2) : DType::U8;
    if (int64_t OD = C.N.attrInt("output_dtype", 0))
      T = DType(OD);
  } else {
    T = C.type(1) == DType::Undefined ? DType::F32 : C.type(1);
  }
  if (int64_t OD = Quantize ? C.N.attrInt("output_dtype", 0) : 0) {
    // QuantizeLinear-21: output_dtype is T2, a quantized type, and the zero
    // point's where one is given.
    static const DType Quantized[] = {
        DType::I8, DType::U8,       DType::I16,        DType::U16,    DType::I4,
        DType::U4, DType::F8E4M3FN, DType::F8E4M3FNUZ, DType::F8E5M2, DType::F8E5M2FNUZ};
    if (OD < 0 || OD > 64 || !llvm::is_contained(Quantized, DType(OD)))
      return C.invalid("output_dtype " + std::to_string(OD) + " is not a quantized type");
    if (C.has(2) && C.type(2) != DType::Undefined && C.type(2) != DType(OD))
      return C.invalid("output_dtype is " + dtypeName(DType(OD)).str() + " but the zero point is " +
                       dtypeName(C.type(2)).str());
  }
  int64_t Block = C.N.attrInt("block_size", 0);
  if (Block < 0)
    return C.invalid("block_size must be 0 or positive, not " + std::to_string(Block));
  const Dims *X = C.shape(0);
  if (!X) {
    C.setType(0, T);
    return;
  }
  // Blocked: the scale is X's shape with the axis cut in blocks,
  // ceil(X[axis] / block_size).
  if (const Dims *S = C.shape(1); Block > 0 && S) {
    int64_t Axis = axisOf(C, C.N.attrInt("axis", 1), X->size());
    if (Axis < 0)
      return;
    if (S->size() != X->size())
      return C.invalid("a blocked scale has X's rank " + std::to_string(X->size()) + ", not " +
                       listStr(*S));
    for (size_t K = 0; K < X->size(); ++K) {
      int64_t Want = (*X)[K] < 0          ? -1
                     : int64_t(K) == Axis ? (*X)[K] / Block + ((*X)[K] % Block != 0)
                                          : (*X)[K];
      if (Want >= 0 && (*S)[K] >= 0 && (*S)[K] != Want)
        return C.invalid("scale " + listStr(*S) + " does not block X " + listStr(*X) + " by " +
                         std::to_string(Block) + " along axis " + std::to_string(Axis));
    }
  }
  C.set(0, *X, T);
  // A scale of more than one value is per axis (or per block along it).
  // A scale of more than one value is per axis (or per block along it):
  // one per position of the axis, and the zero point shaped as the scale.
  const Dims *S = C.shape(1);
  if (!S || prodDims(*S, 0, S->size()) <= 1)
    return;
  int64_t Axis = axisOf(C, C.N.attrInt("axis", 1), X->size());
  if (Axis < 0 || C.N.attrInt("block_size", 0) != 0)
    return;
  if (vectorsOf(C, {1}, (*X)[Axis], "one per position of the axis"))
    inputShaped(C, 2, *S, "zero point, shaped as the scale");
}

/// Checks that each of Inputs, where given and of known shape, is one
/// value (per tensor) or, when Len >= 0 is allowed (per channel, row or
/// column), a vector of Len values; names the first that is not.
bool scalesOf(Ctx &C, std::initializer_list<unsigned> Inputs, int64_t Len, const char *What) {
  for (unsigned I : Inputs) {
    const Dims *S = C.shape(I);
    if (!S)
      continue;
    int64_t N = prodDims(*S, 0, S->size());
    bool One = S->size() <= 1 && N == 1;
    bool PerAxis = Len >= 0 && S->size() == 1 && N == Len;
    if (One || PerAxis || (S->size() <= 1 && N < 0))
      continue;
    C.invalid("input " + std::to_string(I) + " has shape " + listStr(*S) +
              "; it must be one value" +
              (Len >= 0 ? " or " + std::to_string(Len) + " (" + What + ")" : std::string()));
    return false;
  }
  return true;
}

/// The number of rows (Last: columns) of a matrix operand, or -1.
int64_t matrixDim(const Dims *S, bool Last) {
  if (!S || S->empty())
    return -1;
  return Last ? S->back() : S->size() >= 2 ? (*S)[S->size() - 2] : 1;
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

// Scales and zero points: one value per tensor, or one per output channel
// (the weight's), per row of A or per column of B; QLinearConv's bias one
// per output channel.
void shapeQLinearConv(ShapeCtx &C) {
  const Dims *W = C.shape(3);
  int64_t M = W && !W->empty() ? (*W)[0] : -1;
  if (!scalesOf(C, {1, 2, 6, 7}, -1, "") || !scalesOf(C, {4, 5}, M, "one per output channel") ||
      !vectorsOf(C, {8}, M, "one bias per output channel"))
    return;
  ruleConv(C, 0, 3, C.has(7) ? C.type(7) : C.type(0));
}
void shapeConvInteger(ShapeCtx &C) {
  const Dims *W = C.shape(1);
  if (!scalesOf(C, {2}, -1, "") ||
      !scalesOf(C, {3}, W && !W->empty() ? (*W)[0] : -1, "one per output channel"))
    return;
  ruleConv(C, 0, 1, DType::I32);
}
void shapeQLinearMatMul(ShapeCtx &C) {
  if (!scalesOf(C, {1, 2}, matrixDim(C.shape(0), false), "one per row of a") ||
      !scalesOf(C, {4, 5}, matrixDim(C.shape(3), true), "one per column of b") ||
      !scalesOf(C, {6, 7}, -1, ""))
    return;
  ruleMatMul(C, C.has(7) ? C.type(7) : C.type(0));
}
void shapeMatMulInteger(ShapeCtx &C) {
  if (!scalesOf(C, {2}, matrixDim(C.shape(0), false), "one per row of A") ||
      !scalesOf(C, {3}, matrixDim(C.shape(1), true), "one per column of B"))
    return;
  ruleMatMul(C, DType::I32);
}
void shapeQuantize(ShapeCtx &C) { ruleQuantize(C, true); }
void shapeDequantize(ShapeCtx &C) { ruleQuantize(C, false); }
void shapeDynamicQuantize(ShapeCtx &C) {
  if (const Dims *X = C.shape(0))
    C.set(0, *X, DType::U8);
  C.set(1, {}, DType::F32);
  C.set(2, {}, DType::U8);
}

} // namespace wattlint
