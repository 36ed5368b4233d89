//===- analyzer/shapes/Attention.cpp - attention shapes -------------------===//
//
// Attention-23 (4-D and 3-D inputs, with a past key/value) and
// com.microsoft Attention.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <tuple>

namespace wattlint {
using namespace shapes;

namespace {

/// Two dims that must be equal where both are known.
bool differ(int64_t A, int64_t B) { return A >= 0 && B >= 0 && A != B; }

/// Q, K and V as Attention-23 takes them: [batch, heads, sequence, head
/// size] each, or [batch, sequence, heads x head size] with the head counts
/// as attributes; K and V share their heads and sequence, Q and K their
/// head size, and Q's heads are a multiple of K's (grouped queries). Why
/// they do not, or "".
std::string attentionOperands(Ctx &C, const Dims &Q, const Dims &K, const Dims &V) {
  if (Q.size() != K.size() || Q.size() != V.size() || (Q.size() != 3 && Q.size() != 4))
    return "Q, K and V have shapes " + listStr(Q) + ", " + listStr(K) + " and " + listStr(V) +
           "; they must all have rank 4, or all rank 3";
  if (differ(Q[0], K[0]) || differ(Q[0], V[0]))
    return "Q, K and V have batches " + std::to_string(Q[0]) + ", " + std::to_string(K[0]) +
           " and " + std::to_string(V[0]);
  size_t Seq = Q.size() == 4 ? 2 : 1;
  if (differ(K[Seq], V[Seq]))
    return "K has " + std::to_string(K[Seq]) + " positions and V " + std::to_string(V[Seq]);
  int64_t Hq, Hkv, Dq, Dk;
  if (Q.size() == 4) {
    Hq = Q[1], Hkv = K[1], Dq = Q[3], Dk = K[3];
    if (differ(K[1], V[1]))
      return "K has " + std::to_string(K[1]) + " heads and V " + std::to_string(V[1]);
  } else {
    Hq = C.N.attrInt("q_num_heads", 0), Hkv = C.N.attrInt("kv_num_heads", 0);
    if (Hq <= 0 || Hkv <= 0)
      return "3-D Q, K and V need q_num_heads and kv_num_heads, positive (given " +
             std::to_string(Hq) + " and " + std::to_string(Hkv) + ")";
    for (auto [Name, Width, Heads] :
         {std::tuple{"Q", Q[2], Hq}, std::tuple{"K", K[2], Hkv}, std::tuple{"V", V[2], Hkv}})
      if (Width >= 0 && Width % Heads != 0)
        return std::string(Name) + "'s width " + std::to_string(Width) + " is not " +
               std::to_string(Heads) + " heads of one size";
    Dq = Q[2] < 0 ? -1 : Q[2] / Hq, Dk = K[2] < 0 ? -1 : K[2] / Hkv;
  }
  if (differ(Dq, Dk))
    return "Q's head size " + std::to_string(Dq) + " differs from K's " + std::to_string(Dk);
  if (Hq >= 0 && Hkv > 0 && Hq % Hkv != 0)
    return "Q's " + std::to_string(Hq) + " heads are not a multiple of K's " + std::to_string(Hkv);
  if (Hkv == 0)
    return "K and V have no heads";
  return "";
}

void ruleAttention(Ctx &C) {
  const Dims *Q = C.shape(0), *K = C.shape(1), *V = C.shape(2);
  if (!Q || !K || !V)
    return;
  if (std::string Why = attentionOperands(C, *Q, *K, *V); !Why.empty())
    return C.invalid(Why);
  if (int64_t Mode = C.N.attrInt("qk_matmul_output_mode", 0); Mode < 0 || Mode > 3)
    return C.invalid("qk_matmul_output_mode must be 0 to 3, not " + std::to_string(Mode));
  int64_t Past = 0;
  if (C.has(4) && C.shape(4) && C.shape(4)->size() == 4)
    Past = (*C.shape(4))[2];
  // past_key and past_value hold the same past positions.
  if (C.has(4) && C.has(5) && C.shape(4) && C.shape(5) && C.shape(4)->size() == 4 &&
      C.shape(5)->size() == 4 && (*C.shape(4))[2] >= 0 && (*C.shape(5))[2] >= 0 &&
      (*C.shape(4))[2] != (*C.shape(5))[2])
    return C.invalid("past_key holds " + std::to_string((*C.shape(4))[2]) +
                     " past positions and past_value " + std::to_string((*C.shape(5))[2]));
  // The total sequence length: past plus new keys, checked.
  auto Total = [&](int64_t New) -> int64_t {
    CheckedInt S = CheckedInt(New) + Past;
    if (New >= 0 && Past >= 0 && S.bad())
      C.invalid("past and new sequence lengths overflow 64 bits");
    return New < 0 || Past < 0 || S.bad() ? -1 : S.value();
  };
  if (Q->size() == 4) {
    int64_t S = Total((*K)[2]);
    C.set(0, {(*Q)[0], (*Q)[1], (*Q)[2], (*V)[3]}, C.type(0));
    C.set(1, {(*K)[0], (*K)[1], S, (*K)[3]}, C.type(1));
    C.set(2, {(*V)[0], (*V)[1], S, (*V)[3]}, C.type(2));
    C.set(3, {(*Q)[0], (*Q)[1], (*Q)[2], S}, C.type(0));
    return;
  }
  if (Q->size() != 3)
    return;
  int64_t Hq = C.N.attrInt("q_num_heads", 0), Hkv = C.N.attrInt("kv_num_heads", 0);
  if (Hq <= 0 || Hkv <= 0)
    return;
  int64_t Dv = (*V)[2] < 0 ? -1 : (*V)[2] / Hkv, Dk = (*K)[2] < 0 ? -1 : (*K)[2] / Hkv;
  int64_t S = Total((*K)[1]);
  CheckedInt Width = CheckedInt(Hq) * Dv;
  if (Dv >= 0 && Width.bad())
    return C.invalid("q_num_heads x head size overflows 64 bits");
  C.set(0, {(*Q)[0], (*Q)[1], Dv < 0 ? -1 : Width.value()}, C.type(0));
  C.set(1, {(*K)[0], Hkv, S, Dk}, C.type(1));
  C.set(2, {(*V)[0], Hkv, S, Dv}, C.type(2));
  C.set(3, {(*Q)[0], Hq, (*Q)[1], S}, C.type(0));
}

void ruleMsAttention(Ctx &C) {
  const Dims *X = C.shape(0), *W = C.shape(1);
  if (int64_t Heads = C.N.attrInt("num_heads", 0); Heads <= 0)
    return C.invalid("num_heads must be positive, not " + std::to_string(Heads));
  if (X && W && (X->size() != 3 || W->size() != 2))
    return C.invalid("input of rank " + std::to_string(X->size()) + " and weights of rank " +
                     std::to_string(W->size()) + " (the op takes 3 and 2)");
  if (!X || !W)
    return;
  // Weights [input hidden, q + k + v hidden] and a bias of the q + k + v
  // widths; q's width (and v's) are heads of one size.
  if ((*X)[2] >= 0 && (*W)[0] >= 0 && (*X)[2] != (*W)[0])
    return C.invalid("the weights have " + std::to_string((*W)[0]) + " rows for an input of " +
                     std::to_string((*X)[2]) + " features");
  int64_t Heads = C.N.attrInt("num_heads", 0);
  auto Sizes = C.N.attrInts("qkv_hidden_sizes");
  if (Sizes && (Sizes->size() != 3 || llvm::any_of(*Sizes, [](int64_t V) { return V <= 0; })))
    return C.invalid("qkv_hidden_sizes must be three positive widths, not " + listStr(*Sizes));
  // Scores are q times k: the two have one width (ONNX Runtime refuses
  // others); v's may differ.
  if (Sizes && (*Sizes)[0] != (*Sizes)[1])
    return C.invalid("qkv_hidden_sizes " + listStr(*Sizes) +
                     " gives q and k different widths; the scores need one");
  int64_t Total = -1, Q = -1, V = -1;
  if (Sizes) {
    CheckedInt T = CheckedInt((*Sizes)[0]) + (*Sizes)[1] + (*Sizes)[2];
    if (T.bad())
      return C.invalid("qkv_hidden_sizes overflow 64 bits");
    Total = T.value(), Q = (*Sizes)[0], V = (*Sizes)[2];
  } else if ((*W)[1] >= 0) {
    if ((*W)[1] % 3 != 0)
      return C.invalid("the weights' " + std::to_string((*W)[1]) +
                       " columns are not q, k and v of one width");
    Total = (*W)[1], Q = V = (*W)[1] / 3;
  }
  if (Total >= 0 && (*W)[1] >= 0 && (*W)[1] != Total)
    return C.invalid("the weights have " + std::to_string((*W)[1]) + " columns for q, k and v of " +
                     std::to_string(Total));
  if (!vectorsOf(C, {2}, Total, "the q, k and v biases"))
    return;
  for (int64_t Width : {Q, V})
    if (Width >= 0 && Width % Heads != 0)
      return C.invalid("a width of " + std::to_string(Width) + " is not " + std::to_string(Heads) +
                       " heads of one size");
  int64_t Hid = (*W)[1] < 0 ? -1 : (*W)[1] / 3;
  if (Sizes)
    Hid = (*Sizes)[2];
  C.set(0, {(*X)[0], (*X)[1], Hid}, C.type(0));
  // present: the past keys and values with this step's appended,
  // [2, batch, heads, past + sequence, head].
  if (!C.hasOut(1))
    return;
  int64_t K = Sizes ? (*Sizes)[1] : (*W)[1] < 0 ? -1 : (*W)[1] / 3;
  Dims Present = {2, (*X)[0], Heads, (*X)[1], K < 0 ? -1 : K / Heads};
  if (C.has(4)) {
    const Dims *P = C.shape(4);
    if (!P)
      return;
    if (P->size() != 5)
      return C.invalid("past has rank " + std::to_string(P->size()) +
                       "; it is [2, batch, heads, past, head]");
    CheckedInt Len = CheckedInt((*P)[3]) + (*X)[1];
    if (Len.bad())
      return C.invalid("past and sequence lengths overflow 64 bits");
    Present[3] = (*P)[3] < 0 || (*X)[1] < 0 ? -1 : Len.value();
    Present[4] = (*P)[4];
  }
  C.set(1, Present, C.type(0));
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeAttention(ShapeCtx &C) { ruleAttention(C); }
void shapeMsAttention(ShapeCtx &C) { ruleMsAttention(C); }

} // namespace wattlint
