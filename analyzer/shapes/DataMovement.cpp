//===- analyzer/shapes/DataMovement.cpp - data movement shapes ------------===//
//
// Reshaping, indexing, concatenation and splitting, padding, constants and
// casts; small known contents (shape vectors) move along with the shapes.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <algorithm>
#include <cassert>
#include <cmath>

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
      if (Y[K] >= 0 && Y[K] != S[K]) {
        C.invalid("input " + std::to_string(I) + " has dim " + std::to_string(S[K]) + " at axis " +
                  std::to_string(K) + ", not " + std::to_string(Y[K]));
        return std::nullopt;
      }
      Y[K] = S[K];
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
  Start = Clamp(Start, -1, Dim - 1);
  End = Clamp(End, -1, Dim - 1);
  // |Step| as unsigned: -INT64_MIN does not fit an int64_t.
  uint64_t Abs = uint64_t(-(Step + 1)) + 1;
  return {Start, Start > End ? int64_t(uint64_t(Start - End - 1) / Abs) + 1 : 0};
}

/// Output 0 keeps input 0's known contents (a reshape of any kind).
void keepContents(Ctx &C) {
  if (!C.hasOut(0))
    return;
  if (C.in(0).IntData)
    C.out(0).IntData = C.in(0).IntData;
  if (C.in(0).FloatData)
    C.out(0).FloatData = C.in(0).FloatData;
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
      if (!X)
        return;
      if (I >= X->size())
        return C.invalid("Reshape copies dim " + std::to_string(I) + " (a 0) of an input of rank " +
                         std::to_string(X->size()));
      Y[I] = (*X)[I];
    } else if (Y[I] == -1) {
      if (Infer >= 0)
        return C.invalid("Reshape with two -1 dims");
      Infer = int64_t(I);
    } else if (Y[I] < -1) {
      return C.invalid("Reshape to a negative dim " + std::to_string(Y[I]) +
                       " (only -1 and 0 are allowed)");
    }
  }
  if (AllowZero && Infer >= 0 && is_contained(Y, 0))
    return C.invalid("Reshape with allowzero = 1 and both a 0 and a -1 dim");
  // The product of the target's other dims, and the input's element count.
  Count Known = 1;
  for (size_t I = 0; I < Y.size(); ++I)
    if (int64_t(I) != Infer)
      Known *= Count::dim(Y[I]);
  bool AllKnown = true;
  for (size_t I = 0; I < Y.size(); ++I)
    AllKnown = AllKnown && (int64_t(I) == Infer || Y[I] >= 0);
  if (AllKnown && Known.overflowed())
    return C.invalid("Reshape to " + listStr(Y) + ": more than 2^64 elements");
  int64_t Total = X ? prodDims(*X, 0, X->size()) : -1;
  if (AllKnown && Total >= 0) {
    uint64_t K = Known.value();
    bool Fits = Infer >= 0 ? K > 0 && uint64_t(Total) % K == 0 : K == uint64_t(Total);
    if (Infer >= 0 && K == 0 && Total == 0)
      Fits = true; // the -1 dim stays unknown
    if (!Fits)
      return C.invalid("cannot reshape " + std::to_string(Total) + " elements to " + listStr(Y));
    if (Infer >= 0 && K > 0)
      Y[Infer] = int64_t(uint64_t(Total) / K);
  }
  C.set(0, Y, C.type(0));
  keepContents(C);
}

void ruleUnsqueeze(Ctx &C) {
  const Dims *X = C.shape(0);
  auto Axes = axesOf(C, 1);
  if (!X || !Axes)
    return;
  size_t Rank = X->size() + Axes->size();
  std::optional<std::vector<bool>> New = axisMask(C, *Axes, Rank);
  if (!New)
    return;
  Dims Y;
  size_t J = 0;
  for (size_t I = 0; I < Rank; ++I)
    Y.push_back((*New)[I] ? 1 : (J < X->size() ? (*X)[J++] : -1));
  C.set(0, Y, C.type(0));
  keepContents(C);
}

void ruleSqueeze(Ctx &C) {
  const Dims *X = C.shape(0);
  auto Axes = axesOf(C, 1);
  if (!X || !Axes)
    return;
  std::optional<std::vector<bool>> Drop = axisMask(C, *Axes, X->size());
  if (!Drop)
    return;
  if (Axes->empty()) {
    for (size_t I = 0; I < X->size(); ++I) {
      if ((*X)[I] < 0)
        return;
      (*Drop)[I] = (*X)[I] == 1;
    }
  }
  for (size_t I = 0; I < X->size(); ++I)
    if ((*Drop)[I] && (*X)[I] >= 0 && (*X)[I] != 1)
      return C.invalid("cannot squeeze axis " + std::to_string(I) + " of size " +
                       std::to_string((*X)[I]));
  Dims Y;
  for (size_t I = 0; I < X->size(); ++I)
    if (!(*Drop)[I])
      Y.push_back((*X)[I]);
  C.set(0, Y, C.type(0));
  keepContents(C);
}

void ruleFlatten(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t A = C.N.attrInt("axis", 1), Axis = A;
  if (Axis < 0)
    Axis += int64_t(X->size());
  if (Axis < 0 || Axis > int64_t(X->size()))
    return C.invalid("axis " + std::to_string(A) + " is out of range for rank " +
                     std::to_string(X->size()) + " (Flatten takes 0 to the rank)");
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
  std::vector<bool> Seen(X->size(), false);
  Dims Y;
  for (int64_t P : Perm) {
    if (P < 0 || P >= int64_t(X->size()) || Seen[P])
      break;
    Seen[P] = true;
    Y.push_back((*X)[P]);
  }
  if (Y.size() != X->size() || Perm.size() != X->size())
    return C.invalid("perm " + listStr(Perm) + " is not a permutation of the " +
                     std::to_string(X->size()) + " axes");
  C.set(0, Y, C.type(0));
  // Known contents (shape arithmetic, F.pad's computed pads) move along.
  const Ints *V = knownData(C, 0);
  if (!V || !C.hasOut(0))
    return;
  Ints Str = stridesOf(*X);
  std::vector<Ints> Off;
  for (size_t K = 0; K < Y.size(); ++K)
    Off.push_back(axisOffsets(Y[K], Str[Perm[K]]));
  if (auto R = gatherFlat(*V, Off))
    C.out(0).IntData = std::move(*R);
}

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
  for (size_t I = 0; I < Starts.size(); ++I) {
    int64_t A = ops::normAxis(Axes[I], X->size());
    if (A < 0 || Taken[A])
      return C.invalid("axes " + listStr(Axes) + " are out of range or repeated for rank " +
                       std::to_string(X->size()));
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
  int64_t K = I->back();
  if (K < 0)
    return;
  if (K < 1 || B + K > R)
    return C.invalid("indices address " + std::to_string(K) + " dims of data " +
                     listStr(*X) + " after " + std::to_string(B) + " batch dims");
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
  if (C.type(0) != DType::Undefined && C.type(0) != DType::I64)
    return C.invalid("the shape input is " + dtypeName(C.type(0)).str() + ", not int64");
  if (!S) {
    C.setType(0, T);
    if (const Dims *SS = C.shape(0); SS && SS->size() == 1 && (*SS)[0] >= 0)
      C.set(0, Dims((*SS)[0], -1), T);
    return;
  }
  for (int64_t D : *S)
    if (D < 0)
      return C.invalid("shape " + listStr(*S) + " has a negative dim");
  C.set(0, *S, T);
  int64_t N = prodDims(*S, 0, S->size());
  if (Fill && N >= 0 && size_t(N) <= MaxFolded && T != DType::F32)
    C.out(0).IntData = Ints(N, *Fill);
}

/// Range over integers: the count ceil((limit - start) / delta), at least 0,
/// and the values when few; all checked.
void ruleIntRange(Ctx &C, int64_t Start, int64_t Limit, int64_t Delta) {
  if (Delta == 0)
    return C.invalid("delta must not be 0");
  CheckedInt Span = CheckedInt(Limit) - Start, N = 0;
  if (!Span.bad() && Delta > 0 && Span.value() > 0)
    N = (Span - 1) / Delta + 1;
  else if (!Span.bad() && Delta < 0 && Span.value() < 0)
    N = (Span + 1) / Delta + 1;
  if (Span.bad() || N.bad())
    return C.invalid("Range from " + std::to_string(Start) + " to " + std::to_string(Limit) +
                     " overflows 64 bits");
  int64_t Len = N.value();
  C.set(0, {Len}, C.type(0));
  if (size_t(Len) > MaxFolded || !C.hasOut(0))
    return;
  Ints R;
  for (int64_t I = 0; I < Len; ++I) {
    CheckedInt V = CheckedInt(Start) + CheckedInt(I) * Delta;
    if (V.bad())
      return C.invalid("Range values overflow 64 bits");
    R.push_back(V.value());
  }
  C.out(0).IntData = std::move(R);
}

void ruleRange(Ctx &C) {
  const Ints *S = C.ints(0), *L = C.ints(1), *D = C.ints(2);
  if (S && L && D && S->size() == 1 && L->size() == 1 && D->size() == 1)
    return ruleIntRange(C, (*S)[0], (*L)[0], (*D)[0]);
  auto F = [&](unsigned I) -> std::optional<double> {
    if (C.has(I) && C.in(I).FloatData && C.in(I).FloatData->size() == 1)
      return (*C.in(I).FloatData)[0];
    return std::nullopt;
  };
  if (auto FD = F(2); FD && *FD == 0)
    return C.invalid("delta must not be 0");
  if (auto FS = F(0), FL = F(1), FD = F(2); FS && FL && FD) {
    double N = std::ceil((*FL - *FS) / *FD);
    if (!std::isfinite(N) || N > double(MaxDim))
      return C.invalid("Range from " + std::to_string(*FS) + " to " + std::to_string(*FL) + " by " +
                       std::to_string(*FD) + " has no sane length");
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
  for (int64_t D : Target)
    if (D < 0)
      return C.invalid("shape " + listStr(*S) + " has a negative dim");
  std::string Why;
  auto Y = broadcast({X, &Target}, &Why);
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
  Dims Y = *X;
  for (size_t I = 0; I < Axes.size(); ++I) {
    int64_t A = axisOf(C, Axes[I], X->size());
    if (A < 0)
      return;
    if (Y[A] < 0)
      continue;
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

void ruleDepthSpace(Ctx &C, bool ToSpace) {
  const Dims *X = C.shape(0);
  int64_t B = C.N.attrInt("blocksize", 0);
  if (B <= 0)
    return C.invalid("blocksize must be positive, not " + std::to_string(B));
  if (!X || X->size() != 4)
    return;
  CheckedInt BB = CheckedInt(B) * B;
  if (BB.bad())
    return C.invalid("blocksize " + std::to_string(B) + " squared overflows 64 bits");
  const Dims &D = *X;
  if (ToSpace && D[1] >= 0 && D[1] % BB.value() != 0)
    return C.invalid("channels " + std::to_string(D[1]) +
                     " are not a multiple of blocksize^2 = " + std::to_string(BB.value()));
  for (size_t K = 2; !ToSpace && K < 4; ++K)
    if (D[K] >= 0 && D[K] % B != 0)
      return C.invalid("spatial dim " + std::to_string(D[K]) + " is not a multiple of blocksize " +
                       std::to_string(B));
  bool Overflow = false;
  auto Mul = [&](int64_t A, CheckedInt F) {
    CheckedInt R = F * A;
    Overflow = Overflow || (A >= 0 && R.bad());
    return A < 0 || R.bad() ? -1 : R.value();
  };
  auto Div = [](int64_t A, int64_t F) { return A < 0 ? -1 : A / F; };
  Dims Y = ToSpace ? Dims{D[0], Div(D[1], BB.value()), Mul(D[2], B), Mul(D[3], B)}
                   : Dims{D[0], Mul(D[1], BB), Div(D[2], B), Div(D[3], B)};
  if (Overflow)
    return C.invalid("output dims overflow 64 bits");
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

void ruleCast(Ctx &C) {
  DType T = C.N.OpType == "CastLike" ? C.type(1) : DType(C.N.attrInt("to", 0));
  if (C.N.OpType != "CastLike" && (T == DType::Undefined || dtypeName(T) == "?"))
    return C.invalid("to = " + std::to_string(C.N.attrInt("to", 0)) + " is not an element type");
  if (const Dims *X = C.shape(0))
    C.set(0, *X, T);
  else
    C.setType(0, T);
  if (!C.hasOut(0))
    return;
  const Value &In = C.in(0);
  if (In.IntData && !isFloat(T)) {
    C.out(0).IntData = In.IntData;
    if (T == DType::Bool)
      for (int64_t &X : *C.out(0).IntData)
        X = X != 0;
  }
  if (In.IntData && isFloat(T))
    C.out(0).FloatData = std::vector<double>(In.IntData->begin(), In.IntData->end());
  if (In.FloatData && isFloat(T))
    C.out(0).FloatData = In.FloatData;
  if (In.FloatData && !isFloat(T)) {
    // Out-of-range floats have no defined integer value: left unknown.
    Ints V;
    for (double F : *In.FloatData) {
      if (!std::isfinite(F) || std::fabs(F) >= 9.2e18)
        return;
      V.push_back(T == DType::Bool ? F != 0 : int64_t(F));
    }
    C.out(0).IntData = std::move(V);
  }
}

/// Identity passes everything on: shape, contents, a sequence.
void ruleIdentity(Ctx &C) {
  sameAsInput(C);
  keepContents(C);
  if (C.hasOut(0) && C.has(0) && C.in(0).Sequence)
    C.out(0).Sequence = C.in(0).Sequence;
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeTranspose(ShapeCtx &C) { ruleTranspose(C); }
void shapeReshape(ShapeCtx &C) { ruleReshape(C); }
void shapeFlatten(ShapeCtx &C) { ruleFlatten(C); }
void shapeSqueeze(ShapeCtx &C) { ruleSqueeze(C); }
void shapeUnsqueeze(ShapeCtx &C) { ruleUnsqueeze(C); }
void shapeIdentity(ShapeCtx &C) { ruleIdentity(C); }
void shapeDropout(ShapeCtx &C) {
  sameAsInput(C);
  // The mask follows the data.
  if (C.hasOut(1) && C.shape(0))
    C.set(1, *C.shape(0), DType::Bool);
}
void shapeConcat(ShapeCtx &C) { ruleConcat(C); }
void shapeSplit(ShapeCtx &C) { ruleSplit(C); }
void shapeSlice(ShapeCtx &C) { ruleSlice(C); }
void shapePad(ShapeCtx &C) { rulePad(C); }
void shapeExpand(ShapeCtx &C) { ruleExpand(C); }
void shapeTile(ShapeCtx &C) { ruleTile(C); }
void shapeCast(ShapeCtx &C) { ruleCast(C); }
void shapeDepthToSpace(ShapeCtx &C) { ruleDepthSpace(C, true); }
void shapeSpaceToDepth(ShapeCtx &C) { ruleDepthSpace(C, false); }
void shapeScatterND(ShapeCtx &C) { ruleScatterND(C); }
void shapeScatterElements(ShapeCtx &C) { ruleScatterElements(C); }
void shapeOneHot(ShapeCtx &C) { ruleOneHot(C); }
void shapeShape(ShapeCtx &C) { ruleShape(C); }
void shapeSize(ShapeCtx &C) { ruleSize(C); }
void shapeConstant(ShapeCtx &C) { ruleConstant(C); }
void shapeConstantOfShape(ShapeCtx &C) { ruleConstantOfShape(C); }
void shapeRange(ShapeCtx &C) { ruleRange(C); }
void shapeGather(ShapeCtx &C) { ruleGather(C); }
void shapeGatherElements(ShapeCtx &C) { ruleGatherElements(C); }
void shapeGatherND(ShapeCtx &C) { ruleGatherND(C); }
void shapeCol2Im(ShapeCtx &C) { ruleCol2Im(C); }

} // namespace wattlint
