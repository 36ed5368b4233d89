//===- analyzer/ops/MatMul.cpp - matrix products --------------------------===//
//
// MatMul (batched, broadcast): MACs = elements(Y) * K.
// Gemm: MACs = M * N * K; the C term, alpha and beta add one FLOP per output
// element each when present.
// Einsum: MACs = product of the sizes of every distinct index (letters, and
// the broadcast dims of an ellipsis) when two or more operands are multiplied;
// a one-operand einsum (transpose, trace, sum) costs one FLOP per input
// element. The equation is parsed once for the shape rule and the cost
// (ops::bindEinsum): spaces anywhere, "..." and implicit outputs.
// DFT: a radix-2 FFT per transform of length L (dft_length, else the axis's):
// 5 * L * ceil(log2 L) elementwise FLOPs (L/2 * log2 L butterflies of one
// complex multiply and two complex adds), however many transforms the other
// dims make; a real input (last dim 1) counted as complex.
// Det: an LU factorization per [M, M] matrix, M^3 / 3 multiply-adds
// (rounded down) each.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <map>
#include <optional>

namespace wattlint {

bool costMatMul(const CostInput &In, OpWork &W) {
  // FusedMatMul's transA: K is A's second-to-last dim.
  const Dims &A = In.inShape(0);
  if (In.node().attrInt("transA", 0) && A.size() >= 2) {
    W.Macs = CostInput::elems(In.outShape(0)) * Count::dim(A[A.size() - 2]);
  } else if (!ops::matmulMacs(A, In.outShape(0), W.Macs))
    return ops::fail(W, "MatMul of a scalar");
  // FusedMatMul's alpha scales every output element.
  if (In.node().attr("alpha") && In.node().attrFloat("alpha", 1.0) != 1.0)
    W.ElementwiseFlops = In.outElems(0);
  return true;
}

bool costDFT(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0), &Y = In.outShape(0);
  if (X.size() < 3 || X.size() != Y.size())
    return ops::fail(W, "DFT whose input is not [batch, signal..., 1 or 2]");
  // The transformed axis, as the shape rule read it.
  std::optional<int64_t> Axis =
      ops::dftAxis(In.node(), In.hasInput(2), In.in(2).IntData ? &*In.in(2).IntData : nullptr);
  int64_t A = Axis ? ops::normAxis(*Axis, X.size()) : -1;
  if (A < 0 || size_t(A) + 1 >= X.size())
    return ops::fail(W, "DFT's axis is not a signal axis");
  // The transform's length: dft_length (the input zero-padded or cut to
  // it), else the axis's.
  uint64_t Len = uint64_t(X[size_t(A)]);
  if (In.hasInput(1) && In.in(1).IntData && In.in(1).IntData->size() == 1)
    Len = uint64_t(In.in(1).IntData->front());
  Count Transforms = ops::product(X, 0, size_t(A)) * ops::product(X, size_t(A) + 1, X.size() - 1);
  W.ElementwiseFlops = Transforms * Count(Len) * Count(ops::log2Ceil(Len)) * Count(5);
  return true;
}

/// STFT: each frame of the signal multiplied by the window (when given)
/// and transformed: frames * (L + 5 * L * ceil(log2 L)) per batch, L the
/// frame length, a real frame counted as complex (as DFT).
bool costSTFT(const CostInput &In, OpWork &W) {
  const Dims &Y = In.outShape(0);
  if (Y.size() != 4)
    return ops::fail(W, "STFT whose output is not [batch, frames, bins, 2]");
  const Dims &X = In.inShape(0);
  uint64_t Len = 0;
  if (In.hasInput(2) && In.inShape(2).size() == 1)
    Len = uint64_t(In.inShape(2)[0]);
  else if (In.hasInput(3) && In.in(3).IntData && In.in(3).IntData->size() == 1)
    Len = uint64_t(In.in(3).IntData->front());
  if (Len == 0 || X.size() != 3)
    return ops::fail(W, "STFT without a frame length");
  Count Frames = Count::dim(Y[0]) * Count::dim(Y[1]);
  W.ElementwiseFlops = Frames * Count(Len) * Count(ops::log2Ceil(Len)) * Count(5);
  if (In.hasInput(2))
    W.ElementwiseFlops += Frames * Count(Len) * Count::dim(X[2]);
  return true;
}

bool costDet(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0);
  if (X.size() < 2)
    return ops::fail(W, "Det of fewer than two dims");
  Count Cube = Count::dim(X.back()) * Count::dim(X.back()) * Count::dim(X.back());
  // (An overflowed cube stays overflowed: the profile refuses it.)
  W.Macs = ops::product(X, 0, X.size() - 2) * (Cube.overflowed() ? Cube : Count(Cube.value() / 3));
  return true;
}

bool costGemm(const CostInput &In, OpWork &W) {
  const Dims &A = In.inShape(0), &Y = In.outShape(0);
  if (A.size() != 2 || Y.size() != 2)
    return ops::fail(W, "Gemm needs 2-D A and Y");
  int64_t K = In.node().attrInt("transA", 0) ? A[0] : A[1];
  W.Macs = Count::dim(Y[0]) * Count::dim(Y[1]) * Count::dim(K);
  unsigned PerOutput = 0;
  if (In.node().attrFloat("alpha", 1.0) != 1.0)
    ++PerOutput;
  if (In.hasInput(2)) {
    ++PerOutput;
    if (In.node().attrFloat("beta", 1.0) != 1.0)
      ++PerOutput;
  }
  W.ElementwiseFlops = In.outElems(0) * Count(PerOutput);
  return true;
}

namespace {

/// The label of the broadcast dim K places from the right of an ellipsis;
/// letters are their own labels.
constexpr int EllipsisLabel = 256;

/// One term of an equation: its letters, and the position of its ellipsis
/// among them (-1: none).
struct Term {
  std::string Letters;
  int Ellipsis = -1;
};

bool parseTerm(llvm::StringRef T, Term &Out, std::string &Err) {
  for (size_t I = 0; I < T.size();) {
    if (T.substr(I).starts_with("...")) {
      if (Out.Ellipsis >= 0) {
        Err = "term '" + T.str() + "' has two ellipses";
        return false;
      }
      Out.Ellipsis = int(Out.Letters.size());
      I += 3;
      continue;
    }
    if (!llvm::isAlpha(T[I])) {
      Err = "'" + std::string(1, T[I]) + "' is not an index letter";
      return false;
    }
    Out.Letters += T[I++];
  }
  return true;
}

/// Splits an equation, spaces removed, into its input terms and its output
/// term (none in implicit mode).
bool parseEquation(llvm::StringRef Eq, std::vector<Term> &Ins, std::optional<Term> &Out,
                   std::string &Err) {
  std::string S;
  for (char C : Eq)
    if (!llvm::isSpace(C))
      S += C;
  llvm::StringRef R(S);
  size_t Arrow = R.find("->");
  if (Arrow != llvm::StringRef::npos) {
    llvm::StringRef Rhs = R.drop_front(Arrow + 2);
    Out.emplace();
    if (Rhs.contains("->") || Rhs.contains(',')) {
      Err = "the output must be one term";
      return false;
    }
    if (!parseTerm(Rhs, *Out, Err))
      return false;
  }
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  R.take_front(Arrow).split(Parts, ',', -1, /*KeepEmpty=*/true);
  for (llvm::StringRef P : Parts) {
    Ins.emplace_back();
    if (!parseTerm(P, Ins.back(), Err))
      return false;
  }
  return true;
}

/// Joins dim D to an index's size: equal, or one of them 1 (broadcast); an
/// unknown dim is 1 or the other. -2 is "no size yet".
bool joinSize(int64_t &Size, int64_t D) {
  if (Size == -2 || (Size == 1 && D != 1) || (Size < 0 && D > 1))
    Size = Size == 1 && D < 0 ? -1 : D;
  else if (D >= 0 && D != 1 && Size >= 0 && D != Size)
    return false;
  return true;
}

/// The output's labels: the explicit term's, or the implicit ones (the
/// broadcast dims, then the letters used once, in alphabetical order).
bool outputLabels(const std::optional<Term> &Out, const std::vector<Term> &Ins, size_t E,
                  std::vector<int> &Labels, std::string &Err) {
  std::map<char, unsigned> Uses;
  for (const Term &T : Ins)
    for (char C : T.Letters)
      ++Uses[C];
  bool Ellipsis = Out ? Out->Ellipsis >= 0 : true;
  std::string Letters;
  if (Out)
    Letters = Out->Letters;
  else
    for (auto &[C, N] : Uses)
      if (N == 1)
        Letters += C;
  for (size_t I = 0; I <= Letters.size(); ++I) {
    if (Ellipsis && int(I) == (Out ? Out->Ellipsis : 0))
      for (size_t K = E; K-- > 0;)
        Labels.push_back(EllipsisLabel + int(K));
    if (I == Letters.size())
      break;
    char C = Letters[I];
    if (!Uses.count(C) || llvm::is_contained(Labels, int(C))) {
      Err = std::string("output index '") + C + "' is " +
            (Uses.count(C) ? "repeated" : "in no input term");
      return false;
    }
    Labels.push_back(C);
  }
  return true;
}

} // namespace

namespace ops {

bool bindEinsum(llvm::StringRef Eq, const std::vector<const Dims *> &Shapes, EinsumBinding &B,
                std::string &Err) {
  std::vector<Term> Ins;
  std::optional<Term> Out;
  if (!parseEquation(Eq, Ins, Out, Err))
    return false;
  if (Ins.size() != Shapes.size()) {
    Err = std::to_string(Ins.size()) + " input terms for " + std::to_string(Shapes.size()) +
          " operands";
    return false;
  }
  size_t E = 0; // broadcast dims of the widest ellipsis
  for (size_t I = 0; I < Ins.size(); ++I) {
    const Term &T = Ins[I];
    if (!Shapes[I])
      return false; // an unknown shape: nothing to bind yet
    size_t Rank = Shapes[I]->size(), L = T.Letters.size();
    if (T.Ellipsis < 0 ? Rank != L : Rank < L) {
      Err = "term " + std::to_string(I) + " ('" + T.Letters +
            "') does not fit an operand of rank " + std::to_string(Rank);
      return false;
    }
    size_t Ell = Rank - L, At = T.Ellipsis < 0 ? L : size_t(T.Ellipsis);
    E = std::max(E, Ell);
    for (size_t K = 0; K < Rank; ++K) {
      int Label = K < At         ? T.Letters[K]
                  : K < At + Ell ? EllipsisLabel + int(At + Ell - 1 - K)
                                 : T.Letters[K - Ell];
      auto It = B.Sizes.try_emplace(Label, -2).first;
      if (!joinSize(It->second, (*Shapes[I])[K])) {
        Err = "index sizes " + std::to_string(It->second) + " and " +
              std::to_string((*Shapes[I])[K]) + " do not match";
        return false;
      }
    }
  }
  std::vector<int> Labels;
  if (!outputLabels(Out, Ins, E, Labels, Err))
    return false;
  for (int L : Labels)
    B.Output.push_back(B.Sizes.count(L) ? B.Sizes[L] : 1);
  return true;
}

} // namespace ops

bool costEinsum(const CostInput &In, OpWork &W) {
  std::string Eq = In.node().attrString("equation", "");
  std::vector<const Dims *> Shapes;
  for (unsigned I = 0; I < In.numInputs(); ++I)
    Shapes.push_back(In.hasInput(I) ? &In.inShape(I) : nullptr);
  ops::EinsumBinding B;
  std::string Err;
  if (!ops::bindEinsum(Eq, Shapes, B, Err))
    return ops::fail(W, "Einsum equation '" + Eq + "': " + Err);
  Count All = 1;
  for (auto &[Label, N] : B.Sizes)
    All *= Count::dim(N);
  unsigned Operands = unsigned(Shapes.size());
  if (Operands >= 2) {
    W.Macs = All;
    // Operands beyond two each add one multiply per point of the index space.
    if (Operands > 2)
      W.ElementwiseFlops = All * Count(Operands - 2);
  } else {
    W.ElementwiseFlops = In.inElems(0);
  }
  return true;
}

} // namespace wattlint
