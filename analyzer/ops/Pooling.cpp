//===- analyzer/ops/Pooling.cpp - pooling and resampling ------------------===//
//
// Per output element with a kernel of K = prod(kernel_shape) elements:
//   MaxPool: K compares.   AveragePool: K adds + 1 divide.
//   LpPool: 2K (power and add) + 1 root (transcendental).
// Global pools read every input element once: GlobalMaxPool 1 compare per
// input element; GlobalAveragePool 1 add per input element + 1 divide per
// output element; GlobalLpPool 2 per input element + 1 root per output.
// AdaptiveAvgPool and AdaptiveMaxPool (libtorch), output sizes O_d for input sizes I_d: PyTorch's
// windows [floor(i I/O), ceil((i+1) I/O)) along a dim sum to
// I + O - gcd(I, O) elements (I when O divides I); one add per element of
// every window (the product of those sums over the dims, times N*C) + 1
// divide per output element. AdaptiveMaxPool: one compare per element of
// every window.
// Resize / Upsample, per output element, with d = number of axes whose size
// changes: nearest 0; linear 2^(d+1) - 1 (2^d weights and sums); cubic
// 2 * 4^d - 1.
// GridSample, with d spatial dims: per output element the same as Resize with
// d changed axes (nearest 0, bilinear 2^(d+1) - 1, bicubic 2 * 4^d - 1), plus
// per grid point 2 per coordinate (unnormalizing: a multiply and an add).
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

#include <numeric>

namespace wattlint {

namespace {
bool kernelSize(const CostInput &In, OpWork &W, Count &K) {
  auto Kernel = In.node().attrInts("kernel_shape");
  if (!Kernel || Kernel->empty())
    return ops::fail(W, In.node().OpType + " without kernel_shape");
  K = ops::product(*Kernel, 0);
  return true;
}
} // namespace

bool costMaxPool(const CostInput &In, OpWork &W) {
  Count K;
  if (!kernelSize(In, W, K))
    return false;
  W.ElementwiseFlops = In.outElems(0) * K;
  return true;
}

bool costAveragePool(const CostInput &In, OpWork &W) {
  Count K;
  if (!kernelSize(In, W, K))
    return false;
  W.ElementwiseFlops = In.outElems(0) * (K + Count(1));
  return true;
}

bool costLpPool(const CostInput &In, OpWork &W) {
  Count K;
  if (!kernelSize(In, W, K))
    return false;
  W.ElementwiseFlops = In.outElems(0) * K * Count(2);
  W.TranscendentalFlops = In.outElems(0);
  return true;
}

bool costGlobalMaxPool(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.inElems(0);
  return true;
}

bool costGlobalAveragePool(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.inElems(0) + In.outElems(0);
  return true;
}

bool costGlobalLpPool(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.inElems(0) * Count(2);
  W.TranscendentalFlops = In.outElems(0);
  return true;
}

namespace {
/// Elements of every window of an adaptive pool, false when the ranks differ.
bool adaptiveWindows(const CostInput &In, OpWork &W, Count &Windows) {
  const Dims &X = In.inShape(0), &Y = In.outShape(0);
  if (X.size() != Y.size() || X.size() < 3)
    return ops::fail(W, In.node().OpType + " whose output rank is not its input's");
  Windows = ops::product(X, 0, 2);
  for (size_t D = 2; D < X.size(); ++D)
    Windows = Windows * Count(uint64_t(X[D] + Y[D] - std::gcd(X[D], Y[D])));
  return true;
}
} // namespace

bool costAdaptiveAvgPool(const CostInput &In, OpWork &W) {
  Count Windows;
  if (!adaptiveWindows(In, W, Windows))
    return false;
  W.ElementwiseFlops = Windows + In.outElems(0);
  return true;
}

bool costAdaptiveMaxPool(const CostInput &In, OpWork &W) {
  Count Windows;
  if (!adaptiveWindows(In, W, Windows))
    return false;
  W.ElementwiseFlops = Windows;
  return true;
}

bool costResize(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0), &Y = In.outShape(0);
  if (X.size() != Y.size())
    return ops::fail(W, "Resize changes the rank");
  unsigned D = 0;
  for (size_t I = 0; I < X.size(); ++I)
    D += X[I] != Y[I];
  if (D > 8)
    return ops::fail(W, "Resize over more than 8 axes");
  std::string Mode = In.node().attrString("mode", "nearest");
  uint64_t PerOutput = 0;
  if (Mode == "linear" || Mode == "bilinear" || Mode == "trilinear")
    PerOutput = (uint64_t(1) << (D + 1)) - 1;
  else if (Mode == "cubic")
    PerOutput = 2 * (uint64_t(1) << (2 * D)) - 1;
  W.ElementwiseFlops = In.outElems(0) * Count(PerOutput);
  return true;
}

bool costGridSample(const CostInput &In, OpWork &W) {
  const Dims &Grid = In.inShape(1), &Y = In.outShape(0);
  if (Y.size() < 3 || Grid.size() != Y.size())
    return ops::fail(W, "GridSample needs a grid and an output of one rank, at least 3");
  unsigned D = unsigned(Y.size() - 2);
  if (D > 8)
    return ops::fail(W, "GridSample over more than 8 spatial axes");
  // Opset 20 renamed bilinear and bicubic to linear and cubic.
  std::string Mode =
      In.node().attrString("mode", In.node().OpsetVersion >= 20 ? "linear" : "bilinear");
  uint64_t PerOutput = 0;
  if (Mode == "bilinear" || Mode == "linear")
    PerOutput = (uint64_t(1) << (D + 1)) - 1;
  else if (Mode == "bicubic" || Mode == "cubic")
    PerOutput = 2 * (uint64_t(1) << (2 * D)) - 1;
  else if (Mode != "nearest")
    return ops::fail(W, "GridSample mode '" + Mode + "' is not one of the spec's");
  Count Points = ops::product(Grid, 0, Grid.size() - 1);
  W.ElementwiseFlops = In.outElems(0) * Count(PerOutput) + Points * Count(2 * D);
  return true;
}

} // namespace wattlint
