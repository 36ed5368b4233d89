//===- analyzer/shapes/Reshape.cpp - reshaping shapes ---------------------===//
//
// Reshape, Flatten, Squeeze, Unsqueeze, Transpose, DepthToSpace /
// SpaceToDepth and Col2Im rearrange a tensor; Identity, Dropout and Cast
// pass it on. Small known contents (shape vectors) move along.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <cmath>

using namespace llvm;

namespace wattlint {
using namespace shapes;

namespace {

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
  for (size_t I = 0; I < X->size(); ++I)
    if ((*Drop)[I] && (*X)[I] >= 0 && (*X)[I] != 1)
      return C.invalid("cannot squeeze axis " + std::to_string(I) + " of size " +
                       std::to_string((*X)[I]));
  if (Axes->empty()) {
    for (size_t I = 0; I < X->size(); ++I) {
      if ((*X)[I] < 0)
        return;
      (*Drop)[I] = (*X)[I] == 1;
    }
  }
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
  int64_t Axis = axisOf(C, C.N.attrInt("axis", 1), X->size(), /*OrEnd=*/true);
  if (Axis < 0)
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

void ruleDepthSpace(Ctx &C, bool ToSpace) {
  const Dims *X = C.shape(0);
  int64_t B = C.N.attrInt("blocksize", 0);
  if (B <= 0)
    return C.invalid("blocksize must be positive, not " + std::to_string(B));
  if (std::string Mode = C.N.attrString("mode", "DCR"); ToSpace && Mode != "DCR" && Mode != "CRD")
    return C.invalid("mode must be DCR or CRD, not '" + Mode + "'");
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

/// Col2Im: X is [N, C x prod(block_shape), L], L the number of blocks that
/// slide over the padded image (as a convolution's output positions).
void ruleCol2Im(Ctx &C) {
  const Dims *X = C.shape(0);
  const Ints *Image = C.ints(1), *Block = C.ints(2);
  if (X && X->size() != 3)
    return C.invalid("input 0 has shape " + listStr(*X) + "; it must have rank 3");
  for (unsigned I : {1u, 2u})
    if (const Dims *S = C.shape(I); S && S->size() != 1)
      return C.invalid(std::string(I == 1 ? "image_shape" : "block_shape") + " has shape " +
                       listStr(*S) + "; it must be 1-D");
  if (!Image || !Block)
    return;
  size_t R = Image->size();
  // The spec: image_shape has "size of at least 2" (two spatial dims).
  if (R < 2)
    return C.invalid("image_shape " + listStr(*Image) + " must name at least 2 spatial dims");
  if (Block->size() != R)
    return C.invalid("image_shape " + listStr(*Image) + " and block_shape " + listStr(*Block) +
                     " must name the same spatial dims, at least one");
  for (const Ints *L : {Image, Block})
    for (int64_t V : *L)
      if (V < 1 || V > MaxDim)
        return C.invalid((L == Image ? "image_shape " : "block_shape ") + listStr(*L) +
                         " must be positive sizes");
  Ints Dil = C.N.attrInts("dilations").value_or(Ints(R, 1));
  Ints Str = C.N.attrInts("strides").value_or(Ints(R, 1));
  Ints Pads = C.N.attrInts("pads").value_or(Ints(2 * R, 0));
  if (Dil.size() != R || Str.size() != R || Pads.size() != 2 * R)
    return C.invalid("dilations, strides and pads must have " + std::to_string(R) + ", " +
                     std::to_string(R) + " and " + std::to_string(2 * R) + " values");
  CheckedInt Blocks = 1, BlockElems = 1;
  for (size_t I = 0; I < R; ++I) {
    if (Dil[I] < 1 || Str[I] < 1 || Pads[I] < 0 || Pads[I + R] < 0)
      return C.invalid("dilations and strides must be positive and pads not negative");
    CheckedInt Span = CheckedInt(Dil[I]) * ((*Block)[I] - 1) + 1;
    CheckedInt Room = CheckedInt((*Image)[I]) + Pads[I] + Pads[I + R] - Span;
    if (Room.bad() || Span.bad() || Room.value() < 0)
      return C.invalid("block " + listStr(*Block) + " does not fit in the padded image " +
                       listStr(*Image));
    Blocks = Blocks * (Room / Str[I] + 1);
    BlockElems = BlockElems * (*Block)[I];
  }
  if (Blocks.bad() || BlockElems.bad() || BlockElems.value() > MaxDim)
    return C.invalid("the number of blocks overflows");
  if (!X)
    return;
  if ((*X)[1] >= 0 && (*X)[1] % BlockElems.value() != 0)
    return C.invalid("input 0's " + std::to_string((*X)[1]) + " rows are not channels of " +
                     std::to_string(BlockElems.value()) + "-element blocks");
  if ((*X)[2] >= 0 && (*X)[2] != Blocks.value())
    return C.invalid("input 0 has " + std::to_string((*X)[2]) + " blocks; the image holds " +
                     std::to_string(Blocks.value()));
  Dims Y = {(*X)[0], (*X)[1] < 0 ? -1 : (*X)[1] / BlockElems.value()};
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
  // To a float type: each value as that type holds it (a 16-bit type
  // rounds 2049 to 2048); one it cannot hold leaves the contents unknown.
  auto ToType = [&](const auto &Vs) -> std::optional<std::vector<double>> {
    std::vector<double> R;
    for (auto V : Vs) {
      R.push_back(roundToType(double(V), T));
      if (!std::isfinite(R.back()))
        return std::nullopt;
    }
    return R;
  };
  if (In.IntData && isFloat(T))
    C.out(0).FloatData = ToType(*In.IntData);
  if (In.FloatData && isFloat(T))
    C.out(0).FloatData = ToType(*In.FloatData);
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
  // The mask follows the data: a tensor of the data's type before opset 10
  // (Dropout-7's T), bool since.
  if (C.hasOut(1) && C.shape(0))
    C.set(1, *C.shape(0), C.N.OpsetVersion < 10 ? C.type(0) : DType::Bool);
}
void shapeCast(ShapeCtx &C) { ruleCast(C); }
void shapeDepthToSpace(ShapeCtx &C) { ruleDepthSpace(C, true); }
void shapeSpaceToDepth(ShapeCtx &C) { ruleDepthSpace(C, false); }
void shapeCol2Im(ShapeCtx &C) { ruleCol2Im(C); }

} // namespace wattlint
