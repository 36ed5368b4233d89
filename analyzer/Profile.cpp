//===- analyzer/Profile.cpp - per-node work of a whole model --------------===//
#include "analyzer/Profile.h"
#include "analyzer/OpCost.h"
#include "analyzer/ShapeRules.h"
#include "analyzer/ops/OpFamilies.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/StringSaver.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

using namespace llvm;

namespace wattlint {

size_t Profile::uncostedNodes() const {
  size_t N = UnresolvedShapes.size();
  for (const auto &[Op, Count] : UnknownOps)
    N += Count;
  return N;
}

double Work::intensity() const {
  uint64_t Bytes = bytesRead() + BytesWritten;
  return Bytes == 0 ? 0.0 : double(Flops) / double(Bytes);
}

namespace {

class Profiler {
public:
  Profiler(const Model &M, Profile &P) : M(M), P(P) {
    for (const Assumption &A : M.Assumptions)
      if (A.Op != "Loop") // a Loop's note comes from its own row
        Assumed[A.Node] = &A;
  }
  Error walk(const Graph &G, const std::string &Path, uint64_t Multiplier);
  /// The weights counted in some node's params or buffers, by name.
  const StringSet<> &counted() const { return CountedParams; }

private:
  Error costNode(const Graph &G, const Node &N, NodeProfile &R);
  /// How G's nodes read its weights, for counting parameters.
  struct WeightReads {
    /// Values read only as BatchNormalization's running mean or variance.
    std::vector<bool> StatsOnly;
    /// Identity outputs that are a weight again for a later call of the
    /// module that read it first, not a parameter of their own.
    DenseSet<int> CallCopies;
  };
  static WeightReads weightReads(const Graph &G);
  Error countParams(const Graph &G, const Node &N, const WeightReads &Reads, NodeProfile &R);
  Error controlFlow(const Graph &G, const Node &N, const std::string &Path, uint64_t Multiplier,
                    NodeProfile &R);
  Error overflow(const Graph &G, const Node &N) {
    return createStringError(inconvertibleErrorCode(),
                             "node '%s' (%s): count overflows 64 bits; the dims are absurd",
                             N.displayName(G).c_str(), N.OpType.c_str());
  }

  const Model &M;
  Profile &P;
  StringSet<> CountedParams;
  /// The data-dependent size of each node that has one, by name.
  StringMap<const Assumption *> Assumed;
};

/// A tensor of known shape, or a sequence of known tensors.
bool resolved(const Value &V) { return V.shapeKnown() || V.sequenceKnown(); }

bool allShapesKnown(const Graph &G, const Node &N) {
  for (int I : N.Inputs)
    if (I >= 0 && !resolved(G.value(I)))
      return false;
  for (int O : N.Outputs)
    if (O >= 0 && !resolved(G.value(O)))
      return false;
  return true;
}

bool isControlFlow(const Node &N) { return !N.Subgraphs.empty(); }

/// Nodes of G and its subgraphs: the rows a profile of G has.
size_t countNodes(const Graph &G) {
  size_t N = G.Nodes.size();
  for (const Node &Nd : G.Nodes)
    for (const auto &Sub : Nd.Subgraphs)
      N += countNodes(*Sub.second);
  return N;
}

} // namespace

Error Profiler::costNode(const Graph &G, const Node &N, NodeProfile &R) {
  const OpEntry *E = lookupOp(N.Domain, N.OpType, N.OpsetVersion);
  if (!E) {
    R.State = NodeProfile::Status::UnknownOp;
    R.Note = "no cost function for " + (N.Domain.empty() ? "" : N.Domain + ".") + N.OpType;
    return Error::success();
  }
  R.Family = E->Family;
  // Recurrent ops may omit Y and keep only Y_h; their counts read inputs only.
  bool OutputNeeded = StringRef(E->Family) != "recurrent";
  bool Arity = N.Inputs.size() >= E->MinInputs &&
               (!OutputNeeded || (!N.Outputs.empty() && N.Outputs[0] >= 0));
  for (unsigned I = 0; Arity && I < E->MinInputs; ++I)
    Arity = N.Inputs[I] >= 0;
  if (!Arity) {
    R.State = NodeProfile::Status::UnresolvedShape;
    R.Note = N.OpType + " needs " + std::to_string(E->MinInputs) + " inputs and an output";
    return Error::success();
  }
  if (!allShapesKnown(G, N)) {
    R.State = NodeProfile::Status::UnresolvedShape;
    R.Note = "shape unresolved";
    return Error::success();
  }
  CostInput In(G, N);
  OpWork W;
  if (!E->Fn(In, W)) {
    R.State = NodeProfile::Status::UnresolvedShape;
    R.Note = W.Note;
    return Error::success();
  }
  // (Most models have no data-dependent size: no name is built for them.)
  if (auto It = Assumed.empty() ? Assumed.end() : Assumed.find(N.displayName(G));
      It != Assumed.end() && It->second->Value >= 0) {
    const Assumption &A = *It->second;
    std::string Say = A.Kind + " = " + std::to_string(A.Value) +
                      (A.Stated ? " (assumed)" : ", the worst case: " + A.Bound);
    W.Note = W.Note.empty() ? Say : Say + "; " + W.Note;
  }
  if (!W.CustomBytes) {
    for (unsigned I = 0; I < In.numInputs(); ++I) {
      if (!In.hasInput(I))
        continue;
      if (In.in(I).IsInitializer)
        W.BytesReadWeights += ops::valueBytes(In.in(I));
      else
        W.BytesReadActivations += ops::valueBytes(In.in(I));
    }
    for (unsigned I = 0; I < In.numOutputs(); ++I)
      if (In.hasOutput(I))
        W.BytesWritten += ops::valueBytes(In.out(I));
  }
  Count Mult = R.Multiplier;
  Count Flops = W.Macs * Count(2) + W.ElementwiseFlops + W.TranscendentalFlops;
  Count Parts[] = {W.Macs * Mult,
                   Flops * Mult,
                   W.ElementwiseFlops * Mult,
                   W.TranscendentalFlops * Mult,
                   Count(R.W.Params),
                   W.BytesReadActivations * Mult,
                   W.BytesReadWeights * Mult,
                   W.BytesWritten * Mult};
  for (const Count &C : Parts)
    if (C.overflowed())
      return overflow(G, N);
  uint64_t Buffers = R.W.Buffers;
  R.W = {Parts[0].value(), Parts[1].value(), Parts[2].value(), Parts[3].value(),
         Parts[4].value(), Parts[5].value(), Parts[6].value(), Parts[7].value()};
  R.W.Buffers = Buffers;
  // (A note from counting the params, e.g. a folded BatchNorm, stays first.)
  if (!W.Note.empty())
    R.Note = R.Note.empty() ? W.Note : R.Note.str() + "; " + W.Note;
  return Error::success();
}

/// The module scope torch's exporter gives a node: its name up to the last '/'.
static StringRef scopeOf(StringRef NodeName) {
  size_t Slash = NodeName.rfind('/');
  return Slash == StringRef::npos ? StringRef() : NodeName.take_front(Slash);
}

/// Whether scope A is scope B called again: torch's exporter names the Kth
/// further call of a module after it with "_K" ("/head/conv/conv.1_1" for
/// "/head/conv/conv.1"). Different modules whose names merely share a stem
/// ("branch_2" and "branch_1") are not copies.
static bool isCallCopy(StringRef A, StringRef B) {
  SmallVector<StringRef, 8> SA, SB;
  A.split(SA, '/');
  B.split(SB, '/');
  if (SA.size() != SB.size())
    return false;
  bool Copy = false;
  for (size_t I = 0; I < SA.size(); ++I) {
    if (SA[I] == SB[I])
      continue;
    StringRef Rest = SA[I];
    if (SB[I].empty() || !Rest.consume_front(SB[I]) || !Rest.consume_front("_") || Rest.empty() ||
        !all_of(Rest, isDigit))
      return false;
    Copy = true;
  }
  return Copy;
}

Profiler::WeightReads Profiler::weightReads(const Graph &G) {
  WeightReads W;
  std::vector<uint8_t> Reads(G.Values.size(), 0); // bit 0: as a statistic, bit 1: otherwise
  // The weights Identity nodes alias, and the aliases: the scopes of the
  // nodes that read each (other than through further Identities) decide
  // whether an alias is a later call's copy.
  DenseMap<int, SmallVector<StringRef, 4>> Scopes;
  auto Aliasing = [&](const Node &N) {
    return N.OpType == "Identity" && N.Domain.empty() && N.Inputs.size() == 1 && N.Inputs[0] >= 0 &&
           N.Outputs.size() == 1 && N.Outputs[0] >= 0 && G.value(N.Inputs[0]).IsInitializer;
  };
  for (const Node &N : G.Nodes)
    if (Aliasing(N)) {
      Scopes[N.Inputs[0]];
      Scopes[N.Outputs[0]];
    }
  for (const Node &N : G.Nodes)
    for (size_t K = 0; K < N.Inputs.size(); ++K) {
      int I = N.Inputs[K];
      if (I < 0 || size_t(I) >= Reads.size())
        continue;
      bool Stat = N.OpType == "BatchNormalization" && N.Domain.empty() && (K == 3 || K == 4);
      Reads[I] |= Stat ? 1 : 2;
      if (Scopes.empty() || N.OpType == "Identity")
        continue;
      auto It = Scopes.find(I);
      if (It != Scopes.end() && !is_contained(It->second, scopeOf(N.Name)))
        It->second.push_back(scopeOf(N.Name));
    }
  W.StatsOnly.resize(Reads.size());
  for (size_t I = 0; I < Reads.size(); ++I)
    W.StatsOnly[I] = Reads[I] == 1;
  if (Scopes.empty())
    return W;
  // torch's exporter points every alias of equal tensors at the first one.
  // Per weight, the scopes that read it or any alias of it: an alias that
  // constant folding made (named onnx::<Op>_<n>; a parameter keeps its
  // own name) is a later call's copy when each scope reading it is a call
  // copy of one of those ("/conv.4_1" of "/conv.4", itself an alias of
  // conv.1's equal weight).
  DenseMap<int, SmallVector<StringRef, 8>> Family;
  for (const Node &N : G.Nodes)
    if (Aliasing(N)) {
      SmallVector<StringRef, 8> &F = Family[N.Inputs[0]];
      if (F.empty())
        F.append(Scopes[N.Inputs[0]].begin(), Scopes[N.Inputs[0]].end());
      F.append(Scopes[N.Outputs[0]].begin(), Scopes[N.Outputs[0]].end());
    }
  for (const Node &N : G.Nodes) {
    if (!Aliasing(N) || !StringRef(G.value(N.Outputs[0]).Name).starts_with("onnx::"))
      continue;
    const SmallVector<StringRef, 4> &Alias = Scopes[N.Outputs[0]];
    const SmallVector<StringRef, 8> &All = Family[N.Inputs[0]];
    if (!Alias.empty() && all_of(Alias, [&](StringRef A) {
          return any_of(All, [&](StringRef B) { return isCallCopy(A, B); });
        }))
      W.CallCopies.insert(N.Outputs[0]);
  }
  return W;
}

/// The parameters of the table a relative-position bias was expanded from,
/// when input K of N is one: torch's exporter folds Swin's and MaxViT's
/// table[index] into a constant [1, heads, W^2, W^2] (named onnx::Add_<n>)
/// added to the attention scores [..., heads, W^2, W^2] of a W x W window,
/// whose trained table holds (2W - 1)^2 x heads.
static std::optional<uint64_t> relativePositionTable(const Graph &G, const Node &N, size_t K) {
  if (N.OpType != "Add" || !N.Domain.empty() || N.Inputs.size() != 2 || N.Inputs[1 - K] < 0)
    return std::nullopt;
  const Value &Bias = G.value(N.Inputs[K]), &Scores = G.value(N.Inputs[1 - K]);
  if (!StringRef(Bias.Name).starts_with("onnx::Add_") || !isFloat(Bias.Type) || !Bias.Shape ||
      Scores.IsInitializer || !Scores.Shape || Scores.Shape->size() < 3)
    return std::nullopt;
  const Dims &B = *Bias.Shape, &S = *Scores.Shape;
  if (B.size() < 3 || B.size() > 4 || (B.size() == 4 && B[0] != 1))
    return std::nullopt;
  int64_t Heads = B[B.size() - 3], Len = B.back();
  if (Heads < 1 || Len < 4 || B[B.size() - 2] != Len || S.back() != Len ||
      S[S.size() - 2] != Len || S[S.size() - 3] != Heads)
    return std::nullopt;
  int64_t W = int64_t(std::lround(std::sqrt(double(Len))));
  if (W * W != Len)
    return std::nullopt;
  return uint64_t(2 * W - 1) * uint64_t(2 * W - 1) * uint64_t(Heads);
}

Error Profiler::countParams(const Graph &G, const Node &N, const WeightReads &Reads,
                            NodeProfile &R) {
  // Parameters do not depend on shapes: each weight initializer counts once,
  // at its first consumer, whether that node is costed, unresolved or of an
  // unknown op. Index and shape tensors (int64) and masks (bool) are not parameters,
  // nor are the condition and trip count of If and Loop.
  unsigned Control = N.OpType == "If" ? 1 : N.OpType == "Loop" ? 2 : 0;
  Count Params = 0;
  // An Identity of a weight is how torch's exporter writes a parameter whose
  // values equal another's (the layers of nn.TransformerEncoder start as
  // copies of one layer): it stays a parameter of its own, counted under
  // the Identity's output name. Weights tied on purpose are one initializer
  // read by several nodes, counted once. An alias read only as BatchNorm's
  // running statistics is a buffer (a random-init export aliases every
  // BatchNorm's zero mean and unit variance). An alias that only later calls
  // of the module that read the weight first read is that weight again.
  Count Buffers = 0;
  if (N.OpType == "Identity" && N.Inputs.size() == 1 && N.Inputs[0] >= 0 &&
      N.Outputs.size() == 1 && N.Outputs[0] >= 0) {
    const Value &V = G.value(N.Inputs[0]);
    if (V.IsInitializer && V.Type != DType::I64 && V.Type != DType::Bool && V.Shape &&
        !Reads.CallCopies.contains(N.Outputs[0]) &&
        CountedParams.insert(G.value(N.Outputs[0]).Name).second) {
      const std::vector<bool> &StatsOnly = Reads.StatsOnly;
      bool Stat = size_t(N.Outputs[0]) < StatsOnly.size() && StatsOnly[N.Outputs[0]];
      (Stat ? Buffers : Params) += CostInput::elems(*V.Shape);
      if (!Stat)
        ++P.WeightTensors;
    }
    if (Params.overflowed() || Buffers.overflowed())
      return overflow(G, N);
    R.W.Params = Params.value();
    R.W.Buffers = Buffers.value();
    return Error::success();
  }
  // NonMaxSuppression's thresholds are settings, not weights.
  size_t Last = N.OpType == "NonMaxSuppression" ? std::min<size_t>(2, N.Inputs.size())
                                                : N.Inputs.size();
  for (size_t K = Control; K < Last; ++K) {
    int I = N.Inputs[K];
    if (I < 0)
      continue;
    const Value &V = G.value(I);
    if (!V.IsInitializer || V.Type == DType::I64 || V.Type == DType::Bool || !V.Shape ||
        !CountedParams.insert(V.Name).second)
      continue;
    // BatchNormalization's running mean and variance (inputs 3 and 4) are
    // state, not trained: PyTorch counts them as buffers, as any registered
    // buffer.
    if (V.IsBuffer || (N.OpType == "BatchNormalization" && N.Domain.empty() && (K == 3 || K == 4))) {
      Buffers += CostInput::elems(*V.Shape);
      continue;
    }
    if (std::optional<uint64_t> Table = relativePositionTable(G, N, K)) {
      Params += Count(*Table);
      ++P.WeightTensors;
      R.Note = "a relative-position bias the exporter expanded from its (2W-1)^2 x heads table "
               "counts as the table, as PyTorch counts it";
      continue;
    }
    Params += CostInput::elems(*V.Shape);
    ++P.WeightTensors;
  }
  // torch's exporter folds an eval-mode BatchNorm into the Conv before it
  // and names the new weight and bias onnx::Conv_<n>: the bias (C) stands
  // for the BatchNorm's scale and shift (2C parameters) and its running
  // statistics (2C buffers) in the model the framework counts.
  if (N.OpType == "Conv" && N.Domain.empty() && N.Inputs.size() == 3 && N.Inputs[1] >= 0 &&
      N.Inputs[2] >= 0) {
    const Value &W = G.value(N.Inputs[1]), &B = G.value(N.Inputs[2]);
    // (A random-init export may alias equal biases through Identity nodes:
    // the names still say where they came from.)
    if (B.Shape && B.Shape->size() == 1 && StringRef(W.Name).starts_with("onnx::Conv_") &&
        StringRef(B.Name).starts_with("onnx::Conv_")) {
      Count C = CostInput::elems(*B.Shape);
      Params += C;
      Buffers += C * Count(2);
      R.Note = "a BatchNorm folded into it by the exporter counts as PyTorch counts it";
    }
  }
  if (Params.overflowed() || Buffers.overflowed())
    return overflow(G, N);
  R.W.Params = Params.value();
  R.W.Buffers = Buffers.value();
  return Error::success();
}

Error Profiler::controlFlow(const Graph &G, const Node &N, const std::string &Path,
                            uint64_t Multiplier, NodeProfile &R) {
  R.State = NodeProfile::Status::ControlFlow;
  std::string Here = Path + "/" + N.displayName(G);
  auto Times = [&](uint64_t K, uint64_t &Out) {
    Count C = Count(Multiplier) * Count(K);
    if (C.overflowed())
      return false;
    Out = C.value();
    return true;
  };
  if (N.OpType == "If") {
    const Graph *Then = N.subgraph("then_branch"), *Else = N.subgraph("else_branch");
    const Value *Cond = N.Inputs.empty() || N.Inputs[0] < 0 ? nullptr : &G.value(N.Inputs[0]);
    int Taken = -1; // 1 then, 0 else, -1 unknown
    if (Cond && Cond->IntData && Cond->IntData->size() == 1)
      Taken = (*Cond->IntData)[0] != 0;
    // Cost both branches; keep the taken one, or the costlier when unknown.
    size_t ThenBegin = P.Nodes.size();
    if (Then)
      if (Error E = walk(*Then, Here + "/then_branch", Multiplier))
        return E;
    size_t ElseBegin = P.Nodes.size();
    if (Else)
      if (Error E = walk(*Else, Here + "/else_branch", Multiplier))
        return E;
    size_t End = P.Nodes.size();
    auto Sum = [&](size_t B, size_t E) {
      uint64_t S = 0;
      for (size_t I = B; I < E; ++I)
        S += P.Nodes[I].W.Flops + P.Nodes[I].W.bytesRead() + P.Nodes[I].W.BytesWritten;
      return S;
    };
    if (Taken >= 0)
      R.Note = std::string("condition is constant: ") + (Taken ? "then" : "else") + " branch";
    if (Taken < 0) {
      Taken = Sum(ThenBegin, ElseBegin) >= Sum(ElseBegin, End);
      R.Note = std::string("condition unknown: counting the costlier ") +
               (Taken ? "then" : "else") + " branch";
    }
    size_t DropB = Taken ? ElseBegin : ThenBegin, DropE = Taken ? End : ElseBegin;
    // The branch not taken does no work, but its weights are in the file.
    for (size_t I = DropB; I < DropE; ++I) {
      uint64_t Params = P.Nodes[I].W.Params;
      P.Nodes[I].Multiplier = 0;
      P.Nodes[I].W = Work{};
      P.Nodes[I].W.Params = Params;
    }
    return Error::success();
  }
  uint64_t Iterations = 0;
  bool Known = false;
  if (N.OpType == "Loop") {
    const Value *Trip = N.Inputs.empty() || N.Inputs[0] < 0 ? nullptr : &G.value(N.Inputs[0]);
    LoopSteps L = loopSteps(M, G, N);
    constexpr int64_t MaxTrips = int64_t(1) << 40;
    if (L.Exact && Trip && Trip->IntData && (*Trip->IntData)[0] > MaxTrips)
      return createStringError(inconvertibleErrorCode(),
                               "node '%s' (Loop): trip count %lld is absurd (above 2^40)",
                               N.displayName(G).c_str(), (long long)(*Trip->IntData)[0]);
    if (L.Steps >= 0) {
      Iterations = uint64_t(L.Steps);
      Known = true;
    }
    if (!L.Exact)
      R.Note = L.Steps < 0 ? "Loop steps unbounded: " + L.Bound + "; not counted until assumed"
                           : std::string(L.Stated ? "assumed" : "at most") + " " +
                                 std::to_string(L.Steps) + " steps (" + L.Bound + ")";
    // The body's shapes are its first step's: they stand for the others only
    // where the values it carries keep their shapes.
    const Graph *Body = N.subgraph("body");
    if (std::string Change = Body ? carriedShapeChange(*Body) : "";
        !Change.empty() && Known && !(L.Exact && L.Steps <= 1)) {
      Known = false;
      R.Note = Change + ", so its steps differ";
    }
  } else if (N.OpType == "Scan") {
    int64_t NumScan = N.attrInt("num_scan_inputs", 0);
    auto Axes = N.attrInts("scan_input_axes");
    int64_t First = int64_t(N.Inputs.size()) - NumScan;
    if (NumScan > 0 && First >= 0 && N.Inputs[First] >= 0) {
      const Value &S = G.value(N.Inputs[First]);
      int64_t Axis = Axes && !Axes->empty() ? (*Axes)[0] : 0;
      if (N.OpsetVersion < 9) {
        // Scan-8 scans [batch, sequence, ...] along axis 1, once per batch
        // element (sequence_lens may end some early: the full length is the
        // bound).
        if (S.shapeKnown() && S.Shape->size() >= 2) {
          Count Runs = Count::dim((*S.Shape)[0]) * Count::dim((*S.Shape)[1]);
          if (Runs.overflowed())
            return overflow(G, N);
          Iterations = Runs.value();
          Known = true;
        }
      } else if (S.shapeKnown() && S.Shape->size() > 0) {
        int64_t Rank = int64_t(S.Shape->size());
        if (Axis < 0)
          Axis += Rank;
        if (Axis >= 0 && Axis < Rank) {
          Iterations = uint64_t((*S.Shape)[Axis]);
          Known = true;
        }
      }
    }
    if (!Known)
      R.Note = "Scan length unresolved";
  } else {
    R.Note = "subgraphs of " + N.OpType + " are not counted";
  }
  if (Known && !Times(Iterations, Iterations))
    return overflow(G, N);
  if (!Known) {
    R.State = NodeProfile::Status::UnresolvedShape;
    Iterations = 0;
  } else if (R.Note.empty()) {
    R.Note = "runs its body " + std::to_string(Iterations / std::max<uint64_t>(Multiplier, 1)) +
             " times";
  }
  for (const auto &[Name, Sub] : N.Subgraphs)
    if (Error E = walk(*Sub, Here + "/" + Name, Iterations))
      return E;
  return Error::success();
}

Error Profiler::walk(const Graph &G, const std::string &Path, uint64_t Multiplier) {
  WeightReads Reads = weightReads(G);
  StringSaver Strings(*P.Strings);
  SmallString<64> Label;
  InternedString GraphPath(Path);
  for (const Node &N : G.Nodes) {
    NodeProfile R;
    R.G = &G;
    R.N = &N;
    R.GraphPath = GraphPath;
    if (N.Name.empty()) {
      // Written once into Strings: no temporary string a node.
      Label.clear();
      N.appendDisplayName(Label, G);
      R.Name = Strings.save(Label.str());
    } else {
      R.Name = N.Name;
    }
    R.Multiplier = Multiplier;
    for (int O : N.Outputs)
      if (O >= 0) {
        R.Type = G.value(O).Type;
        break;
      }
    if (Error E = countParams(G, N, Reads, R))
      return E;
    size_t Index = P.Nodes.size();
    P.Nodes.push_back(std::move(R));
    if (isControlFlow(N)) {
      NodeProfile Tmp = P.Nodes[Index];
      if (Error E = controlFlow(G, N, Path, Multiplier, Tmp))
        return E;
      P.Nodes[Index] = std::move(Tmp);
      continue;
    }
    if (Error E = costNode(G, N, P.Nodes[Index]))
      return E;
  }
  return Error::success();
}

Expected<Profile> profileModel(const Model &M) {
  Profile P;
  Profiler Pr(M, P);
  // Sized once: growing by doubling holds two copies of the rows at the peak.
  P.Nodes.reserve(countNodes(M.Main));
  if (Error E = Pr.walk(M.Main, "", 1))
    return std::move(E);
  Count T[8], Buffers = 0;
  std::map<std::string, unsigned> Unknown;
  for (const NodeProfile &R : P.Nodes) {
    switch (R.State) {
    case NodeProfile::Status::Costed:
      if (R.Multiplier > 0)
        ++P.CostedNodes;
      break;
    case NodeProfile::Status::ControlFlow:
      break;
    case NodeProfile::Status::UnknownOp:
      ++Unknown[(R.N->Domain.empty() ? "" : R.N->Domain + ".") + R.N->OpType];
      break;
    case NodeProfile::Status::UnresolvedShape:
      P.UnresolvedShapes.push_back(R.GraphPath.empty() ? R.Name.str()
                                                       : (R.GraphPath + "/" + R.Name).str());
      break;
    }
    const Work &W = R.W;
    uint64_t Fields[] = {W.Macs,
                         W.Flops,
                         W.ElementwiseFlops,
                         W.TranscendentalFlops,
                         W.Params,
                         W.BytesReadActivations,
                         W.BytesReadWeights,
                         W.BytesWritten};
    for (int I = 0; I < 8; ++I)
      T[I] += Count(Fields[I]);
    Buffers += Count(W.Buffers);
  }
  // Reports write counts as signed 64-bit numbers (JSON, CSV): a total
  // past 2^63 - 1 is as absurd as one past 2^64.
  auto Absurd = [](const Count &C) {
    return C.overflowed() || C.value() > uint64_t(std::numeric_limits<int64_t>::max());
  };
  if (Absurd(Buffers))
    return createStringError(inconvertibleErrorCode(),
                             "model totals overflow 64 bits; the dims are absurd");
  for (const Count &C : T)
    if (Absurd(C))
      return createStringError(inconvertibleErrorCode(),
                               "model totals overflow 64 bits; the dims are absurd");
  P.Totals = {T[0].value(), T[1].value(), T[2].value(), T[3].value(),
              T[4].value(), T[5].value(), T[6].value(), T[7].value()};
  P.Totals.Buffers = Buffers.value();
  // Weights a C++ module registers that forward() never reads: PyTorch
  // counts them (the front end names each: graph-unused-initializer).
  Count Unread = 0, UnreadBuffers = 0;
  for (const Value &V : M.Main.Values)
    if (V.IsInitializer && M.InitializerPlaces.count(V.Name) && V.Shape &&
        !Pr.counted().count(V.Name))
      (V.IsBuffer ? UnreadBuffers : Unread) += CostInput::elems(*V.Shape);
  Count AllParams = Count(P.Totals.Params) + Unread,
        AllBuffers = Count(P.Totals.Buffers) + UnreadBuffers;
  if (Absurd(AllParams) || Absurd(AllBuffers))
    return createStringError(inconvertibleErrorCode(),
                             "model totals overflow 64 bits; the dims are absurd");
  P.UnreadParams = Unread.value(), P.UnreadBuffers = UnreadBuffers.value();
  P.Totals.Params = AllParams.value(), P.Totals.Buffers = AllBuffers.value();
  P.UnknownOps.assign(Unknown.begin(), Unknown.end());
  return std::move(P);
}

} // namespace wattlint
