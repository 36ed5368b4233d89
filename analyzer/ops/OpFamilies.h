//===- analyzer/ops/OpFamilies.h - cost functions by family -----*- C++ -*-===//
//
// Declarations of every cost function in Ops.def, and the small helpers the
// family files share.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ANALYZER_OPS_OPFAMILIES_H
#define WATTLINT_ANALYZER_OPS_OPFAMILIES_H

#include "analyzer/OpCost.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

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
/// ceil(log2(N)) for N >= 1 (0 for N <= 1).
uint64_t log2Ceil(uint64_t N);
/// DFT's signal axis as the node gives it, not normalized: the attribute
/// before opset 20 (default 1), input 2 from 20 (default -2; AxisValue is
/// its constant value, null when not known); nullopt when input 2 is given
/// and its value is not known or not one value.
std::optional<int64_t> dftAxis(const Node &N, bool HasAxisInput,
                               const std::vector<int64_t> *AxisValue);
/// MACs of a convolution: N * Cout * prod(Y spatial) * (Cin/group) * prod(K),
/// from X, W = [Cout, Cin/group, k...] and Y; false if the ranks disagree.
bool convMacs(const Dims &X, const Dims &Wt, const Dims &Y, Count &Macs);
/// MACs of a (batched, broadcast) matrix product giving Y, from A's shape.
bool matmulMacs(const Dims &A, const Dims &Y, Count &Macs);

/// An Einsum equation bound to its operands' shapes.
struct EinsumBinding {
  /// Every distinct index of the input terms (letters, and the broadcast
  /// dims an ellipsis stands for) with its size (-1: unknown).
  std::map<int, int64_t> Sizes;
  /// The output's dims.
  Dims Output;
};
/// Binds equation Eq, read as the ONNX spec allows (spaces anywhere, "..."
/// for broadcast dims, without "->" an implicit output of the broadcast dims
/// and then the letters used once, in alphabetical order), to the operands'
/// shapes (null: unknown). False with Err set when Eq is malformed or does not
/// fit the operands; false with Err empty when an operand's shape is unknown.
bool bindEinsum(llvm::StringRef Eq, const std::vector<const Dims *> &Shapes, EinsumBinding &B,
                std::string &Err);

/// Bytes of a value: a tensor's (OpCost's CostInput::bytes), or the sum of a
/// sequence's tensors.
Count valueBytes(const Value &V);
} // namespace ops

} // namespace wattlint

#endif
