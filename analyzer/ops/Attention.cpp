//===- analyzer/ops/Attention.cpp - fused attention -----------------------===//
//
// ONNX Attention (opset 23): with B batch, Hq query heads, L query length,
// S key length (past included), Dh and Dv head sizes,
//   MACs = B * Hq * L * S * (Dh + Dv)        (Q.K^T and scores.V)
// and per score: 1 scale, 1 mask add (with a mask), 4 for the softmax (max,
// subtract, sum, divide) and 1 exp. Q/K/V are [B, H, L, D] or [B, L, H*D] with
// q_num_heads / kv_num_heads.
// com.microsoft Attention also projects the input: [B, S, In] x [In, 3*Hid]
// adds B * S * In * 3*Hid MACs before the same two products.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

namespace wattlint {

namespace {
void addScores(const CostInput &In, OpWork &W, Count Scores, bool Masked) {
  W.ElementwiseFlops = Scores * Count(Masked ? 6 : 5);
  W.TranscendentalFlops = Scores;
}
} // namespace

bool costAttention(const CostInput &In, OpWork &W) {
  const Dims &Q = In.inShape(0), &K = In.inShape(1), &V = In.inShape(2);
  if (Q.size() != K.size() || Q.size() != V.size() || (Q.size() != 3 && Q.size() != 4))
    return ops::fail(W, "Attention needs Q, K and V all 3-D or all 4-D");
  int64_t B = Q[0], Hq, L, S, Dh, Dv;
  if (Q.size() == 4) {
    Hq = Q[1], L = Q[2], Dh = Q[3], S = K[2], Dv = V[3];
  } else {
    Hq = In.node().attrInt("q_num_heads", 0);
    int64_t Hkv = In.node().attrInt("kv_num_heads", 0);
    if (Hq <= 0 || Hkv <= 0 || Q[2] % Hq || V[2] % Hkv)
      return ops::fail(W, "3-D Attention needs q_num_heads and kv_num_heads dividing the hidden sizes");
    L = Q[1], S = K[1], Dh = Q[2] / Hq, Dv = V[2] / Hkv;
  }
  // Past keys extend the key length.
  if (In.numInputs() > 4 && In.hasInput(4) && In.in(4).shapeKnown() && In.inShape(4).size() == 4)
    S += In.inShape(4)[2];
  Count Scores = Count::dim(B) * Count::dim(Hq) * Count::dim(L) * Count::dim(S);
  W.Macs = Scores * (Count::dim(Dh) + Count::dim(Dv));
  addScores(In, W, Scores, In.numInputs() > 3 && In.hasInput(3));
  return true;
}

bool costMsAttention(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0), &Wt = In.inShape(1);
  int64_t Heads = In.node().attrInt("num_heads", 0);
  if (X.size() != 3 || Wt.size() != 2 || Heads <= 0)
    return ops::fail(W, "com.microsoft Attention needs 3-D input, 2-D weights and num_heads");
  // Q and V may differ in width (qkv_hidden_sizes); the keys are the past
  // ones (past: [2, B, heads, past, head]) and this step's.
  int64_t B = X[0], S = X[1], QHid = Wt[1] / 3, VHid = Wt[1] / 3, Past = 0;
  if (auto Sizes = In.node().attrInts("qkv_hidden_sizes"); Sizes && Sizes->size() == 3)
    QHid = (*Sizes)[0], VHid = (*Sizes)[2];
  if (In.numInputs() > 4 && In.hasInput(4)) {
    const Dims &P = In.inShape(4);
    if (P.size() != 5 || P[3] < 0)
      return ops::fail(W, "com.microsoft Attention's past must be [2, batch, heads, past, head]");
    Past = P[3];
  }
  Count Scores =
      Count::dim(B) * Count::dim(Heads) * Count::dim(S) * (Count::dim(S) + Count::dim(Past));
  Count Proj = Count::dim(B) * Count::dim(S) * Count::dim(X[2]) * Count::dim(Wt[1]);
  W.Macs = Proj + Scores * Count::dim(QHid / Heads) + Scores * Count::dim(VHid / Heads);
  addScores(In, W, Scores, In.numInputs() > 3 && In.hasInput(3));
  // Bias add on the projection.
  if (In.hasInput(2))
    W.ElementwiseFlops += Count::dim(B) * Count::dim(S) * Count::dim(Wt[1]);
  return true;
}

} // namespace wattlint
