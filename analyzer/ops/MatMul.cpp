//===- analyzer/ops/MatMul.cpp - matrix products --------------------------===//
//
// MatMul (batched, broadcast): MACs = elements(Y) * K.
// Gemm: MACs = M * N * K; the C term, alpha and beta add one FLOP per output
// element each when present.
// Einsum: MACs = product of the sizes of every index letter when two or more
// operands are multiplied; a one-operand einsum (transpose, trace, sum) costs
// one FLOP per input element.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

#include <map>

namespace wattlint {

bool costMatMul(const CostInput &In, OpWork &W) {
  if (!ops::matmulMacs(In.inShape(0), In.outShape(0), W.Macs))
    return ops::fail(W, "MatMul of a scalar");
  // FusedMatMul's alpha scales every output element.
  if (In.node().attr("alpha") && In.node().attrFloat("alpha", 1.0) != 1.0)
    W.ElementwiseFlops = In.outElems(0);
  return true;
}

bool costGemm(const CostInput &In, OpWork &W) {
  const Dims &A = In.inShape(0), &Y = In.outShape(0);
  if (A.size() != 2 || Y.size() != 2)
    return ops::fail(W, "Gemm needs 2-D A and Y");
  int64_t K = In.node().attrInt("transA", 0) ? A[0] : A[1];
  W.Macs = Count::dim(Y[0]) * Count::dim(Y[1]) * Count::dim(K);
  unsigned PerOutput = 0;
  if (In.node().attrFloat("alpha", 1.0) != 1.0)
    ++PerOutput;
  if (In.hasInput(2)) {
    ++PerOutput;
    if (In.node().attrFloat("beta", 1.0) != 1.0)
      ++PerOutput;
  }
  W.ElementwiseFlops = In.outElems(0) * Count(PerOutput);
  return true;
}

bool costEinsum(const CostInput &In, OpWork &W) {
  std::string Eq = In.node().attrString("equation", "");
  std::string Lhs = Eq.substr(0, Eq.find("->"));
  if (Eq.find("...") != std::string::npos)
    return ops::fail(W, "Einsum with an ellipsis is not counted yet");
  // Bind each letter to its size from the operands.
  std::map<char, int64_t> Size;
  unsigned Operand = 0;
  size_t Pos = 0;
  while (Pos <= Lhs.size()) {
    size_t Comma = Lhs.find(',', Pos);
    std::string Term = Lhs.substr(Pos, Comma == std::string::npos ? std::string::npos : Comma - Pos);
    std::string Letters;
    for (char C : Term)
      if (C != ' ')
        Letters += C;
    if (Operand >= In.numInputs() || In.inShape(Operand).size() != Letters.size())
      return ops::fail(W, "Einsum equation '" + Eq + "' does not match the operand ranks");
    for (size_t I = 0; I < Letters.size(); ++I)
      Size[Letters[I]] = std::max(Size[Letters[I]], In.inShape(Operand)[I]);
    ++Operand;
    if (Comma == std::string::npos)
      break;
    Pos = Comma + 1;
  }
  Count All = 1;
  for (auto &[C, N] : Size)
    All *= Count::dim(N);
  if (Operand >= 2) {
    W.Macs = All;
    // Operands beyond two each add one multiply per point of the index space.
    if (Operand > 2)
      W.ElementwiseFlops = All * Count(Operand - 2);
  } else {
    W.ElementwiseFlops = In.inElems(0);
  }
  return true;
}

} // namespace wattlint
