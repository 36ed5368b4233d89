//===- analyzer/shapes/ShapeRuleUtil.cpp - what shape rules share ---------===//
#include "analyzer/shapes/ShapeRuleUtil.h"
#include "analyzer/Text.h"

#include <algorithm>
#include <cmath>

using namespace llvm;

namespace wattlint {
namespace shapes {

int64_t axisOf(Ctx &C, int64_t Axis, size_t Rank, bool OrEnd) {
  int64_t K = Axis == int64_t(Rank) && OrEnd ? Axis : ops::normAxis(Axis, Rank);
  if (K < 0)
    C.invalid("axis " + std::to_string(Axis) + " is out of range for rank " +
              std::to_string(Rank));
  return K;
}

bool axisOfInput(Ctx &C, const Dims *&X, int64_t &Axis, int64_t Default) {
  X = C.shape(0);
  if (!X)
    return false;
  Axis = axisOf(C, C.N.attrInt("axis", Default), X->size());
  return Axis >= 0;
}

std::optional<Ints> axesIn(Ctx &C, const Ints &Axes, size_t Rank) {
  Ints R;
  std::vector<bool> Seen(Rank, false);
  for (int64_t A : Axes) {
    int64_t K = axisOf(C, A, Rank);
    if (K < 0)
      return std::nullopt;
    if (Seen[size_t(K)]) {
      C.invalid("axes " + listStr(Axes) + " name axis " + std::to_string(K) + " twice");
      return std::nullopt;
    }
    Seen[size_t(K)] = true;
    R.push_back(K);
  }
  return R;
}

std::optional<std::vector<bool>> axisMask(Ctx &C, const Ints &Axes, size_t Rank) {
  std::optional<Ints> Norm = axesIn(C, Axes, Rank);
  if (!Norm)
    return std::nullopt;
  std::vector<bool> Mask(Rank, false);
  for (int64_t K : *Norm)
    Mask[size_t(K)] = true;
  return Mask;
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

namespace {
/// Want as the messages write it ("[?, 4]") when input I's shape is known
/// and does not fit it (a -1 of either fits any dim), else "".
std::string misfit(Ctx &C, unsigned I, const Dims &Want) {
  const Dims *S = C.has(I) ? C.shape(I) : nullptr;
  if (!S)
    return "";
  bool Fits = S->size() == Want.size();
  for (size_t K = 0; Fits && K < Want.size(); ++K)
    Fits = Want[K] < 0 || (*S)[K] < 0 || Want[K] == (*S)[K];
  if (Fits)
    return "";
  std::string W = "[";
  for (size_t K = 0; K < Want.size(); ++K)
    W += (K ? ", " : "") + (Want[K] < 0 ? std::string("?") : std::to_string(Want[K]));
  return W + "]";
}
} // namespace

bool vectorsOf(Ctx &C, std::initializer_list<unsigned> Inputs, int64_t Length, const char *Of) {
  if (Length < 0)
    return true;
  for (unsigned I : Inputs)
    if (std::string W = misfit(C, I, {Length}); !W.empty()) {
      C.invalid("input " + std::to_string(I) + " has shape " + listStr(*C.shape(I)) +
                "; it must be " + W + " (" + Of + ")");
      return false;
    }
  return true;
}

double roundToType(double V, DType T) {
  if (T == DType::F32) {
    // Past float32's largest value and half its last step, a conversion is
    // undefined: infinity, as a float32 op overflows.
    if (std::fabs(V) >= 3.4028235677973366e38)
      return std::copysign(INFINITY, V);
    return double(float(V));
  }
  if ((T != DType::F16 && T != DType::BF16) || V == 0 || !std::isfinite(V))
    return V;
  // The significand's bits beside the leading one: 10 for float16, 7 for
  // bfloat16; the largest finite values 65504 and about 3.39e38.
  int Exp = 0;
  double M = std::frexp(V, &Exp); // V = M * 2^Exp, 0.5 <= |M| < 1
  int Bits = T == DType::F16 ? 11 : 8;
  // float16's subnormals keep fewer bits (its least step is 2^-24).
  if (T == DType::F16 && Exp < -13)
    Bits = std::max(0, Bits - (-13 - Exp));
  double R = std::ldexp(std::nearbyint(std::ldexp(M, Bits)), Exp - Bits);
  double Max = T == DType::F16 ? 65504.0 : 3.3895313892515355e38;
  return std::fabs(R) > Max ? std::copysign(INFINITY, R) : R;
}

bool inputShaped(Ctx &C, unsigned I, const Dims &Want, const char *What) {
  std::string W = misfit(C, I, Want);
  if (W.empty())
    return true;
  C.invalid("input " + std::to_string(I) + " (" + What + ") has shape " + listStr(*C.shape(I)) +
            "; it must be " + W);
  return false;
}

int64_t prodDims(const Dims &D, size_t From, size_t To) {
  Count C = 1;
  for (size_t I = From; I < To && I < D.size(); ++I)
    C *= Count::dim(D[I]);
  return C.overflowed() || C.value() > uint64_t(MaxDim) ? -1 : int64_t(C.value());
}

std::string listStr(const Ints &V) {
  std::string S = "[";
  for (size_t I = 0; I < V.size(); ++I)
    S += (I ? ", " : "") + std::to_string(V[I]);
  return S + "]";
}

bool smallShape(const Dims &S) {
  int64_t N = prodDims(S, 0, S.size());
  if (N < 0 || size_t(N) > MaxFolded)
    return false;
  return all_of(S, [](int64_t D) { return size_t(D) <= MaxFolded; });
}

Ints stridesOf(const Dims &S) {
  Ints R(S.size(), 1);
  for (size_t K = S.size(); K-- > 1;)
    R[K - 1] = R[K] * S[K];
  return R;
}

Ints axisOffsets(int64_t N, int64_t Stride, int64_t First) {
  Ints R;
  for (int64_t I = 0; I < N; ++I)
    R.push_back((First + I) * Stride);
  return R;
}

const Ints *knownData(Ctx &C, unsigned I) {
  const Ints *V = C.ints(I);
  const Dims *S = C.shape(I);
  if (!V || !S || !smallShape(*S) || int64_t(V->size()) != prodDims(*S, 0, S->size()))
    return nullptr;
  return V;
}

namespace {
/// Data of shape S broadcast to the small shape Out.
template <class T>
std::optional<std::vector<T>> broadcastTo(const std::vector<T> &V, const Dims &S, const Dims &Out) {
  if (!smallShape(Out) || S.size() > Out.size())
    return std::nullopt;
  Ints Str = stridesOf(S);
  size_t Lead = Out.size() - S.size();
  std::vector<Ints> Off(Out.size());
  for (size_t K = 0; K < Out.size(); ++K) {
    bool Broadcast = K < Lead || S[K - Lead] == 1;
    if (!Broadcast && S[K - Lead] != Out[K])
      return std::nullopt;
    Off[K] = Broadcast ? Ints(size_t(Out[K]), 0) : axisOffsets(Out[K], Str[K - Lead]);
  }
  return gatherFlat(V, Off);
}
} // namespace

std::optional<Ints> broadcastData(Ctx &C, unsigned I, const Dims &Out) {
  const Ints *V = knownData(C, I);
  if (!V)
    return std::nullopt;
  return broadcastTo(*V, *C.shape(I), Out);
}

std::optional<std::vector<double>> knownNumbers(Ctx &C, unsigned I) {
  const Dims *S = C.shape(I);
  if (!S || !smallShape(*S))
    return std::nullopt;
  size_t N = size_t(prodDims(*S, 0, S->size()));
  if (const Value &V = C.in(I); V.FloatData && V.FloatData->size() == N)
    return *V.FloatData;
  if (const Ints *V = knownData(C, I))
    return std::vector<double>(V->begin(), V->end());
  return std::nullopt;
}

std::optional<std::vector<double>> broadcastNumbers(Ctx &C, unsigned I, const Dims &Out) {
  std::optional<std::vector<double>> V = knownNumbers(C, I);
  if (!V)
    return std::nullopt;
  return broadcastTo(*V, *C.shape(I), Out);
}

void sameAsInput(Ctx &C) {
  if (const Dims *S = C.shape(0))
    C.set(0, *S, C.type(0));
  else
    C.setType(0, C.type(0));
}

void sameAlongAxis(Ctx &C, int64_t Default) {
  sameAsInput(C);
  const Dims *X;
  int64_t Axis;
  axisOfInput(C, X, Axis, Default);
}

} // namespace shapes

std::optional<Dims> broadcast(const std::vector<const Dims *> &Shapes, std::string *Why,
                              bool WorstCase) {
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
      if (X < 0) {
        Unknown = true;
      } else if (X != 1 && D != 1 && X != D) {
        if (WorstCase) { // a bound and a dim: the larger is the worst case
          D = std::max(D, X);
          continue;
        }
        if (Why)
          *Why = "cannot broadcast dims " + std::to_string(D) + " and " + std::to_string(X) +
                 " at axis " + std::to_string(K) + " (neither is 1)";
        return std::nullopt;
      } else if (X != 1) {
        D = X;
      }
    }
    Out[K] = (Unknown && D == 1) ? -1 : D;
  }
  return Out;
}

void ShapeCtx::statedCount(const Value &V, int64_t Worst, int64_t File) {
  if (!M || M->Assumptions.empty())
    return;
  Assumption &A = M->Assumptions.back();
  if (A.Stated || A.FromFile || A.Value != Worst)
    return;
  A.Value = File;
  A.FromFile = true;
  A.Bound = "the file states " + shapes::listStr(*V.Shape) + " for '" + printable(V.Name, 128) +
            "' (worst case " + std::to_string(Worst) + ")";
}

void ShapeCtx::typeStated(const Value &V, DType T) {
  if (!V.TypeStated || T == DType::Undefined || V.Type == DType::Undefined || V.Type == T ||
      !Contradiction.empty())
    return;
  Contradiction = "the file states element type " + dtypeName(V.Type).str() + " for '" +
                  printable(V.Name, 128) + "', but the op gives " + dtypeName(T).str();
}

void ShapeCtx::stated(const Value &V, const Dims &D) {
  if (Contradiction.empty())
    Contradiction = "the file states " + shapes::listStr(*V.Shape) + " for '" +
                    printable(V.Name, 128) + "', but the op gives " + shapes::listStr(D);
}

} // namespace wattlint
