//===- libtorch/EmitOps.cpp - torch:: functions and Tensor methods --------===//
//
// Each function maps to the nodes PyTorch's exporter writes for it: relu to
// Relu, view to Reshape, x.size(0) to Shape -> Gather, x.index({Slice(), -1})
// to Gather(axis 1), torch::cat to Concat, and so on. Arguments come
// positionally as in ATen's signatures, self first.
//
//===----------------------------------------------------------------------===//
#include "libtorch/Emit.h"

#include "llvm/ADT/StringExtras.h"

#include "llvm/ADT/StringSwitch.h"

#include <limits>

using namespace llvm;

namespace wattlint {
namespace cxx {

namespace {

/// Argument I, or Default when the call left it out (or it is None).
Value arg(ArrayRef<Value> Args, size_t I, Value Default = Value::none()) {
  if (I < Args.size() && Args[I].K != Value::Kind::None)
    return Args[I];
  return Default;
}

/// Field F of an F:: function's options argument O, or null when O is not
/// an Options object or leaves F unset.
const Value *option(const Value &O, StringRef F) {
  return O.K == Value::Kind::Options ? O.Opts->get(F) : nullptr;
}

/// Axis A of a rank-R tensor counted from 0 (R unknown: A as given); one out
/// of range stays as it is, for the shape pass to refuse with the node named
/// (-5 of a 4-D tensor is not -1).
int64_t axisOf(int64_t A, int Rank) { return A < 0 && Rank >= 0 && A + Rank >= 0 ? A + Rank : A; }

const char *unaryOp(StringRef Name) {
  return StringSwitch<const char *>(Name)
      .Cases("relu", "relu_", "Relu")
      .Cases("sigmoid", "sigmoid_", "Sigmoid")
      .Cases("tanh", "tanh_", "Tanh")
      .Case("gelu", "Gelu")
      .Case("exp", "Exp")
      .Case("log", "Log")
      .Case("sqrt", "Sqrt")
      .Case("abs", "Abs")
      .Case("neg", "Neg")
      .Case("sin", "Sin")
      .Case("cos", "Cos")
      .Case("reciprocal", "Reciprocal")
      .Case("erf", "Erf")
      .Case("floor", "Floor")
      .Case("ceil", "Ceil")
      .Case("round", "Round")
      .Case("sign", "Sign")
      .Default(nullptr);
}

const char *binaryOp(StringRef Name) {
  return StringSwitch<const char *>(Name)
      .Cases("add", "+", "+=", "Add")
      .Cases("sub", "-", "-=", "Sub")
      .Cases("mul", "*", "*=", "Mul")
      .Cases("div", "/", "/=", "Div")
      .Cases("matmul", "mm", "bmm", "MatMul")
      .Case("pow", "Pow")
      .Case("maximum", "Max")
      .Case("minimum", "Min")
      .Cases("eq", "==", "Equal")
      .Cases("lt", "<", "Less")
      .Cases("gt", ">", "Greater")
      .Cases("le", "<=", "LessOrEqual")
      .Cases("ge", ">=", "GreaterOrEqual")
      .Default(nullptr);
}

/// The layer an F:: (torch::nn::functional) function behaves as.
const char *functionalKind(StringRef Name) {
  return StringSwitch<const char *>(Name)
      .Case("F::relu", "ReLU")
      .Case("F::leaky_relu", "LeakyReLU")
      .Case("F::dropout", "Dropout")
      .Case("F::max_pool2d", "MaxPool2d")
      .Case("F::avg_pool2d", "AvgPool2d")
      .Case("F::adaptive_avg_pool2d", "AdaptiveAvgPool2d")
      .Case("F::adaptive_max_pool2d", "AdaptiveMaxPool2d")
      .Case("F::softmax", "Softmax")
      .Case("F::log_softmax", "LogSoftmax")
      .Case("F::elu", "ELU")
      .Case("F::softplus", "Softplus")
      .Case("F::hardtanh", "Hardtanh")
      .Case("F::interpolate", "Upsample")
      .Default(nullptr);
}

/// The activation a torch:: function, Tensor method or F:: function
/// without options is (GraphBuilder::activation's Kind).
const char *activationKind(StringRef Name) {
  return StringSwitch<const char *>(Name)
      .Cases("silu", "silu_", "F::silu", "SiLU")
      .Cases("mish", "mish_", "F::mish", "Mish")
      .Cases("selu", "selu_", "F::selu", "SELU")
      .Cases("hardswish", "hardswish_", "F::hardswish", "Hardswish")
      .Cases("hardsigmoid", "hardsigmoid_", "F::hardsigmoid", "Hardsigmoid")
      .Cases("elu", "elu_", "ELU")
      .Case("softplus", "Softplus")
      .Cases("hardtanh", "hardtanh_", "Hardtanh")
      .Default(nullptr);
}

} // namespace

Value GraphBuilder::unary(StringRef Op, const Value &X, const CallSite &C) {
  Value T = asTensor(X, C);
  return out(node(Op, {T.TensorId}, 1, C), 0, T.Rank);
}

Value GraphBuilder::binary(StringRef Op, const Value &A, const Value &B, const CallSite &C) {
  Value TA = asTensor(A, C), TB = asTensor(B, C);
  bool Shape = TA.IsSizeScalar || TB.IsSizeScalar;
  if (Shape && Op != "MatMul") {
    // Size arithmetic (x.size(0) * 2) stays i64, as the exporter's.
    auto I64 = [&](const Value &V, const Value &Orig) {
      if (V.IsSizeScalar || !Orig.asInt())
        return V;
      unsigned N = node("Constant", {}, 1, C, true);
      setInt(N, "value_int", *Orig.asInt());
      return out(N, 0, 0, DType::I64);
    };
    TA = I64(TA, A);
    TB = I64(TB, B);
  }
  unsigned N = node(Op, {TA.TensorId, TB.TensorId}, 1, C, Shape);
  int Rank = std::max(TA.Rank, TB.Rank);
  if (TA.Rank < 0 || TB.Rank < 0)
    Rank = -1;
  if (Op == "MatMul" && (TA.Rank == 1 || TB.Rank == 1))
    Rank = -1;
  Value R = out(N, 0, Rank, Shape ? DType::I64 : DType::F32);
  R.IsSizeScalar = Shape && Rank == 0;
  return R;
}

Value GraphBuilder::pool(StringRef Op, const Value &X, const Value &Kernel, const Value &Stride,
                         const Value &Pad, const Value &Dilation, bool Ceil, unsigned D,
                         const CallSite &C) {
  auto Spatial = [&](const Value &V, int64_t Default) -> std::optional<std::vector<int64_t>> {
    if (V.K == Value::Kind::None || (V.K == Value::Kind::List && V.Elems.empty()))
      return std::vector<int64_t>(D, Default);
    std::optional<std::vector<int64_t>> L = V.asInts();
    if (L && L->size() == 1)
      L = std::vector<int64_t>(D, (*L)[0]);
    if (L && L->size() != D)
      return std::nullopt;
    return L;
  };
  auto K = Spatial(Kernel, 0);
  if (!K || any_of(*K, [](int64_t V) { return V <= 0; }))
    return unknownOp(Op, {X}, C, "has a kernel size that is not known (" + Kernel.str() + ")");
  auto S = Spatial(Stride, 0), P = Spatial(Pad, 0), Dl = Spatial(Dilation, 1);
  if (S && all_of(*S, [](int64_t V) { return V == 0; }))
    S = K; // ATen: an empty stride is the kernel size
  if (!S || !P || !Dl)
    return unknownOp(Op, {X}, C, "has a stride, padding or dilation that is not known");
  Value T = asTensor(X, C);
  unsigned N = node(Op, {T.TensorId}, 1, C);
  setInts(N, "kernel_shape", *K);
  setInts(N, "strides", *S);
  std::vector<int64_t> Pads = *P;
  Pads.insert(Pads.end(), P->begin(), P->end());
  setInts(N, "pads", Pads);
  if (Ceil)
    setInt(N, "ceil_mode", 1);
  if (Op == "MaxPool" && any_of(*Dl, [](int64_t V) { return V != 1; }))
    setInts(N, "dilations", *Dl);
  if (Op == "AveragePool")
    setInt(N, "count_include_pad", 1);
  return out(N, 0, T.Rank);
}

Value GraphBuilder::adaptivePool(bool Max, const Value &X, const Value &Sizes, unsigned D,
                                 const CallSite &C) {
  std::string Name =
      std::string(Max ? "adaptive_max_pool" : "adaptive_avg_pool") + std::to_string(D) + "d";
  std::optional<std::vector<int64_t>> O = Sizes.asInts();
  if (O && O->size() == 1)
    O->resize(D, O->front()); // ExpandingArray: one size for every dim
  if (!O || O->size() != D || any_of(*O, [](int64_t V) { return V <= 0; }))
    return unknownOp(Name, {X}, C,
                     "pools to an output size that is not known (" + Sizes.str() + ")");
  // To 1 everywhere: a global pool, as exported. Else LibTorch's own
  // windows (the exporter writes a pool only where the sizes divide).
  if (all_of(*O, [](int64_t V) { return V == 1; }))
    return unary(Max ? "GlobalMaxPool" : "GlobalAveragePool", X, C);
  Value T = asTensor(X, C);
  unsigned N = node(Max ? "AdaptiveMaxPool" : "AdaptiveAvgPool", {T.TensorId}, 1, C);
  at(N).Domain = "libtorch";
  at(N).OpsetVersion = 1;
  M.Opsets["libtorch"] = 1;
  setInts(N, "output_size", *O);
  return out(N, 0, T.Rank);
}

Value GraphBuilder::reshape(const Value &X, const Value &Shape, const CallSite &C) {
  Value T = asTensor(X, C);
  int S = shapeInput(Shape, C);
  if (S < 0)
    return unknownOp("view", {T}, C, "has a shape that is not known (" + Shape.str() + ")");
  int Rank = Shape.K == Value::Kind::List ? int(Shape.Elems.size()) : 1;
  unsigned N = node("Reshape", {T.TensorId, S}, 1, C);
  // PyTorch's 0 is a dim of size 0 (ONNX's copies the input's dim).
  setInt(N, "allowzero", 1);
  return out(N, 0, Rank);
}

Value GraphBuilder::flatten(const Value &X, int64_t Start, int64_t End, const CallSite &C) {
  Value T = asTensor(X, C);
  Start = axisOf(Start, T.Rank);
  End = axisOf(End, T.Rank);
  if (Start == 1 && (End == -1 || End == T.Rank - 1)) {
    unsigned N = node("Flatten", {T.TensorId}, 1, C);
    setInt(N, "axis", 1);
    return out(N, 0, 2);
  }
  if (Start < 0 || (End != -1 && End != T.Rank - 1))
    return unknownOp("flatten", {T}, C, "flattens dims the front end cannot place");
  // The leading dims kept (0 copies a dim), the rest merged.
  std::vector<int64_t> Shape(size_t(Start), 0);
  Shape.push_back(-1);
  unsigned N = node("Reshape", {T.TensorId, constInts({int64_t(Shape.size())}, Shape)}, 1, C);
  return out(N, 0, int(Shape.size()));
}

Value GraphBuilder::gather(const Value &X, int64_t Axis, int64_t Index, const CallSite &C) {
  Value T = asTensor(X, C);
  unsigned N = node("Gather", {T.TensorId, constInts({}, {Index})}, 1, C);
  setInt(N, "axis", axisOf(Axis, T.Rank));
  return out(N, 0, T.Rank < 0 ? -1 : T.Rank - 1);
}

Value GraphBuilder::sizeOf(const Value &X, int64_t Dim, const CallSite &C) {
  Value T = asTensor(X, C);
  unsigned S = node("Shape", {T.TensorId}, 1, C, true);
  Value Sh = out(S, 0, 1, DType::I64);
  unsigned N = node("Gather", {Sh.TensorId, constInts({}, {axisOf(Dim, T.Rank)})}, 1, C, true);
  setInt(N, "axis", 0);
  Value R = out(N, 0, 0, DType::I64);
  R.IsSizeScalar = true;
  return R;
}

Value GraphBuilder::transpose(const Value &X, std::vector<int64_t> Perm, const CallSite &C) {
  Value T = asTensor(X, C);
  unsigned N = node("Transpose", {T.TensorId}, 1, C);
  setInts(N, "perm", Perm);
  return out(N, 0, T.Rank);
}

Value GraphBuilder::axesOp(StringRef Op, const Value &X, const std::vector<int64_t> &Axes,
                           int RankDelta, const CallSite &C) {
  Value T = asTensor(X, C);
  unsigned N = node(Op, {T.TensorId, constInts({int64_t(Axes.size())}, Axes)}, 1, C);
  return out(N, 0, T.Rank < 0 ? -1 : T.Rank + RankDelta);
}

Value GraphBuilder::index(const Value &X, const Value &Indices, const CallSite &C) {
  Value Cur = asTensor(X, C);
  if (Indices.K != Value::Kind::List)
    return unknownOp("index", {Cur}, C, "has indices that are not known");
  int64_t Axis = 0;
  for (const Value &I : Indices.Elems) {
    if (I.K == Value::Kind::Int) {
      Cur = gather(Cur, Axis, I.I, C);
      continue;
    }
    if (I.K == Value::Kind::None) {
      Cur = axesOp("Unsqueeze", Cur, {Axis++}, 1, C);
      continue;
    }
    if (I.K != Value::Kind::Slice)
      return unknownOp("index", {Cur}, C,
                       "has an index the front end cannot follow (" + I.str() + ")");
    auto None = [](const Value &B) { return B.K == Value::Kind::None; };
    if (None(I.Elems[0]) && None(I.Elems[1]) && None(I.Elems[2])) {
      ++Axis;
      continue;
    }
    // A bound is a number, None (its default), or a size read at run time
    // (Slice(None, x.size(0))): a 0-d i64 tensor, unsqueezed to [1].
    auto Bound = [&](const Value &B, int64_t Default) {
      if (None(B))
        return constInts({1}, {Default});
      if (std::optional<int64_t> V = B.asInt())
        return constInts({1}, {*V});
      if (B.K == Value::Kind::Tensor && B.Rank == 0)
        return axesOp("Unsqueeze", B, {0}, 1, C).TensorId;
      return -1;
    };
    int Start = Bound(I.Elems[0], 0), End = Bound(I.Elems[1], std::numeric_limits<int64_t>::max()),
        Step = Bound(I.Elems[2], 1);
    if (Start < 0 || End < 0 || Step < 0)
      return unknownOp("index", {Cur}, C,
                       "has a slice bound the front end cannot follow (" + I.str() + ")");
    unsigned N = node("Slice", {Cur.TensorId, Start, End, constInts({1}, {Axis}), Step}, 1, C);
    Cur = out(N, 0, Cur.Rank);
    ++Axis;
  }
  return Cur;
}

Value GraphBuilder::reduce(StringRef Op, const Value &X, const Value &Dims, bool KeepDim,
                           const CallSite &C) {
  Value T = asTensor(X, C);
  std::vector<int> In = {T.TensorId};
  std::optional<std::vector<int64_t>> Axes = Dims.asInts();
  if (Dims.K != Value::Kind::None && !Axes)
    return unknownOp(Op, {T}, C, "reduces dims that are not known");
  if (Axes)
    In.push_back(constInts({int64_t(Axes->size())}, *Axes));
  unsigned N = node(Op, In, 1, C);
  setInt(N, "keepdims", KeepDim);
  int Rank = KeepDim ? T.Rank : (Axes && T.Rank >= 0 ? T.Rank - int(Axes->size()) : -1);
  return out(N, 0, Axes ? Rank : (KeepDim ? T.Rank : 0));
}

Value GraphBuilder::concat(const Value &List, int64_t Axis, bool Stack, const CallSite &C) {
  if (List.K != Value::Kind::List || List.Elems.empty())
    return unknownOp(Stack ? "stack" : "cat", {}, C, "has a tensor list that is not known");
  std::vector<int> In;
  int Rank = -1;
  for (const Value &E : List.Elems) {
    Value T = asTensor(E, C);
    Rank = T.Rank;
    if (Stack)
      T = axesOp("Unsqueeze", T, {axisOf(Axis, T.Rank < 0 ? -1 : T.Rank + 1)}, 1, C);
    In.push_back(T.TensorId);
  }
  unsigned N = node("Concat", In, 1, C);
  setInt(N, "axis", axisOf(Axis, Stack && Rank >= 0 ? Rank + 1 : Rank));
  return out(N, 0, Stack && Rank >= 0 ? Rank + 1 : Rank);
}

Value GraphBuilder::split(const Value &X, int64_t Chunks, int64_t Axis, const CallSite &C) {
  Value T = asTensor(X, C);
  if (Chunks <= 0 || Chunks > 4096)
    return unknownOp("chunk", {T}, C, "splits into a number of chunks that is not known");
  unsigned N = node("Split", {T.TensorId}, unsigned(Chunks), C);
  setInt(N, "axis", axisOf(Axis, T.Rank));
  setInt(N, "num_outputs", Chunks);
  std::vector<Value> Parts;
  for (unsigned I = 0; I < unsigned(Chunks); ++I)
    Parts.push_back(out(N, I, T.Rank));
  return Value::list(std::move(Parts));
}

Value GraphBuilder::functionalLayer(StringRef Kind, const Value &X, const Value &Opts,
                                    const CallSite &C) {
  Object L;
  L.Kind = Kind.str();
  L.Opts = Opts.K == Value::Kind::Options ? Opts.Opts : std::make_shared<OptionsData>();
  L.Loc = C.At;
  L.Path = C.Scope;
  L.PathSet = true;
  return callLayer(L, {X}, C);
}

Value GraphBuilder::callFunction(StringRef Name, ArrayRef<Value> A, const CallSite &C) {
  if (A.empty())
    return unknownOp(Name, A, C, "is not understood");
  const Value &X = A[0];
  if (const char *Op = unaryOp(Name))
    return unary(Op, X, C);
  if (const char *Op = binaryOp(Name))
    return binary(Op, X, arg(A, 1), C);
  if (const char *Kind = activationKind(Name)) {
    // torch::elu(x, alpha), softplus(x, beta, threshold), hardtanh(x, min, max).
    StringRef K(Kind);
    double Def1 = K == "Hardtanh" ? -1 : 1, Def2 = 1;
    std::optional<double> P1 = arg(A, 1, Value::real(Def1)).asDouble(),
                          P2 = arg(A, 2, Value::real(Def2)).asDouble();
    if (StringRef(Name).starts_with("F::"))
      P1 = Def1, P2 = Def2; // F:: forms without options: their second argument is inplace
    if (!P1 || !P2 || (K == "Softplus" && *P1 <= 0))
      return unknownOp(Name, A, C, "has an argument that is not known");
    return activation(K, X, *P1, *P2, C);
  }
  if (const char *Kind = functionalKind(Name))
    return functionalLayer(Kind, X, arg(A, 1), C);
  if (Name == "pixel_shuffle") {
    std::optional<int64_t> R = arg(A, 1).asInt();
    Value T = asTensor(X, C);
    if (!R || *R <= 0 || (T.Rank != 4 && T.Rank >= 0))
      return unknownOp(Name, A, C, "needs a known upscale factor and a 4-D input");
    unsigned N = node("DepthToSpace", {T.TensorId}, 1, C);
    setInt(N, "blocksize", *R);
    setString(N, "mode", "CRD");
    return out(N, 0, 4);
  }
  if (Name == "F::linear") {
    // As the exporter: Gemm with the weight transposed on 2-D input,
    // otherwise MatMul on the transposed weight, then the bias.
    Value T = asTensor(X, C), W = asTensor(arg(A, 1), C);
    const Value &Bias = arg(A, 2);
    bool HasBias = Bias.K == Value::Kind::Tensor;
    if (Bias.K != Value::Kind::None && !HasBias)
      return unknownOp(Name, A, C, "has a bias that is not known");
    if (T.Rank == 2) {
      std::vector<int> In = {T.TensorId, W.TensorId};
      if (HasBias)
        In.push_back(Bias.TensorId);
      unsigned N = node("Gemm", In, 1, C);
      setInt(N, "transB", 1);
      return out(N, 0, 2);
    }
    Value WT = transpose(W, {1, 0}, C);
    Value Y = out(node("MatMul", {T.TensorId, WT.TensorId}, 1, C), 0, T.Rank);
    return HasBias ? binary("Add", Y, Bias, C) : Y;
  }
  if (Name == "F::layer_norm") {
    // LayerNormalization over the trailing normalized_shape, with the
    // options' weight and bias, else ones and zeros (no parameters).
    const Value &O = arg(A, 1);
    const Value *S = option(O, "normalized_shape"), *W = option(O, "weight"),
                *B = option(O, "bias"), *Eps = option(O, "eps");
    std::optional<std::vector<int64_t>> Shape = S ? S->asInts() : std::nullopt;
    if (!Shape || Shape->empty() || (Eps && !Eps->asDouble()))
      return unknownOp(Name, A, C, "has a normalized shape that is not known");
    int64_t Elems = 1;
    for (int64_t D : *Shape) {
      if (D <= 0 || Elems > MaxConstantElems / D) {
        Elems = -1;
        break;
      }
      Elems *= D;
    }
    bool Given = (W && W->K == Value::Kind::Tensor) && (B && B->K == Value::Kind::Tensor);
    if (Elems <= 0 && !(Given && all_of(*Shape, [](int64_t D) { return D > 0; })))
      return unknownOp(Name, A, C, "has a normalized shape that is not valid or too large");
    if ((W && W->K != Value::Kind::Tensor && W->K != Value::Kind::None) ||
        (B && B->K != Value::Kind::Tensor && B->K != Value::Kind::None))
      return unknownOp(Name, A, C, "has a weight or bias that is not known");
    auto Affine = [&](const Value *V, double Fill) {
      if (V && V->K == Value::Kind::Tensor)
        return V->TensorId;
      // ones or zeros of the normalized shape, flattened: a constant.
      int K = constFloats(std::vector<double>(size_t(Elems), Fill));
      return Shape->size() == 1 ? K
                                : reshape(Value::tensor(K, 1), Value::list([&] {
                                            std::vector<Value> L;
                                            for (int64_t D : *Shape)
                                              L.push_back(Value::integer(D));
                                            return L;
                                          }()),
                                          C)
                                      .TensorId;
    };
    Value T = asTensor(X, C);
    unsigned N = node("LayerNormalization", {T.TensorId, Affine(W, 1.0), Affine(B, 0.0)}, 1, C);
    setInt(N, "axis", -int64_t(Shape->size()));
    setFloat(N, "epsilon", Eps ? *Eps->asDouble() : 1e-5);
    return out(N, 0, T.Rank);
  }
  if (Name == "F::normalize") {
    // x / max(||x||_p over dim, eps), as exported (p = 2: ReduceL2).
    const Value &O = arg(A, 1);
    const Value *P = option(O, "p"), *D = option(O, "dim"), *Eps = option(O, "eps");
    std::optional<double> PV = P ? P->asDouble() : std::optional<double>(2.0);
    std::optional<int64_t> DV = D ? D->asInt() : std::optional<int64_t>(1);
    std::optional<double> EV = Eps ? Eps->asDouble() : std::optional<double>(1e-12);
    if (!PV || !DV || !EV || (*PV != 1 && *PV != 2))
      return unknownOp(Name, A, C,
                       "has a norm, dim or eps that is not known (p 1 and 2 are mapped)");
    Value Norm = reduce(*PV == 2 ? "ReduceL2" : "ReduceL1", X, Value::integer(*DV), true, C);
    Value Clipped = out(node("Clip", {Norm.TensorId, constFloat(*EV), -1}, 1, C), 0, Norm.Rank);
    return binary("Div", X, Clipped, C);
  }
  if (Name == "F::pad") {
    // F::pad(x, F::PadFuncOptions({l, r, t, b}).mode(torch::kReflect).value(v))
    const Value &O = arg(A, 1);
    const Value *P = option(O, "pad"), *M = option(O, "mode"), *F = option(O, "value");
    std::optional<std::vector<int64_t>> Pads = P ? P->asInts() : std::nullopt;
    std::optional<double> Fill = F ? F->asDouble() : std::optional<double>(0.0);
    if (!Pads || !Fill || (M && M->K != Value::Kind::String))
      return unknownOp(Name, A, C, "has a padding, mode or value that is not known");
    return pad(X, *Pads, M ? StringRef(M->Text) : StringRef("kConstant"), *Fill, C);
  }
  // Dropout in inference: no node, as in the eval-mode export.
  if (Name == "dropout" || Name == "feature_dropout" || Name == "alpha_dropout")
    return X;
  if (Name == "addmm")
    return addmm(A, C);
  if (Name == "contiguous" || Name == "clone" || Name == "detach" || Name == "to")
    return X;
  if (std::optional<Value> V = shapeFunction(Name, A, C))
    return *V;
  if (std::optional<Value> V = mathFunction(Name, A, C))
    return *V;
  return unknownOp(Name, A, C, "is not understood");
}

Value GraphBuilder::addmm(ArrayRef<Value> A, const CallSite &C) {
  // addmm(bias, mat1, mat2, beta = 1, alpha = 1): one Gemm, as exported.
  if (A.size() < 3)
    return unknownOp("addmm", A, C, "is called without its two matrices");
  std::optional<double> Beta = arg(A, 3, Value::real(1)).asDouble(),
                        Alpha = arg(A, 4, Value::real(1)).asDouble();
  if (!Beta || !Alpha)
    return unknownOp("addmm", A, C, "scales by a factor that is not known");
  Value Bias = asTensor(A[0], C), M1 = asTensor(A[1], C), M2 = asTensor(A[2], C);
  unsigned N = node("Gemm", {M1.TensorId, M2.TensorId, Bias.TensorId}, 1, C);
  setFloat(N, "alpha", *Alpha);
  setFloat(N, "beta", *Beta);
  return out(N, 0, 2);
}

std::optional<Value> GraphBuilder::shapeFunction(StringRef Name, ArrayRef<Value> A,
                                                 const CallSite &C) {
  const Value &X = A[0];
  auto Int = [&](size_t I, int64_t Default) { return arg(A, I, Value::integer(Default)).asInt(); };
  if (Name == "flatten") {
    std::optional<int64_t> S = Int(1, 0), E = Int(2, -1);
    if (!S || !E)
      return unknownOp(Name, A, C, "has dims that are not known");
    return flatten(X, *S, *E, C);
  }
  if (Name == "view" || Name == "reshape" || Name == "_unsafe_view")
    return reshape(X, arg(A, 1), C);
  if (Name == "index")
    return index(X, arg(A, 1), C);
  if (Name == "select" || Name == "[]") {
    std::optional<int64_t> D = Name == "[]" ? std::optional<int64_t>(0) : Int(1, 0),
                           I = Name == "[]" ? Int(1, 0) : Int(2, 0);
    if (!D || !I)
      return unknownOp(Name, A, C, "selects an index that is not known");
    return gather(X, *D, *I, C);
  }
  if (Name == "size") {
    std::optional<int64_t> D = Int(1, 0);
    if (!D)
      return unknownOp(Name, A, C, "reads a dim that is not known");
    return sizeOf(X, *D, C);
  }
  if (Name == "squeeze" || Name == "unsqueeze") {
    std::optional<int64_t> D = Int(1, 0);
    if (!D || (Name == "squeeze" && A.size() < 2))
      return unknownOp(Name, A, C, "has a dim that is not known");
    int Delta = Name == "squeeze" ? -1 : 1;
    int64_t Axis = axisOf(*D, Name == "squeeze" || X.Rank < 0 ? X.Rank : X.Rank + 1);
    return axesOp(Name == "squeeze" ? "Squeeze" : "Unsqueeze", X, {Axis}, Delta, C);
  }
  if (Name == "permute") {
    std::optional<std::vector<int64_t>> P = arg(A, 1).asInts();
    if (!P)
      return unknownOp(Name, A, C, "has a permutation that is not known");
    for (int64_t &D : *P)
      D = axisOf(D, int(P->size()));
    return transpose(X, *P, C);
  }
  if (Name == "transpose" || Name == "t") {
    std::optional<int64_t> D0 = Int(1, 0), D1 = Int(2, 1);
    if (!D0 || !D1 || X.Rank < 0)
      return unknownOp(Name, A, C, "swaps dims of a tensor whose rank is not known");
    // PyTorch's t() of a 0-D or 1-D tensor is the tensor.
    if (Name == "t" && X.Rank < 2)
      return X;
    int64_t Axis0 = axisOf(*D0, X.Rank), Axis1 = axisOf(*D1, X.Rank);
    if (Axis0 < 0 || Axis0 >= X.Rank || Axis1 < 0 || Axis1 >= X.Rank)
      return unknownOp(Name, A, C, "swaps a dim the tensor does not have");
    std::vector<int64_t> Perm;
    for (int I = 0; I < X.Rank; ++I)
      Perm.push_back(I);
    std::swap(Perm[size_t(Axis0)], Perm[size_t(Axis1)]);
    return transpose(X, Perm, C);
  }
  if (Name == "cat" || Name == "stack") {
    std::optional<int64_t> D = Int(1, 0);
    if (!D)
      return unknownOp(Name, {}, C, "has a dim that is not known");
    return concat(X, *D, Name == "stack", C);
  }
  if (Name == "chunk") {
    std::optional<int64_t> N = Int(1, 0), D = Int(2, 0);
    return split(X, N.value_or(0), D.value_or(0), C);
  }
  return std::nullopt;
}

std::optional<Value> GraphBuilder::mathFunction(StringRef Name, ArrayRef<Value> A,
                                                const CallSite &C) {
  const Value &X = A[0];
  if (Name == "leaky_relu") {
    unsigned N = node("LeakyRelu", {asTensor(X, C).TensorId}, 1, C);
    setFloat(N, "alpha", arg(A, 1, Value::real(0.01)).asDouble().value_or(0.01));
    return out(N, 0, X.Rank);
  }
  if (Name == "softmax" || Name == "log_softmax") {
    std::optional<int64_t> Dim = arg(A, 1, Value::integer(-1)).asInt();
    if (!Dim)
      return unknownOp(Name, A, C, "has a dim that is not known");
    unsigned N =
        node(Name == "softmax" ? "Softmax" : "LogSoftmax", {asTensor(X, C).TensorId}, 1, C);
    setInt(N, "axis", axisOf(*Dim, X.Rank));
    return out(N, 0, X.Rank);
  }
  if (Name == "max_pool1d" || Name == "max_pool2d")
    return pool("MaxPool", X, arg(A, 1), arg(A, 2), arg(A, 3), arg(A, 4),
                arg(A, 5, Value::boolean(false)).asBool().value_or(false),
                Name == "max_pool1d" ? 1 : 2, C);
  if (Name == "avg_pool1d" || Name == "avg_pool2d")
    return pool("AveragePool", X, arg(A, 1), arg(A, 2), arg(A, 3), Value::none(),
                arg(A, 4, Value::boolean(false)).asBool().value_or(false),
                Name == "avg_pool1d" ? 1 : 2, C);
  if (Name == "adaptive_avg_pool1d" || Name == "adaptive_avg_pool2d" ||
      Name == "adaptive_avg_pool3d")
    return adaptivePool(false, X, arg(A, 1), unsigned(Name[Name.size() - 2] - '0'), C);
  // torch::adaptive_max_pool2d: the pooled tensor and its indices (no node
  // of their own: the export's second output of the same pool).
  if (Name == "adaptive_max_pool2d")
    return Value::tuple({adaptivePool(true, X, arg(A, 1), 2, C),
                         Value::unknown("the indices of adaptive_max_pool2d", C.At)});
  if (Name == "mean" || Name == "sum")
    return reduce(Name == "mean" ? "ReduceMean" : "ReduceSum", X, arg(A, 1),
                  arg(A, 2, Value::boolean(false)).asBool().value_or(false), C);
  if (Name == "ne" || Name == "!=") {
    // As the exporter: Not(Equal).
    Value Eq = binary("Equal", X, arg(A, 1), C);
    return out(node("Not", {Eq.TensorId}, 1, C), 0, Eq.Rank, DType::Bool);
  }
  if (Name == "generate_square_subsequent_mask") {
    // LibTorch: triu(full({n, n}, -inf), 1), the causal mask.
    int S = shapeInput(Value::list({X, X}), C);
    if (S < 0)
      return unknownOp(Name, {}, C, "has a size that is not known");
    Value Full = out(node("ConstantOfShape", {S}, 1, C), 0, 2);
    unsigned N = node("Trilu", {Full.TensorId, constInts({}, {1})}, 1, C);
    setInt(N, "upper", 1);
    return out(N, 0, 2);
  }
  if (Name == "triu" || Name == "tril") {
    std::optional<int64_t> K = arg(A, 1, Value::integer(0)).asInt();
    if (!K)
      return unknownOp(Name, A, C, "has a diagonal that is not known");
    Value T = asTensor(X, C);
    unsigned N = node("Trilu", {T.TensorId, constInts({}, {*K})}, 1, C);
    setInt(N, "upper", Name == "triu");
    return out(N, 0, T.Rank);
  }
  if (Name == "masked_fill" || Name == "where") {
    // masked_fill(x, mask, v) is Where(mask, v, x); where(c, x, y) as is.
    Value Cond = asTensor(Name == "where" ? X : arg(A, 1), C);
    Value Then = asTensor(Name == "where" ? arg(A, 1) : arg(A, 2), C);
    Value Else = asTensor(Name == "where" ? arg(A, 2) : X, C);
    return out(node("Where", {Cond.TensorId, Then.TensorId, Else.TensorId}, 1, C), 0,
               std::max({Cond.Rank, Then.Rank, Else.Rank}));
  }
  if (Name == "arange") {
    // arange(end), arange(start, end), arange(start, end, step), each with
    // options after: a Range of known bounds.
    std::vector<double> Bounds;
    for (const Value &V : A)
      if (V.isNumber() && Bounds.size() < 3)
        Bounds.push_back(*V.asDouble());
    // The options after the bounds (a dtype) change no size.
    if (Bounds.empty() || A.size() > Bounds.size() + 1 ||
        !all_of(ArrayRef(A).take_front(Bounds.size()), [](const Value &V) { return V.isNumber(); }) ||
        (A.size() == Bounds.size() + 1 && A.back().K == Value::Kind::Tensor))
      return unknownOp(Name, {}, C, "has bounds that are not known");
    if (Bounds.size() == 1)
      Bounds.insert(Bounds.begin(), 0);
    if (Bounds.size() == 2)
      Bounds.push_back(1);
    unsigned N = node("Range", {constFloat(Bounds[0]), constFloat(Bounds[1]), constFloat(Bounds[2])},
                      1, C);
    return out(N, 0, 1);
  }
  if (Name == "square") { // as exported: Mul(x, x)
    Value T = asTensor(X, C);
    return out(node("Mul", {T.TensorId, T.TensorId}, 1, C), 0, T.Rank);
  }
  if (Name == "rsqrt") { // as exported: 1 / Sqrt(x)
    Value T = asTensor(X, C);
    Value S = out(node("Sqrt", {T.TensorId}, 1, C), 0, T.Rank);
    return out(node("Div", {constFloat(1), S.TensorId}, 1, C), 0, T.Rank);
  }
  if (Name == "F::logsigmoid") {
    Value S = unary("Sigmoid", X, C);
    return unary("Log", S, C);
  }
  if (Name == "F::gelu") {
    const Value &O = arg(A, 1);
    const Value *Approx = option(O, "approximate");
    Value T = asTensor(X, C);
    unsigned N = node("Gelu", {T.TensorId}, 1, C);
    if (Approx && Approx->K == Value::Kind::String && Approx->Text == "tanh")
      setString(N, "approximate", "tanh");
    else if (Approx && !(Approx->K == Value::Kind::String && Approx->Text == "none"))
      return unknownOp(Name, A, C, "has an approximation that is not known");
    return out(N, 0, T.Rank);
  }
  if (Name == "clamp" || Name == "clamp_min" || Name == "clamp_max") {
    // Clip(x, min, max), either bound left out when not given.
    Value Lo = Name == "clamp_max" ? Value::none() : arg(A, 1);
    Value Hi = Name == "clamp_max" ? arg(A, 1) : Name == "clamp_min" ? Value::none() : arg(A, 2);
    auto Bound = [&](const Value &B) -> std::optional<int> {
      if (B.K == Value::Kind::None)
        return -1;
      if (std::optional<double> D = B.asDouble())
        return constFloat(*D);
      if (B.K == Value::Kind::Tensor)
        return B.TensorId;
      return std::nullopt;
    };
    std::optional<int> L = Bound(Lo), H = Bound(Hi);
    if (!L || !H)
      return unknownOp(Name, A, C, "has a bound that is not known");
    Value T = asTensor(X, C);
    return out(node("Clip", {T.TensorId, *L, *H}, 1, C), 0, T.Rank);
  }
  if ((Name == "max" || Name == "min") && A.size() >= 2 && A[1].K == Value::Kind::Tensor)
    return binary(Name == "max" ? "Max" : "Min", X, A[1], C);
  if (Name == "max" || Name == "min" || Name == "argmax" || Name == "argmin") {
    bool Arg = Name.starts_with("arg");
    StringRef Reduce = Name.ends_with("max") ? "ReduceMax" : "ReduceMin";
    const Value &D = arg(A, 1);
    bool KeepDim = arg(A, 2, Value::boolean(false)).asBool().value_or(false);
    Value T = asTensor(X, C);
    if (D.K == Value::Kind::None) {
      if (Arg)
        return unknownOp(Name, A, C, "over the flattened tensor is not mapped");
      // max(x): one element, every axis reduced.
      unsigned N = node(Reduce, {T.TensorId}, 1, C);
      setInt(N, "keepdims", 0);
      return out(N, 0, 0);
    }
    std::optional<int64_t> Dim = D.asInt();
    if (!Dim)
      return unknownOp(Name, A, C, "has a dim that is not known");
    int Rank = KeepDim ? T.Rank : T.Rank < 0 ? -1 : T.Rank - 1;
    // max(x, dim)'s indices are dropped when nothing reads them.
    auto Index = [&] {
      unsigned N =
          node(Name.ends_with("max") ? "ArgMax" : "ArgMin", {T.TensorId}, 1, C, /*Prunable=*/!Arg);
      setInt(N, "axis", axisOf(*Dim, T.Rank));
      setInt(N, "keepdims", KeepDim);
      return out(N, 0, Rank, DType::I64);
    };
    if (Arg)
      return Index();
    // max(x, dim): the values and their indices, each dropped when nothing
    // reads it (std::get<1>(torch::max(x, 1)) runs only the ArgMax).
    unsigned N = node(Reduce, {T.TensorId, constInts({1}, {*Dim})}, 1, C, /*Prunable=*/true);
    setInt(N, "keepdims", KeepDim);
    return Value::tuple({out(N, 0, Rank), Index()});
  }
  if (Name == "einsum") {
    const Value &Ts = arg(A, 1);
    if (X.K != Value::Kind::String || Ts.K != Value::Kind::List || Ts.Elems.empty())
      return unknownOp(Name, {}, C, "has an equation or operands that are not known");
    std::vector<int> In;
    for (const Value &E : Ts.Elems)
      In.push_back(asTensor(E, C).TensorId);
    unsigned N = node("Einsum", In, 1, C);
    setString(N, "equation", X.Text);
    StringRef Eq(X.Text);
    size_t Arrow = Eq.find("->");
    int Rank = -1;
    if (Arrow != StringRef::npos && !Eq.contains("..."))
      Rank = int(count_if(Eq.drop_front(Arrow + 2), [](char Ch) { return isAlpha(Ch); }));
    return out(N, 0, Rank);
  }
  if (Name == "repeat" || Name == "expand") {
    std::optional<std::vector<int64_t>> Sizes = arg(A, 1).asInts();
    Value T = asTensor(X, C);
    if (!Sizes || Sizes->empty())
      return unknownOp(Name, A, C, "has sizes that are not known");
    if (Name == "repeat") {
      // Tile needs the input's rank; more repeats than dims add leading ones.
      if (T.Rank >= 0 && int(Sizes->size()) != T.Rank)
        return unknownOp(Name, A, C, "repeats a different number of dims than the input has");
      return out(node("Tile", {T.TensorId, constInts({int64_t(Sizes->size())}, *Sizes)}, 1, C), 0,
                 T.Rank);
    }
    // expand's -1 keeps a dim: 1 in Expand's broadcast does the same.
    for (int64_t &S : *Sizes)
      if (S == -1)
        S = 1;
    return out(node("Expand", {T.TensorId, constInts({int64_t(Sizes->size())}, *Sizes)}, 1, C), 0,
               std::max(T.Rank, int(Sizes->size())));
  }
  if (Name == "outer") { // as exported: Einsum i,j->ij
    Value TA = asTensor(X, C), TB = asTensor(arg(A, 1), C);
    unsigned N = node("Einsum", {TA.TensorId, TB.TensorId}, 1, C);
    setString(N, "equation", "i,j->ij");
    return out(N, 0, 2);
  }
  if (Name == "repeat_interleave") {
    // Each slice along dim R times in a row: Unsqueeze after dim, Expand
    // that axis to R, then merge the two (x's shape with dim times R).
    std::optional<int64_t> R = arg(A, 1).asInt(), Dim = arg(A, 2).asInt();
    Value T = asTensor(X, C);
    if (!R || *R <= 0 || !Dim || T.Rank < 1)
      return unknownOp(Name, A, C,
                       "needs known repeats, a dim and a known input rank (repeats of a "
                       "flattened tensor or per-element repeats are not mapped)");
    int64_t D = axisOf(*Dim, T.Rank);
    if (D < 0 || D >= T.Rank)
      return unknownOp(Name, A, C, "repeats along a dim the input does not have");
    Value U = axesOp("Unsqueeze", T, {D + 1}, 1, C);
    std::vector<int64_t> Reps(size_t(T.Rank + 1), 1), Scale(size_t(T.Rank), 1);
    Reps[size_t(D + 1)] = *R;
    Scale[size_t(D)] = *R;
    Value E = out(node("Expand", {U.TensorId, constInts({T.Rank + 1}, Reps)}, 1, C), 0, T.Rank + 1);
    Value S = out(node("Shape", {T.TensorId}, 1, C), 0, 1, DType::I64);
    Value M = out(node("Mul", {S.TensorId, constInts({T.Rank}, Scale)}, 1, C), 0, 1, DType::I64);
    return out(node("Reshape", {E.TensorId, M.TensorId}, 1, C), 0, T.Rank);
  }
  if (Name == "cumsum") {
    std::optional<int64_t> Dim = arg(A, 1).asInt();
    Value T = asTensor(X, C);
    if (!Dim)
      return unknownOp(Name, A, C, "has a dim that is not known");
    return out(node("CumSum", {T.TensorId, constInts({}, {axisOf(*Dim, T.Rank)})}, 1, C), 0,
               T.Rank);
  }
  if (Name == "zeros" || Name == "ones" || Name == "empty" || Name == "randn" || Name == "rand" ||
      Name == "full") {
    int S = shapeInput(X, C);
    if (S < 0)
      return unknownOp(Name, {}, C, "has a size that is not known");
    // Made here, and dropped when nothing reads it (initial states).
    unsigned N = node("ConstantOfShape", {S}, 1, C, true);
    return out(N, 0, X.K == Value::Kind::List ? int(X.Elems.size()) : -1);
  }
  if (Name == "zeros_like" || Name == "ones_like" || Name == "empty_like" || Name == "randn_like" ||
      Name == "rand_like" || Name == "full_like") {
    // As PyTorch exports it: ConstantOfShape(Shape(x)), with x's type.
    Value T = asTensor(X, C);
    if (T.K != Value::Kind::Tensor)
      return T;
    Value S = out(node("Shape", {T.TensorId}, 1, C, true), 0, 1, DType::I64);
    unsigned N = node("ConstantOfShape", {S.TensorId}, 1, C, true);
    return out(N, 0, T.Rank, G.value(T.TensorId).Type);
  }
  return std::nullopt;
}

} // namespace cxx
} // namespace wattlint
