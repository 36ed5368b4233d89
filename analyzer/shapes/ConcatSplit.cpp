//===- analyzer/shapes/ConcatSplit.cpp - concatenation and splitting ------===//
//
// Concat and Split (with the helpers ConcatFromSequence and SplitToSequence
// share), and the ops that grow a tensor along its axes: Pad, Expand, Tile.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <algorithm>

using namespace llvm;

namespace wattlint {
using namespace shapes;

namespace shapes {

std::optional<Dims> concatShape(Ctx &C, const std::vector<const Dims *> &Parts, size_t Axis) {
  Dims Y = *Parts.front();
  CheckedInt Sum = 0;
  bool SumKnown = true;
  for (size_t I = 0; I < Parts.size(); ++I) {
    const Dims &S = *Parts[I];
    if (S.size() != Y.size()) {
      C.invalid("input " + std::to_string(I) + " has rank " + std::to_string(S.size()) + ", not " +
                std::to_string(Y.size()));
      return std::nullopt;
    }
    for (size_t K = 0; K < Y.size(); ++K) {
      if (K == Axis || S[K] < 0)
        continue;
      if (Y[K] >= 0 && Y[K] != S[K] && !C.worstCase()) {
        C.invalid("input " + std::to_string(I) + " has dim " + std::to_string(S[K]) + " at axis " +
                  std::to_string(K) + ", not " + std::to_string(Y[K]));
        return std::nullopt;
      }
      Y[K] = std::max(Y[K], S[K]); // equal, unless a worst case bounds one
    }
    SumKnown = SumKnown && S[Axis] >= 0;
    Sum = Sum + S[Axis];
  }
  if (SumKnown && Sum.bad()) {
    C.invalid("the concatenated dim overflows 64 bits");
    return std::nullopt;
  }
  Y[Axis] = SumKnown ? Sum.value() : -1;
  return Y;
}

bool checkSplitSizes(Ctx &C, const Ints &Sizes, int64_t Dim) {
  CheckedInt Sum = 0;
  for (int64_t S : Sizes) {
    if (S < 0) {
      C.invalid("split sizes must be >= 0, not " + std::to_string(S));
      return false;
    }
    Sum = Sum + S;
  }
  if (Sum.bad()) {
    C.invalid("split sizes " + listStr(Sizes) + " overflow 64 bits");
    return false;
  }
  if (Dim >= 0 && Sum.value() != Dim) {
    C.invalid("split sizes " + listStr(Sizes) + " do not add up to the dim " + std::to_string(Dim));
    return false;
  }
  return true;
}

SeqElem splitPart(Ctx &C, size_t Axis, int64_t First, int64_t Size, bool KeepAxis) {
  const Dims &X = *C.shape(0);
  SeqElem E{C.type(0), X, std::nullopt};
  (*E.Shape)[Axis] = Size;
  if (const Ints *V = knownData(C, 0)) {
    Ints Str = stridesOf(X);
    std::vector<Ints> Off;
    for (size_t K = 0; K < X.size(); ++K)
      Off.push_back(K == Axis ? axisOffsets(Size, Str[K], First) : axisOffsets(X[K], Str[K]));
    E.IntData = gatherFlat(*V, Off);
  }
  if (!KeepAxis)
    E.Shape->erase(E.Shape->begin() + Axis);
  return E;
}

Ints equalParts(int64_t Dim, int64_t Parts, int64_t Chunk) {
  Ints Sizes;
  for (int64_t I = 0; I < Parts; ++I)
    Sizes.push_back(std::max<int64_t>(0, std::min(Chunk, Dim - I * Chunk)));
  return Sizes;
}

} // namespace shapes

namespace {

void ruleConcat(Ctx &C) {
  std::vector<const Dims *> Shapes;
  std::vector<const Ints *> Data;
  for (unsigned I = 0; I < C.N.Inputs.size(); ++I) {
    if (!C.has(I))
      continue;
    if (!C.shape(I))
      return;
    Shapes.push_back(C.shape(I));
    Data.push_back(knownData(C, I));
  }
  if (Shapes.empty())
    return;
  int64_t Axis = axisOf(C, C.N.attrInt("axis", 0), Shapes.front()->size());
  if (Axis < 0)
    return;
  auto Y = concatShape(C, Shapes, size_t(Axis));
  if (!Y)
    return;
  C.set(0, *Y, C.type(0));
  if (auto R = concatData(Shapes, Data, size_t(Axis), *Y); R && C.hasOut(0))
    C.out(0).IntData = std::move(*R);
  // Floats (an image size computed in float before its cast to int64).
  if (!C.hasOut(0) || !isFloat(C.out(0).Type))
    return;
  std::vector<std::vector<double>> Numbers;
  Numbers.reserve(Shapes.size());
  std::vector<const std::vector<double> *> FData;
  for (unsigned I = 0; I < C.N.Inputs.size(); ++I) {
    if (!C.has(I))
      continue;
    std::optional<std::vector<double>> V = knownNumbers(C, I);
    if (!V)
      return;
    Numbers.push_back(std::move(*V));
  }
  for (const std::vector<double> &V : Numbers)
    FData.push_back(&V);
  if (auto R = concatData(Shapes, FData, size_t(Axis), *Y))
    C.out(0).FloatData = std::move(*R);
}

void ruleSplit(Ctx &C) {
  const Dims *X;
  int64_t Axis;
  if (!axisOfInput(C, X, Axis))
    return;
  unsigned NOut = unsigned(C.N.Outputs.size());
  int64_t Dim = (*X)[Axis];
  Ints Sizes;
  if (C.N.attr("num_outputs") && C.has(1))
    return C.invalid("gives both the split input and num_outputs; a Split takes one of them");
  if (auto S = C.N.attrInts("split")) {
    Sizes = *S;
  } else if (C.has(1)) {
    if (!C.ints(1))
      return;
    Sizes = *C.ints(1);
  } else {
    int64_t Parts = C.N.attrInt("num_outputs", NOut);
    if (Parts <= 0)
      return C.invalid("num_outputs must be positive, not " + std::to_string(Parts));
    if (Parts != int64_t(NOut))
      return C.invalid("num_outputs = " + std::to_string(Parts) + " for a node with " +
                       std::to_string(NOut) + " outputs");
    if (Dim < 0)
      return;
    // Before opset 18 the parts are equal; since, the last may be smaller.
    if (C.N.OpsetVersion < 18 && Dim % Parts != 0)
      return C.invalid("axis " + std::to_string(Axis) + " of " + std::to_string(Dim) +
                       " does not split into " + std::to_string(Parts) +
                       " equal parts (give the split sizes)");
    Sizes = equalParts(Dim, Parts, Dim / Parts + (Dim % Parts != 0));
  }
  if (Sizes.size() != NOut)
    return C.invalid(std::to_string(Sizes.size()) + " split sizes for " + std::to_string(NOut) +
                     " outputs");
  if (!checkSplitSizes(C, Sizes, Dim))
    return;
  int64_t First = 0;
  for (unsigned I = 0; I < NOut; ++I) {
    SeqElem E = splitPart(C, size_t(Axis), First, Sizes[I], true);
    First += Sizes[I];
    C.set(I, *E.Shape, E.Type);
    if (E.IntData && C.hasOut(I))
      C.out(I).IntData = std::move(E.IntData);
  }
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
  for (int64_t D : Target)
    if (D < 0)
      return C.invalid("shape " + listStr(*S) + " has a negative dim");
  std::string Why;
  auto Y = broadcast({X, &Target}, &Why, C.worstCase());
  if (!Y)
    return C.invalid(Why);
  C.set(0, *Y, C.type(0));
  // Expanding a small known tensor (shape arithmetic) keeps its values.
  if (auto V = broadcastData(C, 0, *Y); V && C.hasOut(0))
    C.out(0).IntData = std::move(*V);
}

void ruleTile(Ctx &C) {
  const Dims *X = C.shape(0);
  const Ints *R = C.ints(1);
  if (!X || !R)
    return;
  if (R->size() != X->size())
    return C.invalid("repeats has " + std::to_string(R->size()) + " entries for rank " +
                     std::to_string(X->size()));
  Dims Y;
  for (size_t I = 0; I < X->size(); ++I) {
    if ((*R)[I] < 0)
      return C.invalid("repeats must be >= 0, not " + std::to_string((*R)[I]));
    CheckedInt D = CheckedInt((*X)[I]) * (*R)[I];
    if ((*X)[I] >= 0 && D.bad())
      return C.invalid("tiled dim " + std::to_string((*X)[I]) + " x " + std::to_string((*R)[I]) +
                       " overflows 64 bits");
    Y.push_back((*X)[I] < 0 ? -1 : D.value());
  }
  C.set(0, Y, C.type(0));
  const Ints *V = knownData(C, 0);
  if (!V || !C.hasOut(0) || !smallShape(Y))
    return;
  Ints Str = stridesOf(*X);
  std::vector<Ints> Off(Y.size());
  for (size_t K = 0; K < Y.size(); ++K)
    for (int64_t I = 0; I < Y[K]; ++I)
      Off[K].push_back((I % (*X)[K]) * Str[K]);
  if (auto T = gatherFlat(*V, Off))
    C.out(0).IntData = std::move(*T);
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
    return C.invalid("pads has " + std::to_string(Pads.size()) + " entries for " +
                     std::to_string(Axes.size()) + " axes");
  std::optional<Ints> Norm = axesIn(C, Axes, X->size());
  if (!Norm)
    return;
  Dims Y = *X;
  bool Reflect = C.N.attrString("mode", "constant") == "reflect";
  for (size_t I = 0; I < Axes.size(); ++I) {
    int64_t A = (*Norm)[I];
    if (Y[A] < 0)
      continue;
    // A reflection mirrors on the first and last value: a side of it is
    // at most the dim less one (ONNX Runtime and PyTorch refuse more).
    if (Reflect && std::max(Pads[I], Pads[I + Axes.size()]) >= Y[A])
      return C.invalid("reflect pads " + listStr(Pads) + " reach past axis " + std::to_string(A) +
                       " of size " + std::to_string(Y[A]) + " (at most " +
                       std::to_string(Y[A] - 1) + " a side)");
    // Negative pads crop; more than the dim is an error.
    CheckedInt D = CheckedInt(Y[A]) + Pads[I] + Pads[I + Axes.size()];
    if (D.bad())
      return C.invalid("padded dim overflows 64 bits");
    if (D.value() < 0)
      return C.invalid("pads " + listStr(Pads) + " crop axis " + std::to_string(A) + " of size " +
                       std::to_string(Y[A]) + " below 0");
    Y[A] = D.value();
  }
  C.set(0, Y, C.type(0));
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeConcat(ShapeCtx &C) { ruleConcat(C); }
void shapeSplit(ShapeCtx &C) { ruleSplit(C); }
void shapePad(ShapeCtx &C) { rulePad(C); }
void shapeExpand(ShapeCtx &C) { ruleExpand(C); }
void shapeTile(ShapeCtx &C) { ruleTile(C); }

} // namespace wattlint
