//===- analyzer/shapes/Constants.cpp - constant shapes --------------------===//
//
// Shape and Size, which fold to known values, and the ops that write a
// tensor from attributes or shapes: Constant, ConstantOfShape, Range.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <algorithm>
#include <cmath>

using namespace llvm;

namespace wattlint {
using namespace shapes;

namespace {

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
  // One and only one of the value attributes: which one a runtime takes
  // from two is not defined.
  static const char *const Values[] = {"value",         "value_int",    "value_ints",
                                       "value_float",   "value_floats", "value_string",
                                       "value_strings", "sparse_value"};
  std::string Given;
  int Count = 0;
  for (const char *V : Values)
    if (C.N.attr(V))
      Given += (Count++ ? ", " : "") + std::string(V);
  if (Count != 1)
    return C.invalid(Count ? "gives " + Given + "; a Constant has one value"
                           : "has no value attribute");
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
    // T2: numbers and bool, never strings (nor complex).
    if (T == DType::String || T == DType::C64 || T == DType::C128)
      return C.invalid("value is a " + dtypeName(T).str() +
                       " tensor; ConstantOfShape fills with numbers or bool");
    if (prodDims(A->Tensor.Shape, 0, A->Tensor.Shape.size()) != 1)
      return C.invalid("value has shape " + listStr(A->Tensor.Shape) + "; it must be one element");
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
    // As runtimes count: limit - start in the inputs' type (float32's
    // 1.1f - 0.1f is exactly 1), then divided by delta in double.
    double N = std::ceil(roundToType(*FL - *FS, C.type(0)) / *FD);
    if (!std::isfinite(N) || N > double(MaxDim))
      return C.invalid("Range from " + std::to_string(*FS) + " to " + std::to_string(*FL) + " by " +
                       std::to_string(*FD) + " has no sane length");
    C.set(0, {N > 0 ? int64_t(N) : 0}, C.type(0));
    return;
  }
  C.set(0, {-1}, C.type(0));
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeShape(ShapeCtx &C) { ruleShape(C); }
void shapeSize(ShapeCtx &C) { ruleSize(C); }
void shapeConstant(ShapeCtx &C) { ruleConstant(C); }
void shapeConstantOfShape(ShapeCtx &C) { ruleConstantOfShape(C); }
void shapeRange(ShapeCtx &C) { ruleRange(C); }

} // namespace wattlint
