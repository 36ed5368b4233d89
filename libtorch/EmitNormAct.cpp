//===- libtorch/EmitNormAct.cpp - activations, norms, resampling, padding -===//
//
// The layers of Layers.def beyond convolutions, linear layers and recurrent
// ones, each as torch 1.13's export writes it at opset 17: activations
// (SiLU as Sigmoid and Mul, Mish as Softplus, Tanh and Mul, Hardtanh as
// Clip, ...), GroupNorm (a Reshape to [N, G, -1], InstanceNormalization,
// the shape back and the affine Mul and Add), InstanceNorm, Upsample and
// interpolate() (Resize), PixelShuffle (DepthToSpace), padding layers (Pad)
// and AdaptiveMaxPool to one element (GlobalMaxPool).
//
//===----------------------------------------------------------------------===//
#include "libtorch/Emit.h"
#include "libtorch/LayerFields.h"

#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace wattlint {
namespace cxx {

Value GraphBuilder::activation(StringRef Kind, const Value &X, double A, double B,
                               const CallSite &C) {
  Value T = asTensor(X, C);
  auto One = [&](StringRef Op, std::vector<int> Ins) {
    return out(node(Op, Ins, 1, C), 0, T.Rank);
  };
  if (Kind == "SiLU") {
    Value S = One("Sigmoid", {T.TensorId});
    return One("Mul", {T.TensorId, S.TensorId});
  }
  if (Kind == "Mish") {
    Value S = One("Softplus", {T.TensorId});
    Value H = One("Tanh", {S.TensorId});
    return One("Mul", {T.TensorId, H.TensorId});
  }
  if (Kind == "ELU") {
    unsigned N = node("Elu", {T.TensorId}, 1, C);
    setFloat(N, "alpha", A);
    return out(N, 0, T.Rank);
  }
  if (Kind == "SELU")
    return One("Selu", {T.TensorId});
  if (Kind == "Hardswish")
    return One("HardSwish", {T.TensorId});
  if (Kind == "Hardsigmoid") {
    unsigned N = node("HardSigmoid", {T.TensorId}, 1, C);
    setFloat(N, "alpha", 1.0 / 6);
    return out(N, 0, T.Rank);
  }
  if (Kind == "Softplus") {
    // beta != 1: softplus(beta x) / beta, as the exporter writes it.
    if (A == 1)
      return One("Softplus", {T.TensorId});
    Value M = One("Mul", {T.TensorId, constFloat(A)});
    Value S = One("Softplus", {M.TensorId});
    return One("Div", {S.TensorId, constFloat(A)});
  }
  if (Kind == "Hardtanh")
    return One("Clip", {T.TensorId, constFloat(A), constFloat(B)});
  return unknownOp("torch::nn::" + Kind.str(), {X}, C, "is an activation wattlint does not map");
}

Value GraphBuilder::emitActivation(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  if (L.Kind == "LeakyReLU") {
    unsigned N = node("LeakyRelu", {asTensor(X, C).TensorId}, 1, C);
    setFloat(N, "alpha", F.real("negative_slope", 0.01));
    return out(N, 0, X.Rank);
  }
  if (L.Kind == "ReLU6") {
    Value T = asTensor(X, C);
    unsigned N = node("Clip", {T.TensorId, constFloat(0), constFloat(6)}, 1, C);
    return out(N, 0, T.Rank);
  }
  if (L.Kind == "ELU")
    return activation("ELU", X, F.real("alpha", 1), 0, C);
  if (L.Kind == "Softplus") {
    double Beta = F.real("beta", 1);
    if (!F.Ok || Beta <= 0)
      return unknownOp("torch::nn::Softplus", {X}, C,
                       "has a beta that is not known or not positive");
    return activation("Softplus", X, Beta, 0, C);
  }
  if (L.Kind == "Hardtanh")
    return activation("Hardtanh", X, F.real("min_val", -1), F.real("max_val", 1), C);
  if (L.Kind == "SiLU" || L.Kind == "Mish" || L.Kind == "SELU")
    return activation(L.Kind, X, 0, 0, C);
  const char *Op = L.Kind == "ReLU"      ? "Relu"
                   : L.Kind == "GELU"    ? "Gelu"
                   : L.Kind == "Sigmoid" ? "Sigmoid"
                                         : "Tanh";
  return unary(Op, X, C);
}

Value GraphBuilder::emitPReLU(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  std::optional<int64_t> Num = F.integer("num_parameters", 1);
  F.positive({Num});
  Value T = asTensor(X, C);
  // One slope per channel, shaped [C, 1, ...] to broadcast over the
  // spatial dims as the exporter folds it; one slope is [1].
  if (F.Ok && *Num > 1 && T.Rank < 0)
    return unknownOp("torch::nn::PReLU", {X}, C,
                     "has a slope per channel and an input whose rank is not known");
  std::optional<Dims> S;
  if (F.Ok) {
    S = Dims{*Num};
    if (*Num > 1 && T.Rank > 2)
      S->resize(size_t(T.Rank - 1), 1);
  }
  return out(node("PRelu", {T.TensorId, weight(Prefix + ".weight", S)}, 1, C), 0, T.Rank);
}

Value GraphBuilder::emitGroupNorm(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  std::optional<int64_t> Groups = F.integer("num_groups"), Ch = F.integer("num_channels");
  double Eps = F.real("eps", 1e-5);
  bool Affine = F.flag("affine", true);
  F.positive({Groups, Ch});
  if (F.Ok && *Ch % *Groups) {
    Problems.push_back({L.Loc, F.name() + ": " + std::to_string(*Ch) +
                                   " channels are not divisible into " + std::to_string(*Groups) +
                                   " groups"});
    F.Ok = false;
  }
  if (!F.Ok)
    return unknownOp("torch::nn::GroupNorm", {X}, C,
                     "has groups or channels that are not known, or channels the groups do not "
                     "divide");
  if (*Groups > MaxConstantElems)
    return unknownOp("torch::nn::GroupNorm", {X}, C, "has more groups than wattlint maps");
  Value T = asTensor(X, C);
  // The affine weight broadcasts over [C, 1, ...]: the rank must be known.
  if (T.Rank < 2)
    return unknownOp("torch::nn::GroupNorm", {X}, C, "has an input whose rank is not known");
  // [N, C, ...] -> [N, G, -1], normalized per group, back to x's shape.
  Value R = out(node("Reshape", {T.TensorId, constInts({3}, {0, *Groups, -1})}, 1, C), 0, 3);
  unsigned IN = node("InstanceNormalization",
                     {R.TensorId, constFloats(std::vector<double>(size_t(*Groups), 1.0)),
                      constFloats(std::vector<double>(size_t(*Groups), 0.0))},
                     1, C);
  setFloat(IN, "epsilon", Eps);
  Value Norm = out(IN, 0, 3);
  Value S = out(node("Shape", {T.TensorId}, 1, C), 0, 1, DType::I64);
  Value Y = out(node("Reshape", {Norm.TensorId, S.TensorId}, 1, C), 0, T.Rank);
  // The affine weight and bias, [C] unsqueezed to [C, 1, ...] (folded);
  // without affine the exporter still multiplies by 1 and adds 0.
  Dims WS{*Ch};
  WS.resize(size_t(T.Rank - 1), 1);
  int Scale = Affine ? weight(Prefix + ".weight", WS) : constFloat(1.0);
  int Shift = Affine ? weight(Prefix + ".bias", WS) : constFloat(0.0);
  Y = out(node("Mul", {Y.TensorId, Scale}, 1, C), 0, T.Rank);
  return out(node("Add", {Y.TensorId, Shift}, 1, C), 0, T.Rank);
}

Value GraphBuilder::emitInstanceNorm(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  std::optional<int64_t> Ch = F.integer("num_features");
  double Eps = F.real("eps", 1e-5);
  bool Affine = F.flag("affine", false), Stats = F.flag("track_running_stats", false);
  F.positive({Ch});
  if (!F.Ok)
    return unknownOp("torch::nn::" + L.Kind, {X}, C, "has a number of features that is not known");
  if (Stats)
    return unknownOp("torch::nn::" + L.Kind, {X}, C,
                     "tracks running statistics, which wattlint does not map");
  if (!Affine && *Ch > MaxConstantElems)
    return unknownOp("torch::nn::" + L.Kind, {X}, C, "has more features than wattlint maps");
  Value T = asTensor(X, C);
  // Without affine, ones and zeros as constants (no parameters).
  int Scale = Affine ? weight(Prefix + ".weight", Dims{*Ch})
                     : constFloats(std::vector<double>(size_t(*Ch), 1.0));
  int Bias = Affine ? weight(Prefix + ".bias", Dims{*Ch})
                    : constFloats(std::vector<double>(size_t(*Ch), 0.0));
  unsigned N = node("InstanceNormalization", {T.TensorId, Scale, Bias}, 1, C);
  setFloat(N, "epsilon", Eps);
  return out(N, 0, T.Rank);
}

Value GraphBuilder::resize(const Value &X, const std::optional<std::vector<int64_t>> &Sizes,
                           const std::optional<std::vector<double>> &Scales, StringRef Mode,
                           bool AlignCorners, const CallSite &C) {
  Value T = asTensor(X, C);
  const char *OnnxMode = StringSwitch<const char *>(Mode)
                             .Case("kNearest", "nearest")
                             .Cases("kLinear", "kBilinear", "kTrilinear", "linear")
                             .Case("kBicubic", "cubic")
                             .Default(nullptr);
  if (!OnnxMode)
    return unknownOp("interpolate", {X}, C, "has a mode that is not known (" + Mode.str() + ")");
  if (T.Rank < 3 || (Sizes && Sizes->size() != 1 && int(Sizes->size()) != T.Rank - 2) ||
      (Scales && Scales->size() != 1 && int(Scales->size()) != T.Rank - 2) ||
      bool(Sizes) == bool(Scales))
    return unknownOp("interpolate", {X}, C,
                     "needs a known input rank and exactly one of size and scale_factor, one "
                     "per spatial dim");
  size_t Spatial = size_t(T.Rank - 2);
  unsigned N;
  if (Scales) {
    std::vector<double> S = {1, 1};
    for (size_t K = 0; K < Spatial; ++K)
      S.push_back(Scales->size() == 1 ? (*Scales)[0] : (*Scales)[K]);
    N = node("Resize", {T.TensorId, -1, constFloats(S)}, 1, C);
  } else {
    // The batch and channels from x's shape, then the sizes, as exported.
    std::vector<int64_t> Sz;
    for (size_t K = 0; K < Spatial; ++K)
      Sz.push_back(Sizes->size() == 1 ? (*Sizes)[0] : (*Sizes)[K]);
    Value Sh = out(node("Shape", {T.TensorId}, 1, C), 0, 1, DType::I64);
    Value NC = out(
        node("Slice", {Sh.TensorId, constInts({1}, {0}), constInts({1}, {2}), constInts({1}, {0})},
             1, C),
        0, 1, DType::I64);
    unsigned Cat = node("Concat", {NC.TensorId, constInts({int64_t(Spatial)}, Sz)}, 1, C);
    setInt(Cat, "axis", 0);
    Value All = out(Cat, 0, 1, DType::I64);
    N = node("Resize", {T.TensorId, -1, -1, All.TensorId}, 1, C);
  }
  bool Nearest = Mode == "kNearest";
  setString(N, "coordinate_transformation_mode",
            Nearest        ? "asymmetric"
            : AlignCorners ? "align_corners"
                           : "half_pixel");
  setFloat(N, "cubic_coeff_a", -0.75);
  setString(N, "mode", OnnxMode);
  setString(N, "nearest_mode", "floor");
  return out(N, 0, T.Rank);
}

Value GraphBuilder::emitUpsample(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  auto Get = [&](StringRef Name) -> const Value * {
    const Value *V = L.Opts ? L.Opts->get(Name) : nullptr;
    return V && V->K != Value::Kind::None ? V : nullptr;
  };
  const Value *Size = Get("size"), *Scale = Get("scale_factor"), *Mode = Get("mode");
  std::optional<std::vector<int64_t>> Sizes;
  std::optional<std::vector<double>> Scales;
  if (Size && !(Sizes = Size->asInts()))
    return unknownOp("torch::nn::" + L.Kind, {X}, C, "has a size that is not known");
  if (Scale) {
    Scales.emplace();
    if (std::optional<double> D = Scale->asDouble())
      Scales->push_back(*D);
    else if (Scale->K == Value::Kind::List)
      for (const Value &E : Scale->Elems) {
        std::optional<double> D = E.asDouble();
        if (!D)
          return unknownOp("torch::nn::" + L.Kind, {X}, C, "has a scale that is not known");
        Scales->push_back(*D);
      }
    else
      return unknownOp("torch::nn::" + L.Kind, {X}, C, "has a scale that is not known");
  }
  std::string M = "kNearest";
  if (Mode) {
    if (Mode->K != Value::Kind::String)
      return unknownOp("torch::nn::" + L.Kind, {X}, C, "has a mode that is not known");
    M = Mode->Text;
  }
  const Value *AC = Get("align_corners");
  bool Align = AC && AC->asBool().value_or(false);
  return resize(X, Sizes, Scales, M, Align, C);
}

Value GraphBuilder::emitPixelShuffle(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  std::optional<int64_t> R = F.integer("upscale_factor");
  F.positive({R});
  Value T = asTensor(X, C);
  if (!F.Ok || (T.Rank != 4 && T.Rank >= 0))
    return unknownOp("torch::nn::PixelShuffle", {X}, C,
                     "needs a known upscale factor and a 4-D input");
  unsigned N = node("DepthToSpace", {T.TensorId}, 1, C);
  setInt(N, "blocksize", *R);
  setString(N, "mode", "CRD");
  return out(N, 0, 4);
}

Value GraphBuilder::emitAdaptiveMaxPool(const Object &L, const Value &X, unsigned D,
                                        const CallSite &C) {
  const Value *V = L.Opts ? L.Opts->get("output_size") : nullptr;
  return adaptivePool(true, X, V ? *V : Value::none(), D, C);
}

Value GraphBuilder::pad(const Value &X, const std::vector<int64_t> &Pads, StringRef Mode,
                        double Fill, const CallSite &C) {
  Value T = asTensor(X, C);
  const char *OnnxMode = StringSwitch<const char *>(Mode)
                             .Cases("constant", "kConstant", "constant")
                             .Cases("reflect", "kReflect", "reflect")
                             .Cases("replicate", "kReplicate", "edge")
                             .Default(nullptr);
  if (!OnnxMode || Pads.size() % 2 || T.Rank < 0 || int(Pads.size() / 2) > T.Rank)
    return unknownOp("pad", {X}, C,
                     "has a mode, padding or input rank wattlint does not map (" + Mode.str() +
                         ")");
  // PyTorch pads the last dim first (left, right, then the one before);
  // ONNX lists every axis's begin, then every axis's end.
  std::vector<int64_t> P(size_t(2 * T.Rank), 0);
  for (size_t K = 0; K < Pads.size() / 2; ++K) {
    size_t Axis = size_t(T.Rank) - 1 - K;
    P[Axis] = Pads[2 * K];
    P[Axis + size_t(T.Rank)] = Pads[2 * K + 1];
  }
  std::vector<int> Ins = {T.TensorId, constInts({int64_t(P.size())}, P)};
  if (StringRef(OnnxMode) == "constant") {
    unsigned K = node("Constant", {}, 1, CallSite(), true);
    setFloat(K, "value_float", Fill);
    Ins.push_back(at(K).Outputs[0]);
  }
  unsigned N = node("Pad", Ins, 1, C);
  setString(N, "mode", OnnxMode);
  return out(N, 0, T.Rank);
}

Value GraphBuilder::emitPad(const Object &L, const Value &X, unsigned D, const CallSite &C) {
  Fields F(L, Problems);
  std::optional<std::vector<int64_t>> P = F.spatial("padding", 2 * D, std::nullopt);
  double Fill = StringRef(L.Kind).starts_with("ZeroPad") ? 0.0 : F.real("value", 0.0);
  if (!F.Ok || !P)
    return unknownOp("torch::nn::" + L.Kind, {X}, C, "has a padding that is not known");
  StringRef Mode = StringRef(L.Kind).starts_with("Reflection")    ? "reflect"
                   : StringRef(L.Kind).starts_with("Replication") ? "replicate"
                                                                  : "constant";
  return pad(X, *P, Mode, Fill, C);
}

Value GraphBuilder::emitUnflatten(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  std::optional<int64_t> Dim = F.integer("dim");
  const Value *S = L.Opts ? L.Opts->get("sizes") : nullptr;
  std::optional<std::vector<int64_t>> Sizes = S ? S->asInts() : std::nullopt;
  Value T = asTensor(X, C);
  if (!F.Ok || !Sizes || Sizes->empty() || T.Rank < 1)
    return unknownOp("torch::nn::Unflatten", {X}, C, "has a dim or sizes that are not known");
  int64_t Axis = *Dim < 0 ? *Dim + T.Rank : *Dim;
  if (Axis < 0 || Axis >= T.Rank)
    return unknownOp("torch::nn::Unflatten", {X}, C, "unflattens a dim the input does not have");
  // The dims before it as they are (0 copies the dim at its index), then
  // Sizes; Reshape checks that they hold the dim's elements. A dim after
  // it would move to another index, which Reshape's 0 cannot follow.
  if (Axis + 1 < T.Rank || is_contained(*Sizes, 0) ||
      count_if(*Sizes, [](int64_t S) { return S < 0; }) > 1 ||
      any_of(*Sizes, [](int64_t S) { return S < -1; }))
    return unknownOp("torch::nn::Unflatten", {X}, C,
                     "unflattens a dim other than the last, or into sizes that are not valid");
  std::vector<int64_t> Shape(size_t(Axis), 0);
  Shape.insert(Shape.end(), Sizes->begin(), Sizes->end());
  int Rank = int(Shape.size());
  return out(node("Reshape", {T.TensorId, constInts({Rank}, Shape)}, 1, C), 0, Rank);
}

} // namespace cxx
} // namespace wattlint
