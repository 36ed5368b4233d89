//===- analyzer/ops/Reduction.cpp - reductions ----------------------------===//
//
// Per input element: ReduceSum/Max/Min/Prod, ArgMax/ArgMin, CumSum 1;
// ReduceSumSquare and ReduceL1 2; ReduceL2 2 + 1 sqrt per output element;
// ReduceMean 1 + 1 divide per output element; ReduceLogSum 1 + 1 log per
// output; ReduceLogSumExp 1 + 1 exp per input + 1 log per output.
// TopK: ceil(log2(k + 1)) compares per input element (a heap of k).
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

#include "llvm/ADT/StringRef.h"

namespace wattlint {

bool costReduce(const CostInput &In, OpWork &W) {
  llvm::StringRef Op = In.node().OpType;
  Count Inputs = In.inElems(0), Outputs = In.outElems(0);
  W.ElementwiseFlops = Inputs;
  if (Op == "ReduceSumSquare" || Op == "ReduceL1") {
    W.ElementwiseFlops = Inputs * Count(2);
  } else if (Op == "ReduceL2") {
    W.ElementwiseFlops = Inputs * Count(2);
    W.TranscendentalFlops = Outputs;
  } else if (Op == "ReduceMean") {
    W.ElementwiseFlops = Inputs + Outputs;
  } else if (Op == "ReduceLogSum") {
    W.TranscendentalFlops = Outputs;
  } else if (Op == "ReduceLogSumExp") {
    W.TranscendentalFlops = Inputs + Outputs;
  }
  return true;
}

bool costTopK(const CostInput &In, OpWork &W) {
  const Dims &Y = In.outShape(0);
  const Dims &X = In.inShape(0);
  int64_t Axis = ops::normAxis(In.node().attrInt("axis", -1), X.size());
  if (Axis < 0 || Y.size() != X.size())
    return ops::fail(W, "TopK axis out of range");
  uint64_t K = uint64_t(std::max<int64_t>(Y[Axis], 1)), Depth = 0;
  while ((uint64_t(1) << Depth) < K + 1 && Depth < 63)
    ++Depth;
  W.ElementwiseFlops = In.inElems(0) * Count(Depth);
  return true;
}

} // namespace wattlint
