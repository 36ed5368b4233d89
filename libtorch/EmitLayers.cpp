//===- libtorch/EmitLayers.cpp - built-in layers as the exporter writes them -===//
//
// One emitter per row family of Layers.def. Weights are initializers of the
// exported shapes (Conv W[out, in/groups, k...], LSTM W[D, 4H, I] per layer,
// ...) so that parameters count as PyTorch's parameters() does. A layer
// whose options are not all known still gets its node, with weights of
// unknown shape: unresolved, never costed as zero.
//
//===----------------------------------------------------------------------===//
#include "libtorch/Emit.h"
#include "libtorch/LayerFields.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <limits>

using namespace llvm;

namespace wattlint {
namespace cxx {

namespace {

struct LayerRow {
  const char *Kind;
  const char *Positional;
  GraphBuilder::Emitter Emit;
  unsigned Rank;
};

const LayerRow Layers[] = {
#define LAYER(Kind, Positional, Emitter, Rank) {Kind, Positional, &GraphBuilder::Emitter, Rank},
#include "libtorch/Layers.def"
};

const LayerRow *findLayer(StringRef Kind) {
  for (const LayerRow &R : Layers)
    if (Kind == R.Kind)
      return &R;
  return nullptr;
}

} // namespace

const char *layerPositional(StringRef Kind) {
  const LayerRow *R = findLayer(Kind);
  return R ? R->Positional : nullptr;
}

Value GraphBuilder::callLayer(const Object &L, ArrayRef<Value> Args, const CallSite &C) {
  const LayerRow *R = findLayer(L.Kind);
  if (!R || Args.empty())
    return unknownOp("torch::nn::" + L.Kind, Args, C,
                     R ? "is called without an input" : "is a layer wattlint does not map");
  CallSite LC;
  LC.At = L.Loc.valid() ? L.Loc : C.At;
  LC.Scope = L.PathSet && !L.Path.empty() ? L.Path : C.Scope;
  Prefix = L.PathSet && !L.Path.empty() ? L.Path : uniqueName(StringRef(L.Kind).lower());
  LayerArgs.assign(Args.begin() + 1, Args.end());
  Value Y = (this->*(R->Emit))(L, Args[0], R->Rank, LC);
  LayerArgs.clear();
  return Y;
}

Value GraphBuilder::layerWeight(const Object &L, StringRef Field, const CallSite &C) {
  if (!L.PathSet || L.Path.empty() || !findLayer(L.Kind))
    return Value::unknown("the " + Field.str() + " of a layer that is not registered", C.At);
  std::string Name = L.Path + "." + Field.str();
  if (G.find(Name) < 0) {
    bool WasSetup = Setup;
    Setup = true;
    size_t Said = Problems.size();
    Value X = Value::tensor(newValue(L.Path + ".unused_input", DType::F32), -1);
    callLayer(L, {X}, CallSite{L.Loc, L.Path});
    Problems.resize(Said);
    Setup = WasSetup;
  }
  int Id = G.find(Name);
  if (Id < 0)
    return Value::unknown(L.Kind + " has no " + Field.str(), C.At);
  const wattlint::Value &W = G.value(Id);
  Value V = Value::tensor(Id, W.Shape ? int(W.Shape->size()) : -1);
  // A Linear's weight is [out, in] to the program; one made for MatMul is
  // held [in, out].
  if (L.Kind == "Linear" && Field == "weight" && W.Shape && W.Shape->size() == 2) {
    std::vector<Problem> Quiet;
    Fields F(L, Quiet);
    std::optional<int64_t> In = F.integer("in_features"), Out = F.integer("out_features");
    if (In && Out && *In != *Out && *W.Shape == Dims{*In, *Out})
      return transpose(V, {1, 0}, C);
  }
  return V;
}

void GraphBuilder::addUncalledLayers(const Object &O) {
  // Registered tensors forward() never reads, then registered layers it
  // never calls: their weights as initializers no node reads, with the
  // shapes their emitter gives them (on a placeholder input; the nodes
  // made are dropped): the model holds them as PyTorch's parameters()
  // does, and graph-unused-initializer names them at the line that made
  // them. The profile counts the weights nodes read.
  auto Place = [&](size_t From, const SrcLoc &At) {
    for (size_t K = From; K < G.Values.size(); ++K)
      if (G.Values[K].IsInitializer && At.valid()) {
        M.InitializerPlaces[G.Values[K].Name] = At.str();
        if (!At.Allow.empty())
          M.AllowAt[At.str()] = At.Allow;
      }
  };
  for (const Value &P : O.Params) {
    size_t From = G.Values.size();
    parameter(P);
    Place(From, P.Loc);
  }
  for (const auto &[Name, V] : O.Children) {
    if (V.K != Value::Kind::Object)
      continue;
    const Object &C = *V.Obj;
    if (!C.isLayer() || !findLayer(C.Kind)) {
      addUncalledLayers(C);
      continue;
    }
    if (!C.PathSet || C.Path.empty())
      continue;
    std::string Under = C.Path + ".";
    if (any_of(G.Values, [&](const wattlint::Value &W) {
          return W.IsInitializer && StringRef(W.Name).starts_with(Under);
        }))
      continue;
    bool WasSetup = Setup;
    Setup = true;
    size_t From = G.Values.size();
    Value X = Value::tensor(newValue(Under + "unused_input", DType::F32), -1);
    // A layer without weights (Upsample, a padding) also lands here; what
    // its emitter cannot tell of the placeholder is no problem of the model.
    size_t Said = Problems.size();
    callLayer(C, {X}, CallSite{C.Loc, C.Path});
    Problems.resize(Said);
    Place(From, C.Loc);
    Setup = WasSetup;
  }
}

Value GraphBuilder::emitConv(const Object &L, const Value &X, unsigned D, const CallSite &C) {
  Fields F(L, Problems);
  // LibTorch 1.4's Conv2d(...).transposed(true) is a ConvTranspose2d.
  if (F.flag("transposed", false))
    return emitConvTranspose(L, X, D, C);
  std::optional<int64_t> In = F.integer("in_channels"), Out = F.integer("out_channels"),
                         Groups = F.integer("groups", 1);
  auto K = F.spatial("kernel_size", D, std::nullopt), S = F.spatial("stride", D, 1),
       Dil = F.spatial("dilation", D, 1);
  bool Bias = F.flag("bias", true);
  F.positive({In, Out, Groups});
  std::vector<int64_t> Pads(2 * D, 0);
  const Value *P = L.Opts ? L.Opts->get("padding") : nullptr;
  if (P && P->K == Value::Kind::String && P->Text == "kSame" && K && Dil) {
    for (unsigned I = 0; I < D; ++I) {
      int64_t Total = (*Dil)[I] * ((*K)[I] - 1);
      Pads[I] = Total / 2;
      Pads[I + D] = Total - Total / 2;
    }
  } else if (P && !(P->K == Value::Kind::String && P->Text == "kValid")) {
    if (auto Ps = F.spatial("padding", D, 0))
      Pads = twice(*Ps);
  }
  if (F.Ok && (*In % *Groups || *Out % *Groups)) {
    Problems.push_back({L.Loc, F.name() + ": channels are not divisible by the groups"});
    F.Ok = false;
  }
  std::optional<Dims> WShape;
  if (F.Ok) {
    WShape = Dims{*Out, *In / *Groups};
    WShape->insert(WShape->end(), K->begin(), K->end());
  }
  std::vector<int> Ins = {asTensor(X, C).TensorId, weight(Prefix + ".weight", WShape)};
  if (Bias)
    Ins.push_back(weight(Prefix + ".bias", F.Ok ? std::optional<Dims>(Dims{*Out}) : std::nullopt));
  unsigned N = node("Conv", Ins, 1, C);
  if (F.Ok) {
    setInts(N, "dilations", *Dil);
    setInt(N, "group", *Groups);
    setInts(N, "kernel_shape", *K);
    setInts(N, "pads", Pads);
    setInts(N, "strides", *S);
  }
  return out(N, 0, X.Rank);
}

Value GraphBuilder::emitConvTranspose(const Object &L, const Value &X, unsigned D,
                                      const CallSite &C) {
  Fields F(L, Problems);
  std::optional<int64_t> In = F.integer("in_channels"), Out = F.integer("out_channels"),
                         Groups = F.integer("groups", 1);
  auto K = F.spatial("kernel_size", D, std::nullopt), S = F.spatial("stride", D, 1),
       P = F.spatial("padding", D, 0), OP = F.spatial("output_padding", D, 0),
       Dil = F.spatial("dilation", D, 1);
  bool Bias = F.flag("bias", true);
  F.positive({In, Out, Groups});
  if (F.Ok && (*In % *Groups || *Out % *Groups)) {
    Problems.push_back({L.Loc, F.name() + ": channels are not divisible by the groups"});
    F.Ok = false;
  }
  std::optional<Dims> WShape;
  if (F.Ok) {
    WShape = Dims{*In, *Out / *Groups};
    WShape->insert(WShape->end(), K->begin(), K->end());
  }
  std::vector<int> Ins = {asTensor(X, C).TensorId, weight(Prefix + ".weight", WShape)};
  if (Bias)
    Ins.push_back(weight(Prefix + ".bias", F.Ok ? std::optional<Dims>(Dims{*Out}) : std::nullopt));
  unsigned N = node("ConvTranspose", Ins, 1, C);
  if (F.Ok) {
    setInts(N, "dilations", *Dil);
    setInt(N, "group", *Groups);
    setInts(N, "kernel_shape", *K);
    if (any_of(*OP, [](int64_t V) { return V != 0; }))
      setInts(N, "output_padding", *OP);
    setInts(N, "pads", twice(*P));
    setInts(N, "strides", *S);
  }
  return out(N, 0, X.Rank);
}

Value GraphBuilder::emitLinear(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  std::optional<int64_t> In = F.integer("in_features"), Out = F.integer("out_features");
  bool Bias = F.flag("bias", true);
  F.positive({In, Out});
  Value T = asTensor(X, C);
  std::optional<Dims> B = F.Ok ? std::optional<Dims>(Dims{*Out}) : std::nullopt;
  // One initializer, made by the first call: [out, in] as PyTorch keeps it
  // (Gemm, 2-D input), or [in, out] as the exporter writes it for MatMul.
  // A later call of the other rank reads it in the layout it has.
  int Have = G.find(Prefix + ".weight");
  bool Square = F.Ok && *In == *Out;
  bool MadeForMatMul = Have >= 0 && F.Ok && !Square && G.value(Have).Shape &&
                       *G.value(Have).Shape == Dims{*In, *Out};
  if (T.Rank == 2) {
    // As the exporter: Gemm with the weight transposed on 2-D input.
    std::vector<int> Ins = {
        T.TensorId,
        weight(Prefix + ".weight", F.Ok ? std::optional<Dims>(Dims{*Out, *In}) : std::nullopt)};
    if (Bias)
      Ins.push_back(weight(Prefix + ".bias", B));
    unsigned N = node("Gemm", Ins, 1, C);
    setFloat(N, "alpha", 1.0);
    setFloat(N, "beta", 1.0);
    setInt(N, "transB", MadeForMatMul ? 0 : 1);
    return out(N, 0, 2);
  }
  // Any other rank: MatMul on the transposed weight, then Add.
  bool MadeForGemm = Have >= 0 && F.Ok && !Square && !MadeForMatMul;
  int W = weight(Prefix + ".weight", F.Ok ? std::optional<Dims>(Dims{*In, *Out}) : std::nullopt);
  if (MadeForGemm)
    W = transpose(Value::tensor(W, 2), {1, 0}, C).TensorId;
  Value Y = out(node("MatMul", {T.TensorId, W}, 1, C), 0, T.Rank);
  if (!Bias)
    return Y;
  return out(node("Add", {weight(Prefix + ".bias", B), Y.TensorId}, 1, C), 0, T.Rank);
}

Value GraphBuilder::emitBatchNorm(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  std::optional<int64_t> Ch = F.integer("num_features");
  double Eps = F.real("eps", 1e-5), Momentum = F.real("momentum", 0.1);
  F.positive({Ch});
  std::optional<Dims> S = F.Ok ? std::optional<Dims>(Dims{*Ch}) : std::nullopt;
  // The running mean and variance are initializers of their own, as in
  // PyTorch's export; the profile counts them as buffers (inputs 3 and 4),
  // apart from the 2 x C parameters.
  int In = asTensor(X, C).TensorId, Scale = weight(Prefix + ".weight", S),
      Bias = weight(Prefix + ".bias", S), Mean = weight(Prefix + ".running_mean", S),
      Var = weight(Prefix + ".running_var", S);
  G.value(Mean).IsBuffer = G.value(Var).IsBuffer = true;
  unsigned N = node("BatchNormalization", {In, Scale, Bias, Mean, Var}, 1, C);
  setFloat(N, "epsilon", Eps);
  setFloat(N, "momentum", 1 - Momentum);
  return out(N, 0, X.Rank);
}

Value GraphBuilder::emitLayerNorm(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  const Value *V = L.Opts ? L.Opts->get("normalized_shape") : nullptr;
  std::optional<std::vector<int64_t>> Shape = V ? V->asInts() : std::nullopt;
  double Eps = F.real("eps", 1e-5);
  if (!Shape || Shape->empty()) {
    Problems.push_back({L.Loc, F.name() + ": normalized_shape is not known"});
    F.Ok = false;
  }
  std::optional<Dims> S = F.Ok ? std::optional<Dims>(*Shape) : std::nullopt;
  unsigned N = node(
      "LayerNormalization",
      {asTensor(X, C).TensorId, weight(Prefix + ".weight", S), weight(Prefix + ".bias", S)}, 1, C);
  setInt(N, "axis", F.Ok ? -int64_t(Shape->size()) : -1);
  setFloat(N, "epsilon", Eps);
  return out(N, 0, X.Rank);
}

Value GraphBuilder::emitIdentity(const Object &, const Value &X, unsigned, const CallSite &) {
  // Dropout in inference, and Identity: no node, as in the eval-mode export
  // (the profile has nothing to count for them, not even a copy).
  return X;
}

Value GraphBuilder::emitEmbedding(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  std::optional<int64_t> Num = F.integer("num_embeddings"), Dim = F.integer("embedding_dim");
  F.positive({Num, Dim});
  Value T = asTensor(X, C);
  // Token ids: an input read by an embedding is int64.
  if (G.value(T.TensorId).IsGraphInput)
    G.value(T.TensorId).Type = DType::I64;
  int W = weight(Prefix + ".weight", F.Ok ? std::optional<Dims>(Dims{*Num, *Dim}) : std::nullopt);
  unsigned N = node("Gather", {W, T.TensorId}, 1, C);
  setInt(N, "axis", 0);
  return out(N, 0, T.Rank < 0 ? -1 : T.Rank + 1);
}

Value GraphBuilder::emitMaxPool(const Object &L, const Value &X, unsigned D, const CallSite &C) {
  auto Field = [&](StringRef Name) {
    const Value *V = L.Opts ? L.Opts->get(Name) : nullptr;
    return V ? *V : Value::none();
  };
  Fields F(L, Problems);
  return pool("MaxPool", X, Field("kernel_size"), Field("stride"), Field("padding"),
              Field("dilation"), F.flag("ceil_mode", false), D, C);
}

Value GraphBuilder::emitAvgPool(const Object &L, const Value &X, unsigned D, const CallSite &C) {
  auto Field = [&](StringRef Name) {
    const Value *V = L.Opts ? L.Opts->get(Name) : nullptr;
    return V ? *V : Value::none();
  };
  Fields F(L, Problems);
  return pool("AveragePool", X, Field("kernel_size"), Field("stride"), Field("padding"),
              Value::none(), F.flag("ceil_mode", false), D, C);
}

Value GraphBuilder::emitAdaptiveAvgPool(const Object &L, const Value &X, unsigned D,
                                        const CallSite &C) {
  const Value *V = L.Opts ? L.Opts->get("output_size") : nullptr;
  return adaptivePool(false, X, V ? *V : Value::none(), D, C);
}

Value GraphBuilder::emitFlatten(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  std::optional<int64_t> Start = F.integer("start_dim", 1), End = F.integer("end_dim", -1);
  if (!F.Ok)
    return unknownOp("torch::nn::Flatten", {X}, C, "flattens dims that are not known");
  return flatten(X, *Start, *End, C);
}

Value GraphBuilder::emitSoftmax(const Object &L, const Value &X, unsigned, const CallSite &C) {
  Fields F(L, Problems);
  std::optional<int64_t> Dim = F.integer("dim");
  if (!Dim)
    return unknownOp("torch::nn::" + L.Kind, {X}, C, "has a dim that is not known");
  return callFunction(L.Kind == "Softmax" ? "softmax" : "log_softmax", {X, Value::integer(*Dim)},
                      C);
}

Value GraphBuilder::emitLSTM(const Object &L, const Value &X, unsigned, const CallSite &C) {
  return recurrent(L, X, C, "LSTM", 4);
}
Value GraphBuilder::emitGRU(const Object &L, const Value &X, unsigned, const CallSite &C) {
  return recurrent(L, X, C, "GRU", 3);
}
Value GraphBuilder::emitRNN(const Object &L, const Value &X, unsigned, const CallSite &C) {
  return recurrent(L, X, C, "RNN", 1);
}

Value GraphBuilder::emitLSTMCell(const Object &L, const Value &X, unsigned, const CallSite &C) {
  return cell(L, X, C, "LSTM", 4);
}
Value GraphBuilder::emitGRUCell(const Object &L, const Value &X, unsigned, const CallSite &C) {
  return cell(L, X, C, "GRU", 3);
}
Value GraphBuilder::emitRNNCell(const Object &L, const Value &X, unsigned, const CallSite &C) {
  return cell(L, X, C, "RNN", 1);
}

unsigned GraphBuilder::recurrentNode(StringRef Op, unsigned Gates, int64_t Dirs,
                                     std::optional<int64_t> In, std::optional<int64_t> H, bool Bias,
                                     int X, int H0, int C0, const std::string &Names,
                                     const CallSite &C) {
  std::optional<Dims> W, R, B;
  if (In && H) {
    W = Dims{Dirs, Gates * *H, *In};
    R = Dims{Dirs, Gates * *H, *H};
    B = Dims{Dirs, 2 * Gates * *H};
  }
  std::vector<int> Ins = {X, weight(Names + ".W", W), weight(Names + ".R", R)};
  Ins.push_back(Bias ? weight(Names + ".B", B) : -1);
  Ins.push_back(-1); // sequence_lens
  Ins.push_back(H0);
  if (Op == "LSTM")
    Ins.push_back(C0);
  while (Ins.back() < 0)
    Ins.pop_back();
  unsigned N = node(Op, Ins, Op == "LSTM" ? 3 : 2, C);
  if (H)
    setInt(N, "hidden_size", *H);
  if (Dirs == 2)
    setString(N, "direction", "bidirectional");
  if (Op == "GRU")
    setInt(N, "linear_before_reset", 1);
  return N;
}

Value GraphBuilder::cell(const Object &L, const Value &X, const CallSite &C, StringRef Op,
                         unsigned Gates) {
  Fields F(L, Problems);
  std::optional<int64_t> I = F.integer("input_size"), H = F.integer("hidden_size");
  bool Bias = F.flag("bias", true);
  F.positive({I, H});
  // PyTorch's export of a cell (lstm_cell): its layer's node over a sequence
  // of one step, the input and the state unsqueezed to [1, B, ...], the
  // state out squeezed back. Without a state LibTorch starts from zeros, as
  // the node does when none is given.
  Value In = axesOp("Unsqueeze", X, {0}, 1, C);
  int H0 = -1, C0 = -1;
  const Value *Given = LayerArgs.empty() ? nullptr : &LayerArgs[0];
  auto Step = [&](const Value &S) { return axesOp("Unsqueeze", S, {0}, 1, C).TensorId; };
  if (Given && Op == "LSTM" && Given->K == Value::Kind::Tuple && Given->Elems.size() == 2 &&
      Given->Elems[0].K == Value::Kind::Tensor && Given->Elems[1].K == Value::Kind::Tensor) {
    H0 = Step(Given->Elems[0]);
    C0 = Step(Given->Elems[1]);
  } else if (Given && Op != "LSTM" && Given->K == Value::Kind::Tensor) {
    H0 = Step(*Given);
  } else if (Given && Given->K != Value::Kind::None && !Given->isUnknown()) {
    Problems.push_back({C.At, F.name() + ": a state that is not a tensor (" + Given->str() +
                                  ") is taken for zeros"});
  }
  unsigned N = recurrentNode(Op, Gates, 1, F.Ok ? I : std::nullopt, F.Ok ? H : std::nullopt, Bias,
                             In.TensorId, H0, C0, Prefix, C);
  // The sequence output repeats the state: read only through the state.
  Value Hn = axesOp("Squeeze", out(N, 1, 3), {0}, -1, C);
  if (Op != "LSTM")
    return Hn;
  return Value::tuple({Hn, axesOp("Squeeze", out(N, 2, 3), {0}, -1, C)});
}

Value GraphBuilder::recurrent(const Object &L, const Value &X, const CallSite &C, StringRef Op,
                              unsigned Gates) {
  Fields F(L, Problems);
  std::optional<int64_t> I = F.integer("input_size"), H = F.integer("hidden_size"),
                         Layers = F.integer("num_layers", 1), Proj = F.integer("proj_size", 0);
  bool Bias = F.flag("bias", true), BatchFirst = F.flag("batch_first", false),
       Bidi = F.flag("bidirectional", false);
  F.positive({I, H, Layers});
  if (Proj && *Proj != 0) {
    Problems.push_back({L.Loc, F.name() + ": proj_size is not mapped"});
    F.Ok = false;
  }
  int64_t D = Bidi ? 2 : 1, NL = F.Ok ? *Layers : 1;
  if (NL > 64)
    return unknownOp("torch::nn::" + L.Kind, {X}, C, "has more layers than wattlint unrolls");
  // PyTorch's export: time-major inside, one node per layer, the output of
  // each layer reshaped to [T, B, D*H] for the next.
  Value Seq = asTensor(X, C);
  // An initial state passed (forward(x, std::make_tuple(h0, c0)) for an
  // LSTM, forward(x, h0) for GRU and RNN): each state [L*D, B, H] feeds the
  // layers, one slice of D rows per layer (none for a single layer), as the
  // export does. Without one LibTorch starts from zeros, made from the
  // batch of the input's shape as the export makes them.
  int Zeros = -1, CZeros = -1;
  const Value *Given = LayerArgs.empty() ? nullptr : &LayerArgs[0];
  if (Given && Op == "LSTM" && Given->K == Value::Kind::Tuple && Given->Elems.size() == 2 &&
      Given->Elems[0].K == Value::Kind::Tensor && Given->Elems[1].K == Value::Kind::Tensor) {
    Zeros = Given->Elems[0].TensorId;
    CZeros = Given->Elems[1].TensorId;
  } else if (Given && Op != "LSTM" && Given->K == Value::Kind::Tensor) {
    Zeros = Given->TensorId;
  } else if (Given && Given->K != Value::Kind::None && !Given->isUnknown()) {
    Problems.push_back({C.At, F.name() + ": an initial state that is not a tensor (" +
                                  Given->str() + ") is taken for zeros"});
  }
  if (Zeros < 0 && F.Ok) {
    Value Batch = sizeOf(Seq, BatchFirst ? 0 : 1, C);
    unsigned U = node("Unsqueeze", {Batch.TensorId, constInts({1}, {0})}, 1, C);
    unsigned Shape = node(
        "Concat",
        {constInts({1}, {NL * D}), out(U, 0, 1, DType::I64).TensorId, constInts({1}, {*H})}, 1, C);
    setInt(Shape, "axis", 0);
    unsigned Z = node("ConstantOfShape", {out(Shape, 0, 1, DType::I64).TensorId}, 1, C);
    Zeros = CZeros = out(Z, 0, 3).TensorId;
  }
  auto Initial = [&](int From, int64_t K) {
    if (From < 0 || NL == 1)
      return From;
    unsigned N = node(
        "Slice",
        {From, constInts({1}, {K * D}), constInts({1}, {(K + 1) * D}), constInts({1}, {0})}, 1, C);
    return out(N, 0, 3).TensorId;
  };
  if (BatchFirst)
    Seq = transpose(Seq, {1, 0, 2}, C);
  std::vector<int> Hs, Cs;
  for (int64_t K = 0; K < NL; ++K) {
    std::string P = Prefix + ".l" + std::to_string(K);
    std::optional<int64_t> In;
    if (F.Ok)
      In = K == 0 ? *I : D * *H;
    int H0 = Initial(Zeros, K), C0 = Op == "LSTM" ? Initial(CZeros, K) : -1;
    unsigned N =
        recurrentNode(Op, Gates, D, In, F.Ok ? H : std::nullopt, Bias, Seq.TensorId, H0, C0, P, C);
    Hs.push_back(at(N).Outputs[1]);
    if (Op == "LSTM")
      Cs.push_back(at(N).Outputs[2]);
    Value Y = out(N, 0, 4);
    size_t Plumbing = G.Nodes.size();
    if (D == 1) {
      Seq = axesOp("Squeeze", Y, {1}, -1, C);
    } else {
      Seq = transpose(Y, {0, 2, 1, 3}, C);
      unsigned RN = node("Reshape", {Seq.TensorId, constInts({3}, {0, 0, -1})}, 1, C);
      Seq = out(RN, 0, 3);
    }
    // Dropped when the sequence output is not read (only the states).
    for (size_t Q = Plumbing; Q < G.Nodes.size(); ++Q)
      Prunable[Q] = true;
  }
  if (BatchFirst) {
    Seq = transpose(Seq, {1, 0, 2}, C);
    Prunable.back() = true;
  }
  auto State = [&](const std::vector<int> &Parts) {
    if (Parts.size() == 1)
      return Value::tensor(Parts[0], 3);
    unsigned N = node("Concat", Parts, 1, C, true);
    setInt(N, "axis", 0);
    return out(N, 0, 3);
  };
  if (Op == "LSTM")
    return Value::tuple({Seq, Value::tuple({State(Hs), State(Cs)})});
  return Value::tuple({Seq, State(Hs)});
}

Value GraphBuilder::subLayer(StringRef Kind, const std::string &Path,
                             std::vector<std::pair<std::string, Value>> Opts, const Value &X,
                             const CallSite &C) {
  Object L;
  L.Kind = Kind.str();
  L.Opts = std::make_shared<OptionsData>();
  for (auto &[Name, V] : Opts)
    L.Opts->set(Name, std::move(V));
  L.Loc = C.At;
  L.Path = Path;
  L.PathSet = true;
  return callLayer(L, {X}, C);
}

namespace {

/// A mask argument: the tensor, or null for none (an undefined tensor,
/// LibTorch's default, is no mask).
const Value *maskArg(ArrayRef<Value> Rest, size_t I) {
  return I < Rest.size() && Rest[I].K == Value::Kind::Tensor ? &Rest[I] : nullptr;
}

} // namespace

Value GraphBuilder::attention(const std::string &Path, int64_t E, int64_t H, bool Bias,
                              const Value &Query, const Value &Key, const Value &Val,
                              const Value *Mask, const Value *Padding, Value *Weights,
                              const CallSite &At, int64_t KDim, int64_t VDim, bool BiasKV,
                              bool ZeroAttn) {
  CallSite C = At;
  C.Scope = Path;
  int64_t Hd = E / H;
  Value Q = asTensor(Query, C), K = asTensor(Key, C), V = asTensor(Val, C);
  // The input projection. Self-attention (one tensor for q, k and v) is one
  // MatMul on the packed weight and a Slice per part, as exported; over a
  // memory (key is value) below; else one projection per part, each E x E
  // of the packed weight.
  // Rows [From, To) of tensor T along Axis, as one Slice node.
  auto Cut = [&](int T, int64_t From, int64_t To, int64_t Axis, int Rank) {
    return out(node("Slice",
                    {T, constInts({1}, {From}), constInts({1}, {To}), constInts({1}, {Axis})}, 1,
                    C),
               0, Rank);
  };
  auto Project = [&](const Value &X, const std::string &W, const std::string &B, int64_t Out) {
    Value Y = out(node("MatMul", {X.TensorId, weight(W, Dims{E, Out})}, 1, C), 0, X.Rank);
    if (!Bias)
      return Y;
    return out(node("Add", {weight(B, Dims{Out}), Y.TensorId}, 1, C), 0, X.Rank);
  };
  if (KDim != E || VDim != E) {
    // Keys or values of another width (kdim, vdim): one weight per part,
    // q_proj_weight [E, E], k_proj_weight [E, kdim] and v_proj_weight
    // [E, vdim], each transposed for a MatMul, and the packed bias [3E]
    // sliced, as F::multi_head_attention_forward runs them then.
    int B = Bias ? weight(Path + ".in_proj_bias", Dims{3 * E}) : -1;
    auto Separate = [&](const Value &X, const char *Name, int64_t In, int64_t Part) {
      Value Wt = transpose(Value::tensor(weight(Path + "." + Name, Dims{E, In}), 2), {1, 0}, C);
      Value Y = out(node("MatMul", {X.TensorId, Wt.TensorId}, 1, C), 0, X.Rank);
      if (!Bias)
        return Y;
      Value Bt = Cut(B, Part * E, (Part + 1) * E, 0, 1);
      return out(node("Add", {Bt.TensorId, Y.TensorId}, 1, C), 0, X.Rank);
    };
    Q = Separate(Q, "q_proj_weight", E, 0);
    K = Separate(K, "k_proj_weight", KDim, 1);
    V = Separate(V, "v_proj_weight", VDim, 2);
  } else if (Q.TensorId == K.TensorId && K.TensorId == V.TensorId) {
    Value QKV = Project(Q, Path + ".in_proj_weight", Path + ".in_proj_bias", 3 * E);
    Value *Parts[] = {&Q, &K, &V};
    for (int64_t I = 0; I < 3; ++I)
      *Parts[I] = Cut(QKV.TensorId, I * E, (I + 1) * E, -1, QKV.Rank);
  } else if (K.TensorId == V.TensorId) {
    // Attention over a memory (key is value), as the export writes
    // _in_projection_packed: the packed weight [3E, E] sliced into its q
    // rows and its k and v rows, each transposed for a MatMul; k and v
    // from one product, sliced.
    int W = weight(Path + ".in_proj_weight", Dims{3 * E, E});
    int B = Bias ? weight(Path + ".in_proj_bias", Dims{3 * E}) : -1;
    Value Wq = Cut(W, 0, E, 0, 2), Wkv = Cut(W, E, 3 * E, 0, 2);
    Value Bq = Bias ? Cut(B, 0, E, 0, 1) : Value(), Bkv = Bias ? Cut(B, E, 3 * E, 0, 1) : Value();
    auto Linear = [&](const Value &X, const Value &Wt, const Value &Bt) {
      Value T = transpose(Wt, {1, 0}, C);
      Value Y = out(node("MatMul", {X.TensorId, T.TensorId}, 1, C), 0, X.Rank);
      if (!Bias)
        return Y;
      return out(node("Add", {Bt.TensorId, Y.TensorId}, 1, C), 0, X.Rank);
    };
    Q = Linear(Q, Wq, Bq);
    Value KV = Linear(K, Wkv, Bkv);
    K = Cut(KV.TensorId, 0, E, -1, KV.Rank);
    V = Cut(KV.TensorId, E, 2 * E, -1, KV.Rank);
  } else {
    Q = Project(Q, Path + ".in_proj_weight.q", Path + ".in_proj_bias.q", E);
    K = Project(K, Path + ".in_proj_weight.k", Path + ".in_proj_bias.k", E);
    V = Project(V, Path + ".in_proj_weight.v", Path + ".in_proj_bias.v", E);
  }
  // A 2-D mask [T, S] applies to every batch and head: unsqueezed to
  // [1, T, S] first, as F.multi_head_attention_forward does.
  Value M, KeyPad;
  if (Mask) {
    M = asTensor(*Mask, C);
    if (M.Rank == 2)
      M = axesOp("Unsqueeze", M, {0}, 1, C);
  }
  if (Padding)
    KeyPad = asTensor(*Padding, C);
  // Each key added below (bias_k, a zero key) widens the masks by a column
  // of zeros: F.pad(mask, (0, 1)).
  auto OneMoreKey = [&] {
    if (Mask)
      M = pad(M, {0, 1}, "constant", 0, C);
    if (Padding)
      KeyPad = pad(KeyPad, {0, 1}, "constant", 0, C);
  };
  if (BiasKV) {
    // add_bias_kv: a learned key and value [1, 1, E] (bias_k, bias_v),
    // repeated over the batch and appended to the keys and values.
    Value Batch = sizeOf(K, 1, C);
    auto Append = [&](const Value &X, const char *Name) {
      int W = weight(Path + "." + Name, Dims{1, 1, E});
      int Shape = shapeInput(Value::list({Value::integer(1), Batch, Value::integer(E)}), C);
      Value Rep = out(node("Expand", {W, Shape}, 1, C), 0, 3);
      return concat(Value::list({X, Rep}), 0, false, C);
    };
    K = Append(K, "bias_k");
    V = Append(V, "bias_v");
    OneMoreKey();
  }
  // Heads into the batch: [T, B, E] -> [T, B*H, hd] -> [B*H, T, hd]; k
  // straight to [B*H, hd, S] for q k^T.
  auto Heads = [&](const Value &X) {
    return out(node("Reshape", {X.TensorId, constInts({3}, {0, -1, Hd})}, 1, C), 0, 3);
  };
  Value Qh = transpose(Heads(Q), {1, 0, 2}, C);
  Value Kh = Heads(K);
  Value Vh = Heads(V);
  if (ZeroAttn) {
    // add_zero_attn: one more key and value of zeros per batch and head.
    auto Zero = [&](const Value &X) {
      int Shape =
          shapeInput(Value::list({Value::integer(1), sizeOf(X, 1, C), Value::integer(Hd)}), C);
      Value Z = out(node("ConstantOfShape", {Shape}, 1, C), 0, 3);
      return concat(Value::list({X, Z}), 0, false, C);
    };
    Kh = Zero(Kh);
    Vh = Zero(Vh);
    OneMoreKey();
  }
  Vh = transpose(Vh, {1, 0, 2}, C);
  Qh = out(node("Div", {Qh.TensorId, constFloat(std::sqrt(double(Hd)))}, 1, C), 0, 3);
  Kh = transpose(Kh, {1, 2, 0}, C);
  Value S = out(node("MatMul", {Qh.TensorId, Kh.TensorId}, 1, C), 0, 3);
  if (Mask)
    S = out(node("Add", {M.TensorId, S.TensorId}, 1, C), 0, 3);
  if (Padding) {
    // LibTorch masks the scores of padded keys: viewed as [B, H, T, S],
    // masked_fill'ed where the [B, S] mask, unsqueezed to [B, 1, 1, S], is
    // set (to -inf there; any fill costs the same), viewed back.
    Value S4 = reshape(
        S, Value::list({sizeOf(Q, 1, C), Value::integer(H), sizeOf(Q, 0, C), sizeOf(Kh, 2, C)}), C);
    Value Pad = axesOp("Unsqueeze", KeyPad, {1, 2}, 2, C);
    S4 =
        out(node("Where",
                 {Pad.TensorId, constFloat(-std::numeric_limits<float>::max()), S4.TensorId}, 1, C),
            0, 4);
    S = reshape(S4, Value::list({Value::integer(-1), sizeOf(Q, 0, C), sizeOf(Kh, 2, C)}), C);
  }
  unsigned SoftN = node("Softmax", {S.TensorId}, 1, C);
  setInt(SoftN, "axis", -1);
  Value P = out(SoftN, 0, 3);
  Value Y = out(node("MatMul", {P.TensorId, Vh.TensorId}, 1, C), 0, 3);
  // Heads back, the output projection on [T*B, E], the shape back.
  Y = transpose(Y, {1, 0, 2}, C);
  Y = out(node("Reshape", {Y.TensorId, constInts({2}, {-1, E})}, 1, C), 0, 2);
  std::vector<int> GemmIn = {Y.TensorId, weight(Path + ".out_proj.weight", Dims{E, E})};
  if (Bias)
    GemmIn.push_back(weight(Path + ".out_proj.bias", Dims{E}));
  unsigned Gemm = node("Gemm", GemmIn, 1, C);
  setFloat(Gemm, "alpha", 1.0);
  setFloat(Gemm, "beta", 1.0);
  setInt(Gemm, "transB", 1);
  Y = reshape(out(Gemm, 0, 2), Value::list({sizeOf(Q, 0, C), sizeOf(Q, 1, C), Value::integer(E)}), C);
  if (Weights) {
    // The weights averaged over the heads, [B, T, S]: dropped when not read.
    size_t First = G.Nodes.size();
    Value W = reshape(
        P, Value::list({Value::integer(-1), Value::integer(H), sizeOf(Q, 0, C), sizeOf(Kh, 2, C)}),
        C);
    *Weights = reduce("ReduceMean", W, Value::integer(1), false, C);
    for (size_t N = First; N < G.Nodes.size(); ++N)
      Prunable[N] = true;
  }
  return Y;
}

Value GraphBuilder::emitMultiheadAttention(const Object &L, const Value &X, unsigned,
                                           const CallSite &C) {
  std::vector<Value> Rest = LayerArgs;
  std::string Path = Prefix;
  Fields F(L, Problems);
  std::optional<int64_t> E = F.integer("embed_dim"), H = F.integer("num_heads");
  bool Bias = F.flag("bias", true);
  F.positive({E, H});
  std::optional<int64_t> KDim = F.Ok ? F.integer("kdim", *E) : std::nullopt,
                         VDim = F.Ok ? F.integer("vdim", *E) : std::nullopt;
  F.positive({KDim, VDim});
  bool BiasKV = F.flag("add_bias_kv", false), ZeroAttn = F.flag("add_zero_attn", false);
  if (F.Ok && *E % *H) {
    Problems.push_back({L.Loc, F.name() + ": embed_dim is not divisible by num_heads"});
    F.Ok = false;
  }
  // forward(query, key, value, key_padding_mask, need_weights, attn_mask).
  if (!F.Ok || Rest.size() < 2)
    return unknownOp("torch::nn::MultiheadAttention", {X}, C,
                     F.Ok ? "is called without its key and value" : "has options not known");
  bool Need = Rest.size() < 4 || Rest[3].asBool().value_or(true);
  Value W = Value::none();
  Value Y = attention(Path, *E, *H, Bias, X, Rest[0], Rest[1], maskArg(Rest, 4), maskArg(Rest, 2),
                      Need ? &W : nullptr, C, *KDim, *VDim, BiasKV, ZeroAttn);
  return Value::tuple({Y, W});
}

Value GraphBuilder::emitEncoderLayer(const Object &L, const Value &X, unsigned,
                                     const CallSite &C) {
  return transformerLayer(L, X, /*Decoder=*/false, C);
}

Value GraphBuilder::emitDecoderLayer(const Object &L, const Value &X, unsigned, const CallSite &C) {
  return transformerLayer(L, X, /*Decoder=*/true, C);
}

Value GraphBuilder::transformerLayer(const Object &L, const Value &X, bool Decoder,
                                     const CallSite &C) {
  std::vector<Value> Rest = LayerArgs;
  std::string Path = Prefix;
  std::string Kind =
      std::string("torch::nn::Transformer") + (Decoder ? "Decoder" : "Encoder") + "Layer";
  Fields F(L, Problems);
  std::optional<int64_t> E = F.integer("d_model"), H = F.integer("nhead"),
                         FF = F.integer("dim_feedforward", 2048);
  F.positive({E, H, FF});
  const Value *A = L.Opts ? L.Opts->get("activation") : nullptr;
  const char *Act = !A || (A->K == Value::Kind::String && A->Text == "kReLU") ? "Relu"
                    : A->K == Value::Kind::String && A->Text == "kGELU"       ? "Gelu"
                                                                              : nullptr;
  if (!Act) {
    Problems.push_back({L.Loc, F.name() + ": an activation other than kReLU or kGELU (" +
                                   A->str() + ") is not mapped"});
    F.Ok = false;
  }
  if (F.Ok && *E % *H) {
    Problems.push_back({L.Loc, F.name() + ": d_model is not divisible by nhead"});
    F.Ok = false;
  }
  if (!F.Ok)
    return unknownOp(Kind, {X}, C, "has options not known");
  // forward(src, src_mask, src_key_padding_mask) of an encoder layer;
  // forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask,
  // memory_key_padding_mask) of a decoder layer.
  if (Decoder && (Rest.empty() || Rest[0].K != Value::Kind::Tensor))
    return unknownOp(Kind, {X}, C, "is called without the encoder's memory");
  // LibTorch's forward, post-norm: x = norm1(x + self_attn(x)), for a
  // decoder x = norm2(x + multihead_attn(x, memory)), then
  // x = normN(x + linear2(act(linear1(x)))); dropout is no node in eval.
  CallSite LC = C;
  LC.Scope = Path;
  Value Norm = Value::list({Value::integer(*E)});
  Value Y =
      binary("Add", X,
             attention(Path + ".self_attn", *E, *H, true, X, X, X, maskArg(Rest, Decoder ? 1 : 0),
                       maskArg(Rest, Decoder ? 3 : 1), nullptr, LC, *E, *E),
             LC);
  Y = subLayer("LayerNorm", Path + ".norm1", {{"normalized_shape", Norm}}, Y, LC);
  if (Decoder) {
    Y = binary("Add", Y,
               attention(Path + ".multihead_attn", *E, *H, true, Y, Rest[0], Rest[0],
                         maskArg(Rest, 2), maskArg(Rest, 4), nullptr, LC, *E, *E),
               LC);
    Y = subLayer("LayerNorm", Path + ".norm2", {{"normalized_shape", Norm}}, Y, LC);
  }
  Value Z = subLayer("Linear", Path + ".linear1",
                     {{"in_features", Value::integer(*E)}, {"out_features", Value::integer(*FF)}},
                     Y, LC);
  Z = unary(Act, Z, LC);
  Z = subLayer("Linear", Path + ".linear2",
               {{"in_features", Value::integer(*FF)}, {"out_features", Value::integer(*E)}}, Z,
               LC);
  Y = binary("Add", Y, Z, LC);
  return subLayer("LayerNorm", Path + (Decoder ? ".norm3" : ".norm2"), {{"normalized_shape", Norm}},
                  Y, LC);
}

Value GraphBuilder::emitEncoder(const Object &L, const Value &X, unsigned, const CallSite &C) {
  return layerStack(L, X, /*Decoder=*/false, C);
}

Value GraphBuilder::emitDecoder(const Object &L, const Value &X, unsigned, const CallSite &C) {
  return layerStack(L, X, /*Decoder=*/true, C);
}

Value GraphBuilder::layerStack(const Object &L, const Value &X, bool Decoder, const CallSite &C) {
  std::vector<Value> Rest = LayerArgs;
  std::string Path = Prefix;
  std::string Kind = Decoder ? "TransformerDecoder" : "TransformerEncoder";
  Fields F(L, Problems);
  std::optional<int64_t> N = F.integer("num_layers");
  F.positive({N});
  // The layer each of the num_layers clones copies: a holder, or its Options.
  const char *Field = Decoder ? "decoder_layer" : "encoder_layer";
  const Value *Layer = L.Opts ? L.Opts->get(Field) : nullptr;
  Object Clone;
  if (Layer && Layer->K == Value::Kind::Object && Layer->Obj->Kind == Kind + "Layer") {
    Clone = *Layer->Obj;
  } else if (Layer && Layer->K == Value::Kind::Options) {
    Clone.Kind = Kind + "Layer";
    Clone.Opts = Layer->Opts;
    Clone.Loc = L.Loc;
  } else {
    Problems.push_back({L.Loc, F.name() + ": " + Field + " is not known (" +
                                   (Layer ? Layer->str() : std::string("not set")) + ")"});
    F.Ok = false;
  }
  if (F.Ok && *N > 1024)
    return unknownOp("torch::nn::" + Kind, {X}, C, "has more layers than wattlint unrolls");
  if (!F.Ok)
    return unknownOp("torch::nn::" + Kind, {X}, C, "has options not known");
  Lists.insert(Path + ".layers");
  Value Y = X;
  for (int64_t K = 0; K < *N; ++K) {
    Clone.Path = Path + ".layers." + std::to_string(K);
    Clone.PathSet = true;
    std::vector<Value> Args = {Y};
    Args.insert(Args.end(), Rest.begin(), Rest.end());
    Y = callLayer(Clone, Args, C);
  }
  const Value *Norm = L.Opts->get("norm");
  if (!Norm || Norm->K == Value::Kind::None)
    return Y;
  if (Norm->K != Value::Kind::Object || !Norm->Obj->isLayer())
    return unknownOp("torch::nn::" + Kind, {Y}, C,
                     "has a norm that is not known (" + Norm->str() + ")");
  Object NormL = *Norm->Obj;
  NormL.Path = Path + ".norm";
  NormL.PathSet = true;
  return callLayer(NormL, {Y}, C);
}

Value GraphBuilder::emitTransformer(const Object &L, const Value &X, unsigned, const CallSite &C) {
  std::vector<Value> Rest = LayerArgs;
  std::string Path = Prefix;
  Fields F(L, Problems);
  std::optional<int64_t> E = F.integer("d_model", 512), H = F.integer("nhead", 8),
                         NE = F.integer("num_encoder_layers", 6),
                         ND = F.integer("num_decoder_layers", 6),
                         FF = F.integer("dim_feedforward", 2048);
  F.positive({E, H, NE, ND, FF});
  for (const char *Custom : {"custom_encoder", "custom_decoder"})
    if (const Value *V = L.Opts ? L.Opts->get(Custom) : nullptr; V && V->K != Value::Kind::None) {
      Problems.push_back({L.Loc, F.name() + ": a " + Custom + " is not mapped"});
      F.Ok = false;
    }
  // forward(src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask,
  // tgt_key_padding_mask, memory_key_padding_mask).
  if (F.Ok && (Rest.empty() || Rest[0].K != Value::Kind::Tensor))
    return unknownOp("torch::nn::Transformer", {X}, C, "is called without its target");
  if (!F.Ok)
    return unknownOp("torch::nn::Transformer", {X}, C, "has options not known");
  auto Arg = [&](size_t I) { return I < Rest.size() ? Rest[I] : Value::none(); };
  // LibTorch's TransformerImpl: an encoder and a decoder of its layers,
  // each closed by a LayerNorm, as encoder.* and decoder.*.
  auto Stack = [&](bool Decoder, int64_t Layers, std::vector<Value> Args) {
    auto LayerOpts = std::make_shared<OptionsData>();
    LayerOpts->set("d_model", Value::integer(*E));
    LayerOpts->set("nhead", Value::integer(*H));
    LayerOpts->set("dim_feedforward", Value::integer(*FF));
    if (const Value *A = L.Opts ? L.Opts->get("activation") : nullptr)
      LayerOpts->set("activation", *A);
    Value LayerV;
    LayerV.K = Value::Kind::Options;
    LayerV.Opts = LayerOpts;
    auto NormL = std::make_shared<Object>();
    NormL->Kind = "LayerNorm";
    NormL->Opts = std::make_shared<OptionsData>();
    NormL->Opts->set("normalized_shape", Value::list({Value::integer(*E)}));
    NormL->Loc = L.Loc;
    Object S;
    S.Kind = Decoder ? "TransformerDecoder" : "TransformerEncoder";
    S.Opts = std::make_shared<OptionsData>();
    S.Opts->set(Decoder ? "decoder_layer" : "encoder_layer", LayerV);
    S.Opts->set("num_layers", Value::integer(Layers));
    S.Opts->set("norm", Value::object(NormL));
    S.Loc = L.Loc;
    S.Path = Path + (Decoder ? ".decoder" : ".encoder");
    S.PathSet = true;
    return callLayer(S, Args, C);
  };
  Value Memory = Stack(false, *NE, {X, Arg(1), Arg(4)});
  return Stack(true, *ND, {Rest[0], Memory, Arg(2), Arg(3), Arg(5), Arg(6)});
}

} // namespace cxx
} // namespace wattlint
