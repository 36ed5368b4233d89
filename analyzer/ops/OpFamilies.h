//===- analyzer/ops/OpFamilies.h - cost functions by family -----*- C++ -*-===//
//
// Declarations of every cost function in Ops.def, and the small helpers the
// family files share.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ANALYZER_OPS_OPFAMILIES_H
#define WATTLINT_ANALYZER_OPS_OPFAMILIES_H

#include "analyzer/OpCost.h"

namespace wattlint {

#define OP(Domain, OpType, Since, MinInputs, Fn, Shape, Family)                                    \
  bool Fn(const CostInput &In, OpWork &W);                                                         \
  void Shape(ShapeCtx &C);
#include "analyzer/ops/Ops.def"

namespace ops {
/// Product of D[From..To) (To = -1: to the end).
Count product(const Dims &D, size_t From, size_t To = size_t(-1));
/// Records why a node cannot be counted; returns false.
bool fail(OpWork &W, const std::string &Why);
/// Normalizes a possibly negative axis against Rank; -1 if out of range.
int64_t normAxis(int64_t Axis, size_t Rank);
/// MACs of a convolution: N * Cout * prod(Y spatial) * (Cin/group) * prod(K),
/// from X, W = [Cout, Cin/group, k...] and Y; false if the ranks disagree.
bool convMacs(const Dims &X, const Dims &Wt, const Dims &Y, Count &Macs);
/// MACs of a (batched, broadcast) matrix product giving Y, from A's shape.
bool matmulMacs(const Dims &A, const Dims &Y, Count &Macs);
} // namespace ops

} // namespace wattlint

#endif
