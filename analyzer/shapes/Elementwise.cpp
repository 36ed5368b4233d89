//===- analyzer/shapes/Elementwise.cpp - elementwise shapes and folds -----===//
//
// Broadcasting, and the folding of small known values that shape arithmetic
// computes (integer and float binary ops, unary ops, Where).
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <algorithm>
#include <cmath>

using namespace llvm;

namespace wattlint {
using namespace shapes;

namespace {

/// Floating-point arithmetic on small known values (an image resize's scale
/// computed from its size): the result, when every input is known, finite
/// and the output is a float tensor.
void foldFloatBinary(Ctx &C, StringRef Op) {
  if (!C.hasOut(0) || !isFloat(C.out(0).Type) || (!C.in(0).FloatData && !C.in(1).FloatData))
    return;
  // Arithmetic on float weights is the model's work at every inference
  // (graph-constant-subgraph says so), not shape arithmetic: not folded.
  for (unsigned I = 0; I < 2; ++I)
    if (C.in(I).IsInitializer && isFloat(C.in(I).Type))
      return;
  auto Out = broadcast({C.shape(0), C.shape(1)});
  if (!Out || !smallShape(*Out))
    return;
  auto A = broadcastNumbers(C, 0, *Out), B = broadcastNumbers(C, 1, *Out);
  if (!A || !B)
    return;
  std::vector<double> R(A->size());
  for (size_t I = 0; I < R.size(); ++I) {
    double X = (*A)[I], Y = (*B)[I];
    if (Op == "Add" || Op == "Sum")
      R[I] = X + Y;
    else if (Op == "Sub")
      R[I] = X - Y;
    else if (Op == "Mul")
      R[I] = X * Y;
    else if (Op == "Div")
      R[I] = X / Y;
    else if (Op == "Min")
      R[I] = std::min(X, Y);
    else if (Op == "Max")
      R[I] = std::max(X, Y);
    else
      return;
    R[I] = roundToType(R[I], C.out(0).Type);
    if (!std::isfinite(R[I]))
      return;
  }
  C.out(0).FloatData = std::move(R);
}

// ---- constant folding of shape arithmetic --------------------------------

/// One integer operation of a fold; nullopt when Op is not folded here or
/// divides by zero (data the graph may never reach: the value stays unknown).
/// Mod follows ONNX: the sign of the divisor, unless fmod = 1.
std::optional<CheckedInt> foldScalar(StringRef Op, int64_t X, int64_t Y, bool FMod) {
  if (Op == "Add")
    return CheckedInt(X) + Y;
  if (Op == "Sub")
    return CheckedInt(X) - Y;
  if (Op == "Mul")
    return CheckedInt(X) * Y;
  if ((Op == "Div" || Op == "Mod") && Y == 0)
    return std::nullopt;
  if (Op == "Div")
    return CheckedInt(X) / Y;
  if (Op == "Mod") {
    CheckedInt R = CheckedInt(X) % Y;
    if (!FMod && !R.bad() && R.value() != 0 && (R.value() < 0) != (Y < 0))
      R = R + Y;
    return R;
  }
  int64_t Z;
  if (Op == "Equal")
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
  else if (Op == "Xor")
    Z = (X != 0) != (Y != 0);
  else if (Op == "BitwiseAnd")
    Z = X & Y;
  else if (Op == "BitwiseOr")
    Z = X | Y;
  else if (Op == "BitwiseXor")
    Z = X ^ Y;
  else
    return std::nullopt;
  return CheckedInt(Z);
}

/// Elementwise integer arithmetic with broadcasting of small tensors.
void foldBinary(Ctx &C, StringRef Op) {
  if (C.in(0).FloatData || C.in(1).FloatData)
    return foldFloatBinary(C, Op);
  auto Out = broadcast({C.shape(0), C.shape(1)});
  if (!Out || !smallShape(*Out) || !C.hasOut(0))
    return;
  auto A = broadcastData(C, 0, *Out), B = broadcastData(C, 1, *Out);
  if (!A || !B)
    return;
  bool FMod = C.N.attrInt("fmod", 0) != 0;
  Ints R(A->size());
  for (size_t I = 0; I < R.size(); ++I) {
    int64_t X = (*A)[I], Y = (*B)[I];
    std::optional<CheckedInt> Z = foldScalar(Op, X, Y, FMod);
    if (!Z)
      return;
    // An overflow is a model no runtime computes.
    if (Z->bad())
      return C.invalid("integer overflow folding " + std::to_string(X) + " " + Op.str() + " " +
                       std::to_string(Y));
    R[I] = Z->value();
  }
  bool Cmp = Op == "Equal" || Op == "Less" || Op == "Greater" || Op == "LessOrEqual" ||
             Op == "GreaterOrEqual" || Op == "And" || Op == "Or" || Op == "Xor";
  C.set(0, *Out, Cmp ? DType::Bool : C.type(0));
  C.out(0).IntData = std::move(R);
}

void ruleBroadcast(Ctx &C, DType T) {
  std::vector<const Dims *> S;
  for (unsigned I = 0; I < C.N.Inputs.size(); ++I)
    if (C.has(I))
      S.push_back(C.shape(I));
  std::string Why;
  if (auto Out = broadcast(S, &Why, C.worstCase()))
    C.set(0, *Out, T);
  else
    C.setType(0, T);
  if (!Why.empty())
    C.invalid(Why);
}

void ruleWhere(Ctx &C) {
  ruleBroadcast(C, C.type(1));
  if (!C.hasOut(0) || !C.out(0).shapeKnown())
    return;
  const Dims Out = *C.out(0).Shape;
  auto Cond = broadcastData(C, 0, Out), A = broadcastData(C, 1, Out), B = broadcastData(C, 2, Out);
  if (!Cond || !A || !B)
    return;
  Ints R;
  for (size_t I = 0; I < Cond->size(); ++I)
    R.push_back((*Cond)[I] ? (*A)[I] : (*B)[I]);
  C.out(0).IntData = std::move(R);
}

void ruleUnaryFold(Ctx &C) {
  sameAsInput(C);
  if (const std::optional<std::vector<double>> &F = C.in(0).FloatData; F && C.hasOut(0)) {
    StringRef Op = C.N.OpType;
    std::vector<double> R;
    for (double X : *F) {
      double Y = Op == "Floor"        ? std::floor(X)
                 : Op == "Ceil"       ? std::ceil(X)
                 : Op == "Round"      ? std::nearbyint(X) // half to even
                 : Op == "Neg"        ? -X
                 : Op == "Abs"        ? std::fabs(X)
                 : Op == "Reciprocal" ? 1 / X
                 : Op == "Sqrt"       ? std::sqrt(X)
                 : Op == "Identity"   ? X
                                      : NAN;
      Y = roundToType(Y, C.out(0).Type);
      if (!std::isfinite(Y))
        return;
      R.push_back(Y);
    }
    C.out(0).FloatData = std::move(R);
    return;
  }
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

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

/// Output 0 has input 0's shape and type: also the rule of the other
/// families' ops that keep their input's shape (softmax, most normalizations,
/// CumSum, Trilu, EyeLike).
void shapeSame(ShapeCtx &C) { sameAsInput(C); }
/// com.microsoft BiasGelu and FastGelu: a bias of the last dim's length.
void shapeBiasGelu(ShapeCtx &C) {
  if (const Dims *X = C.shape(0);
      X && !X->empty() && !vectorsOf(C, {1}, X->back(), "one bias per feature"))
    return;
  sameAsInput(C);
}
/// IsNaN and IsInf: a bool per element.
void shapeIsClass(ShapeCtx &C) {
  if (const Dims *S = C.shape(0))
    C.set(0, *S, DType::Bool);
  else
    C.setType(0, DType::Bool);
}
/// EyeLike: the input's shape, of the "dtype" attribute's type (else the
/// input's).
void shapeEyeLike(ShapeCtx &C) {
  DType T = C.N.attr("dtype") ? DType(C.N.attrInt("dtype", 0)) : C.type(0);
  if (C.N.attr("dtype") && dtypeName(T) == "?")
    return C.invalid("dtype = " + std::to_string(C.N.attrInt("dtype", 0)) +
                     " is not an element type");
  if (const Dims *S = C.shape(0))
    C.set(0, *S, T);
  else
    C.setType(0, T);
}
void shapeUnaryFold(ShapeCtx &C) { ruleUnaryFold(C); }
void shapeArith(ShapeCtx &C) {
  // A float remainder is C's fmod: the spec requires fmod = 1 for floats.
  if (C.N.OpType == "Mod" && C.N.Domain.empty() && C.N.attrInt("fmod", 0) == 0 &&
      (isFloat(C.type(0)) || isFloat(C.type(1))))
    return C.invalid("fmod must be 1 for " +
                     dtypeName(isFloat(C.type(0)) ? C.type(0) : C.type(1)).str() +
                     " operands (the spec's integer Mod has no float form)");
  ruleBroadcast(C, C.type(0));
  foldBinary(C, C.N.OpType);
}
/// PRelu's output has X's shape. Since opset 7 the slope broadcasts to X one
/// way (numpy rules); before, a slope of C values ran along axis 1, as
/// PyTorch's exports of nn.PReLU(C) at opset 6 write it.
void shapePRelu(ShapeCtx &C) {
  const Dims *X = C.shape(0), *Slope = C.shape(1);
  bool Worst = C.worstCase();
  if (X && Slope && C.N.OpsetVersion >= 7) {
    std::string Why;
    std::optional<Dims> B = broadcast({X, Slope}, &Why, Worst);
    if (!B)
      return C.invalid(Why);
    // One way: the slope takes X's shape. A dim of X the data decides (or
    // bounds) may be the slope's at run time.
    bool OneWay = B->size() == X->size();
    for (size_t K = 0; OneWay && K < X->size(); ++K)
      OneWay = (*X)[K] < 0 || Worst || (*B)[K] == (*X)[K];
    if (!OneWay)
      return C.invalid("slope " + shapes::listStr(*Slope) + " does not broadcast to X " +
                       shapes::listStr(*X) + " (one way)");
  } else if (X && Slope && !Worst && prodDims(*Slope, 0, Slope->size()) != 1 &&
             llvm::all_of(*Slope, [](int64_t D) { return D >= 0; }) &&
             (Slope->size() != 1 || X->size() < 2 || ((*X)[1] >= 0 && (*Slope)[0] != (*X)[1]))) {
    return C.invalid("slope " + shapes::listStr(*Slope) + " is neither one value nor one per channel "
                     "of X " + shapes::listStr(*X));
  }
  sameAsInput(C);
}
void shapeCompare(ShapeCtx &C) {
  ruleBroadcast(C, DType::Bool);
  foldBinary(C, C.N.OpType);
}
void shapeWhere(ShapeCtx &C) { ruleWhere(C); }
void shapeVariadic(ShapeCtx &C) {
  // Max, Min, Sum and Mean broadcast since opset 8; before, "all inputs and
  // outputs must have the same shape".
  if (C.N.OpsetVersion < 8)
    for (unsigned I = 1; I < C.N.Inputs.size(); ++I) {
      const Dims *A = C.shape(0), *B = C.shape(I);
      if (!A || !B)
        continue;
      bool Same = A->size() == B->size();
      for (size_t K = 0; Same && K < A->size(); ++K)
        Same = (*A)[K] < 0 || (*B)[K] < 0 || (*A)[K] == (*B)[K];
      if (!Same)
        return C.invalid("before opset 8 its inputs must have one shape, not " +
                         shapes::listStr(*A) + " and " + shapes::listStr(*B) + " (input " +
                         std::to_string(I) + ")");
    }
  ruleBroadcast(C, C.type(0));
  if (C.N.Inputs.size() == 2)
    foldBinary(C, C.N.OpType);
}

} // namespace wattlint
