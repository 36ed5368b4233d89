//===- analyzer/ops/Conv.cpp - convolutions -------------------------------===//
//
// Conv: MACs = N * Cout * prod(Y spatial) * (Cin / group) * prod(kernel).
// ConvTranspose scatters each input element over the kernel:
// MACs = N * Cin * prod(X spatial) * (Cout / group) * prod(kernel).
// The bias adds one FLOP per output element.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

namespace wattlint {

bool costConv(const CostInput &In, OpWork &W) {
  if (!ops::convMacs(In.inShape(0), In.inShape(1), In.outShape(0), W.Macs))
    return ops::fail(W, "Conv needs X, W and Y of equal rank >= 3");
  if (In.hasInput(2))
    W.ElementwiseFlops = In.outElems(0);
  return true;
}

bool costConvTranspose(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0), &Wt = In.inShape(1);
  if (X.size() < 3 || Wt.size() != X.size())
    return ops::fail(W, "ConvTranspose needs X and W of equal rank >= 3");
  // W = [Cin, Cout / group, k...]
  W.Macs = In.inElems(0) * Count::dim(Wt[1]) * ops::product(Wt, 2);
  if (In.hasInput(2))
    W.ElementwiseFlops = In.outElems(0);
  return true;
}

} // namespace wattlint
