//===- analyzer/ops/Elementwise.cpp - elementwise ops ---------------------===//
//
// Unary ops cost a fixed number of elementwise and transcendental FLOPs per
// output element (the table below, one row per op). Binary ops and Where cost
// one FLOP per element of the broadcast output (Pow one transcendental, PRelu
// two); variadic Sum/Max/Min cost n-1 per output element, Mean n.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

#include "llvm/ADT/StringRef.h"

namespace wattlint {

namespace {
struct UnaryRow {
  const char *Op;
  unsigned Elementwise;
  unsigned Transcendental;
};

// Per element. Compositions are spelled out: Gelu = 0.5 * x * (1 + erf(x /
// sqrt 2)) is 4 arithmetic + 1 erf; HardSwish = x * max(0, min(1, x/6 + 1/2))
// is 5 arithmetic; Softplus = log(1 + exp x) is 1 + 2 transcendental.
const UnaryRow UnaryTable[] = {
    {"Relu", 1, 0},         {"LeakyRelu", 2, 0},      {"Elu", 2, 1},
    {"Selu", 3, 1},         {"Celu", 3, 1},           {"ThresholdedRelu", 1, 0},
    {"Sigmoid", 0, 1},      {"HardSigmoid", 4, 0},    {"HardSwish", 5, 0},
    {"Tanh", 0, 1},         {"Softplus", 1, 2},       {"Softsign", 3, 0},
    {"Mish", 2, 3},         {"Gelu", 4, 1},           {"FastGelu", 7, 1},
    {"QuickGelu", 2, 1},    {"Swish", 1, 1},          {"Erf", 0, 1},
    {"Exp", 0, 1},          {"Log", 0, 1},            {"Sqrt", 0, 1},
    {"Reciprocal", 1, 0},   {"Sin", 0, 1},            {"Cos", 0, 1},
    {"Tan", 0, 1},          {"Asin", 0, 1},           {"Acos", 0, 1},
    {"Atan", 0, 1},         {"Sinh", 0, 1},           {"Cosh", 0, 1},
    {"Asinh", 0, 1},        {"Acosh", 0, 1},          {"Atanh", 0, 1},
    {"Abs", 1, 0},          {"Neg", 1, 0},            {"Floor", 1, 0},
    {"Ceil", 1, 0},         {"Round", 1, 0},          {"Sign", 1, 0},
    {"Not", 1, 0},          {"IsNaN", 1, 0},          {"IsInf", 1, 0},
    {"BitwiseNot", 1, 0},   {"Clip", 2, 0},           {"Shrink", 2, 0},
};
} // namespace

bool costUnary(const CostInput &In, OpWork &W) {
  llvm::StringRef Op = In.node().OpType;
  for (const UnaryRow &R : UnaryTable) {
    if (Op != R.Op)
      continue;
    unsigned E = R.Elementwise;
    // The tanh approximation of Gelu: 0.5x(1 + tanh(c(x + 0.044715x^3))).
    if (Op == "Gelu" && In.node().attrString("approximate", "none") == "tanh")
      E = 7;
    W.ElementwiseFlops = In.outElems(0) * Count(E);
    W.TranscendentalFlops = In.outElems(0) * Count(R.Transcendental);
    return true;
  }
  return ops::fail(W, "no per-element cost for " + In.node().OpType);
}

bool costBinary(const CostInput &In, OpWork &W) {
  llvm::StringRef Op = In.node().OpType;
  if (Op == "Pow") {
    W.TranscendentalFlops = In.outElems(0);
    return true;
  }
  W.ElementwiseFlops = In.outElems(0) * Count(Op == "PRelu" ? 2 : 1);
  return true;
}

bool costVariadic(const CostInput &In, OpWork &W) {
  unsigned N = 0;
  for (unsigned I = 0; I < In.numInputs(); ++I)
    N += In.hasInput(I);
  if (N == 0)
    return ops::fail(W, In.node().OpType + " without inputs");
  unsigned PerOutput = N - 1 + (In.node().OpType == "Mean" ? 1 : 0);
  W.ElementwiseFlops = In.outElems(0) * Count(PerOutput);
  return true;
}

bool costBiasGelu(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.outElems(0) * Count(5);
  W.TranscendentalFlops = In.outElems(0);
  return true;
}

} // namespace wattlint
