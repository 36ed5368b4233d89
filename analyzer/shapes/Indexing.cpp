//===- analyzer/shapes/Indexing.cpp - indexing shapes ---------------------===//
//
// Slice, Gather, GatherElements, GatherND, ScatterND, ScatterElements and
// OneHot: constant indices are checked against the dims they index.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <algorithm>
#include <cassert>

using namespace llvm;

namespace wattlint {
using namespace shapes;

namespace {

/// What a slice takes of a dim of Dim elements: the first index and how many
/// (index First + K * Step for K < Len). Any start, end and nonzero step,
/// INT64_MIN included, without overflow.
struct SliceRange {
  int64_t First = 0;
  int64_t Len = 0;
};
SliceRange sliceRange(int64_t Dim, int64_t Start, int64_t End, int64_t Step) {
  assert(Step != 0 && Dim >= 0 && "checked by the caller");
  auto Clamp = [&](int64_t X, int64_t Lo, int64_t Hi) { return std::max(Lo, std::min(Hi, X)); };
  // A negative index plus a dim cannot overflow.
  if (Start < 0)
    Start += Dim;
  if (End < 0)
    End += Dim;
  if (Step > 0) {
    Start = Clamp(Start, 0, Dim);
    End = Clamp(End, 0, Dim);
    return {Start, End > Start ? (End - Start - 1) / Step + 1 : 0};
  }
  // As the spec clamps for negative stepping (and runtimes do): the start
  // to [0, dim - 1], so that a start before the first element takes it
  // (numpy takes nothing there); an empty dim stays empty.
  Start = Dim == 0 ? -1 : Clamp(Start, 0, Dim - 1);
  End = Clamp(End, -1, Dim - 1);
  // |Step| as unsigned: -INT64_MIN does not fit an int64_t.
  uint64_t Abs = uint64_t(-(Step + 1)) + 1;
  return {Start, Start > End ? int64_t(uint64_t(Start - End - 1) / Abs) + 1 : 0};
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
    return C.invalid("starts, ends, axes and steps have " + std::to_string(Starts.size()) + ", " +
                     std::to_string(Ends.size()) + ", " + std::to_string(Axes.size()) + " and " +
                     std::to_string(Steps.size()) + " entries");
  // Per axis: the first index taken and the step (none: the whole axis).
  std::vector<std::optional<std::pair<int64_t, int64_t>>> Taken(X->size());
  Dims Y = *X;
  std::optional<Ints> Norm = axesIn(C, Axes, X->size());
  if (!Norm)
    return;
  for (size_t I = 0; I < Starts.size(); ++I) {
    int64_t A = (*Norm)[I];
    if (Steps[I] == 0)
      return C.invalid("steps must not be 0");
    Taken[A] = std::make_pair(int64_t(0), Steps[I]);
    if ((*X)[A] < 0) {
      Y[A] = -1;
      continue;
    }
    SliceRange R = sliceRange((*X)[A], Starts[I], Ends[I], Steps[I]);
    Taken[A]->first = R.First;
    Y[A] = R.Len;
  }
  C.set(0, Y, C.type(0));
  // Fold slices of known data (shape vectors, F.pad's reversed pads).
  const Ints *V = knownData(C, 0);
  if (!V || !C.hasOut(0) || !smallShape(Y))
    return;
  Ints Str = stridesOf(*X);
  std::vector<Ints> Off;
  for (size_t K = 0; K < Y.size(); ++K) {
    Off.emplace_back();
    for (int64_t I = 0; I < Y[K]; ++I)
      Off.back().push_back((Taken[K] ? Taken[K]->first + I * Taken[K]->second : I) * Str[K]);
  }
  if (auto R = gatherFlat(*V, Off))
    C.out(0).IntData = std::move(*R);
}

/// Checks constant indices against a dim of Dim elements (negative ones
/// count from the end): an index outside [-Dim, Dim) is an error.
bool checkIndices(Ctx &C, const Ints &Idx, int64_t Dim, size_t Axis) {
  if (Dim < 0)
    return true;
  for (int64_t K : Idx)
    if (K < -Dim || K >= Dim) {
      C.invalid("index " + std::to_string(K) + " is out of range for axis " + std::to_string(Axis) +
                " of size " + std::to_string(Dim));
      return false;
    }
  return true;
}

void ruleGather(Ctx &C) {
  const Dims *X, *I = C.shape(1);
  int64_t Axis;
  if (!I || !axisOfInput(C, X, Axis))
    return;
  Dims Y(X->begin(), X->begin() + Axis);
  Y.insert(Y.end(), I->begin(), I->end());
  Y.insert(Y.end(), X->begin() + Axis + 1, X->end());
  int64_t Dim = (*X)[Axis];
  if (const Ints *Idx = C.ints(1); Idx && !checkIndices(C, *Idx, Dim, size_t(Axis)))
    return;
  C.set(0, Y, C.type(0));
  const Ints *V = knownData(C, 0), *Idx = knownData(C, 1);
  if (!V || !Idx || !C.hasOut(0))
    return;
  // The indices, flattened, are one axis of the result in row-major order.
  Ints Str = stridesOf(*X);
  std::vector<Ints> Off;
  for (int64_t K = 0; K < Axis; ++K)
    Off.push_back(axisOffsets((*X)[K], Str[K]));
  Off.emplace_back();
  for (int64_t K : *Idx)
    Off.back().push_back((K < 0 ? K + Dim : K) * Str[Axis]);
  for (size_t K = size_t(Axis) + 1; K < X->size(); ++K)
    Off.push_back(axisOffsets((*X)[K], Str[K]));
  if (auto R = gatherFlat(*V, Off))
    C.out(0).IntData = std::move(*R);
}

void ruleGatherND(Ctx &C) {
  const Dims *X = C.shape(0), *I = C.shape(1);
  if (!X || !I)
    return;
  int64_t B = C.N.attrInt("batch_dims", 0), R = int64_t(X->size()), Q = int64_t(I->size());
  if (Q < 1 || B < 0 || B >= std::min(R, Q))
    return C.invalid("batch_dims " + std::to_string(B) + " for data of rank " +
                     std::to_string(R) + " and indices of rank " + std::to_string(Q));
  for (int64_t D = 0; D < B; ++D)
    if ((*X)[D] >= 0 && (*I)[D] >= 0 && (*X)[D] != (*I)[D])
      return C.invalid("batch dim " + std::to_string(D) + " is " + std::to_string((*X)[D]) +
                       " in data and " + std::to_string((*I)[D]) + " in indices");
  int64_t K = I->back();
  if (K < 0)
    return;
  if (K < 1 || B + K > R)
    return C.invalid("indices address " + std::to_string(K) + " dims of data " +
                     listStr(*X) + " after " + std::to_string(B) + " batch dims");
  if (const Ints *Idx = C.ints(1); Idx && Idx->size() % size_t(K) == 0)
    for (size_t J = 0; J < Idx->size(); ++J)
      if (!checkIndices(C, {(*Idx)[J]}, (*X)[B + J % K], B + J % K))
        return;
  Dims Y(I->begin(), I->end() - 1);
  Y.insert(Y.end(), X->begin() + B + K, X->end());
  C.set(0, Y, C.type(0));
}

void ruleOneHot(Ctx &C) {
  const Dims *I = C.shape(0);
  const Ints *Depth = C.ints(1);
  DType T = C.type(2);
  if (!I) {
    C.setType(0, T);
    return;
  }
  // (The off and on values.)
  if (!inputShaped(C, 2, {2}, "values"))
    return;
  int64_t Rank = int64_t(I->size()) + 1;
  int64_t Axis = axisOf(C, C.N.attrInt("axis", -1), size_t(Rank));
  if (Axis < 0)
    return;
  int64_t D = -1;
  if (Depth) {
    if (Depth->size() != 1 || (*Depth)[0] < 1)
      return C.invalid("depth must be one positive value, not " + listStr(*Depth));
    D = (*Depth)[0];
  } else if (C.has(1) && C.in(1).FloatData) { // a float depth is allowed
    const std::vector<double> &F = *C.in(1).FloatData;
    if (F.size() != 1 || !(F[0] >= 1) || !(F[0] <= double(MaxDim)))
      return C.invalid("depth must be one value from 1 to 2^48, not " +
                       (F.size() == 1 ? std::to_string(F[0]) : std::string("a list")));
    D = int64_t(F[0]);
  }
  Dims Y = *I;
  Y.insert(Y.begin() + Axis, D);
  C.set(0, Y, T);
}

void ruleGatherElements(Ctx &C) {
  const Dims *X = C.shape(0), *I = C.shape(1);
  if (!I)
    return;
  C.set(0, *I, C.type(0));
  if (!X)
    return;
  if (X->size() != I->size())
    return C.invalid("indices have rank " + std::to_string(I->size()) + ", the data " +
                     std::to_string(X->size()));
  int64_t Axis = axisOf(C, C.N.attrInt("axis", 0), X->size());
  if (Axis < 0)
    return;
  if (const Ints *Idx = C.ints(1))
    checkIndices(C, *Idx, (*X)[Axis], size_t(Axis));
}

void ruleScatterND(Ctx &C) {
  sameAsInput(C);
  const Dims *X = C.shape(0), *I = C.shape(1);
  const Ints *Idx = C.ints(1);
  if (!X || !I || I->empty() || I->back() < 0)
    return;
  int64_t K = I->back();
  if (K > int64_t(X->size()))
    return C.invalid("index tuples of " + std::to_string(K) + " entries for data of rank " +
                     std::to_string(X->size()));
  // One update per index tuple: indices' leading dims, then data's after K.
  Dims U(I->begin(), I->end() - 1);
  U.insert(U.end(), X->begin() + K, X->end());
  if (!inputShaped(C, 2, U, "updates"))
    return;
  if (!Idx || K == 0 || Idx->size() % size_t(K) != 0)
    return;
  for (size_t J = 0; J < Idx->size(); ++J)
    if (!checkIndices(C, {(*Idx)[J]}, (*X)[J % K], J % K))
      return;
}

void ruleScatterElements(Ctx &C) {
  sameAsInput(C);
  const Dims *X, *I = C.shape(1), *U = C.shape(2);
  int64_t Axis;
  if (!axisOfInput(C, X, Axis))
    return;
  if (I && I->size() != X->size())
    return C.invalid("indices of rank " + std::to_string(I->size()) + " for data of rank " +
                     std::to_string(X->size()));
  // (A dim still unknown on either side is not a mismatch.)
  bool Differ = I && U && I->size() != U->size();
  for (size_t K = 0; I && U && !Differ && K < I->size(); ++K)
    Differ = (*I)[K] >= 0 && (*U)[K] >= 0 && (*I)[K] != (*U)[K];
  if (Differ)
    return C.invalid("updates of shape " + listStr(*U) + " for indices of shape " +
                     listStr(*I));
  if (const Ints *Idx = C.ints(1))
    checkIndices(C, *Idx, (*X)[Axis], size_t(Axis));
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeSlice(ShapeCtx &C) { ruleSlice(C); }
void shapeGather(ShapeCtx &C) { ruleGather(C); }
void shapeGatherElements(ShapeCtx &C) { ruleGatherElements(C); }
void shapeGatherND(ShapeCtx &C) { ruleGatherND(C); }
/// ReverseSequence: X's shape; batch_axis and time_axis are 0 and 1 (either
/// way round) and sequence_lens one length per batch entry.
void shapeReverseSequence(ShapeCtx &C) {
  int64_t BatchAxis = C.N.attrInt("batch_axis", 1), TimeAxis = C.N.attrInt("time_axis", 0);
  if (BatchAxis + TimeAxis != 1 || BatchAxis * TimeAxis != 0)
    return C.invalid("batch_axis and time_axis must be 0 and 1, not " + std::to_string(BatchAxis) +
                     " and " + std::to_string(TimeAxis));
  const Dims *X = C.shape(0);
  if (X && X->size() < 2)
    return C.invalid("input 0 has shape " + listStr(*X) + "; it must have rank 2 or more");
  if (X && !vectorsOf(C, {1}, (*X)[size_t(BatchAxis)], "one length per batch entry"))
    return;
  sameAsInput(C);
}
void shapeScatterND(ShapeCtx &C) { ruleScatterND(C); }
void shapeScatterElements(ShapeCtx &C) { ruleScatterElements(C); }
void shapeOneHot(ShapeCtx &C) { ruleOneHot(C); }

} // namespace wattlint
