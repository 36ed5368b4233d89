//===- analyzer/ShapeRules.cpp - wattlint's own shape inference -----------===//
//
// The pass and the shape rules: each op's rule is the Shape column of its row
// in analyzer/ops/Ops.def, beside its cost function, so that every front end
// (ONNX, LibTorch C++) gets the same shapes.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ShapeRules.h"
#include "analyzer/Count.h"
#include "analyzer/ModelSource.h"
#include "analyzer/ops/OpFamilies.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <set>
#include <tuple>

using namespace llvm;

namespace wattlint {

namespace {

/// Folded constants stay small; shapes are what they are for.
constexpr size_t MaxFolded = 4096;
/// Sequences longer than this are left unknown.
constexpr size_t MaxSeqLength = 1024;
/// Sequence tensors one pass creates at most (bounded memory).
constexpr size_t MaxSeqTensors = size_t(1) << 18;
/// Subgraph nesting beyond this is refused (protobuf stops far earlier).
constexpr unsigned MaxDepth = 64;
/// A dim above this is not a shape anybody runs (2^48 elements on one axis).
constexpr int64_t MaxDim = int64_t(1) << 48;

using Ints = std::vector<int64_t>;

} // namespace

const std::vector<std::string> &assumptionKinds() {
  static const std::vector<std::string> Kinds = {"boxes",    "nonzero", "k",
                                                 "selected", "unique",  "steps"};
  return Kinds;
}

std::optional<int64_t> userAssumption(const Model &M, const std::string &Node,
                                      StringRef Kind) {
  if (auto It = M.Assume.find(Node); It != M.Assume.end())
    return It->second;
  if (auto It = M.Assume.find(Kind.str()); It != M.Assume.end())
    return It->second;
  return std::nullopt;
}

namespace {
/// True when a Loop body's condition output is known to stay true: a
/// constant true, or the condition input passed on (directly or through
/// Identity), which the Loop's own constant condition started.
bool bodyKeepsGoing(const Graph &Body) {
  if (Body.Outputs.empty() || Body.Inputs.size() < 2)
    return false;
  int Out = Body.Outputs[0];
  if (Out < 0)
    return false;
  for (unsigned Hops = 0; Hops < 4; ++Hops) {
    if (Out == Body.Inputs[1])
      return true;
    const Value &V = Body.value(Out);
    if (V.IntData && V.IntData->size() == 1)
      return (*V.IntData)[0] != 0;
    const Node *Producer = nullptr;
    for (const Node &N : Body.Nodes)
      for (int O : N.Outputs)
        if (O == Out)
          Producer = &N;
    if (!Producer || Producer->OpType != "Identity" || Producer->Inputs.empty())
      return false;
    Out = Producer->Inputs[0];
    if (Out < 0)
      return false;
  }
  return false;
}
} // namespace

LoopSteps loopSteps(const Model &M, const Graph &G, const Node &N) {
  LoopSteps L;
  auto IntOf = [&](unsigned I) -> std::optional<int64_t> {
    if (I >= N.Inputs.size() || N.Inputs[I] < 0)
      return std::nullopt;
    const Value &V = G.value(N.Inputs[I]);
    if (V.IntData && V.IntData->size() == 1)
      return (*V.IntData)[0];
    return std::nullopt;
  };
  bool HasTrip = N.Inputs.size() > 0 && N.Inputs[0] >= 0;
  bool HasCond = N.Inputs.size() > 1 && N.Inputs[1] >= 0;
  std::optional<int64_t> Trip = IntOf(0), Cond = IntOf(1);
  const Graph *Body = N.subgraph("body");
  // A trip count above 2^40 is no bound: torch writes INT64_MAX for "while".
  constexpr int64_t MaxTrips = int64_t(1) << 40;
  bool TripBound = Trip && *Trip >= 0 && *Trip <= MaxTrips;
  if (HasCond && Cond && *Cond == 0) {
    L.Steps = 0, L.Exact = true;
    return L;
  }
  bool CondConst = !HasCond || Cond;
  // (An absurd count that is exact stays exact: the profile refuses it.)
  if (Trip && *Trip >= 0 && CondConst && Body && bodyKeepsGoing(*Body)) {
    L.Steps = *Trip, L.Exact = true;
    return L;
  }
  L.Steps = TripBound ? *Trip : -1;
  if (TripBound)
    L.Bound = "the trip count " + std::to_string(*Trip) +
              "; the condition is computed at run time";
  else if (HasTrip && !Trip)
    L.Bound = "the trip count is computed at run time";
  else
    L.Bound = "no trip count bounds it; the condition is computed at run time";
  if (std::optional<int64_t> U = userAssumption(M, N.displayName(G), "steps"))
    L.Steps = *U, L.Stated = true;
  return L;
}

/// What a shape rule reads and writes: one node of a graph.
struct ShapeCtx {
  Graph &G;
  Node &N;
  /// Sequence tensors the pass may still create (a bound on memory: a model
  /// of many SequenceInserts would otherwise grow quadratically).
  size_t *SeqBudget = nullptr;
  /// The model: the user's assumptions, and where the data-dependent sizes
  /// met are recorded (null in a pass that records none).
  Model *M = nullptr;
  /// A size that only running the model decides (Assumption::Kind): the
  /// user's value (by the node's name, then by Kind), else Worst, the bound
  /// the inputs give (-1: none); recorded so the output says what was used.
  int64_t assume(const char *Kind, int64_t Worst, std::string Bound) {
    if (!M)
      return Worst;
    Assumption A{N.displayName(G), N.OpType, Kind, Worst, false, std::move(Bound)};
    if (std::optional<int64_t> U = userAssumption(*M, A.Node, Kind))
      A.Value = *U, A.Stated = true;
    int64_t V = A.Value;
    M->Assumptions.push_back(std::move(A));
    return V;
  }
  /// Set when the node's inputs make a shape that no valid model has.
  std::string Invalid = {};
  void invalid(const std::string &Why) {
    if (Invalid.empty())
      Invalid = Why;
  }
  bool has(unsigned I) const { return I < N.Inputs.size() && N.Inputs[I] >= 0; }
  bool hasOut(unsigned I) const { return I < N.Outputs.size() && N.Outputs[I] >= 0; }
  /// Input I, or an empty value (nothing known) when the node omits it: a
  /// model may leave out any input, a required one included.
  Value &in(unsigned I) {
    if (has(I))
      return G.value(N.Inputs[I]);
    AbsentIn = Value();
    return AbsentIn;
  }
  Value AbsentIn = {};
  /// Output I, or a scratch value when the node omits it (writes vanish).
  Value &out(unsigned I) {
    if (!hasOut(I)) {
      Scratch = Value();
      return Scratch;
    }
    return G.value(N.Outputs[I]);
  }
  Value Scratch = {};
  const Dims *shape(unsigned I) { return has(I) && in(I).Shape ? &*in(I).Shape : nullptr; }
  const Ints *ints(unsigned I) { return has(I) && in(I).IntData ? &*in(I).IntData : nullptr; }
  /// Sets output I's shape (only where unknown) and its type if unset.
  void set(unsigned I, Dims D, DType T = DType::Undefined) {
    if (!hasOut(I))
      return;
    Value &V = out(I);
    if (V.Type == DType::Undefined && T != DType::Undefined)
      V.Type = T;
    for (int64_t &X : D) {
      if (X > MaxDim)
        invalid("output dim " + std::to_string(X) + " is absurd (above 2^48)");
      if (X < 0 || X > MaxDim)
        X = -1;
    }
    if (!V.Shape || V.Shape->size() != D.size()) {
      if (!V.shapeKnown())
        V.Shape = std::move(D);
      return;
    }
    for (size_t K = 0; K < D.size(); ++K)
      if ((*V.Shape)[K] < 0)
        (*V.Shape)[K] = D[K];
  }
  void setType(unsigned I, DType T) {
    if (hasOut(I) && out(I).Type == DType::Undefined)
      out(I).Type = T;
  }
  DType type(unsigned I) { return has(I) ? in(I).Type : DType::Undefined; }
  void setInts(unsigned I, Ints V, Dims Shape) {
    if (!hasOut(I) || V.size() > MaxFolded)
      return;
    set(I, Shape, DType::I64);
    out(I).IntData = std::move(V);
  }
};

namespace {

using Ctx = ShapeCtx;

class Pass {
public:
  explicit Pass(Model *M) : M(M) {}
  Error run(Graph &G, unsigned Depth);

private:
  Error node(Graph &G, Node &N, unsigned Depth);
  Error controlFlow(Graph &G, Node &N, unsigned Depth);
  /// The shape rule of a node without subgraphs.
  static void rule(Ctx &C);
  size_t SeqBudget = MaxSeqTensors;
  Model *M;
};

// ---- access helpers -------------------------------------------------------

int64_t norm(int64_t Axis, size_t Rank) {
  int64_t R = int64_t(Rank);
  if (Axis < -R || Axis >= R)
    return -1;
  return Axis < 0 ? Axis + R : Axis;
}

/// Multidirectional broadcast; an unknown dim stays unknown unless the other
/// side fixes it. Two known dims that differ and are not 1 do not broadcast:
/// the result is nullopt and Why (if given) says so.
std::optional<Dims> broadcast(const std::vector<const Dims *> &Shapes, std::string *Why = nullptr) {
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

int64_t prodDims(const Dims &D, size_t From, size_t To) {
  Count C = 1;
  for (size_t I = From; I < To && I < D.size(); ++I)
    C *= Count::dim(D[I]);
  return C.overflowed() || C.value() > uint64_t(MaxDim) ? -1 : int64_t(C.value());
}

/// A list of numbers for messages: "[1, 2, 3]".
std::string listStr(const Ints &V) {
  std::string S = "[";
  for (size_t I = 0; I < V.size(); ++I)
    S += (I ? ", " : "") + std::to_string(V[I]);
  return S + "]";
}

/// True when every dim of S is known and S has at most MaxFolded elements
/// (and no dim above it): a tensor small enough to fold.
bool smallShape(const Dims &S) {
  int64_t N = prodDims(S, 0, S.size());
  if (N < 0 || size_t(N) > MaxFolded)
    return false;
  return all_of(S, [](int64_t D) { return size_t(D) <= MaxFolded; });
}

/// Row-major strides of a small shape.
Ints stridesOf(const Dims &S) {
  Ints R(S.size(), 1);
  for (size_t K = S.size(); K-- > 1;)
    R[K - 1] = R[K] * S[K];
  return R;
}

/// Offsets 0, Stride, 2 * Stride, ... of the N positions of one axis.
Ints axisOffsets(int64_t N, int64_t Stride, int64_t First = 0) {
  Ints R;
  for (int64_t I = 0; I < N; ++I)
    R.push_back((First + I) * Stride);
  return R;
}

/// Folds a rearrangement of known data (transpose, slice, gather, tile,
/// broadcast): output element (i_0, ..., i_r-1), in row-major order, reads
/// Data[Off[0][i_0] + ... + Off[r-1][i_r-1]]; nullopt when the result is not
/// small or an offset falls outside Data.
template <class T>
std::optional<std::vector<T>> gatherFlat(const std::vector<T> &Data, const std::vector<Ints> &Off) {
  size_t N = 1;
  for (const Ints &O : Off) {
    if (O.size() > MaxFolded)
      return std::nullopt;
    N *= O.size();
    if (N > MaxFolded)
      return std::nullopt;
  }
  std::vector<T> R;
  R.reserve(N);
  std::vector<size_t> Idx(Off.size(), 0);
  for (size_t E = 0; E < N; ++E) {
    int64_t Flat = 0;
    for (size_t K = 0; K < Off.size(); ++K)
      Flat += Off[K][Idx[K]];
    if (Flat < 0 || size_t(Flat) >= Data.size())
      return std::nullopt;
    R.push_back(Data[size_t(Flat)]);
    for (size_t K = Off.size(); K-- > 0;) {
      if (++Idx[K] < Off[K].size())
        break;
      Idx[K] = 0;
    }
  }
  return R;
}

/// Input I's contents when they are known, small and match its known shape.
const Ints *knownData(Ctx &C, unsigned I) {
  const Ints *V = C.ints(I);
  const Dims *S = C.shape(I);
  if (!V || !S || !smallShape(*S) || int64_t(V->size()) != prodDims(*S, 0, S->size()))
    return nullptr;
  return V;
}

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

/// Input I's known contents broadcast to the small shape Out.
std::optional<Ints> broadcastData(Ctx &C, unsigned I, const Dims &Out) {
  const Ints *V = knownData(C, I);
  if (!V)
    return std::nullopt;
  return broadcastTo(*V, *C.shape(I), Out);
}

/// Input I's known contents as numbers (floats, or integers widened), when
/// small and matching its known shape.
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

/// Input I's known numbers broadcast to the small shape Out.
std::optional<std::vector<double>> broadcastNumbers(Ctx &C, unsigned I, const Dims &Out) {
  std::optional<std::vector<double>> V = knownNumbers(C, I);
  if (!V)
    return std::nullopt;
  return broadcastTo(*V, *C.shape(I), Out);
}

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

// ---- rules ------------------------------------------------------------------

void sameAsInput(Ctx &C) {
  if (const Dims *S = C.shape(0))
    C.set(0, *S, C.type(0));
  else
    C.setType(0, C.type(0));
}

void ruleBroadcast(Ctx &C, DType T) {
  std::vector<const Dims *> S;
  for (unsigned I = 0; I < C.N.Inputs.size(); ++I)
    if (C.has(I))
      S.push_back(C.shape(I));
  std::string Why;
  if (auto Out = broadcast(S, &Why))
    C.set(0, *Out, T);
  else
    C.setType(0, T);
  if (!Why.empty())
    C.invalid(Why);
}

/// Output spatial dims of Conv / pooling; Kernel from the attribute or W.
void ruleWindow(Ctx &C, const Dims &X, Dims Kernel, int64_t OutChannels, bool Pool) {
  size_t Sp = X.size() - 2;
  if (Kernel.size() != Sp)
    return;
  Ints Strides = C.N.attrInts("strides").value_or(Ints(Sp, 1));
  Ints Dil = C.N.attrInts("dilations").value_or(Ints(Sp, 1));
  Ints Pads = C.N.attrInts("pads").value_or(Ints(2 * Sp, 0));
  std::string Auto = C.N.attrString("auto_pad", "NOTSET");
  bool Ceil = C.N.attrInt("ceil_mode", 0) != 0;
  if (Strides.size() != Sp || Dil.size() != Sp || Pads.size() != 2 * Sp)
    return;
  // The spec's constraints: a model that breaks them is an error, not a
  // window of zero work.
  for (size_t I = 0; I < Sp; ++I) {
    if (Strides[I] <= 0)
      return C.invalid("strides must be positive, not " + std::to_string(Strides[I]));
    if (Dil[I] <= 0)
      return C.invalid("dilations must be positive, not " + std::to_string(Dil[I]));
  }
  for (int64_t P : Pads)
    if (P < 0)
      return C.invalid("pads must be >= 0, not " + std::to_string(P));
  Dims Y = {X[0], OutChannels};
  for (size_t I = 0; I < Sp; ++I) {
    int64_t In = X[2 + I], S = Strides[I];
    if (In < 0 || Kernel[I] < 0) {
      Y.push_back(-1);
      continue;
    }
    if (Kernel[I] == 0)
      return C.invalid("a kernel dim is 0");
    CheckedInt EffC = (CheckedInt(Kernel[I]) - 1) * Dil[I] + 1;
    CheckedInt SpanC = CheckedInt(In) + Pads[I] + Pads[I + Sp] - EffC;
    if (EffC.bad() || SpanC.bad() || In > MaxDim)
      return C.invalid("window arithmetic overflows 64 bits");
    int64_t Eff = EffC.value();
    if (Auto == "SAME_UPPER" || Auto == "SAME_LOWER") {
      Y.push_back(In / S + (In % S != 0));
    } else if (Auto == "VALID") {
      Y.push_back(In >= Eff ? (In - Eff) / S + 1 : 0);
    } else {
      int64_t Span = SpanC.value();
      if (Span < 0)
        return C.invalid("the window (" + std::to_string(Eff) +
                         " with dilation) is larger than the padded input (" +
                         std::to_string(Span + Eff) + ")");
      int64_t O = (Ceil ? Span / S + (Span % S != 0) : Span / S) + 1;
      // A ceil-mode window must start inside the input or left padding.
      if (Ceil && Pool && (O - 1) * S >= In + Pads[I])
        --O;
      Y.push_back(O);
    }
  }
  C.set(0, Y, C.type(0));
}

void ruleConv(Ctx &C, unsigned XIdx, unsigned WIdx, DType T) {
  const Dims *X = C.shape(XIdx), *W = C.shape(WIdx);
  if (!X || !W || X->size() < 3 || W->size() != X->size()) {
    C.setType(0, T);
    return;
  }
  Dims K = C.N.attrInts("kernel_shape").value_or(Dims(W->begin() + 2, W->end()));
  int64_t Group = C.N.attrInt("group", 1), Cin = (*X)[1], WIn = (*W)[1], Cout = (*W)[0];
  if (Group <= 0)
    return C.invalid("group must be positive, not " + std::to_string(Group));
  if (Cin >= 0 && WIn >= 0 && (Cin % Group != 0 || Cin / Group != WIn))
    return C.invalid("input channels " + std::to_string(Cin) + " / group " + std::to_string(Group) +
                     " do not match the weight's " + std::to_string(WIn));
  if (Cout >= 0 && Cout % Group != 0)
    return C.invalid("output channels " + std::to_string(Cout) + " are not a multiple of group " +
                     std::to_string(Group));
  ruleWindow(C, *X, K, Cout, false);
  C.setType(0, T);
  if (C.hasOut(0) && C.out(0).Type != T && T != DType::Undefined && C.out(0).Type == C.type(0))
    C.out(0).Type = T;
}

void ruleConvTranspose(Ctx &C) {
  const Dims *X = C.shape(0), *W = C.shape(1);
  if (!X || !W || X->size() < 3 || W->size() != X->size())
    return;
  size_t Sp = X->size() - 2;
  int64_t Group = C.N.attrInt("group", 1);
  if (Group <= 0)
    return C.invalid("group must be positive, not " + std::to_string(Group));
  CheckedInt Cout = CheckedInt((*W)[1]) * Group;
  if (Cout.bad())
    return C.invalid("output channels overflow 64 bits");
  Dims Y = {(*X)[0], (*W)[1] < 0 ? -1 : Cout.value()};
  Ints Strides = C.N.attrInts("strides").value_or(Ints(Sp, 1));
  Ints Dil = C.N.attrInts("dilations").value_or(Ints(Sp, 1));
  Ints Pads = C.N.attrInts("pads").value_or(Ints(2 * Sp, 0));
  Ints OutPad = C.N.attrInts("output_padding").value_or(Ints(Sp, 0));
  Dims K = C.N.attrInts("kernel_shape").value_or(Dims(W->begin() + 2, W->end()));
  std::string Auto = C.N.attrString("auto_pad", "NOTSET");
  if (auto OS = C.N.attrInts("output_shape"); OS && OS->size() >= Sp) {
    Y.insert(Y.end(), OS->end() - Sp, OS->end());
    C.set(0, Y, C.type(0));
    return;
  }
  if (Strides.size() != Sp || Dil.size() != Sp || Pads.size() != 2 * Sp || OutPad.size() != Sp ||
      K.size() != Sp)
    return;
  for (size_t I = 0; I < Sp; ++I) {
    int64_t In = (*X)[2 + I];
    if (Strides[I] <= 0)
      return C.invalid("strides must be positive, not " + std::to_string(Strides[I]));
    if (In < 0 || K[I] < 0) {
      Y.push_back(-1);
      continue;
    }
    CheckedInt O = Auto == "SAME_UPPER" || Auto == "SAME_LOWER"
                       ? CheckedInt(In) * Strides[I]
                       : CheckedInt(Strides[I]) * (CheckedInt(In) - 1) + OutPad[I] +
                             (CheckedInt(K[I]) - 1) * Dil[I] + 1 - Pads[I] - Pads[I + Sp];
    if (O.bad())
      return C.invalid("output size arithmetic overflows 64 bits");
    if (O.value() < 0)
      return C.invalid("output size " + std::to_string(O.value()) + " of spatial axis " +
                       std::to_string(I) + " is negative");
    Y.push_back(O.value());
  }
  C.set(0, Y, C.type(0));
}

void rulePool(Ctx &C) {
  const Dims *X = C.shape(0);
  auto K = C.N.attrInts("kernel_shape");
  if (!X || !K || X->size() < 3)
    return;
  ruleWindow(C, *X, *K, (*X)[1], true);
  if (C.hasOut(1) && C.hasOut(0) && C.out(0).Shape)
    C.set(1, *C.out(0).Shape, DType::I64);
}

void ruleMatMul(Ctx &C, DType T) {
  const Dims *A = C.shape(0), *B = C.shape(1);
  unsigned BIdx = 1;
  if (C.N.OpType == "QLinearMatMul")
    A = C.shape(0), B = C.shape(3), BIdx = 3;
  (void)BIdx;
  if (!A || !B || A->empty() || B->empty()) {
    C.setType(0, T);
    return;
  }
  Dims a = *A, b = *B;
  bool AVec = a.size() == 1, BVec = b.size() == 1;
  if (AVec)
    a.insert(a.begin(), 1);
  if (BVec)
    b.push_back(1);
  int64_t KA = a.back(), KB = b[b.size() - 2];
  if (KA >= 0 && KB >= 0 && KA != KB)
    return C.invalid("inner dims " + std::to_string(KA) + " and " + std::to_string(KB) +
                     " do not match");
  Dims BatchA(a.begin(), a.end() - 2), BatchB(b.begin(), b.end() - 2);
  std::string Why;
  auto Batch = broadcast({&BatchA, &BatchB}, &Why);
  if (!Batch)
    return C.invalid("batch dims: " + Why);
  Dims Y = *Batch;
  if (!AVec)
    Y.push_back(a[a.size() - 2]);
  if (!BVec)
    Y.push_back(b.back());
  C.set(0, Y, T);
}

void ruleGemm(Ctx &C) {
  const Dims *A = C.shape(0), *B = C.shape(1);
  if (!A || !B || A->size() != 2 || B->size() != 2)
    return;
  int64_t M = C.N.attrInt("transA", 0) ? (*A)[1] : (*A)[0];
  int64_t N = C.N.attrInt("transB", 0) ? (*B)[0] : (*B)[1];
  int64_t KA = C.N.attrInt("transA", 0) ? (*A)[0] : (*A)[1];
  int64_t KB = C.N.attrInt("transB", 0) ? (*B)[1] : (*B)[0];
  if (KA >= 0 && KB >= 0 && KA != KB)
    return C.invalid("inner dims " + std::to_string(KA) + " and " + std::to_string(KB) +
                     " do not match");
  C.set(0, {M, N}, C.type(0));
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

void ruleReduce(Ctx &C, bool ArgOp) {
  const Dims *X = C.shape(0);
  DType T = ArgOp ? DType::I64 : C.type(0);
  if (!X) {
    C.setType(0, T);
    return;
  }
  bool Keep = C.N.attrInt("keepdims", 1) != 0;
  Ints Axes;
  if (ArgOp) {
    Axes = {C.N.attrInt("axis", 0)};
  } else {
    auto A = axesOf(C, 1);
    if (!A) {
      C.setType(0, T);
      return;
    }
    Axes = *A;
    if (Axes.empty()) {
      if (C.N.attrInt("noop_with_empty_axes", 0)) {
        C.set(0, *X, T);
        return;
      }
      for (size_t I = 0; I < X->size(); ++I)
        Axes.push_back(int64_t(I));
    }
  }
  std::vector<bool> Reduced(X->size(), false);
  for (int64_t A : Axes) {
    int64_t K = norm(A, X->size());
    if (K < 0)
      return;
    Reduced[K] = true;
  }
  Dims Y;
  for (size_t I = 0; I < X->size(); ++I)
    if (!Reduced[I])
      Y.push_back((*X)[I]);
    else if (Keep)
      Y.push_back(1);
  C.set(0, Y, T);
  // A known small input reduced to one value (an image's shorter side).
  StringRef Op = C.N.OpType;
  if (ArgOp || !C.hasOut(0) || prodDims(Y, 0, Y.size()) != 1 ||
      (Op != "ReduceMin" && Op != "ReduceMax"))
    return;
  if (const Ints *V = knownData(C, 0); V && !V->empty())
    C.out(0).IntData = Ints{Op == "ReduceMin" ? *std::min_element(V->begin(), V->end())
                                              : *std::max_element(V->begin(), V->end())};
  else if (std::optional<std::vector<double>> F = knownNumbers(C, 0); F && !F->empty())
    C.out(0).FloatData = std::vector<double>{
        Op == "ReduceMin" ? *std::min_element(F->begin(), F->end())
                          : *std::max_element(F->begin(), F->end())};
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
      if (!X || I >= X->size())
        return;
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
  if (C.in(0).IntData && C.hasOut(0))
    C.out(0).IntData = C.in(0).IntData;
  if (C.in(0).FloatData && C.hasOut(0))
    C.out(0).FloatData = C.in(0).FloatData;
}

void ruleUnsqueeze(Ctx &C) {
  const Dims *X = C.shape(0);
  auto Axes = axesOf(C, 1);
  if (!X || !Axes)
    return;
  size_t Rank = X->size() + Axes->size();
  std::vector<bool> New(Rank, false);
  for (int64_t A : *Axes) {
    int64_t K = norm(A, Rank);
    if (K < 0)
      return;
    New[K] = true;
  }
  Dims Y;
  size_t J = 0;
  for (size_t I = 0; I < Rank; ++I)
    Y.push_back(New[I] ? 1 : (J < X->size() ? (*X)[J++] : -1));
  C.set(0, Y, C.type(0));
  if (C.in(0).IntData)
    C.out(0).IntData = C.in(0).IntData;
  if (C.in(0).FloatData)
    C.out(0).FloatData = C.in(0).FloatData;
}

void ruleSqueeze(Ctx &C) {
  const Dims *X = C.shape(0);
  auto Axes = axesOf(C, 1);
  if (!X || !Axes)
    return;
  std::vector<bool> Drop(X->size(), false);
  if (Axes->empty()) {
    for (size_t I = 0; I < X->size(); ++I) {
      if ((*X)[I] < 0)
        return;
      Drop[I] = (*X)[I] == 1;
    }
  }
  for (int64_t A : *Axes) {
    int64_t K = norm(A, X->size());
    if (K < 0)
      return;
    Drop[K] = true;
  }
  Dims Y;
  for (size_t I = 0; I < X->size(); ++I)
    if (!Drop[I])
      Y.push_back((*X)[I]);
  C.set(0, Y, C.type(0));
  if (C.in(0).IntData)
    C.out(0).IntData = C.in(0).IntData;
  if (C.in(0).FloatData)
    C.out(0).FloatData = C.in(0).FloatData;
}

void ruleFlatten(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t Axis = C.N.attrInt("axis", 1);
  if (Axis < 0)
    Axis += int64_t(X->size());
  if (Axis < 0 || Axis > int64_t(X->size()))
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

/// The shape of a concatenation of Parts along Axis: the other dims must
/// agree; the sum is checked. Sets C.Invalid and returns nullopt on a
/// mismatch.
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

/// Known contents of a concatenation: for each row of the dims before Axis,
/// each part's slab in turn. Nullopt unless every part is known and small.
template <class T>
std::optional<std::vector<T>> concatData(const std::vector<const Dims *> &Shapes,
                                         const std::vector<const std::vector<T> *> &Data,
                                         size_t Axis, const Dims &Y) {
  if (!smallShape(Y) || any_of(Data, [](const std::vector<T> *V) { return !V; }))
    return std::nullopt;
  int64_t Rows = prodDims(Y, 0, Axis);
  std::vector<T> R;
  for (int64_t Row = 0; Row < Rows; ++Row)
    for (size_t I = 0; I < Data.size(); ++I) {
      int64_t Slab = prodDims(*Shapes[I], Axis, Shapes[I]->size());
      if (Slab < 0 || int64_t(Data[I]->size()) < (Row + 1) * Slab)
        return std::nullopt;
      R.insert(R.end(), Data[I]->begin() + Row * Slab, Data[I]->begin() + (Row + 1) * Slab);
    }
  return R;
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
  int64_t Axis = norm(C.N.attrInt("axis", 0), Shapes.front()->size());
  if (Axis < 0)
    return C.invalid("axis " + std::to_string(C.N.attrInt("axis", 0)) +
                     " is out of range for rank " + std::to_string(Shapes.front()->size()));
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

/// The sizes Split or SplitToSequence cut a dim of Dim elements into (Dim may
/// be unknown when Sizes are given): checked against Dim, each >= 0.
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

/// Part Index of X cut along Axis at [First, First + Size): its shape, and
/// its contents when X's are known.
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

/// Equal parts of a dim of Dim elements, the last one smaller (Split-18's
/// num_outputs, SplitToSequence's scalar split).
Ints equalParts(int64_t Dim, int64_t Parts, int64_t Chunk) {
  Ints Sizes;
  for (int64_t I = 0; I < Parts; ++I)
    Sizes.push_back(std::max<int64_t>(0, std::min(Chunk, Dim - I * Chunk)));
  return Sizes;
}

void ruleSplit(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t Axis = norm(C.N.attrInt("axis", 0), X->size());
  if (Axis < 0)
    return C.invalid("axis " + std::to_string(C.N.attrInt("axis", 0)) +
                     " is out of range for rank " + std::to_string(X->size()));
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
    int64_t A = norm(Axes[I], X->size());
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
  const Dims *X = C.shape(0), *I = C.shape(1);
  if (!X || !I)
    return;
  int64_t Axis = norm(C.N.attrInt("axis", 0), X->size());
  if (Axis < 0)
    return C.invalid("axis " + std::to_string(C.N.attrInt("axis", 0)) +
                     " is out of range for rank " + std::to_string(X->size()));
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
  int64_t Axis = norm(C.N.attrInt("axis", -1), size_t(Rank));
  if (Axis < 0)
    return C.invalid("axis " + std::to_string(C.N.attrInt("axis", -1)) +
                     " is out of range for rank " + std::to_string(Rank));
  int64_t D = -1;
  if (Depth) {
    if (Depth->size() != 1 || (*Depth)[0] < 1)
      return C.invalid("depth must be one positive value, not " + listStr(*Depth));
    D = (*Depth)[0];
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
  int64_t Axis = norm(C.N.attrInt("axis", 0), X->size());
  if (Axis < 0)
    return C.invalid("axis " + std::to_string(C.N.attrInt("axis", 0)) +
                     " is out of range for rank " + std::to_string(X->size()));
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

std::string dimsText(const Dims &D) {
  std::string S = "[";
  for (size_t K = 0; K < D.size(); ++K)
    S += (K ? ", " : "") + std::to_string(D[K]);
  return S + "]";
}

void ruleScatterElements(Ctx &C) {
  sameAsInput(C);
  const Dims *X = C.shape(0), *I = C.shape(1), *U = C.shape(2);
  if (!X)
    return;
  int64_t Axis = norm(C.N.attrInt("axis", 0), X->size());
  if (Axis < 0)
    return C.invalid("axis " + std::to_string(C.N.attrInt("axis", 0)) +
                     " is out of range for rank " + std::to_string(X->size()));
  if (I && I->size() != X->size())
    return C.invalid("indices of rank " + std::to_string(I->size()) + " for data of rank " +
                     std::to_string(X->size()));
  // (A dim still unknown on either side is not a mismatch.)
  bool Differ = I && U && I->size() != U->size();
  for (size_t K = 0; I && U && !Differ && K < I->size(); ++K)
    Differ = (*I)[K] >= 0 && (*U)[K] >= 0 && (*I)[K] != (*U)[K];
  if (Differ)
    return C.invalid("updates of shape " + dimsText(*U) + " for indices of shape " +
                     dimsText(*I));
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
    int64_t A = norm(Axes[I], X->size());
    if (A < 0)
      return C.invalid("axis " + std::to_string(Axes[I]) + " is out of range for rank " +
                       std::to_string(X->size()));
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

void ruleResize(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  Ints Axes = C.N.attrInts("axes").value_or(Ints{});
  if (Axes.empty())
    for (size_t I = 0; I < X->size(); ++I)
      Axes.push_back(int64_t(I));
  Dims Y = *X;
  bool Upsample = C.N.OpType == "Upsample";
  unsigned ScalesIdx = Upsample ? 1 : 2, SizesIdx = 3;
  if (!Upsample && C.has(SizesIdx) && C.ints(SizesIdx)) {
    const Ints &S = *C.ints(SizesIdx);
    if (S.size() != Axes.size())
      return;
    for (size_t I = 0; I < Axes.size(); ++I) {
      int64_t A = norm(Axes[I], X->size());
      if (A < 0)
        return;
      Y[A] = S[I];
    }
    C.set(0, Y, C.type(0));
    return;
  }
  std::vector<double> Scales;
  if (auto F = C.N.attr("scales"); F && F->K == Attribute::Kind::Floats)
    Scales = F->Floats;
  else if (C.has(ScalesIdx) && C.in(ScalesIdx).FloatData)
    Scales = *C.in(ScalesIdx).FloatData;
  if (Scales.size() != Axes.size())
    return;
  for (size_t I = 0; I < Axes.size(); ++I) {
    int64_t A = norm(Axes[I], X->size());
    if (A < 0)
      return;
    if (!(Scales[I] > 0) || !std::isfinite(Scales[I]))
      return C.invalid("scales must be positive and finite, not " + std::to_string(Scales[I]));
    double D = std::floor(double(Y[A]) * Scales[I]);
    if (Y[A] >= 0 && D > double(MaxDim))
      return C.invalid("output dim " + std::to_string(D) + " is absurd (above 2^48)");
    if (Y[A] >= 0)
      Y[A] = int64_t(D);
  }
  C.set(0, Y, C.type(0));
}

void ruleRecurrent(Ctx &C, unsigned Gates) {
  const Dims *X = C.shape(0), *W = C.shape(1);
  if (!X || !W || X->size() != 3 || W->size() != 3)
    return;
  bool BatchFirst = C.N.attrInt("layout", 0) == 1;
  int64_t T = BatchFirst ? (*X)[1] : (*X)[0], B = BatchFirst ? (*X)[0] : (*X)[1];
  int64_t D = (*W)[0];
  int64_t H = C.N.attrInt("hidden_size", (*W)[1] < 0 ? -1 : (*W)[1] / Gates);
  DType Ty = C.type(0);
  if (BatchFirst)
    C.set(0, {B, T, D, H}, Ty);
  else
    C.set(0, {T, D, B, H}, Ty);
  for (unsigned I = 1; I < 3; ++I) // Y_h, Y_c
    C.set(I, BatchFirst ? Dims{B, D, H} : Dims{D, B, H}, Ty);
}

void ruleAttention(Ctx &C) {
  const Dims *Q = C.shape(0), *K = C.shape(1), *V = C.shape(2);
  if (!Q || !K || !V || Q->size() != K->size() || Q->size() != V->size())
    return;
  int64_t Past = 0;
  if (C.has(4) && C.shape(4) && C.shape(4)->size() == 4)
    Past = (*C.shape(4))[2];
  // The total sequence length: past plus new keys, checked.
  auto Total = [&](int64_t New) -> int64_t {
    CheckedInt S = CheckedInt(New) + Past;
    if (New >= 0 && Past >= 0 && S.bad())
      C.invalid("past and new sequence lengths overflow 64 bits");
    return New < 0 || Past < 0 || S.bad() ? -1 : S.value();
  };
  if (Q->size() == 4) {
    int64_t S = Total((*K)[2]);
    C.set(0, {(*Q)[0], (*Q)[1], (*Q)[2], (*V)[3]}, C.type(0));
    C.set(1, {(*K)[0], (*K)[1], S, (*K)[3]}, C.type(1));
    C.set(2, {(*V)[0], (*V)[1], S, (*V)[3]}, C.type(2));
    C.set(3, {(*Q)[0], (*Q)[1], (*Q)[2], S}, C.type(0));
    return;
  }
  if (Q->size() != 3)
    return;
  int64_t Hq = C.N.attrInt("q_num_heads", 0), Hkv = C.N.attrInt("kv_num_heads", 0);
  if (Hq <= 0 || Hkv <= 0)
    return;
  int64_t Dv = (*V)[2] < 0 ? -1 : (*V)[2] / Hkv, Dk = (*K)[2] < 0 ? -1 : (*K)[2] / Hkv;
  int64_t S = Total((*K)[1]);
  CheckedInt Width = CheckedInt(Hq) * Dv;
  if (Dv >= 0 && Width.bad())
    return C.invalid("q_num_heads x head size overflows 64 bits");
  C.set(0, {(*Q)[0], (*Q)[1], Dv < 0 ? -1 : Width.value()}, C.type(0));
  C.set(1, {(*K)[0], Hkv, S, Dk}, C.type(1));
  C.set(2, {(*V)[0], Hkv, S, Dv}, C.type(2));
  C.set(3, {(*Q)[0], Hq, (*Q)[1], S}, C.type(0));
}

void ruleMsAttention(Ctx &C) {
  const Dims *X = C.shape(0), *W = C.shape(1);
  if (!X || !W || X->size() != 3 || W->size() != 2)
    return;
  int64_t Hid = (*W)[1] < 0 ? -1 : (*W)[1] / 3;
  if (auto S = C.N.attrInts("qkv_hidden_sizes"); S && S->size() == 3)
    Hid = (*S)[2];
  C.set(0, {(*X)[0], (*X)[1], Hid}, C.type(0));
}

void ruleLayerNorm(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  C.set(0, *X, C.type(0));
  int64_t Axis = norm(C.N.attrInt("axis", -1), X->size());
  if (Axis < 0)
    return;
  Dims Stat = *X;
  for (size_t I = size_t(Axis); I < Stat.size(); ++I)
    Stat[I] = 1;
  C.set(1, Stat, DType::F32);
  C.set(2, Stat, DType::F32);
}

void ruleEinsum(Ctx &C) {
  std::vector<const Dims *> Shapes;
  for (unsigned I = 0; I < C.N.Inputs.size(); ++I)
    Shapes.push_back(C.shape(I));
  std::string Eq = C.N.attrString("equation", ""), Err;
  ops::EinsumBinding B;
  if (ops::bindEinsum(Eq, Shapes, B, Err))
    C.set(0, B.Output, C.type(0));
  else if (!Err.empty())
    C.invalid("equation '" + Eq + "': " + Err);
  C.setType(0, C.type(0));
}

/// GridSample: X [N, C, D1..Dr] sampled at grid [N, O1..Or, r] gives
/// [N, C, O1..Or] (r = 2 since opset 16, any r since 20).
void ruleGridSample(Ctx &C) {
  const Dims *X = C.shape(0), *G = C.shape(1);
  C.setType(0, C.type(0));
  if (!X || !G)
    return;
  if (X->size() < 3 || G->size() != X->size())
    return C.invalid("the grid has rank " + std::to_string(G->size()) + " and X rank " +
                     std::to_string(X->size()) + ": they must be equal and at least 3");
  int64_t Sp = int64_t(X->size()) - 2;
  if (G->back() >= 0 && G->back() != Sp)
    return C.invalid("the grid's last dim is " + std::to_string(G->back()) + ", not X's " +
                     std::to_string(Sp) + " spatial dims");
  int64_t N = (*X)[0] >= 0 ? (*X)[0] : (*G)[0];
  if ((*X)[0] >= 0 && (*G)[0] >= 0 && (*X)[0] != (*G)[0])
    return C.invalid("X has batch " + std::to_string((*X)[0]) + ", the grid " +
                     std::to_string((*G)[0]));
  Dims Y = {N, (*X)[1]};
  Y.insert(Y.end(), G->begin() + 1, G->end() - 1);
  C.set(0, Y, C.type(0));
}

// ---- sequences ----------------------------------------------------------------

/// Input I as a sequence element: type, shape, small contents.
SeqElem elemOf(Ctx &C, unsigned I) {
  SeqElem E{C.type(I), C.shape(I) ? std::optional<Dims>(*C.shape(I)) : std::nullopt, std::nullopt};
  if (const Ints *V = knownData(C, I))
    E.IntData = *V;
  return E;
}

const std::vector<SeqElem> *seqOf(Ctx &C, unsigned I) {
  return C.has(I) && C.in(I).Sequence ? &*C.in(I).Sequence : nullptr;
}

/// Sets output O to a sequence of Elems, within the pass's budget; beyond
/// it, or beyond MaxSeqLength tensors, the sequence stays unknown. Contents
/// beyond MaxFolded integers in all are dropped. The value's type is its
/// tensors' (Empty's when it has none).
void setSeq(Ctx &C, unsigned O, std::vector<SeqElem> Elems, DType Empty = DType::Undefined) {
  C.setType(O, Elems.empty() ? Empty : Elems.front().Type);
  if (!C.hasOut(O) || Elems.size() > MaxSeqLength || !C.SeqBudget || *C.SeqBudget < Elems.size())
    return;
  *C.SeqBudget -= Elems.size();
  size_t Folded = 0;
  for (SeqElem &E : Elems) {
    Folded += E.IntData ? E.IntData->size() : 0;
    if (Folded > MaxFolded)
      E.IntData.reset();
  }
  C.out(O).Sequence = std::make_shared<const std::vector<SeqElem>>(std::move(Elems));
}

/// A position in a sequence of Len tensors from input I (Default when the
/// input is absent), normalized; End allows Len (SequenceInsert). Nullopt
/// when unknown or out of range (then an error).
std::optional<size_t> seqPosition(Ctx &C, unsigned I, size_t Len, int64_t Default, bool End) {
  int64_t P = Default;
  if (C.has(I)) {
    const Ints *V = C.ints(I);
    if (!V || V->size() != 1)
      return std::nullopt;
    P = (*V)[0];
  }
  int64_t L = int64_t(Len), Q = P < 0 ? P + L : P;
  if (Q < 0 || Q > L || (Q == L && !End)) {
    C.invalid("position " + std::to_string(P) + " is out of range for a sequence of " +
              std::to_string(Len) + " tensors");
    return std::nullopt;
  }
  return size_t(Q);
}

void ruleSequenceConstruct(Ctx &C) {
  std::vector<SeqElem> Elems;
  for (unsigned I = 0; I < C.N.Inputs.size(); ++I)
    if (C.has(I))
      Elems.push_back(elemOf(C, I));
  setSeq(C, 0, std::move(Elems));
}

void ruleSequenceInsert(Ctx &C) {
  const std::vector<SeqElem> *S = seqOf(C, 0);
  if (!S)
    return;
  auto P = seqPosition(C, 2, S->size(), int64_t(S->size()), true);
  if (!P)
    return;
  std::vector<SeqElem> Elems = *S;
  Elems.insert(Elems.begin() + *P, elemOf(C, 1));
  setSeq(C, 0, std::move(Elems));
}

void ruleSequenceErase(Ctx &C) {
  const std::vector<SeqElem> *S = seqOf(C, 0);
  if (!S)
    return;
  auto P = seqPosition(C, 1, S->size(), -1, false);
  if (!P)
    return;
  std::vector<SeqElem> Elems = *S;
  Elems.erase(Elems.begin() + *P);
  setSeq(C, 0, std::move(Elems));
}

void ruleSequenceAt(Ctx &C) {
  const std::vector<SeqElem> *S = seqOf(C, 0);
  if (!S)
    return;
  auto P = seqPosition(C, 1, S->size(), 0, false);
  if (!P)
    return;
  const SeqElem &E = (*S)[*P];
  if (E.Shape)
    C.set(0, *E.Shape, E.Type);
  C.setType(0, E.Type);
  if (E.IntData && C.hasOut(0))
    C.out(0).IntData = E.IntData;
}

/// SplitToSequence: the split input is absent (parts of 1, the axis dropped
/// unless keepdims), a scalar (parts of that size, the last smaller) or the
/// sizes.
void ruleSplitToSequence(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t Axis = norm(C.N.attrInt("axis", 0), X->size());
  if (Axis < 0)
    return C.invalid("axis " + std::to_string(C.N.attrInt("axis", 0)) +
                     " is out of range for rank " + std::to_string(X->size()));
  int64_t Dim = (*X)[Axis];
  bool Keep = C.has(1) || C.N.attrInt("keepdims", 1) != 0;
  Ints Sizes;
  if (C.has(1)) {
    const Ints *V = C.ints(1);
    const Dims *VS = C.shape(1);
    if (!V || !VS)
      return;
    if (VS->empty() && V->size() == 1) {
      if ((*V)[0] <= 0)
        return C.invalid("split must be positive, not " + std::to_string((*V)[0]));
      if (Dim < 0)
        return;
      int64_t Parts = Dim / (*V)[0] + (Dim % (*V)[0] != 0);
      if (Parts > int64_t(MaxSeqLength))
        return;
      Sizes = equalParts(Dim, Parts, (*V)[0]);
    } else {
      Sizes = *V;
    }
  } else if (Dim >= 0) {
    Sizes.assign(size_t(std::min<int64_t>(Dim, MaxSeqLength + 1)), 1);
  }
  if ((Sizes.empty() && Dim != 0) || Sizes.size() > MaxSeqLength || !checkSplitSizes(C, Sizes, Dim))
    return;
  std::vector<SeqElem> Elems;
  int64_t First = 0;
  for (int64_t S : Sizes) {
    Elems.push_back(splitPart(C, size_t(Axis), First, S, Keep));
    First += S;
  }
  setSeq(C, 0, std::move(Elems));
}

void ruleConcatFromSequence(Ctx &C) {
  const std::vector<SeqElem> *S = seqOf(C, 0);
  if (!S || S->empty() || any_of(*S, [](const SeqElem &E) { return !E.Shape; }))
    return;
  bool NewAxis = C.N.attrInt("new_axis", 0) != 0;
  size_t Rank = S->front().Shape->size() + NewAxis;
  int64_t Axis = norm(C.N.attrInt("axis", 0), Rank);
  if (Axis < 0)
    return C.invalid("axis " + std::to_string(C.N.attrInt("axis", 0)) +
                     " is out of range for rank " + std::to_string(Rank));
  // Stacking is concatenating the tensors with a new axis of 1.
  std::vector<Dims> Parts;
  for (const SeqElem &E : *S) {
    Parts.push_back(*E.Shape);
    if (NewAxis && Parts.back().size() + 1 == Rank)
      Parts.back().insert(Parts.back().begin() + Axis, 1);
  }
  std::vector<const Dims *> Shapes;
  std::vector<const Ints *> Data;
  for (size_t I = 0; I < Parts.size(); ++I) {
    Shapes.push_back(&Parts[I]);
    const std::optional<Ints> &V = (*S)[I].IntData;
    Data.push_back(V && int64_t(V->size()) == prodDims(Parts[I], 0, Rank) ? &*V : nullptr);
  }
  auto Y = concatShape(C, Shapes, size_t(Axis));
  if (!Y)
    return;
  C.set(0, *Y, S->front().Type);
  if (auto R = concatData(Shapes, Data, size_t(Axis), *Y); R && C.hasOut(0))
    C.out(0).IntData = std::move(*R);
}

void ruleTopK(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t Axis = norm(C.N.attrInt("axis", -1), X->size());
  int64_t K = C.N.attrInt("k", -1);
  if (const Ints *V = C.ints(1)) {
    if (V->size() != 1)
      return C.invalid("k must hold one value, not " + std::to_string(V->size()));
    K = (*V)[0];
    if (K < 0)
      return C.invalid("k must not be negative, not " + std::to_string(K));
  }
  if (Axis < 0)
    return C.invalid("axis " + std::to_string(C.N.attrInt("axis", -1)) +
                     " is out of range for rank " + std::to_string(X->size()));
  // k computed at run time (from the data, or from shapes not folded): at
  // most the whole axis.
  if (C.has(1) && !C.ints(1))
    K = C.assume("k", (*X)[Axis],
                 (*X)[Axis] < 0 ? "the axis is unresolved"
                                : "the whole axis " + std::to_string(Axis) + " of " + dimsText(*X));
  if (K >= 0 && (*X)[Axis] >= 0 && K > (*X)[Axis])
    return C.invalid("k = " + std::to_string(K) + " is larger than axis " + std::to_string(Axis) +
                     " of size " + std::to_string((*X)[Axis]));
  Dims Y = *X;
  Y[Axis] = K;
  C.set(0, Y, C.type(0));
  C.set(1, Y, DType::I64);
}

// ---- data-dependent sizes: the user's assumption or the worst case --------

/// "what" for a shape's element count: "every element of the [2, 3] input".
std::string everyElement(const Dims &X) { return "every element of the " + dimsText(X) + " input"; }

void ruleNonMaxSuppression(Ctx &C) {
  const Dims *Boxes = C.shape(0), *Scores = C.shape(1);
  if (Boxes && (Boxes->size() != 3 || ((*Boxes)[2] >= 0 && (*Boxes)[2] != 4)))
    return C.invalid("boxes must be [batch, boxes, 4], not " + dimsText(*Boxes));
  if (Scores && Scores->size() != 3)
    return C.invalid("scores must be [batch, classes, boxes], not " + dimsText(*Scores));
  if (Boxes && Scores)
    for (auto [B, S, What] : {std::tuple{0, 0, "batch"}, std::tuple{1, 2, "boxes"}})
      if ((*Boxes)[B] >= 0 && (*Scores)[S] >= 0 && (*Boxes)[B] != (*Scores)[S])
        return C.invalid(std::string(What) + " differ: boxes " + dimsText(*Boxes) + ", scores " +
                         dimsText(*Scores));
  // max_output_boxes_per_class absent (or 0 or less) selects nothing.
  const Ints *Max = C.ints(2);
  if (Max && Max->size() != 1)
    return C.invalid("max_output_boxes_per_class must hold one value, not " +
                     std::to_string(Max->size()));
  if (!C.has(2) || (Max && (*Max)[0] <= 0)) {
    C.set(0, {0, 3}, DType::I64);
    return;
  }
  int64_t Worst = -1;
  std::string Bound = "the boxes or scores are unresolved";
  if (Boxes && Scores && (*Scores)[0] >= 0 && (*Scores)[1] >= 0 && (*Scores)[2] >= 0) {
    int64_t PerClass = Max ? std::min((*Max)[0], (*Scores)[2]) : (*Scores)[2];
    CheckedInt W = CheckedInt((*Scores)[0]) * (*Scores)[1] * PerClass;
    if (W.bad())
      return C.invalid("batch x classes x boxes overflows 64 bits");
    Worst = W.value();
    Bound = std::to_string(PerClass) + " per class (" +
            (Max && (*Max)[0] < (*Scores)[2]
                 ? "max_output_boxes_per_class"
                 : "every box: " + std::to_string((*Scores)[2]) + " of them") +
            ") x " + std::to_string((*Scores)[1]) + " class(es) x " +
            std::to_string((*Scores)[0]) + " batch";
  }
  C.set(0, {C.assume("boxes", Worst, Bound), 3}, DType::I64);
}

void ruleNonZero(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t Rank = int64_t(X->size()), N = prodDims(*X, 0, X->size());
  // A constant input: the indices themselves (shape arithmetic reads them).
  if (const Ints *V = C.ints(0); V && int64_t(V->size()) == N) {
    Ints Idx;
    int64_t Hits = 0;
    for (int64_t E : *V)
      Hits += E != 0;
    if (Hits * Rank <= int64_t(MaxFolded)) {
      Idx.assign(size_t(Hits * Rank), 0);
      int64_t J = 0;
      for (int64_t F = 0; F < N; ++F) {
        if ((*V)[F] == 0)
          continue;
        for (int64_t K = Rank - 1, R = F; K >= 0; --K) {
          Idx[K * Hits + J] = R % (*X)[K];
          R /= (*X)[K];
        }
        ++J;
      }
      C.setInts(0, std::move(Idx), {Rank, Hits});
    }
    C.set(0, {Rank, Hits}, DType::I64);
    return;
  }
  C.set(0, {Rank, C.assume("nonzero", N, N < 0 ? "the input is unresolved" : everyElement(*X))},
        DType::I64);
}

/// The optional "axis" of Compress and Unique, whose absence means the
/// flattened input: the axis (-1 when absent) and the length it selects
/// from; false (the node invalid) when the axis is out of range.
bool optionalAxis(Ctx &C, const Dims &X, int64_t &Axis, int64_t &Len) {
  Axis = -1;
  Len = prodDims(X, 0, X.size());
  if (!C.N.attr("axis"))
    return true;
  Axis = norm(C.N.attrInt("axis", 0), X.size());
  if (Axis < 0) {
    C.invalid("axis " + std::to_string(C.N.attrInt("axis", 0)) + " is out of range for rank " +
              std::to_string(X.size()));
    return false;
  }
  Len = X[Axis];
  return true;
}

/// X with the selected axis (or the flattened input) of length N.
Dims withAxisLength(const Dims &X, int64_t Axis, int64_t N) {
  Dims Y = Axis >= 0 ? X : Dims{0};
  Y[Axis >= 0 ? Axis : 0] = N;
  return Y;
}

void ruleCompress(Ctx &C) {
  const Dims *X = C.shape(0), *Cond = C.shape(1);
  if (Cond && Cond->size() != 1)
    return C.invalid("condition must be 1-D, not " + dimsText(*Cond));
  int64_t Axis, Len;
  if (!X || !optionalAxis(C, *X, Axis, Len))
    return;
  if (Cond && (*Cond)[0] >= 0 && Len >= 0 && (*Cond)[0] > Len)
    return C.invalid("condition has " + std::to_string((*Cond)[0]) + " entries for " +
                     std::to_string(Len) + " slices");
  int64_t Kept;
  if (const Ints *V = C.ints(1)) {
    Kept = 0;
    for (int64_t E : *V)
      Kept += E != 0;
  } else {
    int64_t Worst = Cond && (*Cond)[0] >= 0 ? (*Cond)[0] : Len;
    Kept = C.assume("selected", Worst,
                    Worst < 0 ? "the input is unresolved"
                              : "every one of the " + std::to_string(Worst) + " slices");
  }
  C.set(0, withAxisLength(*X, Axis, Kept), C.type(0));
}

void ruleUnique(Ctx &C) {
  const Dims *X = C.shape(0);
  int64_t Axis, Len;
  if (!X || !optionalAxis(C, *X, Axis, Len))
    return;
  int64_t U;
  if (const Ints *V = C.ints(0); V && Axis < 0 && int64_t(V->size()) == Len) {
    U = int64_t(std::set<int64_t>(V->begin(), V->end()).size());
  } else {
    U = C.assume("unique", Len,
                 Len < 0 ? "the input is unresolved"
                         : (Axis >= 0 ? "every one of the " + std::to_string(Len) + " slices"
                              : everyElement(*X)));
  }
  C.set(0, withAxisLength(*X, Axis, U), C.type(0));
  C.set(1, {U}, DType::I64);
  C.set(2, {Len}, DType::I64);
  C.set(3, {U}, DType::I64);
}

void ruleRoiAlign(Ctx &C) {
  const Dims *X = C.shape(0), *Rois = C.shape(1), *Idx = C.shape(2);
  if (X && X->size() != 4)
    return C.invalid("X must be [N, C, H, W], not " + dimsText(*X));
  if (Rois && (Rois->size() != 2 || ((*Rois)[1] >= 0 && (*Rois)[1] != 4)))
    return C.invalid("rois must be [num_rois, 4], not " + dimsText(*Rois));
  if (Idx && Idx->size() != 1)
    return C.invalid("batch_indices must be [num_rois], not " + dimsText(*Idx));
  if (Rois && Idx && (*Rois)[0] >= 0 && (*Idx)[0] >= 0 && (*Rois)[0] != (*Idx)[0])
    return C.invalid("rois " + dimsText(*Rois) + " and batch_indices " + dimsText(*Idx) +
                     " differ in num_rois");
  int64_t H = C.N.attrInt("output_height", 1), W = C.N.attrInt("output_width", 1);
  if (H <= 0 || W <= 0 || H > MaxDim || W > MaxDim)
    return C.invalid("output_height and output_width must be positive, not " +
                     std::to_string(H) + " and " + std::to_string(W));
  if (C.N.attrInt("sampling_ratio", 0) < 0)
    return C.invalid("sampling_ratio must not be negative");
  int64_t R = Rois ? (*Rois)[0] : Idx ? (*Idx)[0] : -1;
  C.set(0, {R, X ? (*X)[1] : -1, H, W}, C.type(0));
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

void ruleQuantize(Ctx &C, bool Quantize) {
  DType T = DType::F32;
  if (Quantize) {
    T = C.has(2) ? C.type(2) : DType::U8;
    if (int64_t OD = C.N.attrInt("output_dtype", 0))
      T = DType(OD);
  } else {
    T = C.type(1) == DType::Undefined ? DType::F32 : C.type(1);
  }
  if (const Dims *X = C.shape(0))
    C.set(0, *X, T);
  else
    C.setType(0, T);
}

void ruleCast(Ctx &C) {
  DType T = C.N.OpType == "CastLike" ? C.type(1) : DType(C.N.attrInt("to", 0));
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

/// Identity passes everything on: shape, contents, a sequence.
void ruleIdentity(Ctx &C) {
  sameAsInput(C);
  if (!C.hasOut(0) || !C.has(0))
    return;
  const Value &In = C.in(0);
  Value &Out = C.out(0);
  if (In.IntData)
    Out.IntData = In.IntData;
  if (In.FloatData)
    Out.FloatData = In.FloatData;
  if (In.Sequence)
    Out.Sequence = In.Sequence;
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

void ruleReduceProdFold(Ctx &C) {
  ruleReduce(C, false);
  const Ints *V = C.ints(0);
  if (!V || !C.hasOut(0) || !C.out(0).shapeKnown() ||
      (!C.out(0).Shape->empty() && prodDims(*C.out(0).Shape, 0, C.out(0).Shape->size()) != 1))
    return;
  CheckedInt R = C.N.OpType == "ReduceProd" ? 1 : 0;
  for (int64_t X : *V)
    R = C.N.OpType == "ReduceProd" ? R * X : R + X;
  if (R.bad()) {
    C.invalid("integer overflow folding " + C.N.OpType + " of constants");
    return;
  }
  C.out(0).IntData = Ints{R.value()};
}

} // namespace

Error Pass::node(Graph &G, Node &N, unsigned Depth) {
  if (!N.Subgraphs.empty())
    return controlFlow(G, N, Depth);
  Ctx C{G, N, &SeqBudget, M};
  rule(C);
  if (!C.Invalid.empty())
    return createStringError(inconvertibleErrorCode(), "node '%s' (%s): %s",
                             N.displayName(G).c_str(), N.OpType.c_str(), C.Invalid.c_str());
  return Error::success();
}

void Pass::rule(Ctx &C) {
  if (const OpEntry *E = lookupShapeRule(C.N.Domain, C.N.OpType))
    E->Shape(C);
}

// ---- the rules of analyzer/ops/Ops.def's Shape column ---------------------

void shapeSame(ShapeCtx &C) { sameAsInput(C); }
void shapeDropout(ShapeCtx &C) {
  sameAsInput(C);
  // The mask follows the data.
  if (C.hasOut(1) && C.shape(0))
    C.set(1, *C.shape(0), DType::Bool);
}
void shapeBatchNorm(ShapeCtx &C) {
  sameAsInput(C);
  // Training mode's running statistics have the scale's shape.
  for (unsigned I = 1; I < C.N.Outputs.size(); ++I)
    if (const Dims *S = C.shape(1))
      C.set(I, *S, C.type(0));
}
void shapeArith(ShapeCtx &C) {
  ruleBroadcast(C, C.type(0));
  foldBinary(C, C.N.OpType);
}
void shapeCompare(ShapeCtx &C) {
  ruleBroadcast(C, DType::Bool);
  foldBinary(C, C.N.OpType);
}
void shapeVariadic(ShapeCtx &C) {
  ruleBroadcast(C, C.type(0));
  if (C.N.Inputs.size() == 2)
    foldBinary(C, C.N.OpType);
}
void shapeUnaryFold(ShapeCtx &C) { ruleUnaryFold(C); }
void shapeWhere(ShapeCtx &C) { ruleWhere(C); }
void shapeConv(ShapeCtx &C) { ruleConv(C, 0, 1, C.type(0)); }
void shapeConvInteger(ShapeCtx &C) { ruleConv(C, 0, 1, DType::I32); }
void shapeQLinearConv(ShapeCtx &C) { ruleConv(C, 0, 3, C.has(7) ? C.type(7) : C.type(0)); }
void shapeConvTranspose(ShapeCtx &C) { ruleConvTranspose(C); }
void shapePool(ShapeCtx &C) { rulePool(C); }
void shapeGlobalPool(ShapeCtx &C) {
  if (const Dims *X = C.shape(0); X && X->size() >= 2) {
    Dims Y = *X;
    std::fill(Y.begin() + 2, Y.end(), 1);
    C.set(0, Y, C.type(0));
  }
}
void shapeMatMul(ShapeCtx &C) { ruleMatMul(C, C.type(0)); }
void shapeMatMulInteger(ShapeCtx &C) { ruleMatMul(C, DType::I32); }
void shapeQLinearMatMul(ShapeCtx &C) { ruleMatMul(C, C.has(7) ? C.type(7) : C.type(0)); }
void shapeGemm(ShapeCtx &C) { ruleGemm(C); }
void shapeEinsum(ShapeCtx &C) { ruleEinsum(C); }
void shapeLSTM(ShapeCtx &C) { ruleRecurrent(C, 4); }
void shapeGRU(ShapeCtx &C) { ruleRecurrent(C, 3); }
void shapeRNN(ShapeCtx &C) { ruleRecurrent(C, 1); }
void shapeAttention(ShapeCtx &C) { ruleAttention(C); }
void shapeMsAttention(ShapeCtx &C) { ruleMsAttention(C); }
void shapeLayerNorm(ShapeCtx &C) { ruleLayerNorm(C); }
void shapeReduceFold(ShapeCtx &C) { ruleReduceProdFold(C); }
void shapeReduce(ShapeCtx &C) { ruleReduce(C, false); }
void shapeArgReduce(ShapeCtx &C) { ruleReduce(C, true); }
void shapeReshape(ShapeCtx &C) { ruleReshape(C); }
void shapeUnsqueeze(ShapeCtx &C) { ruleUnsqueeze(C); }
void shapeSqueeze(ShapeCtx &C) { ruleSqueeze(C); }
void shapeFlatten(ShapeCtx &C) { ruleFlatten(C); }
void shapeTranspose(ShapeCtx &C) { ruleTranspose(C); }
void shapeConcat(ShapeCtx &C) { ruleConcat(C); }
void shapeSplit(ShapeCtx &C) { ruleSplit(C); }
void shapeSlice(ShapeCtx &C) { ruleSlice(C); }
void shapeGather(ShapeCtx &C) { ruleGather(C); }
void shapeGatherElements(ShapeCtx &C) { ruleGatherElements(C); }
void shapeScatterND(ShapeCtx &C) { ruleScatterND(C); }
void shapeScatterElements(ShapeCtx &C) { ruleScatterElements(C); }
void shapeShape(ShapeCtx &C) { ruleShape(C); }
void shapeSize(ShapeCtx &C) { ruleSize(C); }
void shapeConstant(ShapeCtx &C) { ruleConstant(C); }
void shapeConstantOfShape(ShapeCtx &C) { ruleConstantOfShape(C); }
void shapeRange(ShapeCtx &C) { ruleRange(C); }
void shapeExpand(ShapeCtx &C) { ruleExpand(C); }
void shapeTile(ShapeCtx &C) { ruleTile(C); }
void shapePad(ShapeCtx &C) { rulePad(C); }
void shapeResize(ShapeCtx &C) { ruleResize(C); }
void shapeCast(ShapeCtx &C) { ruleCast(C); }
void shapeTopK(ShapeCtx &C) { ruleTopK(C); }
void shapeNonMaxSuppression(ShapeCtx &C) { ruleNonMaxSuppression(C); }
void shapeNonZero(ShapeCtx &C) { ruleNonZero(C); }
void shapeGatherND(ShapeCtx &C) { ruleGatherND(C); }
void shapeOneHot(ShapeCtx &C) { ruleOneHot(C); }
void shapeCompress(ShapeCtx &C) { ruleCompress(C); }
void shapeUnique(ShapeCtx &C) { ruleUnique(C); }
void shapeRoiAlign(ShapeCtx &C) { ruleRoiAlign(C); }
void shapeDepthToSpace(ShapeCtx &C) { ruleDepthSpace(C, true); }
void shapeSpaceToDepth(ShapeCtx &C) { ruleDepthSpace(C, false); }
void shapeCol2Im(ShapeCtx &C) { ruleCol2Im(C); }
void shapeQuantize(ShapeCtx &C) { ruleQuantize(C, true); }
void shapeDequantize(ShapeCtx &C) { ruleQuantize(C, false); }
void shapeDynamicQuantize(ShapeCtx &C) {
  if (const Dims *X = C.shape(0))
    C.set(0, *X, DType::U8);
  C.set(1, {}, DType::F32);
  C.set(2, {}, DType::U8);
}
void shapeIdentity(ShapeCtx &C) { ruleIdentity(C); }
void shapeGridSample(ShapeCtx &C) { ruleGridSample(C); }
void shapeSequenceEmpty(ShapeCtx &C) {
  setSeq(C, 0, {}, DType(C.N.attrInt("dtype", int64_t(DType::F32))));
}
void shapeSequenceConstruct(ShapeCtx &C) { ruleSequenceConstruct(C); }
void shapeSequenceInsert(ShapeCtx &C) { ruleSequenceInsert(C); }
void shapeSequenceErase(ShapeCtx &C) { ruleSequenceErase(C); }
void shapeSequenceAt(ShapeCtx &C) { ruleSequenceAt(C); }
void shapeSequenceLength(ShapeCtx &C) {
  C.set(0, {}, DType::I64);
  if (const std::vector<SeqElem> *S = seqOf(C, 0); S && C.hasOut(0))
    C.out(0).IntData = Ints{int64_t(S->size())};
}
void shapeSplitToSequence(ShapeCtx &C) { ruleSplitToSequence(C); }
void shapeConcatFromSequence(ShapeCtx &C) { ruleConcatFromSequence(C); }

/// The inputs and outputs a Loop, If or Scan body must have (ONNX's operator
/// spec): a body that does not match cannot run, and its shapes would be
/// read at the wrong positions.
static Error checkSignature(const Graph &G, const Node &N) {
  auto Bad = [&](const std::string &Why) {
    return createStringError(inconvertibleErrorCode(), "node '%s' (%s): %s",
                             N.displayName(G).c_str(), N.OpType.c_str(), Why.c_str());
  };
  auto Count = [](size_t V) { return std::to_string(V); };
  StringRef Op = N.OpType;
  if (Op == "Loop") {
    const Graph *Body = N.subgraph("body");
    if (!Body)
      return Bad("has no body");
    if (N.Inputs.size() < 2)
      return Bad("needs the trip count and the condition (empty names for none)");
    size_t Carried = N.Inputs.size() - 2;
    if (Body->Inputs.size() != Carried + 2)
      return Bad("body takes " + Count(Body->Inputs.size()) + " inputs, not the iteration number, "
                 "the condition and the " + Count(Carried) + " loop-carried value(s)");
    if (Body->Outputs.size() < Carried + 1)
      return Bad("body returns " + Count(Body->Outputs.size()) + " outputs, fewer than the "
                 "condition and the " + Count(Carried) + " loop-carried value(s)");
    if (N.Outputs.size() != Body->Outputs.size() - 1)
      return Bad("has " + Count(N.Outputs.size()) + " outputs for a body returning " +
                 Count(Body->Outputs.size() - 1) + " values after the condition");
  } else if (Op == "If") {
    for (const char *Branch : {"then_branch", "else_branch"}) {
      const Graph *B = N.subgraph(Branch);
      if (!B)
        return Bad(std::string("has no ") + Branch);
      if (B->Outputs.size() != N.Outputs.size())
        return Bad(std::string(Branch) + " returns " + Count(B->Outputs.size()) +
                   " outputs for a node with " + Count(N.Outputs.size()));
    }
  } else if (Op == "Scan") {
    const Graph *Body = N.subgraph("body");
    if (!Body)
      return Bad("has no body");
    int64_t NumScan = N.attrInt("num_scan_inputs", -1);
    if (NumScan < 1 || NumScan > int64_t(N.Inputs.size()))
      return Bad("num_scan_inputs must be between 1 and the " + Count(N.Inputs.size()) +
                 " inputs, not " + std::to_string(NumScan));
    if (Body->Inputs.size() != N.Inputs.size())
      return Bad("body takes " + Count(Body->Inputs.size()) + " inputs for a node with " +
                 Count(N.Inputs.size()));
    size_t NumState = N.Inputs.size() - size_t(NumScan);
    if (Body->Outputs.size() != N.Outputs.size() || N.Outputs.size() < NumState)
      return Bad("body returns " + Count(Body->Outputs.size()) + " outputs for a node with " +
                 Count(N.Outputs.size()) + " (" + Count(NumState) + " state value(s) first)");
  }
  return Error::success();
}

Error Pass::controlFlow(Graph &G, Node &N, unsigned Depth) {
  if (Depth >= MaxDepth)
    return createStringError(inconvertibleErrorCode(),
                             "subgraphs nested deeper than %u levels at node '%s'", MaxDepth,
                             N.displayName(G).c_str());
  Ctx C{G, N};
  StringRef Op = N.OpType;
  Graph *Body = N.subgraph("body");
  if (Error E = checkSignature(G, N))
    return E;
  // A Loop that runs exactly once (torch's tensor_split exports one): its
  // body sees iteration 0 and the initial carried values, contents included,
  // and its carried outputs are the body's, so sequences and folded
  // values flow through it.
  bool Once = false;
  if (Op == "Loop" && Body) {
    const Ints *Trip = C.ints(0), *Cond = C.ints(1);
    Once = Trip && Trip->size() == 1 && (*Trip)[0] == 1 &&
           (!C.has(1) || (Cond && Cond->size() == 1 && (*Cond)[0] != 0));
    // Body inputs: iteration number, condition, loop-carried values.
    for (unsigned I = 0; I < Body->Inputs.size(); ++I) {
      Value &V = Body->value(Body->Inputs[I]);
      if (I == 0 && !V.Shape)
        V.Shape = Dims{}, V.Type = DType::I64;
      else if (I == 1 && !V.Shape)
        V.Shape = Dims{}, V.Type = DType::Bool;
      else if (I >= 2 && C.has(I) && C.shape(I) && !V.shapeKnown())
        V.Shape = *C.shape(I), V.Type = C.type(I);
      if (!Once)
        continue;
      if (I == 0)
        V.IntData = Ints{0};
      else if (I >= 2 && C.has(I)) {
        const Value &In = C.in(I);
        if (V.Type == DType::Undefined)
          V.Type = In.Type;
        V.IntData = In.IntData;
        V.FloatData = In.FloatData;
        V.Sequence = In.Sequence;
      }
    }
  }
  if (Op == "Scan" && Body) {
    int64_t NumScan = N.attrInt("num_scan_inputs", 0);
    int64_t NumState = int64_t(N.Inputs.size()) - NumScan;
    auto Axes = N.attrInts("scan_input_axes");
    for (unsigned I = 0; I < Body->Inputs.size() && I < N.Inputs.size(); ++I) {
      Value &V = Body->value(Body->Inputs[I]);
      const Dims *S = C.shape(I);
      if (!S || V.shapeKnown())
        continue;
      V.Type = C.type(I);
      if (int64_t(I) < NumState) {
        V.Shape = *S;
        continue;
      }
      int64_t Axis =
          Axes && int64_t(Axes->size()) > int64_t(I) - NumState ? (*Axes)[I - NumState] : 0;
      Axis = norm(Axis, S->size());
      if (Axis < 0)
        continue;
      Dims D = *S;
      D.erase(D.begin() + Axis);
      V.Shape = D;
    }
  }
  for (auto &[Name, Sub] : N.Subgraphs)
    if (Error E = run(*Sub, Depth + 1))
      return E;
  if (Op == "If") {
    // The branch a constant condition takes; otherwise the larger of the two
    // where they differ (a detector's "no boxes" branch returns an empty
    // tensor: the other is the worst case).
    Graph *Then = N.subgraph("then_branch"), *Else = N.subgraph("else_branch");
    const Ints *Cond = C.ints(0);
    bool Known = Cond && Cond->size() == 1;
    Graph *Taken = Known ? ((*Cond)[0] ? Then : Else) : nullptr;
    for (unsigned I = 0; I < N.Outputs.size(); ++I) {
      auto ShapeOf = [&](Graph *B) -> const Value * {
        if (!B || I >= B->Outputs.size() || B->Outputs[I] < 0)
          return nullptr;
        const Value &V = B->value(B->Outputs[I]);
        return V.Shape ? &V : nullptr;
      };
      // (Unknown and not comparable: the then-branch's, as ONNX's inference.)
      const Value *A = ShapeOf(Known ? Taken : Then), *B = Known ? nullptr : ShapeOf(Else);
      if (!A)
        continue;
      if (!B || A->Shape->size() != B->Shape->size()) {
        C.set(I, *A->Shape, A->Type);
        continue;
      }
      Dims D = *A->Shape;
      for (size_t K = 0; K < D.size(); ++K)
        D[K] = D[K] < 0 || (*B->Shape)[K] < 0 ? -1 : std::max(D[K], (*B->Shape)[K]);
      C.set(I, D, A->Type != DType::Undefined ? A->Type : B->Type);
    }
  } else if (Op == "Loop" && Body) {
    // Outputs: final carried values, then scan outputs stacked over iterations.
    unsigned Carried = unsigned(N.Inputs.size() >= 2 ? N.Inputs.size() - 2 : 0);
    LoopSteps Steps = loopSteps(*M, G, N);
    if (!Steps.Exact)
      M->Assumptions.push_back(
          {N.displayName(G), N.OpType, "steps", Steps.Steps, Steps.Stated, Steps.Bound});
    for (unsigned I = 0; I < N.Outputs.size() && I + 1 < Body->Outputs.size(); ++I) {
      const Value &V = Body->value(Body->Outputs[I + 1]);
      if (Once && I < Carried && V.Sequence && C.hasOut(I)) {
        C.out(I).Sequence = V.Sequence;
        C.setType(I, V.Type);
      }
      if (!V.Shape)
        continue;
      if (I < Carried) {
        C.set(I, *V.Shape, V.Type);
        if (Once && C.hasOut(I))
          C.out(I).IntData = V.IntData, C.out(I).FloatData = V.FloatData;
      } else {
        Dims D = *V.Shape;
        D.insert(D.begin(), Steps.Steps);
        C.set(I, D, V.Type);
      }
    }
  } else if (Op == "Scan" && Body) {
    int64_t NumScan = N.attrInt("num_scan_inputs", 0);
    unsigned NumState = unsigned(std::max<int64_t>(0, int64_t(N.Inputs.size()) - NumScan));
    int64_t Len = -1;
    if (NumScan > 0 && C.shape(NumState)) {
      auto Axes = N.attrInts("scan_input_axes");
      int64_t Axis = norm(Axes && !Axes->empty() ? (*Axes)[0] : 0, C.shape(NumState)->size());
      if (Axis >= 0)
        Len = (*C.shape(NumState))[Axis];
    }
    for (unsigned I = 0; I < N.Outputs.size() && I < Body->Outputs.size(); ++I) {
      const Value &V = Body->value(Body->Outputs[I]);
      if (!V.Shape)
        continue;
      Dims D = *V.Shape;
      if (I >= NumState)
        D.insert(D.begin(), Len);
      C.set(I, D, V.Type);
    }
  }
  return Error::success();
}

Error Pass::run(Graph &G, unsigned Depth) {
  // Refresh copies of enclosing values: the outer pass has resolved more.
  if (G.Parent)
    for (Value &V : G.Values) {
      if (!V.IsOuterRef)
        continue;
      for (const Graph *P = G.Parent; P; P = P->Parent) {
        int Id = P->find(V.Name);
        if (Id < 0)
          continue;
        const Value &O = P->value(Id);
        V.Type = O.Type;
        V.Shape = O.Shape;
        V.IntData = O.IntData;
        V.FloatData = O.FloatData;
        V.Sequence = O.Sequence;
        V.IsInitializer = O.IsInitializer;
        break;
      }
    }
  for (Node &N : G.Nodes)
    if (Error E = node(G, N, Depth))
      return E;
  return Error::success();
}

Error inferShapes(Model &M) {
  M.Main.relinkSubgraphs();
  M.Assumptions.clear();
  Pass P(&M);
  return P.run(M.Main, 0);
}

namespace {
void resetToDeclared(Graph &G) {
  for (Value &V : G.Values) {
    if (V.IsInitializer)
      continue;
    V.Shape = V.Declared;
    V.IntData.reset();
    V.FloatData.reset();
    V.Sequence.reset();
  }
  for (Node &N : G.Nodes)
    for (auto &[Attr, Sub] : N.Subgraphs)
      resetToDeclared(*Sub);
}
} // namespace

Expected<Model> ModelSource::rebind(const Model &Bound, const DimBindings &Dims) {
  if (Bound.FrontEndShapes || !Bound.DeclaredShapes)
    return bind(Dims);
  Model M = cloneModel(Bound);
  if (Error E = bindSymbolicDims(M, Dims))
    return createStringError(inconvertibleErrorCode(), "%s: %s", path().str().c_str(),
                             toString(std::move(E)).c_str());
  return std::move(M);
}

Error bindSymbolicDims(Model &M, const DimBindings &Dims, int64_t DefaultDim) {
  M.Assume = Dims.Assume;
  assert(!M.FrontEndShapes && "shapes from the front end's inference cannot be re-bound here");
  resetToDeclared(M.Main);
  std::map<std::string, int64_t> Used;
  std::vector<std::string> Defaulted;
  for (int Id : M.Main.Inputs) {
    Value &V = M.Main.value(Id);
    if (!V.Shape)
      continue;
    for (size_t K = 0; K < V.SymDims.size() && K < V.Shape->size(); ++K) {
      const std::string &Name = V.SymDims[K];
      if (Name.empty())
        continue;
      auto It = Dims.find(Name);
      int64_t D = It != Dims.end() ? It->second : DefaultDim;
      if (It == Dims.end() && !Used.count(Name))
        Defaulted.push_back(Name);
      Used[Name] = D;
      (*V.Shape)[K] = D;
    }
  }
  M.BoundDims.assign(Used.begin(), Used.end());
  M.DefaultedDims = std::move(Defaulted);
  return inferShapes(M);
}

} // namespace wattlint
