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
  const Dims *X = C.shape(0);
  if (!X) {
    C.setType(0, T);
    return;
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

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeQLinearConv(ShapeCtx &C) { ruleConv(C, 0, 3, C.has(7) ? C.type(7) : C.type(0)); }
void shapeConvInteger(ShapeCtx &C) { ruleConv(C, 0, 1, DType::I32); }
void shapeQLinearMatMul(ShapeCtx &C) { ruleMatMul(C, C.has(7) ? C.type(7) : C.type(0)); }
void shapeMatMulInteger(ShapeCtx &C) { ruleMatMul(C, DType::I32); }
void shapeQuantize(ShapeCtx &C) { ruleQuantize(C, true); }
void shapeDequantize(ShapeCtx &C) { ruleQuantize(C, false); }
void shapeDynamicQuantize(ShapeCtx &C) {
  if (const Dims *X = C.shape(0))
    C.set(0, *X, DType::U8);
  C.set(1, {}, DType::F32);
  C.set(2, {}, DType::U8);
}

} // namespace wattlint
