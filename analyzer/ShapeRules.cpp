//===- analyzer/ShapeRules.cpp - wattlint's own shape inference -----------===//
//
// The pass and the shape rules: each op's rule is the Shape column of its row
// in analyzer/ops/Ops.def, beside its cost function, so that every front end
// (ONNX, LibTorch C++) gets the same shapes.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ShapeRules.h"
#include "analyzer/ModelSource.h"
#include "analyzer/Count.h"
#include "analyzer/ops/OpFamilies.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace llvm;

namespace wattlint {

namespace {

/// Folded constants stay small; shapes are what they are for.
constexpr size_t MaxFolded = 4096;
/// Subgraph nesting beyond this is refused (protobuf stops far earlier).
constexpr unsigned MaxDepth = 64;
/// A dim above this is not a shape anybody runs (2^48 elements on one axis).
constexpr int64_t MaxDim = int64_t(1) << 48;

using Ints = std::vector<int64_t>;

} // namespace

/// What a shape rule reads and writes: one node of a graph.
struct ShapeCtx {
  Graph &G;
  Node &N;
  /// Set when the node's inputs make a shape that no valid model has.
  std::string Invalid = {};
  void invalid(const std::string &Why) {
    if (Invalid.empty())
      Invalid = Why;
  }
  bool has(unsigned I) const { return I < N.Inputs.size() && N.Inputs[I] >= 0; }
  bool hasOut(unsigned I) const { return I < N.Outputs.size() && N.Outputs[I] >= 0; }
  Value &in(unsigned I) { return G.value(N.Inputs[I]); }
  /// Output I, or a scratch value when the node omits it (writes vanish).
  Value &out(unsigned I) {
    if (!hasOut(I)) {
      Scratch = Value();
      return Scratch;
    }
    return G.value(N.Outputs[I]);
  }
  Value Scratch = {};
  const Dims *shape(unsigned I) {
    return has(I) && in(I).Shape ? &*in(I).Shape : nullptr;
  }
  const Ints *ints(unsigned I) { return has(I) && in(I).IntData ? &*in(I).IntData : nullptr; }
  /// Sets output I's shape (only where unknown) and its type if unset.
  void set(unsigned I, Dims D, DType T = DType::Undefined) {
    if (!hasOut(I))
      return;
    Value &V = out(I);
    if (V.Type == DType::Undefined && T != DType::Undefined)
      V.Type = T;
    for (int64_t &X : D) {
      if (X > MaxDim)
        invalid("output dim " + std::to_string(X) + " is absurd (above 2^48)");
      if (X < 0 || X > MaxDim)
        X = -1;
    }
    if (!V.Shape || V.Shape->size() != D.size()) {
      if (!V.shapeKnown())
        V.Shape = std::move(D);
      return;
    }
    for (size_t K = 0; K < D.size(); ++K)
      if ((*V.Shape)[K] < 0)
        (*V.Shape)[K] = D[K];
  }
  void setType(unsigned I, DType T) {
    if (hasOut(I) && out(I).Type == DType::Undefined)
      out(I).Type = T;
  }
  DType type(unsigned I) { return has(I) ? in(I).Type : DType::Undefined; }
  void setInts(unsigned I, Ints V, Dims Shape) {
    if (!hasOut(I) || V.size() > MaxFolded)
      return;
    set(I, Shape, DType::I64);
    out(I).IntData = std::move(V);
  }
};

namespace {

using Ctx = ShapeCtx;

class Pass {
public:
  Error run(Graph &G, unsigned Depth);

private:
  Error node(Graph &G, Node &N, unsigned Depth);
  Error controlFlow(Graph &G, Node &N, unsigned Depth);
  /// The shape rule of a node without subgraphs.
  static void rule(Ctx &C);
};

// ---- access helpers -------------------------------------------------------

int64_t norm(int64_t Axis, size_t Rank) {
  int64_t R = int64_t(Rank);
  if (Axis < -R || Axis >= R)
    return -1;
  return Axis < 0 ? Axis + R : Axis;
}

/// Multidirectional broadcast; an unknown dim stays unknown unless the other
/// side fixes it.
std::optional<Dims> broadcast(const std::vector<const Dims *> &Shapes) {
  size_t Rank = 0;
  for (const Dims *S : Shapes) {
    if (!S)
      return std::nullopt;
    Rank = std::max(Rank, S->size());
  }
  Dims Out(Rank, 1);
  for (size_t K = 0; K < Rank; ++K) {
    int64_t D = 1;
    bool Unknown = false;
    for (const Dims *S : Shapes) {
      if (K + S->size() < Rank)
        continue;
      int64_t X = (*S)[K + S->size() - Rank];
      if (X < 0)
        Unknown = true;
      else if (X != 1)
        D = X;
    }
    Out[K] = (Unknown && D == 1) ? -1 : D;
  }
  return Out;
}

int64_t prodDims(const Dims &D, size_t From, size_t To) {
  Count C = 1;
  for (size_t I = From; I < To && I < D.size(); ++I)
    C *= Count::dim(D[I]);
  return C.overflowed() || C.value() > uint64_t(MaxDim) ? -1 : int64_t(C.value());
}

// ---- constant folding of shape arithmetic --------------------------------

/// Elementwise integer arithmetic with broadcasting of small tensors.
void foldBinary(Ctx &C, StringRef Op) {
  const Ints *A = C.ints(0), *B = C.ints(1);
  const Dims *SA = C.shape(0), *SB = C.shape(1);
  if (!A || !B || !SA || !SB)
    return;
  auto Out = broadcast({SA, SB});
  if (!Out)
    return;
  int64_t N = prodDims(*Out, 0, Out->size());
  if (N < 0 || size_t(N) > MaxFolded)
    return;
  Ints R(N);
  // Index into each operand with broadcasting.
  auto At = [&](const Ints &V, const Dims &S, int64_t Flat) {
    int64_t Idx = 0, Stride = 1;
    for (size_t K = Out->size(); K-- > 0;) {
      int64_t Coord = Flat % (*Out)[K];
      Flat /= (*Out)[K];
      size_t Off = Out->size() - S.size();
      if (K >= Off) {
        int64_t Dim = S[K - Off];
        Idx += (Dim == 1 ? 0 : Coord) * Stride;
        Stride *= Dim;
      }
    }
    return V[Idx];
  };
  if (int64_t(A->size()) != prodDims(*SA, 0, SA->size()) ||
      int64_t(B->size()) != prodDims(*SB, 0, SB->size()))
    return;
  for (int64_t I = 0; I < N; ++I) {
    int64_t X = At(*A, *SA, I), Y = At(*B, *SB, I), Z = 0;
    if (Op == "Add" || Op == "Sub" || Op == "Mul" || Op == "Div" || Op == "Mod") {
      // A zero divisor leaves the value unknown (it is data the graph may
      // never reach); an overflow is a model no runtime computes.
      if ((Op == "Div" || Op == "Mod") && Y == 0)
        return;
      CheckedInt R = Op == "Add"   ? CheckedInt(X) + Y
                     : Op == "Sub" ? CheckedInt(X) - Y
                     : Op == "Mul" ? CheckedInt(X) * Y
                     : Op == "Div" ? CheckedInt(X) / Y
                                   : CheckedInt(X) % Y;
      if (R.bad()) {
        C.invalid("integer overflow folding " + std::to_string(X) + " " + Op.str() + " " +
                  std::to_string(Y));
        return;
      }
      Z = R.value();
    } else if (Op == "Equal")
      Z = X == Y;
    else if (Op == "Less")
      Z = X < Y;
    else if (Op == "Greater")
      Z = X > Y;
    else if (Op == "LessOrEqual")
      Z = X <= Y;
    else if (Op == "GreaterOrEqual")
      Z = X >= Y;
    else if (Op == "Max")
      Z = std::max(X, Y);
    else if (Op == "Min")
      Z = std::min(X, Y);
    else if (Op == "And")
      Z = X && Y;
    else if (Op == "Or")
      Z = X || Y;
    else
      return;
    R[I] = Z;
  }
  DType T = C.type(0);
  bool Cmp = Op == "Equal" || Op == "Less" || Op == "Greater" || Op == "LessOrEqual" ||
             Op == "GreaterOrEqual" || Op == "And" || Op == "Or";
  C.set(0, *Out, Cmp ? DType::Bool : T);
  C.out(0).IntData = std::move(R);
}

std::optional<Ints> sliceIndices(int64_t Dim, int64_t Start, int64_t End, int64_t Step) {
  if (Step == 0 || Dim < 0)
    return std::nullopt;
  auto Clamp = [&](int64_t X, int64_t Lo, int64_t Hi) { return std::max(Lo, std::min(Hi, X)); };
  if (Start < 0)
    Start += Dim;
  if (End < 0)
    End += Dim;
  Ints Idx;
  if (Step > 0) {
    Start = Clamp(Start, 0, Dim);
    End = Clamp(End, 0, Dim);
    for (int64_t I = Start; I < End; I += Step)
      if (Idx.size() < MaxFolded + 1)
        Idx.push_back(I);
      else
        return std::nullopt;
  } else {
    Start = Clamp(Start, -1, Dim - 1);
    End = Clamp(End, -1, Dim - 1);
    for (int64_t I = Start; I > End; I += Step)
      if (Idx.size() < MaxFolded + 1)
        Idx.push_back(I);
      else
        return std::nullopt;
  }
  return Idx;
}

/// Output length of a slice of a dim, without enumerating it.
int64_t sliceLength(int64_t Dim, int64_t Start, int64_t End, int64_t Step) {
  if (Step == 0 || Dim < 0)
    return -1;
  auto Clamp = [&](int64_t X, int64_t Lo, int64_t Hi) { return std::max(Lo, std::min(Hi, X)); };
  if (Start < 0)
    Start += Dim;
  if (End < 0)
    End += Dim;
  if (Step > 0) {
    Start = Clamp(Start, 0, Dim);
    End = Clamp(End, 0, Dim);
    return End > Start ? (End - Start + Step - 1) / Step : 0;
  }
  Start = Clamp(Start, -1, Dim - 1);
  End = Clamp(End, -1, Dim - 1);
  return Start > End ? (Start - End + (-Step) - 1) / (-Step) : 0;
}

// ---- rules ------------------------------------------------------------------

void sameAsInput(Ctx &C) {
  if (const Dims *S = C.shape(0))
    C.set(0, *S, C.type(0));
  else
    C.setType(0, C.type(0));
}

void ruleBroadcast(Ctx &C, DType T) {
  std::vector<const Dims *> S;
  for (unsigned I = 0; I < C.N.Inputs.size(); ++I)
    if (C.has(I))
      S.push_back(C.shape(I));
  if (auto Out = broadcast(S))
    C.set(0, *Out, T);
  else
    C.setType(0, T);
}

/// Output spatial dims of Conv / pooling; Kernel from the attribute or W.
void ruleWindow(Ctx &C, const Dims &X, Dims Kernel, int64_t OutChannels, bool Pool) {
  size_t Sp = X.size() - 2;
  if (Kernel.size() != Sp)
    return;
  Ints Strides = C.N.attrInts("strides").value_or(Ints(Sp, 1));
  Ints Dil = C.N.attrInts("dilations").value_or(Ints(Sp, 1));
  Ints Pads = C.N.attrInts("pads").value_or(Ints(2 * Sp, 0));
  std::string Auto = C.N.attrString("auto_pad", "NOTSET");
  bool Ceil = C.N.attrInt("ceil_mode", 0) != 0;
  if (Strides.size() != Sp || Dil.size() != Sp || Pads.size() != 2 * Sp)
    return;
  // The spec's constraints: a model that breaks them is an error, not a
  // window of zero work.
  for (size_t I = 0; I < Sp; ++I) {
    if (Strides[I] <= 0)
      return C.invalid("strides must be positive, not " + std::to_string(Strides[I]));
    if (Dil[I] <= 0)
      return C.invalid("dilations must be positive, not " + std::to_string(Dil[I]));
  }
  for (int64_t P : Pads)
    if (P < 0)
      return C.invalid("pads must be >= 0, not " + std::to_string(P));
  Dims Y = {X[0], OutChannels};
  for (size_t I = 0; I < Sp; ++I) {
    int64_t In = X[2 + I], S = Strides[I];
    if (In < 0 || Kernel[I] < 0) {
      Y.push_back(-1);
      continue;
    }
    if (Kernel[I] == 0)
      return C.invalid("a kernel dim is 0");
    CheckedInt EffC = (CheckedInt(Kernel[I]) - 1) * Dil[I] + 1;
    CheckedInt SpanC = CheckedInt(In) + Pads[I] + Pads[I + Sp] - EffC;
    if (EffC.bad() || SpanC.bad() || In > MaxDim)
      return C.invalid("window arithmetic overflows 64 bits");
    int64_t Eff = EffC.value();
    if (Auto == "SAME_UPPER" || Auto == "SAME_LOWER") {
      Y.push_back(In / S + (In % S != 0));
    } else if (Auto == "VALID") {
      Y.push_back(In >= Eff ? (In - Eff) / S + 1 : 0);
    } else {
      int64_t Span = SpanC.value();
      if (Span < 0)
        return C.invalid("the window (" + std::to_string(Eff) +
                         " with dilation) is larger than the padded input (" +
                         std::to_string(Span + Eff) + ")");
      int64_t O = (Ceil ? Span / S + (Span % S != 0) : Span / S) + 1;
      // A ceil-mode window must start inside the input or left padding.
      if (Ceil && Pool && (O - 1) * S >= In + Pads[I])
        --O;
      Y.push_back(O);
    }
  }
  C.set(0, Y, C.type(0));
}

void ruleConv(Ctx &C, unsigned XIdx, unsigned WIdx, DType T) {
  const Dims *X = C.shape(XIdx), *W = C.shape(WIdx);
  if (!X || !W || X->size() < 3 || W->size() != X->size()) {
    C.setType(0, T);
    return;
  }
  Dims K = C.N.attrInts("kernel_shape").value_or(Dims(W->begin() + 2, W->end()));
  int64_t Group = C.N.attrInt("group", 1), Cin = (*X)[1], WIn = (*W)[1], Cout = (*W)[0];
  if (Group <= 0)
    return C.invalid("group must be positive, not " + std::to_string(Group));
  if (Cin >= 0 && WIn >= 0 && (Cin % Group != 0 || Cin / Group != WIn))
    return C.invalid("input channels " + std::to_string(Cin) + " / group " +
                     std::to_string(Group) + " do not match the weight's " +
                     std::to_string(WIn));
  if (Cout >= 0 && Cout % Group != 0)
    return C.invalid("output channels " + std::to_string(Cout) + " are not a multiple of group " +
                     std::to_string(Group));
  ruleWindow(C, *X, K, Cout, false);
  C.setType(0, T);
  if (C.hasOut(0) && C.out(0).Type != T && T != DType::Undefined && C.out(0).Type == C.type(0))
    C.out(0).Type = T;
}

void ruleConvTranspose(Ctx &C) {
  const Dims *X = C.shape(0), *W = C.shape(1);
  if (!X || !W || X->size() < 3 || W->size() != X->size())
    return;
  size_t Sp = X->size() - 2;
  int64_t Group = C.N.attrInt("group", 1);
  Dims Y = {(*X)[0], (*W)[1] < 0 ? -1 : (*W)[1] * Group};
  Ints Strides = C.N.attrInts("strides").value_or(Ints(Sp, 1));
  Ints Dil = C.N.attrInts("dilations").value_or(Ints(Sp, 1));
  Ints Pads = C.N.attrInts("pads").value_or(Ints(2 * Sp, 0));
  Ints OutPad = C.N.attrInts("output_padding").value_or(Ints(Sp, 0));
  Dims K = C.N.attrInts("kernel_shape").value_or(Dims(W->begin() + 2, W->end()));
  std::string Auto = C.N.attrString("auto_pad", "NOTSET");
  if (auto OS = C.N.attrInts("output_shape"); OS && OS->size() >= Sp) {
    Y.insert(Y.end(), OS->end() - Sp, OS->end());
    C.set(0, Y, C.type(0));
    return;
  }
  if (Strides.size() != Sp || Dil.size() != Sp || Pads.size() != 2 * Sp || OutPad.size() != Sp ||
      K.size() != Sp)
    return;
  for (size_t I = 0; I < Sp; ++I) {
    int64_t In = (*X)[2 + I];
    if (In < 0) {
      Y.push_back(-1);
      continue;
    }
    if (Auto == "SAME_UPPER" || Auto == "SAME_LOWER")
      Y.push_back(In * Strides[I]);
    else
      Y.push_back(Strides[I] * (In - 1) + OutPad[I] + (K[I] - 1) * Dil[I] + 1 - Pads[I] -
                  Pads[I + Sp]);
  }
  C.set(0, Y, C.type(0));
}

void rulePool(Ctx &C) {
  const Dims *X = C.shape(0);
  auto K = C.N.attrInts("kernel_shape");
  if (!X || !K || X->size() < 3)
    return;
  ruleWindow(C, *X, *K, (*X)[1], true);
  if (C.hasOut(1) && C.hasOut(0) && C.out(0).Shape)
    C.set(1, *C.out(0).Shape, DType::I64);
}

void ruleMatMul(Ctx &C, DType T) {
  const Dims *A = C.shape(0), *B = C.shape(1);
  unsigned BIdx = 1;
  if (C.N.OpType == "QLinearMatMul")
    A = C.shape(0), B = C.shape(3), BIdx = 3;
  (void)BIdx;
  if (!A || !B || A->empty() || B->empty()) {
    C.setType(0, T);
    return;
  }
  Dims a = *A, b = *B;
  bool AVec = a.size() == 1, BVec = b.size() == 1;
  if (AVec)
    a.insert(a.begin(), 1);
  if (BVec)
    b.push_back(1);
  int64_t KA = a.back(), KB = b[b.size() - 2];
  if (KA >= 0 && KB >= 0 && KA != KB)
    return C.invalid("inner dims " + std::to_string(KA) + " and " + std::to_string(KB) +
                     " do not match");
  Dims BatchA(a.begin(), a.end() - 2), BatchB(b.begin(), b.end() - 2);
  auto Batch = broadcast({&BatchA, &BatchB});
  if (!Batch)
    return;
  Dims Y = *Batch;
  if (!AVec)
    Y.push_back(a[a.size() - 2]);
  if (!BVec)
    Y.push_back(b.back());
  C.set(0, Y, T);
}

void ruleGemm(Ctx &C) {
  const Dims *A = C.shape(0), *B = C.shape(1);
  if (!A || !B || A->size() != 2 || B->size() != 2)
    return;
  int64_t M = C.N.attrInt("transA", 0) ? (*A)[1] : (*A)[0];
  int64_t N = C.N.attrInt("transB", 0) ? (*B)[0] : (*B)[1];
  int64_t KA = C.N.attrInt("transA", 0) ? (*A)[0] : (*A)[1];
  int64_t KB = C.N.attrInt("transB", 0) ? (*B)[1] : (*B)[0];
  if (KA >= 0 && KB >= 0 && KA != KB)
    return C.invalid("inner dims " + std::to_string(KA) + " and " + std::to_string(KB) +
                     " do not match");
  C.set(0, {M, N}, C.type(0));
}

std::optional<Ints> axesOf(Ctx &C, unsigned InputIdx) {
  if (auto A = C.N.attrInts("axes"))
    return A;
  if (C.has(InputIdx)) {
    if (const Ints *V = C.ints(InputIdx))
      return *V;
    return std::nullopt; // given but unknown
  }
  return Ints{};
}

void ruleReduce(Ctx &C, bool ArgOp) {
  const Dims *X = C.shape(0);
  DType T = ArgOp ? DType::I64 : C.type(0);
  if (!X) {
    C.setType(0, T);
    return;
  }
  bool Keep = C.N.attrInt("keepdims", 1) != 0;
  Ints Axes;
  if (ArgOp) {
    Axes = {C.N.attrInt("axis", 0)};
  } else {
    auto A = axesOf(C, 1);
    if (!A) {
      C.setType(0, T);
      return;
    }
    Axes = *A;
    if (Axes.empty()) {
      if (C.N.attrInt("noop_with_empty_axes", 0)) {
        C.set(0, *X, T);
        return;
      }
      for (size_t I = 0; I < X->size(); ++I)
        Axes.push_back(int64_t(I));
    }
  }
  std::vector<bool> Reduced(X->size(), false);
  for (int64_t A : Axes) {
    int64_t K = norm(A, X->size());
    if (K < 0)
      return;
    Reduced[K] = true;
  }
  Dims Y;
  for (size_t I = 0; I < X->size(); ++I)
    if (!Reduced[I])
      Y.push_back((*X)[I]);
    else if (Keep)
      Y.push_back(1);
  C.set(0, Y, T);
}

void ruleReshape(Ctx &C) {
  const Dims *X = C.shape(0);
  const Ints *S = C.ints(1);
  if (!S)
    return;
  bool AllowZero = C.N.attrInt("allowzero", 0) != 0;
  Dims Y(S->begin(), S->end());
  int64_t Infer = -1;
  for (size_t I = 0; I < Y.size(); ++I) {
    if (Y[I] == 0 && !AllowZero) {
      if (!X || I >= X->size())
        return;
      Y[I] = (*X)[I];
    } else if (Y[I] == -1) {
      if (Infer >= 0) {
        C.invalid("Reshape with two -1 dims");
        return;
      }
      Infer = int64_t(I);
    } else if (Y[I] < -1) {
      C.invalid("Reshape to a negative dim " + std::to_string(Y[I]) + " (only -1 and 0 are allowed)");
      return;
    }
  }
  if (Infer >= 0) {
    Y[Infer] = -1;
    int64_t Total = X ? prodDims(*X, 0, X->size()) : -1;
    int64_t Known = 1;
    bool Ok = Total >= 0;
    for (size_t I = 0; I < Y.size() && Ok; ++I)
      if (int64_t(I) != Infer) {
        if (Y[I] < 0)
          Ok = false;
        else
          Known *= Y[I];
      }
    if (Ok && Known > 0 && Total % Known == 0)
      Y[Infer] = Total / Known;
  }
  C.set(0, Y, C.type(0));
  if (C.in(0).IntData && C.hasOut(0))
    C.out(0).IntData = C.in(0).IntData;
}

void ruleUnsqueeze(Ctx &C) {
  const Dims *X = C.shape(0);
  auto Axes = axesOf(C, 1);
  if (!X || !Axes)
    return;
  size_t Rank = X->size() + Axes->size();
  std::vector<bool> New(Rank, false);
  for (int64_t A : *Axes) {
    int64_t K = norm(A, Rank);
    if (K < 0)
      return;
    New[K] = true;
  }
  Dims Y;
  size_t J = 0;
  for (size_t I = 0; I < Rank; ++I)
    Y.push_back(New[I] ? 1 : (J < X->size() ? (*X)[J++] : -1));
  C.set(0, Y, C.type(0));
  if (C.in(0).IntData)
    C.out(0).IntData = C.in(0).IntData;
}

void ruleSqueeze(Ctx &C) {
  const Dims *X = C.shape(0);
  auto Axes = axesOf(C, 1);
  if (!X || !Axes)
    return;
  std::vector<bool> Drop(X->size(), false);
  if (Axes->empty()) {
    for (size_t I = 0; I < X->size(); ++I) {
      if ((*X)[I] < 0)
        return;
      Drop[I] = (*X)[I] == 1;
    }
  }
  for (int64_t A : *Axes) {
    int64_t K = norm(A, X->size());
    if (K < 0)
      return;
    Drop[K] = true;
  }
  Dims Y;
  for (size_t I = 0; I < X->size(); ++I)
    if (!Drop[I])
      Y.push_back((*X)[I]);
  C.set(0, Y, C.type(0));
  if (C.in(0).IntData)
    C.out(0).IntData = C.in(0).IntData;
}

void ruleFlatten(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t Axis = C.N.attrInt("axis", 1);
  if (Axis < 0)
    Axis += int64_t(X->size());
  if (Axis < 0 || Axis > int64_t(X->size()))
    return;
  C.set(0, {prodDims(*X, 0, Axis), prodDims(*X, Axis, X->size())}, C.type(0));
}

void ruleTranspose(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  Ints Perm;
  if (auto P = C.N.attrInts("perm"))
    Perm = *P;
  else
    for (size_t I = X->size(); I-- > 0;)
      Perm.push_back(int64_t(I));
  if (Perm.size() != X->size())
    return;
  Dims Y;
  for (int64_t P : Perm) {
    if (P < 0 || P >= int64_t(X->size()))
      return;
    Y.push_back((*X)[P]);
  }
  C.set(0, Y, C.type(0));
}

void ruleConcat(Ctx &C) {
  const Dims *First = nullptr;
  for (unsigned I = 0; I < C.N.Inputs.size(); ++I)
    if (C.has(I) && C.shape(I)) {
      First = C.shape(I);
      break;
    }
  if (!First)
    return;
  int64_t Axis = norm(C.N.attrInt("axis", 0), First->size());
  if (Axis < 0)
    return;
  Dims Y = *First;
  int64_t Sum = 0;
  Ints Data;
  bool Fold = true;
  for (unsigned I = 0; I < C.N.Inputs.size(); ++I) {
    if (!C.has(I))
      continue;
    const Dims *S = C.shape(I);
    if (!S || S->size() != Y.size())
      return;
    for (size_t K = 0; K < Y.size(); ++K)
      if (int64_t(K) != Axis && Y[K] < 0)
        Y[K] = (*S)[K];
    if (Sum >= 0)
      Sum = (*S)[Axis] < 0 ? -1 : Sum + (*S)[Axis];
    if (const Ints *V = C.ints(I); Fold && V && Y.size() == 1)
      Data.insert(Data.end(), V->begin(), V->end());
    else
      Fold = false;
  }
  Y[Axis] = Sum;
  C.set(0, Y, C.type(0));
  if (Fold && Y.size() == 1 && int64_t(Data.size()) == Sum)
    C.out(0).IntData = std::move(Data);
}

void ruleSplit(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t Axis = norm(C.N.attrInt("axis", 0), X->size());
  if (Axis < 0)
    return;
  unsigned NOut = unsigned(C.N.Outputs.size());
  Ints Sizes;
  if (auto S = C.N.attrInts("split"))
    Sizes = *S;
  else if (C.has(1)) {
    if (!C.ints(1))
      return;
    Sizes = *C.ints(1);
  } else {
    int64_t Dim = (*X)[Axis];
    int64_t Parts = C.N.attrInt("num_outputs", NOut);
    if (Dim < 0 || Parts <= 0)
      return;
    int64_t Chunk = (Dim + Parts - 1) / Parts;
    for (int64_t I = 0; I < Parts; ++I)
      Sizes.push_back(std::max<int64_t>(0, std::min(Chunk, Dim - I * Chunk)));
  }
  for (unsigned I = 0; I < NOut && I < Sizes.size(); ++I) {
    Dims Y = *X;
    Y[Axis] = Sizes[I];
    C.set(I, Y, C.type(0));
  }
}

void ruleSlice(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  Ints Starts, Ends, Axes, Steps;
  if (C.N.attr("starts")) { // opset < 10
    Starts = *C.N.attrInts("starts");
    Ends = C.N.attrInts("ends").value_or(Ints{});
    Axes = C.N.attrInts("axes").value_or(Ints{});
  } else {
    if (!C.ints(1) || !C.ints(2))
      return;
    Starts = *C.ints(1), Ends = *C.ints(2);
    if (C.has(3)) {
      if (!C.ints(3))
        return;
      Axes = *C.ints(3);
    }
    if (C.has(4)) {
      if (!C.ints(4))
        return;
      Steps = *C.ints(4);
    }
  }
  if (Axes.empty())
    for (size_t I = 0; I < Starts.size(); ++I)
      Axes.push_back(int64_t(I));
  if (Steps.empty())
    Steps.assign(Starts.size(), 1);
  if (Ends.size() != Starts.size() || Axes.size() != Starts.size() || Steps.size() != Starts.size())
    return;
  Dims Y = *X;
  for (size_t I = 0; I < Starts.size(); ++I) {
    int64_t A = norm(Axes[I], X->size());
    if (A < 0)
      return;
    Y[A] = sliceLength((*X)[A], Starts[I], Ends[I], Steps[I]);
  }
  C.set(0, Y, C.type(0));
  // Fold 1-D slices of known data (shape vectors).
  const Ints *V = C.ints(0);
  if (V && X->size() == 1 && Starts.size() == 1 && int64_t(V->size()) == (*X)[0]) {
    auto Idx = sliceIndices((*X)[0], Starts[0], Ends[0], Steps[0]);
    if (Idx) {
      Ints R;
      for (int64_t I : *Idx)
        R.push_back((*V)[I]);
      C.out(0).IntData = std::move(R);
    }
  }
}

void ruleGather(Ctx &C) {
  const Dims *X = C.shape(0), *I = C.shape(1);
  if (!X || !I)
    return;
  int64_t Axis = norm(C.N.attrInt("axis", 0), X->size());
  if (Axis < 0)
    return;
  Dims Y(X->begin(), X->begin() + Axis);
  Y.insert(Y.end(), I->begin(), I->end());
  Y.insert(Y.end(), X->begin() + Axis + 1, X->end());
  C.set(0, Y, C.type(0));
  const Ints *V = C.ints(0), *Idx = C.ints(1);
  if (V && Idx && X->size() == 1 && int64_t(V->size()) == (*X)[0]) {
    Ints R;
    for (int64_t K : *Idx) {
      if (K < 0)
        K += int64_t(V->size());
      if (K < 0 || K >= int64_t(V->size()))
        return;
      R.push_back((*V)[K]);
    }
    C.out(0).IntData = std::move(R);
  }
}

void ruleShape(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t R = int64_t(X->size());
  int64_t Start = C.N.attrInt("start", 0), End = C.N.attrInt("end", R);
  if (Start < 0)
    Start += R;
  if (End < 0)
    End += R;
  Start = std::max<int64_t>(0, std::min(R, Start));
  End = std::max<int64_t>(Start, std::min(R, End));
  Ints V(X->begin() + Start, X->begin() + End);
  C.set(0, {End - Start}, DType::I64);
  if (all_of(V, [](int64_t D) { return D >= 0; }))
    C.out(0).IntData = std::move(V);
}

void ruleSize(Ctx &C) {
  C.set(0, {}, DType::I64);
  if (const Dims *X = C.shape(0)) {
    int64_t N = prodDims(*X, 0, X->size());
    if (N >= 0)
      C.out(0).IntData = Ints{N};
  }
}

void ruleConstant(Ctx &C) {
  if (const Attribute *A = C.N.attr("value"); A && A->K == Attribute::Kind::Tensor) {
    C.set(0, A->Tensor.Shape, A->Tensor.Type);
    if (A->Tensor.IntData)
      C.out(0).IntData = A->Tensor.IntData;
    if (A->Tensor.FloatData)
      C.out(0).FloatData = A->Tensor.FloatData;
    return;
  }
  if (const Attribute *A = C.N.attr("value_int"))
    C.setInts(0, {A->I}, {});
  else if (const Attribute *A = C.N.attr("value_ints"))
    C.setInts(0, A->Ints, {int64_t(A->Ints.size())});
  else if (const Attribute *A = C.N.attr("value_float")) {
    C.set(0, {}, DType::F32);
    C.out(0).FloatData = std::vector<double>{A->F};
  } else if (const Attribute *A = C.N.attr("value_floats")) {
    C.set(0, {int64_t(A->Floats.size())}, DType::F32);
    C.out(0).FloatData = A->Floats;
  }
}

void ruleConstantOfShape(Ctx &C) {
  const Ints *S = C.ints(0);
  DType T = DType::F32;
  std::optional<int64_t> Fill = 0;
  if (const Attribute *A = C.N.attr("value"); A && A->K == Attribute::Kind::Tensor) {
    T = A->Tensor.Type;
    Fill = A->Tensor.IntData && A->Tensor.IntData->size() == 1
               ? std::optional<int64_t>((*A->Tensor.IntData)[0])
               : std::nullopt;
  }
  if (!S) {
    C.setType(0, T);
    if (const Dims *SS = C.shape(0); SS && SS->size() == 1 && (*SS)[0] >= 0)
      C.set(0, Dims((*SS)[0], -1), T);
    return;
  }
  C.set(0, *S, T);
  int64_t N = prodDims(*S, 0, S->size());
  if (Fill && N >= 0 && size_t(N) <= MaxFolded && T != DType::F32)
    C.out(0).IntData = Ints(N, *Fill);
}

void ruleRange(Ctx &C) {
  const Ints *S = C.ints(0), *L = C.ints(1), *D = C.ints(2);
  if (S && L && D && S->size() == 1 && L->size() == 1 && D->size() == 1 && (*D)[0] != 0) {
    int64_t Start = (*S)[0], Limit = (*L)[0], Delta = (*D)[0];
    int64_t N = std::max<int64_t>(0, (Limit - Start + Delta + (Delta > 0 ? -1 : 1)) / Delta);
    C.set(0, {N}, C.type(0));
    if (size_t(N) <= MaxFolded) {
      Ints R;
      for (int64_t I = 0; I < N; ++I)
        R.push_back(Start + I * Delta);
      C.out(0).IntData = std::move(R);
    }
    return;
  }
  auto F = [&](unsigned I) -> std::optional<double> {
    if (C.has(I) && C.in(I).FloatData && C.in(I).FloatData->size() == 1)
      return (*C.in(I).FloatData)[0];
    return std::nullopt;
  };
  if (auto FS = F(0), FL = F(1), FD = F(2); FS && FL && FD && *FD != 0) {
    double N = std::ceil((*FL - *FS) / *FD);
    C.set(0, {N > 0 ? int64_t(N) : 0}, C.type(0));
    return;
  }
  C.set(0, {-1}, C.type(0));
}

void ruleExpand(Ctx &C) {
  const Dims *X = C.shape(0);
  const Ints *S = C.ints(1);
  if (!X || !S) {
    if (X && C.shape(1) && C.shape(1)->size() == 1 && (*C.shape(1))[0] >= 0) {
      size_t R = std::max<size_t>(X->size(), size_t((*C.shape(1))[0]));
      C.set(0, Dims(R, -1), C.type(0));
    }
    return;
  }
  Dims Target(S->begin(), S->end());
  if (auto Y = broadcast({X, &Target}))
    C.set(0, *Y, C.type(0));
  // Expanding a small known tensor (shape arithmetic) keeps its values.
  if (const Ints *V = C.ints(0); V && V->size() == 1 && C.hasOut(0) && C.out(0).shapeKnown()) {
    int64_t N = prodDims(*C.out(0).Shape, 0, C.out(0).Shape->size());
    if (N >= 0 && size_t(N) <= MaxFolded)
      C.out(0).IntData = Ints(N, (*V)[0]);
  }
}

void ruleTile(Ctx &C) {
  const Dims *X = C.shape(0);
  const Ints *R = C.ints(1);
  if (!X || !R || R->size() != X->size())
    return;
  Dims Y;
  for (size_t I = 0; I < X->size(); ++I)
    Y.push_back((*X)[I] < 0 || (*R)[I] < 0 ? -1 : (*X)[I] * (*R)[I]);
  C.set(0, Y, C.type(0));
}

void rulePad(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  Ints Pads;
  if (auto P = C.N.attrInts("pads"))
    Pads = *P;
  else if (const Ints *P = C.ints(1))
    Pads = *P;
  else
    return;
  Ints Axes;
  if (C.has(3)) {
    if (!C.ints(3))
      return;
    Axes = *C.ints(3);
  } else {
    for (size_t I = 0; I < X->size(); ++I)
      Axes.push_back(int64_t(I));
  }
  if (Pads.size() != 2 * Axes.size())
    return;
  Dims Y = *X;
  for (size_t I = 0; I < Axes.size(); ++I) {
    int64_t A = norm(Axes[I], X->size());
    if (A < 0)
      return;
    if (Y[A] >= 0)
      Y[A] += Pads[I] + Pads[I + Axes.size()];
  }
  C.set(0, Y, C.type(0));
}

void ruleResize(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  Ints Axes = C.N.attrInts("axes").value_or(Ints{});
  if (Axes.empty())
    for (size_t I = 0; I < X->size(); ++I)
      Axes.push_back(int64_t(I));
  Dims Y = *X;
  bool Upsample = C.N.OpType == "Upsample";
  unsigned ScalesIdx = Upsample ? 1 : 2, SizesIdx = 3;
  if (!Upsample && C.has(SizesIdx) && C.ints(SizesIdx)) {
    const Ints &S = *C.ints(SizesIdx);
    if (S.size() != Axes.size())
      return;
    for (size_t I = 0; I < Axes.size(); ++I) {
      int64_t A = norm(Axes[I], X->size());
      if (A < 0)
        return;
      Y[A] = S[I];
    }
    C.set(0, Y, C.type(0));
    return;
  }
  std::vector<double> Scales;
  if (auto F = C.N.attr("scales"); F && F->K == Attribute::Kind::Floats)
    Scales = F->Floats;
  else if (C.has(ScalesIdx) && C.in(ScalesIdx).FloatData)
    Scales = *C.in(ScalesIdx).FloatData;
  if (Scales.size() != Axes.size())
    return;
  for (size_t I = 0; I < Axes.size(); ++I) {
    int64_t A = norm(Axes[I], X->size());
    if (A < 0)
      return;
    if (Y[A] >= 0)
      Y[A] = int64_t(std::floor(double(Y[A]) * Scales[I]));
  }
  C.set(0, Y, C.type(0));
}

void ruleRecurrent(Ctx &C, unsigned Gates) {
  const Dims *X = C.shape(0), *W = C.shape(1);
  if (!X || !W || X->size() != 3 || W->size() != 3)
    return;
  bool BatchFirst = C.N.attrInt("layout", 0) == 1;
  int64_t T = BatchFirst ? (*X)[1] : (*X)[0], B = BatchFirst ? (*X)[0] : (*X)[1];
  int64_t D = (*W)[0];
  int64_t H = C.N.attrInt("hidden_size", (*W)[1] < 0 ? -1 : (*W)[1] / Gates);
  DType Ty = C.type(0);
  if (BatchFirst)
    C.set(0, {B, T, D, H}, Ty);
  else
    C.set(0, {T, D, B, H}, Ty);
  for (unsigned I = 1; I < 3; ++I) // Y_h, Y_c
    C.set(I, BatchFirst ? Dims{B, D, H} : Dims{D, B, H}, Ty);
}

void ruleAttention(Ctx &C) {
  const Dims *Q = C.shape(0), *K = C.shape(1), *V = C.shape(2);
  if (!Q || !K || !V || Q->size() != K->size() || Q->size() != V->size())
    return;
  int64_t Past = 0;
  if (C.has(4) && C.shape(4) && C.shape(4)->size() == 4)
    Past = (*C.shape(4))[2];
  if (Q->size() == 4) {
    int64_t S = (*K)[2] < 0 || Past < 0 ? -1 : (*K)[2] + Past;
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
  int64_t S = (*K)[1] < 0 || Past < 0 ? -1 : (*K)[1] + Past;
  C.set(0, {(*Q)[0], (*Q)[1], Dv < 0 ? -1 : Hq * Dv}, C.type(0));
  C.set(1, {(*K)[0], Hkv, S, Dk}, C.type(1));
  C.set(2, {(*V)[0], Hkv, S, Dv}, C.type(2));
  C.set(3, {(*Q)[0], Hq, (*Q)[1], S}, C.type(0));
}

void ruleMsAttention(Ctx &C) {
  const Dims *X = C.shape(0), *W = C.shape(1);
  if (!X || !W || X->size() != 3 || W->size() != 2)
    return;
  int64_t Hid = (*W)[1] < 0 ? -1 : (*W)[1] / 3;
  if (auto S = C.N.attrInts("qkv_hidden_sizes"); S && S->size() == 3)
    Hid = (*S)[2];
  C.set(0, {(*X)[0], (*X)[1], Hid}, C.type(0));
}

void ruleLayerNorm(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  C.set(0, *X, C.type(0));
  int64_t Axis = norm(C.N.attrInt("axis", -1), X->size());
  if (Axis < 0)
    return;
  Dims Stat = *X;
  for (size_t I = size_t(Axis); I < Stat.size(); ++I)
    Stat[I] = 1;
  C.set(1, Stat, DType::F32);
  C.set(2, Stat, DType::F32);
}

void ruleEinsum(Ctx &C) {
  std::string Eq = C.N.attrString("equation", "");
  size_t Arrow = Eq.find("->");
  if (Arrow == std::string::npos || Eq.find("...") != std::string::npos)
    return;
  std::map<char, int64_t> Size;
  StringRef Lhs = StringRef(Eq).take_front(Arrow);
  SmallVector<StringRef, 4> Terms;
  Lhs.split(Terms, ',');
  for (unsigned T = 0; T < Terms.size(); ++T) {
    StringRef Term = Terms[T].trim();
    const Dims *S = C.shape(T);
    if (!S || S->size() != Term.size())
      return;
    for (size_t I = 0; I < Term.size(); ++I)
      Size[Term[I]] = std::max(Size[Term[I]], (*S)[I]);
  }
  Dims Y;
  for (char Ch : StringRef(Eq).drop_front(Arrow + 2).trim()) {
    if (!Size.count(Ch))
      return;
    Y.push_back(Size[Ch]);
  }
  C.set(0, Y, C.type(0));
}

void ruleTopK(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t Axis = norm(C.N.attrInt("axis", -1), X->size());
  int64_t K = C.N.attrInt("k", -1);
  if (const Ints *V = C.ints(1); V && V->size() == 1)
    K = (*V)[0];
  if (Axis < 0)
    return;
  Dims Y = *X;
  Y[Axis] = K;
  C.set(0, Y, C.type(0));
  C.set(1, Y, DType::I64);
}

void ruleDepthSpace(Ctx &C, bool ToSpace) {
  const Dims *X = C.shape(0);
  int64_t B = C.N.attrInt("blocksize", 0);
  if (!X || X->size() != 4 || B <= 0)
    return;
  Dims Y = *X;
  auto Mul = [](int64_t A, int64_t F) { return A < 0 ? -1 : A * F; };
  auto Div = [](int64_t A, int64_t F) { return A < 0 ? -1 : A / F; };
  if (ToSpace)
    Y = {Y[0], Div(Y[1], B * B), Mul(Y[2], B), Mul(Y[3], B)};
  else
    Y = {Y[0], Mul(Y[1], B * B), Div(Y[2], B), Div(Y[3], B)};
  C.set(0, Y, C.type(0));
}

void ruleCol2Im(Ctx &C) {
  const Dims *X = C.shape(0);
  const Ints *Image = C.ints(1), *Block = C.ints(2);
  if (!X || X->size() != 3 || !Image || !Block)
    return;
  int64_t BlockElems = prodDims(Dims(Block->begin(), Block->end()), 0, Block->size());
  Dims Y = {(*X)[0], (*X)[1] < 0 || BlockElems <= 0 ? -1 : (*X)[1] / BlockElems};
  Y.insert(Y.end(), Image->begin(), Image->end());
  C.set(0, Y, C.type(0));
}

void ruleQuantize(Ctx &C, bool Quantize) {
  DType T = DType::F32;
  if (Quantize) {
    T = C.has(2) ? C.type(2) : DType::U8;
    if (int64_t OD = C.N.attrInt("output_dtype", 0))
      T = DType(OD);
  } else {
    T = C.type(1) == DType::Undefined ? DType::F32 : C.type(1);
  }
  if (const Dims *X = C.shape(0))
    C.set(0, *X, T);
  else
    C.setType(0, T);
}

void ruleCast(Ctx &C) {
  DType T = C.N.OpType == "CastLike" ? C.type(1) : DType(C.N.attrInt("to", 0));
  if (const Dims *X = C.shape(0))
    C.set(0, *X, T);
  else
    C.setType(0, T);
  if (C.in(0).IntData && C.hasOut(0) && !isFloat(T))
    C.out(0).IntData = C.in(0).IntData;
  if (C.in(0).IntData && C.hasOut(0) && isFloat(T))
    C.out(0).FloatData = std::vector<double>(C.in(0).IntData->begin(), C.in(0).IntData->end());
  if (C.in(0).FloatData && C.hasOut(0) && !isFloat(T)) {
    Ints V;
    for (double F : *C.in(0).FloatData)
      V.push_back(int64_t(F));
    C.out(0).IntData = std::move(V);
  }
}

void ruleWhere(Ctx &C) {
  ruleBroadcast(C, C.type(1));
  const Ints *Cond = C.ints(0), *A = C.ints(1), *B = C.ints(2);
  if (!Cond || !A || !B || !C.hasOut(0) || !C.out(0).shapeKnown())
    return;
  size_t N = size_t(prodDims(*C.out(0).Shape, 0, C.out(0).Shape->size()));
  auto At = [N](const Ints &V, size_t I) -> std::optional<int64_t> {
    if (V.size() == N)
      return V[I];
    if (V.size() == 1)
      return V[0];
    return std::nullopt;
  };
  Ints R;
  for (size_t I = 0; I < N; ++I) {
    auto X = At(*Cond, I), Y = At(*A, I), Z = At(*B, I);
    if (!X || !Y || !Z)
      return;
    R.push_back(*X ? *Y : *Z);
  }
  C.out(0).IntData = std::move(R);
}

void ruleUnaryFold(Ctx &C) {
  sameAsInput(C);
  const Ints *V = C.ints(0);
  if (!V || !C.hasOut(0))
    return;
  StringRef Op = C.N.OpType;
  Ints R;
  for (int64_t X : *V) {
    if ((Op == "Neg" || Op == "Abs") && X == INT64_MIN) {
      C.invalid("integer overflow folding " + Op.str() + " of " + std::to_string(X));
      return;
    }
    if (Op == "Neg")
      R.push_back(-X);
    else if (Op == "Abs")
      R.push_back(X < 0 ? -X : X);
    else if (Op == "Not")
      R.push_back(!X);
    else if (Op == "Identity" || Op == "Floor" || Op == "Ceil" || Op == "Round")
      R.push_back(X);
    else if (Op == "Sign")
      R.push_back(X > 0 ? 1 : X < 0 ? -1 : 0);
    else
      return;
  }
  C.out(0).IntData = std::move(R);
}

void ruleReduceProdFold(Ctx &C) {
  ruleReduce(C, false);
  const Ints *V = C.ints(0);
  if (!V || !C.hasOut(0) || !C.out(0).shapeKnown() || !C.out(0).Shape->empty() &&
                                                          prodDims(*C.out(0).Shape, 0, C.out(0).Shape->size()) != 1)
    return;
  CheckedInt R = C.N.OpType == "ReduceProd" ? 1 : 0;
  for (int64_t X : *V)
    R = C.N.OpType == "ReduceProd" ? R * X : R + X;
  if (R.bad()) {
    C.invalid("integer overflow folding " + C.N.OpType + " of constants");
    return;
  }
  C.out(0).IntData = Ints{R.value()};
}


} // namespace

Error Pass::node(Graph &G, Node &N, unsigned Depth) {
  if (!N.Subgraphs.empty())
    return controlFlow(G, N, Depth);
  Ctx C{G, N};
  rule(C);
  if (!C.Invalid.empty())
    return createStringError(inconvertibleErrorCode(), "node '%s' (%s): %s",
                             N.displayName(G).c_str(), N.OpType.c_str(), C.Invalid.c_str());
  return Error::success();
}

void Pass::rule(Ctx &C) {
  if (const OpEntry *E = lookupShapeRule(C.N.Domain, C.N.OpType))
    E->Shape(C);
}

// ---- the rules of analyzer/ops/Ops.def's Shape column ---------------------

void shapeSame(ShapeCtx &C) { sameAsInput(C); }
void shapeDropout(ShapeCtx &C) {
  sameAsInput(C);
  // The mask follows the data.
  if (C.hasOut(1) && C.shape(0))
    C.set(1, *C.shape(0), DType::Bool);
}
void shapeBatchNorm(ShapeCtx &C) {
  sameAsInput(C);
  // Training mode's running statistics have the scale's shape.
  for (unsigned I = 1; I < C.N.Outputs.size(); ++I)
    if (const Dims *S = C.shape(1))
      C.set(I, *S, C.type(0));
}
void shapeArith(ShapeCtx &C) {
  ruleBroadcast(C, C.type(0));
  foldBinary(C, C.N.OpType);
}
void shapeCompare(ShapeCtx &C) {
  ruleBroadcast(C, DType::Bool);
  foldBinary(C, C.N.OpType);
}
void shapeVariadic(ShapeCtx &C) {
  ruleBroadcast(C, C.type(0));
  if (C.N.Inputs.size() == 2)
    foldBinary(C, C.N.OpType);
}
void shapeUnaryFold(ShapeCtx &C) { ruleUnaryFold(C); }
void shapeWhere(ShapeCtx &C) { ruleWhere(C); }
void shapeConv(ShapeCtx &C) { ruleConv(C, 0, 1, C.type(0)); }
void shapeConvInteger(ShapeCtx &C) { ruleConv(C, 0, 1, DType::I32); }
void shapeQLinearConv(ShapeCtx &C) { ruleConv(C, 0, 3, C.has(7) ? C.type(7) : C.type(0)); }
void shapeConvTranspose(ShapeCtx &C) { ruleConvTranspose(C); }
void shapePool(ShapeCtx &C) { rulePool(C); }
void shapeGlobalPool(ShapeCtx &C) {
  if (const Dims *X = C.shape(0); X && X->size() >= 2) {
    Dims Y = *X;
    std::fill(Y.begin() + 2, Y.end(), 1);
    C.set(0, Y, C.type(0));
  }
}
void shapeMatMul(ShapeCtx &C) { ruleMatMul(C, C.type(0)); }
void shapeMatMulInteger(ShapeCtx &C) { ruleMatMul(C, DType::I32); }
void shapeQLinearMatMul(ShapeCtx &C) { ruleMatMul(C, C.has(7) ? C.type(7) : C.type(0)); }
void shapeGemm(ShapeCtx &C) { ruleGemm(C); }
void shapeEinsum(ShapeCtx &C) { ruleEinsum(C); }
void shapeLSTM(ShapeCtx &C) { ruleRecurrent(C, 4); }
void shapeGRU(ShapeCtx &C) { ruleRecurrent(C, 3); }
void shapeRNN(ShapeCtx &C) { ruleRecurrent(C, 1); }
void shapeAttention(ShapeCtx &C) { ruleAttention(C); }
void shapeMsAttention(ShapeCtx &C) { ruleMsAttention(C); }
void shapeLayerNorm(ShapeCtx &C) { ruleLayerNorm(C); }
void shapeReduceFold(ShapeCtx &C) { ruleReduceProdFold(C); }
void shapeReduce(ShapeCtx &C) { ruleReduce(C, false); }
void shapeArgReduce(ShapeCtx &C) { ruleReduce(C, true); }
void shapeReshape(ShapeCtx &C) { ruleReshape(C); }
void shapeUnsqueeze(ShapeCtx &C) { ruleUnsqueeze(C); }
void shapeSqueeze(ShapeCtx &C) { ruleSqueeze(C); }
void shapeFlatten(ShapeCtx &C) { ruleFlatten(C); }
void shapeTranspose(ShapeCtx &C) { ruleTranspose(C); }
void shapeConcat(ShapeCtx &C) { ruleConcat(C); }
void shapeSplit(ShapeCtx &C) { ruleSplit(C); }
void shapeSlice(ShapeCtx &C) { ruleSlice(C); }
void shapeGather(ShapeCtx &C) { ruleGather(C); }
void shapeGatherElements(ShapeCtx &C) {
  if (const Dims *I = C.shape(1))
    C.set(0, *I, C.type(0));
}
void shapeShape(ShapeCtx &C) { ruleShape(C); }
void shapeSize(ShapeCtx &C) { ruleSize(C); }
void shapeConstant(ShapeCtx &C) { ruleConstant(C); }
void shapeConstantOfShape(ShapeCtx &C) { ruleConstantOfShape(C); }
void shapeRange(ShapeCtx &C) { ruleRange(C); }
void shapeExpand(ShapeCtx &C) { ruleExpand(C); }
void shapeTile(ShapeCtx &C) { ruleTile(C); }
void shapePad(ShapeCtx &C) { rulePad(C); }
void shapeResize(ShapeCtx &C) { ruleResize(C); }
void shapeCast(ShapeCtx &C) { ruleCast(C); }
void shapeTopK(ShapeCtx &C) { ruleTopK(C); }
void shapeDepthToSpace(ShapeCtx &C) { ruleDepthSpace(C, true); }
void shapeSpaceToDepth(ShapeCtx &C) { ruleDepthSpace(C, false); }
void shapeCol2Im(ShapeCtx &C) { ruleCol2Im(C); }
void shapeQuantize(ShapeCtx &C) { ruleQuantize(C, true); }
void shapeDequantize(ShapeCtx &C) { ruleQuantize(C, false); }
void shapeDynamicQuantize(ShapeCtx &C) {
  if (const Dims *X = C.shape(0))
    C.set(0, *X, DType::U8);
  C.set(1, {}, DType::F32);
  C.set(2, {}, DType::U8);
}
void shapeFromOnnx(ShapeCtx &) {}

Error Pass::controlFlow(Graph &G, Node &N, unsigned Depth) {
  if (Depth >= MaxDepth)
    return createStringError(inconvertibleErrorCode(),
                             "subgraphs nested deeper than %u levels at node '%s'", MaxDepth,
                             N.displayName(G).c_str());
  Ctx C{G, N};
  StringRef Op = N.OpType;
  Graph *Body = N.subgraph("body");
  if (Op == "Loop" && Body) {
    // Body inputs: iteration number, condition, loop-carried values.
    for (unsigned I = 0; I < Body->Inputs.size(); ++I) {
      Value &V = Body->value(Body->Inputs[I]);
      if (I == 0 && !V.Shape)
        V.Shape = Dims{}, V.Type = DType::I64;
      else if (I == 1 && !V.Shape)
        V.Shape = Dims{}, V.Type = DType::Bool;
      else if (I >= 2 && C.has(I) && C.shape(I) && !V.shapeKnown())
        V.Shape = *C.shape(I), V.Type = C.type(I);
    }
  }
  if (Op == "Scan" && Body) {
    int64_t NumScan = N.attrInt("num_scan_inputs", 0);
    int64_t NumState = int64_t(N.Inputs.size()) - NumScan;
    auto Axes = N.attrInts("scan_input_axes");
    for (unsigned I = 0; I < Body->Inputs.size() && I < N.Inputs.size(); ++I) {
      Value &V = Body->value(Body->Inputs[I]);
      const Dims *S = C.shape(I);
      if (!S || V.shapeKnown())
        continue;
      V.Type = C.type(I);
      if (int64_t(I) < NumState) {
        V.Shape = *S;
        continue;
      }
      int64_t Axis = Axes && int64_t(Axes->size()) > int64_t(I) - NumState ? (*Axes)[I - NumState] : 0;
      Axis = norm(Axis, S->size());
      if (Axis < 0)
        continue;
      Dims D = *S;
      D.erase(D.begin() + Axis);
      V.Shape = D;
    }
  }
  for (auto &[Name, Sub] : N.Subgraphs)
    if (Error E = run(*Sub, Depth + 1))
      return E;
  if (Op == "If") {
    Graph *Then = N.subgraph("then_branch");
    for (unsigned I = 0; Then && I < N.Outputs.size() && I < Then->Outputs.size(); ++I) {
      const Value &V = Then->value(Then->Outputs[I]);
      if (V.Shape)
        C.set(I, *V.Shape, V.Type);
    }
  } else if (Op == "Loop" && Body) {
    // Outputs: final carried values, then scan outputs stacked over iterations.
    unsigned Carried = unsigned(N.Inputs.size() >= 2 ? N.Inputs.size() - 2 : 0);
    const Ints *Trip = C.ints(0);
    for (unsigned I = 0; I < N.Outputs.size() && I + 1 < Body->Outputs.size(); ++I) {
      const Value &V = Body->value(Body->Outputs[I + 1]);
      if (!V.Shape)
        continue;
      if (I < Carried) {
        C.set(I, *V.Shape, V.Type);
      } else {
        Dims D = *V.Shape;
        D.insert(D.begin(), Trip && Trip->size() == 1 ? (*Trip)[0] : -1);
        C.set(I, D, V.Type);
      }
    }
  } else if (Op == "Scan" && Body) {
    int64_t NumScan = N.attrInt("num_scan_inputs", 0);
    unsigned NumState = unsigned(std::max<int64_t>(0, int64_t(N.Inputs.size()) - NumScan));
    int64_t Len = -1;
    if (NumScan > 0 && C.shape(NumState)) {
      auto Axes = N.attrInts("scan_input_axes");
      int64_t Axis = norm(Axes && !Axes->empty() ? (*Axes)[0] : 0, C.shape(NumState)->size());
      if (Axis >= 0)
        Len = (*C.shape(NumState))[Axis];
    }
    for (unsigned I = 0; I < N.Outputs.size() && I < Body->Outputs.size(); ++I) {
      const Value &V = Body->value(Body->Outputs[I]);
      if (!V.Shape)
        continue;
      Dims D = *V.Shape;
      if (I >= NumState)
        D.insert(D.begin(), Len);
      C.set(I, D, V.Type);
    }
  }
  return Error::success();
}

Error Pass::run(Graph &G, unsigned Depth) {
  // Refresh copies of enclosing values: the outer pass has resolved more.
  if (G.Parent)
    for (Value &V : G.Values) {
      if (!V.IsOuterRef)
        continue;
      for (const Graph *P = G.Parent; P; P = P->Parent) {
        int Id = P->find(V.Name);
        if (Id < 0)
          continue;
        const Value &O = P->value(Id);
        V.Type = O.Type;
        V.Shape = O.Shape;
        V.IntData = O.IntData;
        V.FloatData = O.FloatData;
        V.IsInitializer = O.IsInitializer;
        break;
      }
    }
  for (Node &N : G.Nodes)
    if (Error E = node(G, N, Depth))
      return E;
  return Error::success();
}

Error inferShapes(Model &M) {
  M.Main.relinkSubgraphs();
  Pass P;
  return P.run(M.Main, 0);
}

namespace {
void resetToDeclared(Graph &G) {
  for (Value &V : G.Values) {
    if (V.IsInitializer)
      continue;
    V.Shape = V.Declared;
    V.IntData.reset();
    V.FloatData.reset();
  }
  for (Node &N : G.Nodes)
    for (auto &[Attr, Sub] : N.Subgraphs)
      resetToDeclared(*Sub);
}
} // namespace

Expected<Model> ModelSource::rebind(const Model &Bound, const DimBindings &Dims) {
  if (Bound.FrontEndShapes || !Bound.DeclaredShapes)
    return bind(Dims);
  Model M = cloneModel(Bound);
  if (Error E = bindSymbolicDims(M, Dims))
    return createStringError(inconvertibleErrorCode(), "%s: %s", path().str().c_str(),
                             toString(std::move(E)).c_str());
  return std::move(M);
}

Error bindSymbolicDims(Model &M, const std::map<std::string, int64_t> &Dims, int64_t DefaultDim) {
  assert(!M.FrontEndShapes && "shapes from the front end's inference cannot be re-bound here");
  resetToDeclared(M.Main);
  std::map<std::string, int64_t> Used;
  std::vector<std::string> Defaulted;
  for (int Id : M.Main.Inputs) {
    Value &V = M.Main.value(Id);
    if (!V.Shape)
      continue;
    for (size_t K = 0; K < V.SymDims.size() && K < V.Shape->size(); ++K) {
      const std::string &Name = V.SymDims[K];
      if (Name.empty())
        continue;
      auto It = Dims.find(Name);
      int64_t D = It != Dims.end() ? It->second : DefaultDim;
      if (It == Dims.end() && !Used.count(Name))
        Defaulted.push_back(Name);
      Used[Name] = D;
      (*V.Shape)[K] = D;
    }
  }
  M.BoundDims.assign(Used.begin(), Used.end());
  M.DefaultedDims = std::move(Defaulted);
  return inferShapes(M);
}

} // namespace wattlint
