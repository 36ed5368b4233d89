//===- analyzer/shapes/MatMul.cpp - matrix product shapes -----------------===//
//
// MatMul (batched, broadcast; also the quantized products'), Gemm and Einsum.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <utility>

namespace wattlint {
using namespace shapes;

namespace shapes {

void ruleMatMul(Ctx &C, DType T) {
  const Dims *A = C.shape(0), *B = C.shape(1);
  unsigned BIdx = 1;
  if (C.N.OpType == "QLinearMatMul")
    A = C.shape(0), B = C.shape(3), BIdx = 3;
  (void)BIdx;
  if (A && B && (A->empty() || B->empty()))
    return C.invalid("inputs of rank " + std::to_string(A->size()) + " and " +
                     std::to_string(B->size()) + " (a matrix product needs rank 1 or more)");
  if (!A || !B) {
    C.setType(0, T);
    return;
  }
  Dims a = *A, b = *B;
  // com.microsoft FusedMatMul: alpha * op(A) * op(B), op transposing the
  // last two dims; transBatch* also move the batch dims (not mapped).
  if (C.N.OpType == "FusedMatMul") {
    if (C.N.attrInt("transBatchA", 0) || C.N.attrInt("transBatchB", 0))
      return C.setType(0, T);
    for (auto [M, Attr] : {std::pair{&a, "transA"}, std::pair{&b, "transB"}})
      if (C.N.attrInt(Attr, 0) && M->size() >= 2)
        std::swap((*M)[M->size() - 1], (*M)[M->size() - 2]);
  }
  bool AVec = a.size() == 1, BVec = b.size() == 1;
  if (AVec)
    a.insert(a.begin(), 1);
  if (BVec)
    b.push_back(1);
  int64_t KA = a.back(), KB = b[b.size() - 2];
  if (KA >= 0 && KB >= 0 && KA != KB && !C.worstCase())
    return C.invalid("inner dims " + std::to_string(KA) + " and " + std::to_string(KB) +
                     " do not match");
  Dims BatchA(a.begin(), a.end() - 2), BatchB(b.begin(), b.end() - 2);
  std::string Why;
  auto Batch = broadcast({&BatchA, &BatchB}, &Why, C.worstCase());
  if (!Batch)
    return C.invalid("batch dims: " + Why);
  Dims Y = *Batch;
  if (!AVec)
    Y.push_back(a[a.size() - 2]);
  if (!BVec)
    Y.push_back(b.back());
  C.set(0, Y, T);
}

} // namespace shapes

namespace {

void ruleGemm(Ctx &C) {
  const Dims *A = C.shape(0), *B = C.shape(1);
  if (!A || !B)
    return;
  if (A->size() != 2 || B->size() != 2)
    return C.invalid("A and B of rank " + std::to_string(A->size()) + " and " +
                     std::to_string(B->size()) + " (Gemm takes matrices)");
  int64_t M = C.N.attrInt("transA", 0) ? (*A)[1] : (*A)[0];
  int64_t N = C.N.attrInt("transB", 0) ? (*B)[0] : (*B)[1];
  int64_t KA = C.N.attrInt("transA", 0) ? (*A)[0] : (*A)[1];
  int64_t KB = C.N.attrInt("transB", 0) ? (*B)[1] : (*B)[0];
  if (KA >= 0 && KB >= 0 && KA != KB && !C.worstCase())
    return C.invalid("inner dims " + std::to_string(KA) + " and " + std::to_string(KB) +
                     " do not match");
  // C broadcasts to [M, N] one way (opset 7 on; optional from 11).
  if (const Dims *Bias = C.has(2) ? C.shape(2) : nullptr; Bias && C.N.OpsetVersion >= 7) {
    std::string Why;
    Dims Out = {M, N};
    auto Y = broadcast({Bias, &Out}, &Why, C.worstCase());
    if (Bias->size() > 2 || (Y && *Y != Out && llvm::none_of(Out, [](int64_t D) { return D < 0; })))
      return C.invalid("C of shape " + listStr(*Bias) +
                       " does not broadcast to [M, N] = " + listStr(Out));
    if (!Y && !Why.empty())
      return C.invalid("C of shape " + listStr(*Bias) +
                       " does not broadcast to [M, N] = " + listStr(Out) + ": " + Why);
  }
  C.set(0, {M, N}, C.type(0));
}

void ruleEinsum(Ctx &C) {
  std::vector<const Dims *> Shapes;
  for (unsigned I = 0; I < C.N.Inputs.size(); ++I)
    Shapes.push_back(C.shape(I));
  std::string Eq = C.N.attrString("equation", ""), Err;
  ops::EinsumBinding B;
  if (ops::bindEinsum(Eq, Shapes, B, Err))
    C.set(0, B.Output, C.type(0));
  else if (!Err.empty())
    C.invalid("equation '" + Eq + "': " + Err);
  C.setType(0, C.type(0));
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeGemm(ShapeCtx &C) { ruleGemm(C); }
void shapeMatMul(ShapeCtx &C) { ruleMatMul(C, C.type(0)); }
void shapeEinsum(ShapeCtx &C) { ruleEinsum(C); }

/// Det: one value per [M, M] matrix of X's last two dims.
void shapeDet(ShapeCtx &C) {
  const Dims *X = C.shape(0);
  if (!X) {
    C.setType(0, C.type(0));
    return;
  }
  if (X->size() < 2 || ((*X)[X->size() - 1] >= 0 && (*X)[X->size() - 2] >= 0 &&
                        (*X)[X->size() - 1] != (*X)[X->size() - 2]))
    return C.invalid("input 0 has shape " + listStr(*X) + "; Det takes square matrices [*, M, M]");
  C.set(0, Dims(X->begin(), X->end() - 2), C.type(0));
}

/// DFT: X [batch, signal..., 1 or 2] (real or complex) transformed along one
/// signal axis (opset 17: attribute axis, default 1; opset 20: input 2,
/// default -2) to length dft_length (input 1; else the axis's), half of it
/// plus one when onesided; complex out, [..., 2].
void shapeDFT(ShapeCtx &C) {
  const Dims *X = C.shape(0);
  if (C.N.OpsetVersion >= 20 && C.ints(2) && C.ints(2)->size() != 1)
    return C.invalid("axis must be one value, not " + listStr(*C.ints(2)));
  std::optional<int64_t> Axis = ops::dftAxis(C.N, C.has(2), C.ints(2));
  if (!Axis)
    return C.setType(0, C.type(0));
  int64_t Inverse = C.N.attrInt("inverse", 0), Onesided = C.N.attrInt("onesided", 0);
  if ((Inverse != 0 && Inverse != 1) || (Onesided != 0 && Onesided != 1))
    return C.invalid("inverse and onesided are 0 or 1");
  std::optional<int64_t> Length;
  if (C.has(1)) {
    const Ints *L = C.ints(1);
    if (L && (L->size() != 1 || L->front() <= 0 || L->front() > MaxDim))
      return C.invalid("dft_length must be one positive value, not " + listStr(*L));
    if (L)
      Length = L->front();
  }
  if (!X)
    return C.setType(0, C.type(0));
  int64_t R = int64_t(X->size());
  if (R < 3)
    return C.invalid("input 0 has shape " + listStr(*X) +
                     "; DFT takes [batch, signal dims..., 1 or 2]");
  if (X->back() >= 0 && X->back() != 1 && X->back() != 2)
    return C.invalid("input 0's last dim is " + std::to_string(X->back()) +
                     ", not 1 (real) or 2 (complex)");
  // The spec: "if the input ... [is] complex, then onesided output is not
  // possible".
  if (Onesided && X->back() == 2)
    return C.invalid("onesided output is not possible for a complex input");
  int64_t A = *Axis < 0 ? *Axis + R : *Axis;
  if (A < 0 || A > R - 2)
    return C.invalid("axis " + std::to_string(*Axis) + " is not a signal axis of a rank-" +
                     std::to_string(R) + " input");
  Dims Y = *X;
  int64_t N = Length ? *Length : (C.has(1) ? -1 : (*X)[size_t(A)]);
  Y[size_t(A)] = N < 0 ? -1 : Onesided ? N / 2 + 1 : N;
  Y.back() = 2;
  C.set(0, Y, C.type(0));
}

/// STFT-17: signal [batch, length, 1 or 2], frame_step, an optional 1-D
/// window and an optional frame_length (the window's length when both are
/// given); out [batch, frames, bins, 2], frames = (length - frame) / step
/// + 1, bins = frame / 2 + 1 when onesided (a real signal only).
void shapeSTFT(ShapeCtx &C) {
  const Dims *X = C.shape(0);
  if (X && (X->size() != 3 || ((*X)[2] >= 0 && (*X)[2] != 1 && (*X)[2] != 2)))
    return C.invalid("signal has shape " + listStr(*X) + "; STFT takes [batch, length, 1 or 2]");
  int64_t Onesided = C.N.attrInt("onesided", 1);
  if (Onesided != 0 && Onesided != 1)
    return C.invalid("onesided is 0 or 1, not " + std::to_string(Onesided));
  if (Onesided && X && (*X)[2] == 2)
    return C.invalid("onesided output is not possible for a complex signal");
  for (unsigned I : {1u, 3u})
    if (const Dims *S = C.has(I) ? C.shape(I) : nullptr; S && !S->empty())
      return C.invalid(std::string(I == 1 ? "frame_step" : "frame_length") + " has shape " +
                       listStr(*S) + "; it must be a scalar");
  int64_t Frame = -1;
  if (const Dims *Win = C.has(2) ? C.shape(2) : nullptr) {
    if (Win->size() != 1)
      return C.invalid("the window has shape " + listStr(*Win) + "; it must have rank 1");
    Frame = (*Win)[0];
  }
  if (const Ints *L = C.has(3) ? C.ints(3) : nullptr; L && L->size() == 1) {
    if (L->front() <= 0 || L->front() > MaxDim)
      return C.invalid("frame_length must be positive, at most 2^48, not " +
                       std::to_string(L->front()));
    if (Frame >= 0 && L->front() != Frame)
      return C.invalid("frame_length " + std::to_string(L->front()) + " and a window of " +
                       std::to_string(Frame) + " differ");
    Frame = L->front();
  }
  if (!C.has(2) && !C.has(3))
    return C.invalid("neither a window nor a frame_length gives the frame's length");
  const Ints *Step = C.ints(1);
  if (Step && (Step->size() != 1 || Step->front() <= 0))
    return C.invalid("frame_step must be one positive value");
  if (Frame == 0 || Frame > MaxDim)
    return C.invalid("a frame length of " + std::to_string(Frame));
  if (!X)
    return C.setType(0, C.type(0));
  int64_t Frames = -1;
  if (Step && Frame > 0 && (*X)[1] >= 0) {
    if ((*X)[1] < Frame)
      return C.invalid("the signal's " + std::to_string((*X)[1]) +
                       " samples are fewer than a "
                       "frame of " +
                       std::to_string(Frame));
    Frames = ((*X)[1] - Frame) / Step->front() + 1;
  }
  int64_t Bins = Frame < 0 ? -1 : Onesided ? Frame / 2 + 1 : Frame;
  C.set(0, {(*X)[0], Frames, Bins, 2}, C.type(0));
}

} // namespace wattlint
