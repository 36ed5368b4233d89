//===- libtorch/Emit.h - LibTorch layers and functions as IR nodes -*- C++ -*-===//
//
// Builds the graph of a C++ model as PyTorch's ONNX exporter would have:
// layers (Layers.def) and torch:: functions become nodes of ONNX op types,
// weights become initializers of the shapes the exporter writes, so that the
// shape rules, op costs and lint rules of analyzer/ and rules/ apply
// unchanged. Every node carries the source location of the layer's
// construction or of the call. Free of Clang: it reads interpreter values.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_LIBTORCH_EMIT_H
#define WATTLINT_LIBTORCH_EMIT_H

#include "analyzer/Graph.h"
#include "libtorch/Value.h"

#include "llvm/ADT/ArrayRef.h"

#include <map>
#include <set>

namespace wattlint {
namespace cxx {

/// The most elements a constant the front end writes out may hold (ones and
/// zeros of a normalization): a size beyond it from the source is refused.
inline constexpr int64_t MaxConstantElems = int64_t(1) << 24;
/// The opset version the emitted nodes follow (axes as inputs, Gelu).
inline constexpr int64_t EmitOpset = 20;

/// A model input as the user gave it: "x=[N,1,28,28]", "[N,T]", "x=i64[N,T]".
/// Each dim is a number or a symbolic name (bound with dims at analysis).
struct InputSpec {
  std::string Name; // "" for positional
  DType Type = DType::F32;
  std::vector<std::string> Dims;
  std::string Origin; // "--input", "file.cpp:3" (a comment)
  /// A tuple of tensors (an LSTM's (h0, c0)): its elements, and no Dims.
  std::vector<InputSpec> Elems;
};
/// Parses one input spec: NAME=[DIMS], [DIMS], a dtype before the bracket
/// (x=i64[N,T]), or a tuple of such (hx=([1,N,H],[1,N,H])); errors say what
/// is wrong with Text.
llvm::Expected<InputSpec> parseInputSpec(llvm::StringRef Text);
/// The spec as written: x=i64[N,T], hx=([1,20,H],[1,20,H]).
std::string inputSpecText(const InputSpec &S);

/// The Options fields that a built-in layer's positional constructor
/// arguments set, comma-separated ("in_channels,out_channels,kernel_size"),
/// or null for a layer Layers.def does not list.
const char *layerPositional(llvm::StringRef Kind);

/// Where a call happens: for node names (the module path of the forward()
/// being run) and messages.
struct CallSite {
  SrcLoc At;
  std::string Scope; // "" at the root, "layer1.0" inside a submodule
};

/// A problem the front end could not resolve: a place and what is unknown.
struct Problem {
  SrcLoc At;
  std::string Message;
};

class GraphBuilder {
public:
  explicit GraphBuilder(Model &M);
  /// Adds a graph input shaped by S (symbolic dims stay named).
  Value addInput(llvm::StringRef Name, const InputSpec &S);
  /// Runs built-in layer L (an Object that isLayer()) on Args.
  Value callLayer(const Object &L, llvm::ArrayRef<Value> Args, const CallSite &C);
  /// A torch:: function or Tensor method by name ("relu", "view",
  /// "max_pool2d", "add", "F::relu"): Args are positional as in ATen's
  /// signatures, self first; a trailing argument left out takes ATen's
  /// default. Unknown names become unknown ops.
  Value callFunction(llvm::StringRef Name, llvm::ArrayRef<Value> Args, const CallSite &C);
  /// A call the front end does not understand, on the tensors among Args:
  /// an unknown-op node (never zero work), with a problem recorded.
  Value unknownOp(llvm::StringRef Callee, llvm::ArrayRef<Value> Args, const CallSite &C,
                  llvm::StringRef Why);
  /// Where forward() could not be followed to its end: one unknown op that
  /// reads every tensor computed so far and not yet read, and every weight
  /// no node reads yet (the layers the rest would call), standing for the
  /// rest of the model.
  Value unresolvedTail(llvm::StringRef Callee, const CallSite &C, llvm::StringRef Why);
  /// The initializer a registered parameter or buffer (a Param value) reads
  /// as, named as the exporter names it ("block.W"); shape unknown when its
  /// factory's sizes were not known.
  Value parameter(const Value &P);
  /// Path is a module list (ModuleList), never called itself: no level of
  /// its own in the exporter's scopes ("/blocks.0/Gemm").
  void addList(const std::string &Path) { Lists.insert(Path); }
  /// A built-in layer's weight or bias (embed->weight, fc->bias) as a
  /// tensor: the initializer its emitter makes, made now (on a placeholder
  /// input, no node kept) when the layer has not run yet; unknown when the
  /// layer has no such field.
  Value layerWeight(const Object &L, llvm::StringRef Field, const CallSite &C);
  /// The sizes of a tensor a constructor made: a factory (torch::randn({N,
  /// M}), zeros, ones, empty, full) scaled, reshaped or transposed, or a
  /// table's arithmetic (arange, outer, cat, cos); nullopt when not known.
  std::optional<std::vector<int64_t>> factoryShape(const Value &T) const;
  /// The weights of O's registered tensors and of the registered layers
  /// (at any depth) that forward() did not read or call: initializers no
  /// node reads, located where they were made (Model::InitializerPlaces).
  void addUncalledLayers(const Object &O);
  /// Marks V (a tensor, or tuples and lists of them) as a graph output.
  void addOutput(const Value &V);
  /// Drops plumbing the model never reads (concatenated recurrent states, unused
  /// factory tensors), sorts the nodes and records the declared shapes.
  llvm::Error finish();

  std::vector<Problem> Problems;
  /// Outside forward() (a constructor making the tensors it registers):
  /// the nodes made are dropped unless forward() reads them.
  bool Setup = false;

  /// The arguments after the input of the layer call being emitted (a
  /// recurrent layer's initial state).
  std::vector<Value> LayerArgs;

  /// The layer emitters of Layers.def: L on input X, D its spatial rank.
  using Emitter = Value (GraphBuilder::*)(const Object &L, const Value &X, unsigned D,
                                          const CallSite &C);
  Value emitConv(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitConvTranspose(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitLinear(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitBatchNorm(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitLayerNorm(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitIdentity(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitEmbedding(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitMaxPool(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitAvgPool(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitAdaptiveAvgPool(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitFlatten(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitActivation(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitSoftmax(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitPReLU(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitGroupNorm(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitInstanceNorm(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitUpsample(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitPixelShuffle(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitAdaptiveMaxPool(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitPad(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitUnflatten(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitLSTM(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitGRU(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitRNN(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitLSTMCell(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitGRUCell(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitRNNCell(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitMultiheadAttention(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitEncoderLayer(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitEncoder(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitDecoderLayer(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitDecoder(const Object &L, const Value &X, unsigned D, const CallSite &C);
  Value emitTransformer(const Object &L, const Value &X, unsigned D, const CallSite &C);

private:
  Model &M;
  Graph &G;
  std::map<std::string, unsigned> NameUses;
  std::vector<bool> Prunable;
  /// The module paths of lists of layers that are never called themselves
  /// (a TransformerEncoder's "layers"): no level in the exporter's scopes.
  std::set<std::string> Lists;
  unsigned Constants = 0;
  /// The weight names' prefix of the layer being emitted ("conv1").
  std::string Prefix;

  std::string uniqueName(llvm::StringRef Base);
  int newValue(llvm::StringRef Name, DType T);
  int weight(llvm::StringRef Name, const std::optional<Dims> &Shape);
  int constInts(const Dims &Shape, const std::vector<int64_t> &Data);
  int constFloat(double V);
  /// What factoryShape() has worked out: each value's shape (memoized, so
  /// that t = t * t in a loop stays linear), each value's producer, and a
  /// budget of steps.
  struct SetupShapes {
    std::map<int, std::optional<std::vector<int64_t>>> Known;
    std::map<int, unsigned> Producer;
    unsigned Steps = 0;
  };
  /// factoryShape() of value Id, Depth producers down.
  std::optional<std::vector<int64_t>> setupShape(int Id, unsigned Depth, SetupShapes &S) const;
  std::optional<std::vector<int64_t>> setupShapeOf(int Id, unsigned Depth, SetupShapes &S) const;
  /// A 1-D float Constant node (not a parameter).
  int constFloats(const std::vector<double> &V);
  /// Appends node Op in scope C with inputs In and NOut new outputs; returns
  /// its index.
  unsigned node(llvm::StringRef Op, const std::vector<int> &In, unsigned NOut, const CallSite &C,
                bool Prunable = false);
  Value out(unsigned Node, unsigned I, int Rank, DType T = DType::F32);
  Node &at(unsigned N) { return G.Nodes[N]; }
  void setInts(unsigned N, llvm::StringRef Attr, const std::vector<int64_t> &V);
  void setInt(unsigned N, llvm::StringRef Attr, int64_t V);
  void setFloat(unsigned N, llvm::StringRef Attr, double V);
  void setString(unsigned N, llvm::StringRef Attr, llvm::StringRef V);
  /// A tensor argument: V itself, a scalar constant for a number, or an
  /// unknown op for anything else.
  Value asTensor(const Value &V, const CallSite &C);
  /// An i64 shape tensor from a list of ints and size scalars.
  int shapeInput(const Value &List, const CallSite &C);

  std::optional<Value> shapeFunction(llvm::StringRef Name, llvm::ArrayRef<Value> Args,
                                     const CallSite &C);
  std::optional<Value> mathFunction(llvm::StringRef Name, llvm::ArrayRef<Value> Args,
                                    const CallSite &C);
  Value unary(llvm::StringRef Op, const Value &X, const CallSite &C);
  Value binary(llvm::StringRef Op, const Value &A, const Value &B, const CallSite &C);
  Value pool(llvm::StringRef Op, const Value &X, const Value &Kernel, const Value &Stride,
             const Value &Pad, const Value &Dilation, bool Ceil, unsigned D, const CallSite &C);
  /// Adaptive average (or, with Max, max) pooling of X's D spatial dims to
  /// Sizes (an int for every dim, or one per dim).
  Value adaptivePool(bool Max, const Value &X, const Value &Sizes, unsigned D, const CallSite &C);
  Value reshape(const Value &X, const Value &Shape, const CallSite &C);
  Value flatten(const Value &X, int64_t Start, int64_t End, const CallSite &C);
  Value gather(const Value &X, int64_t Axis, int64_t Index, const CallSite &C);
  Value index(const Value &X, const Value &Indices, const CallSite &C);
  Value sizeOf(const Value &X, int64_t Dim, const CallSite &C);
  Value transpose(const Value &X, std::vector<int64_t> Perm, const CallSite &C);
  Value axesOp(llvm::StringRef Op, const Value &X, const std::vector<int64_t> &Axes, int RankDelta,
               const CallSite &C);
  Value reduce(llvm::StringRef Op, const Value &X, const Value &Dims, bool KeepDim,
               const CallSite &C);
  Value concat(const Value &List, int64_t Axis, bool Stack, const CallSite &C);
  Value split(const Value &X, int64_t Chunks, int64_t Axis, const CallSite &C);
  /// One recurrent node (Op "LSTM", "GRU" or "RNN") of Dirs directions over
  /// X as PyTorch's export writes it: weights W, R and B named Names.W, ...
  /// (shaped when In and H are known), the initial state H0 (and C0) when
  /// given (>= 0).
  unsigned recurrentNode(llvm::StringRef Op, unsigned Gates, int64_t Dirs,
                         std::optional<int64_t> In, std::optional<int64_t> H, bool Bias, int X,
                         int H0, int C0, const std::string &Names, const CallSite &C);
  /// One step of LSTMCell, GRUCell or RNNCell (Op "LSTM", "GRU", "RNN").
  Value cell(const Object &L, const Value &X, const CallSite &C, llvm::StringRef Op,
             unsigned Gates);
  Value recurrent(const Object &L, const Value &X, const CallSite &C, llvm::StringRef Op,
                  unsigned Gates);
  Value addmm(llvm::ArrayRef<Value> Args, const CallSite &C);
  /// Built-in layer Kind with options Opts, its weights and nodes under
  /// Path (a layer a composite layer holds: a TransformerEncoderLayer's
  /// linear1).
  Value subLayer(llvm::StringRef Kind, const std::string &Path,
                 std::vector<std::pair<std::string, Value>> Opts, const Value &X,
                 const CallSite &C);
  /// A TransformerEncoderLayer or TransformerDecoderLayer (self-attention,
  /// for a decoder attention over the memory, the feed-forward block).
  Value transformerLayer(const Object &L, const Value &X, bool Decoder, const CallSite &C);
  /// A TransformerEncoder or TransformerDecoder: its layer cloned
  /// num_layers times (layers.K), then its norm if any.
  Value layerStack(const Object &L, const Value &X, bool Decoder, const CallSite &C);
  /// Multi-head attention of H heads over embedding E, as torch 1.13's
  /// F.multi_head_attention_forward runs it and its export writes it: the
  /// input projection (packed for self-attention; for attention over a
  /// memory, the packed weight sliced into q rows and k-v rows), the heads
  /// moved into the batch, q scaled by 1/sqrt(E/H), softmax(q k^T [+ Mask])
  /// v, the output projection as a Gemm on [T*B, E] and the shape back to
  /// [T, B, E]. A key padding mask [B, S] (Padding) masks the scores as
  /// LibTorch's masked_fill does. Weights under Path; with Weights, also
  /// the attention weights averaged over the heads (dropped when nothing
  /// reads them). Keys and values of KDim and VDim features other than E
  /// are projected by a weight each (q_proj_weight, k_proj_weight,
  /// v_proj_weight).
  Value attention(const std::string &Path, int64_t E, int64_t H, bool Bias, const Value &Q,
                  const Value &K, const Value &V, const Value *Mask, const Value *Padding,
                  Value *Weights, const CallSite &C, int64_t KDim, int64_t VDim,
                  bool BiasKV = false, bool ZeroAttn = false);
  Value functionalLayer(llvm::StringRef Kind, const Value &X, const Value &Opts, const CallSite &C);
  /// Activation Kind (a Layers.def name: "SiLU", "ELU", ..., or "Hardswish"
  /// and "Hardsigmoid", which LibTorch has only as functions) as the
  /// exporter writes it; A and B are its numbers (ELU's alpha, Softplus's
  /// beta, Hardtanh's min and max).
  Value activation(llvm::StringRef Kind, const Value &X, double A, double B, const CallSite &C);
  /// Pad of Pads in PyTorch's order (last dim first: left, right, top,
  /// bottom, ...) in Mode ("constant", "reflect", "replicate") with Fill.
  Value pad(const Value &X, const std::vector<int64_t> &Pads, llvm::StringRef Mode, double Fill,
            const CallSite &C);
  /// Resize of X to Sizes (the spatial dims) or by Scales, in Mode (a
  /// LibTorch enumerator: kNearest, kBilinear, ...), as interpolate().
  Value resize(const Value &X, const std::optional<std::vector<int64_t>> &Sizes,
               const std::optional<std::vector<double>> &Scales, llvm::StringRef Mode,
               bool AlignCorners, const CallSite &C);
  bool problem(const Object &L, const char *Field, const Value *V);
};

} // namespace cxx
} // namespace wattlint

#endif
