//===- analyzer/ops/Quantized.cpp - integer and quantized ops -------------===//
//
// QLinearConv / ConvInteger: the MACs of Conv; QLinearMatMul / MatMulInteger:
// the MACs of MatMul. Requantizing an output (QLinear*) costs 3 per output
// element (scale, add zero point, round-and-clamp); removing zero points
// (*Integer) 1 per input element of each operand that has one.
// QuantizeLinear: 3 per element (divide, round, add zero point and clamp);
// DequantizeLinear: 2 (subtract zero point, multiply).
// DynamicQuantizeLinear: min and max (2 per element), then 3 per element.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

namespace wattlint {

bool costQLinearConv(const CostInput &In, OpWork &W) {
  // x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, B
  if (!ops::convMacs(In.inShape(0), In.inShape(3), In.outShape(0), W.Macs))
    return ops::fail(W, "QLinearConv needs x, w and y of equal rank >= 3");
  W.ElementwiseFlops = In.outElems(0) * Count(In.numInputs() > 8 && In.hasInput(8) ? 4 : 3);
  return true;
}

bool costConvInteger(const CostInput &In, OpWork &W) {
  if (!ops::convMacs(In.inShape(0), In.inShape(1), In.outShape(0), W.Macs))
    return ops::fail(W, "ConvInteger needs x, w and y of equal rank >= 3");
  if (In.hasInput(2))
    W.ElementwiseFlops += In.inElems(0);
  if (In.numInputs() > 3 && In.hasInput(3))
    W.ElementwiseFlops += In.inElems(1);
  return true;
}

bool costQLinearMatMul(const CostInput &In, OpWork &W) {
  // a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point
  if (!ops::matmulMacs(In.inShape(0), In.outShape(0), W.Macs))
    return ops::fail(W, "QLinearMatMul of a scalar");
  W.ElementwiseFlops = In.outElems(0) * Count(3);
  return true;
}

bool costMatMulInteger(const CostInput &In, OpWork &W) {
  if (!ops::matmulMacs(In.inShape(0), In.outShape(0), W.Macs))
    return ops::fail(W, "MatMulInteger of a scalar");
  if (In.hasInput(2))
    W.ElementwiseFlops += In.inElems(0);
  if (In.numInputs() > 3 && In.hasInput(3))
    W.ElementwiseFlops += In.inElems(1);
  return true;
}

bool costQuantizeLinear(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.inElems(0) * Count(3);
  return true;
}

bool costDequantizeLinear(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.inElems(0) * Count(2);
  return true;
}

bool costDynamicQuantizeLinear(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.inElems(0) * Count(5);
  return true;
}

} // namespace wattlint
