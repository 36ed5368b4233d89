//===- analyzer/shapes/Sequence.cpp - sequence shapes ---------------------===//
//
// The sequence ops: their tensors' types, shapes and small contents, within
// the pass's budget of sequence tensors.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

using namespace llvm;

namespace wattlint {
using namespace shapes;

namespace {

/// Input I as a sequence element: type, shape, small contents.
SeqElem elemOf(Ctx &C, unsigned I) {
  SeqElem E{C.type(I), C.shape(I) ? std::optional<Dims>(*C.shape(I)) : std::nullopt, std::nullopt};
  if (const Ints *V = knownData(C, I))
    E.IntData = *V;
  return E;
}

const std::vector<SeqElem> *seqOf(Ctx &C, unsigned I) {
  return C.has(I) && C.in(I).Sequence ? &*C.in(I).Sequence : nullptr;
}

/// Sets output O to a sequence of Elems, within the pass's budget; beyond
/// it, or beyond MaxSeqLength tensors, the sequence stays unknown. Contents
/// beyond MaxFolded integers in all are dropped. The value's type is its
/// tensors' (Empty's when it has none).
void setSeq(Ctx &C, unsigned O, std::vector<SeqElem> Elems, DType Empty = DType::Undefined) {
  C.setType(O, Elems.empty() ? Empty : Elems.front().Type);
  if (!C.hasOut(O) || Elems.size() > MaxSeqLength || !C.SeqBudget || *C.SeqBudget < Elems.size())
    return;
  *C.SeqBudget -= Elems.size();
  size_t Folded = 0;
  for (SeqElem &E : Elems) {
    Folded += E.IntData ? E.IntData->size() : 0;
    if (Folded > MaxFolded)
      E.IntData.reset();
  }
  C.out(O).Sequence = std::make_shared<const std::vector<SeqElem>>(std::move(Elems));
}

/// A position in a sequence of Len tensors from input I (Default when the
/// input is absent), normalized; End allows Len (SequenceInsert). Nullopt
/// when unknown or out of range (then an error).
std::optional<size_t> seqPosition(Ctx &C, unsigned I, size_t Len, int64_t Default, bool End) {
  int64_t P = Default;
  if (C.has(I)) {
    const Ints *V = C.ints(I);
    if (!V || V->size() != 1)
      return std::nullopt;
    P = (*V)[0];
  }
  int64_t L = int64_t(Len), Q = P < 0 ? P + L : P;
  if (Q < 0 || Q > L || (Q == L && !End)) {
    C.invalid("position " + std::to_string(P) + " is out of range for a sequence of " +
              std::to_string(Len) + " tensors");
    return std::nullopt;
  }
  return size_t(Q);
}

void ruleSequenceConstruct(Ctx &C) {
  std::vector<SeqElem> Elems;
  for (unsigned I = 0; I < C.N.Inputs.size(); ++I)
    if (C.has(I))
      Elems.push_back(elemOf(C, I));
  setSeq(C, 0, std::move(Elems));
}

void ruleSequenceInsert(Ctx &C) {
  const std::vector<SeqElem> *S = seqOf(C, 0);
  if (!S)
    return;
  // A sequence holds tensors of one element type.
  DType T = C.type(1);
  for (const SeqElem &E : *S)
    if (E.Type != DType::Undefined && T != DType::Undefined && E.Type != T)
      return C.invalid("inserts a " + dtypeName(T).str() + " tensor into a sequence of " +
                       dtypeName(E.Type).str() + " tensors");
  auto P = seqPosition(C, 2, S->size(), int64_t(S->size()), true);
  if (!P)
    return;
  std::vector<SeqElem> Elems = *S;
  Elems.insert(Elems.begin() + *P, elemOf(C, 1));
  setSeq(C, 0, std::move(Elems));
}

void ruleSequenceErase(Ctx &C) {
  const std::vector<SeqElem> *S = seqOf(C, 0);
  if (!S)
    return;
  auto P = seqPosition(C, 1, S->size(), -1, false);
  if (!P)
    return;
  std::vector<SeqElem> Elems = *S;
  Elems.erase(Elems.begin() + *P);
  setSeq(C, 0, std::move(Elems));
}

void ruleSequenceAt(Ctx &C) {
  const std::vector<SeqElem> *S = seqOf(C, 0);
  if (!S)
    return;
  auto P = seqPosition(C, 1, S->size(), 0, false);
  if (!P)
    return;
  const SeqElem &E = (*S)[*P];
  if (E.Shape)
    C.set(0, *E.Shape, E.Type);
  C.setType(0, E.Type);
  if (E.IntData && C.hasOut(0))
    C.out(0).IntData = E.IntData;
}

/// SplitToSequence: the split input is absent (parts of 1, the axis dropped
/// unless keepdims), a scalar (parts of that size, the last smaller) or the
/// sizes.
void ruleSplitToSequence(Ctx &C) {
  const Dims *X;
  int64_t Axis;
  if (!axisOfInput(C, X, Axis))
    return;
  int64_t Dim = (*X)[Axis];
  bool Keep = C.has(1) || C.N.attrInt("keepdims", 1) != 0;
  Ints Sizes;
  if (C.has(1)) {
    const Ints *V = C.ints(1);
    const Dims *VS = C.shape(1);
    if (!V || !VS)
      return;
    if (VS->empty() && V->size() == 1) {
      if ((*V)[0] <= 0)
        return C.invalid("split must be positive, not " + std::to_string((*V)[0]));
      if (Dim < 0)
        return;
      int64_t Parts = Dim / (*V)[0] + (Dim % (*V)[0] != 0);
      if (Parts > int64_t(MaxSeqLength))
        return;
      Sizes = equalParts(Dim, Parts, (*V)[0]);
    } else {
      Sizes = *V;
    }
  } else if (Dim >= 0) {
    Sizes.assign(size_t(std::min<int64_t>(Dim, MaxSeqLength + 1)), 1);
  }
  if ((Sizes.empty() && Dim != 0) || Sizes.size() > MaxSeqLength || !checkSplitSizes(C, Sizes, Dim))
    return;
  std::vector<SeqElem> Elems;
  int64_t First = 0;
  for (int64_t S : Sizes) {
    Elems.push_back(splitPart(C, size_t(Axis), First, S, Keep));
    First += S;
  }
  setSeq(C, 0, std::move(Elems));
}

void ruleConcatFromSequence(Ctx &C) {
  const std::vector<SeqElem> *S = seqOf(C, 0);
  if (!S || S->empty() || any_of(*S, [](const SeqElem &E) { return !E.Shape; }))
    return;
  bool NewAxis = C.N.attrInt("new_axis", 0) != 0;
  size_t Rank = S->front().Shape->size() + NewAxis;
  int64_t Axis = axisOf(C, C.N.attrInt("axis", 0), Rank);
  if (Axis < 0)
    return;
  // Stacking is concatenating the tensors with a new axis of 1.
  std::vector<Dims> Parts;
  for (const SeqElem &E : *S) {
    Parts.push_back(*E.Shape);
    if (NewAxis && Parts.back().size() + 1 == Rank)
      Parts.back().insert(Parts.back().begin() + Axis, 1);
  }
  std::vector<const Dims *> Shapes;
  std::vector<const Ints *> Data;
  for (size_t I = 0; I < Parts.size(); ++I) {
    Shapes.push_back(&Parts[I]);
    const std::optional<Ints> &V = (*S)[I].IntData;
    Data.push_back(V && int64_t(V->size()) == prodDims(Parts[I], 0, Rank) ? &*V : nullptr);
  }
  auto Y = concatShape(C, Shapes, size_t(Axis));
  if (!Y)
    return;
  C.set(0, *Y, S->front().Type);
  if (auto R = concatData(Shapes, Data, size_t(Axis), *Y); R && C.hasOut(0))
    C.out(0).IntData = std::move(*R);
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeSequenceEmpty(ShapeCtx &C) {
  setSeq(C, 0, {}, DType(C.N.attrInt("dtype", int64_t(DType::F32))));
}
void shapeSequenceConstruct(ShapeCtx &C) { ruleSequenceConstruct(C); }
void shapeSequenceInsert(ShapeCtx &C) { ruleSequenceInsert(C); }
void shapeSequenceErase(ShapeCtx &C) { ruleSequenceErase(C); }
void shapeSequenceAt(ShapeCtx &C) { ruleSequenceAt(C); }
void shapeSequenceLength(ShapeCtx &C) {
  C.set(0, {}, DType::I64);
  if (const std::vector<SeqElem> *S = seqOf(C, 0); S && C.hasOut(0))
    C.out(0).IntData = Ints{int64_t(S->size())};
}
void shapeSplitToSequence(ShapeCtx &C) { ruleSplitToSequence(C); }
void shapeConcatFromSequence(ShapeCtx &C) { ruleConcatFromSequence(C); }

} // namespace wattlint
