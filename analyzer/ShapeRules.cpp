//===- analyzer/ShapeRules.cpp - wattlint's own shape inference -----------===//
//
// The pass over a model's graphs: each op's rule is the Shape column of its
// row in analyzer/ops/Ops.def, beside its cost function, so that every front
// end (ONNX, LibTorch C++) gets the same shapes. The rules live by family
// under analyzer/shapes/, as the cost functions do under analyzer/ops/;
// control flow (If, Loop, Scan) is the pass's own.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ShapeRules.h"
#include "analyzer/ModelSource.h"
#include "analyzer/shapes/ShapeRuleUtil.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cassert>
#include <utility>

using namespace llvm;

namespace wattlint {

namespace {

/// Sequence tensors one pass creates at most (bounded memory).
constexpr size_t MaxSeqTensors = size_t(1) << 18;
/// Subgraph nesting beyond this is refused (protobuf stops far earlier).
constexpr unsigned MaxDepth = 64;

using shapes::Ints;

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

std::string carriedShapeChange(const Graph &Body) {
  // Body inputs: iteration, condition, carried values; outputs: condition,
  // carried values, scan outputs.
  for (size_t I = 2; I < Body.Inputs.size() && I - 1 < Body.Outputs.size(); ++I) {
    if (Body.Inputs[I] < 0 || Body.Outputs[I - 1] < 0)
      continue;
    const ShapeRef &In = Body.value(Body.Inputs[I]).Shape,
                   &Out = Body.value(Body.Outputs[I - 1]).Shape;
    if (!In || !Out)
      continue;
    bool Changes = In->size() != Out->size();
    for (size_t K = 0; !Changes && K < In->size(); ++K)
      Changes = (*In)[K] >= 0 && (*Out)[K] >= 0 && (*In)[K] != (*Out)[K];
    if (Changes)
      return "loop-carried value " + std::to_string(I - 2) + " enters the body as " +
             shapes::listStr(*In) + " and leaves it as " + shapes::listStr(*Out);
  }
  return "";
}

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

} // namespace

/// A node whose inputs make a shape that no valid model has (Why says how).
static Error invalidNode(const Graph &G, const Node &N, const std::string &Why) {
  return createStringError(inconvertibleErrorCode(), "node '%s' (%s): %s", N.displayName(G).c_str(),
                           N.OpType.c_str(), Why.c_str());
}

namespace {
/// The ranks the ONNX spec gives operands (a shape, a count, a condition)
/// and inputs of a fixed rank: a tensor of another rank would be read as
/// something else (a [2, 2] shape's first row, a condition's first value).
struct RankRule {
  const char *Op;
  unsigned Input;
  unsigned MinRank, MaxRank;
  bool OneElement; // and no more than one element
};
const RankRule RankRules[] = {
    {"Reshape", 1, 1, 1, false},
    {"Expand", 1, 1, 1, false},
    {"Tile", 1, 1, 1, false},
    {"ConstantOfShape", 0, 1, 1, false},
    {"Range", 0, 0, 0, false},
    {"Range", 1, 0, 0, false},
    {"Range", 2, 0, 0, false},
    {"If", 0, 0, 1, true},
    {"Loop", 0, 0, 1, true},
    {"Loop", 1, 0, 1, true},
    {"CumSum", 1, 0, 1, true},
    {"Clip", 1, 0, 0, false},
    {"Clip", 2, 0, 0, false},
    {"EyeLike", 0, 2, 2, false},
    {"Trilu", 0, 2, 64, false},
    {"Trilu", 1, 0, 0, false},
    {"OneHot", 1, 0, 1, true},
    {"TopK", 1, 1, 1, true},
    {"DepthToSpace", 0, 4, 4, false},
    {"SpaceToDepth", 0, 4, 4, false},
    {"Pad", 2, 0, 1, true},
    {"SequenceAt", 1, 0, 1, true},
    {"SequenceInsert", 2, 0, 1, true},
    {"SequenceErase", 1, 0, 1, true},
    {"GlobalAveragePool", 0, 3, 64, false},
    {"GlobalMaxPool", 0, 3, 64, false},
    {"GlobalLpPool", 0, 3, 64, false},
};

/// Why N's inputs do not have the ranks RankRules gives them, or "".
std::string rankProblem(const Graph &G, const Node &N) {
  if (!N.Domain.empty())
    return "";
  // The rules' ops interned once: a pointer compare per rule and node.
  static const std::vector<InternedString> Ops = [] {
    std::vector<InternedString> R;
    for (const RankRule &Rule : RankRules)
      R.emplace_back(Rule.Op);
    return R;
  }();
  for (size_t I = 0; I < Ops.size(); ++I) {
    const RankRule &R = RankRules[I];
    if (N.OpType != Ops[I] || R.Input >= N.Inputs.size() || N.Inputs[R.Input] < 0)
      continue;
    const Value &V = G.value(N.Inputs[R.Input]);
    if (!V.Shape)
      continue;
    size_t Rank = V.Shape->size();
    bool Many = R.OneElement && Rank == 1 && (*V.Shape)[0] > 1;
    if (Rank < R.MinRank || Rank > R.MaxRank || Many) {
      std::string Want = R.MinRank == R.MaxRank ? "rank " + std::to_string(R.MinRank)
                         : R.MaxRank >= 64      ? "rank " + std::to_string(R.MinRank) + " or more"
                                                : "rank " + std::to_string(R.MinRank) + " to " +
                                                 std::to_string(R.MaxRank);
      if (R.OneElement)
        Want = "one element (" + Want + ")";
      return "input " + std::to_string(R.Input) + " has shape " + shapes::listStr(*V.Shape) +
             "; it must have " + Want;
    }
  }
  return "";
}
} // namespace

Error Pass::node(Graph &G, Node &N, unsigned Depth) {
  Ctx C{G, N, &SeqBudget, M};
  size_t Before = M ? M->Assumptions.size() : 0;
  if (std::string Why = rankProblem(G, N); !Why.empty())
    return invalidNode(G, N, Why);
  if (!N.Subgraphs.empty()) {
    if (Error E = controlFlow(G, N, Depth))
      return E;
  } else {
    rule(C);
    if (!C.why().empty())
      return invalidNode(G, N, C.why());
  }
  // A worst case the node assumed, or one its inputs carry, bounds its outputs.
  if (C.worstCase() || (M && M->Assumptions.size() > Before))
    for (int O : N.Outputs)
      if (O >= 0)
        G.value(O).IsWorstCase = true;
  return Error::success();
}

void Pass::rule(Ctx &C) {
  if (const OpEntry *E = lookupShapeRule(C.N.Domain, C.N.OpType))
    E->Shape(C);
}

/// The inputs and outputs a Loop, If or Scan body must have (ONNX's operator
/// spec): a body that does not match cannot run, and its shapes would be
/// read at the wrong positions.
static Error checkSignature(const Graph &G, const Node &N) {
  auto Bad = [&](const std::string &Why) { return invalidNode(G, N, Why); };
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
      if (!B->Inputs.empty())
        return Bad(std::string(Branch) + " takes " + Count(B->Inputs.size()) +
                   " input(s); a branch takes none (it reads outer values by name)");
    }
  } else if (Op == "Scan" && N.OpsetVersion >= 9) {
    // (Scan-8 takes sequence_lens first and scans [batch, sequence, ...]
    // tensors along axis 1: its shapes are left unresolved, not checked.)
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
    // One direction and one axis per scanned input and per scan output.
    size_t ScanOuts = N.Outputs.size() - NumState;
    for (auto [Attr, Want] :
         {std::pair{"scan_input_directions", size_t(NumScan)},
          std::pair{"scan_input_axes", size_t(NumScan)},
          std::pair{"scan_output_directions", ScanOuts}, std::pair{"scan_output_axes", ScanOuts}})
      if (auto L = N.attrInts(Attr); L && L->size() != Want)
        return Bad(
            std::string(Attr) + " has " + Count(L->size()) + " value(s) for " + Count(Want) +
            (StringRef(Attr).starts_with("scan_input") ? " scanned input(s)" : " scan output(s)"));
  }
  return Error::success();
}

/// The element types of a control-flow node, once its bodies' are known: a
/// Loop's trip count is an int64 and an If's or a Loop's condition a bool
/// (another type would be read as one: a float 3.0 as its bits), an If's
/// branches return the same types, a Loop body's condition is a bool, and a
/// value a Loop carries or a Scan keeps as state has one type throughout.
static Error checkTypes(const Graph &G, const Node &N) {
  auto TypeOf = [](const Graph *B, bool Out, size_t I) {
    const std::vector<int> &L = Out ? B->Outputs : B->Inputs;
    return I < L.size() && L[I] >= 0 ? B->value(L[I]).Type : DType::Undefined;
  };
  auto Differ = [](DType A, DType B) {
    return A != DType::Undefined && B != DType::Undefined && A != B;
  };
  auto Bad = [&](const std::string &Why) { return invalidNode(G, N, Why); };
  StringRef Op = N.OpType;
  if (Op == "Loop" || Op == "If") {
    unsigned CondAt = Op == "If" ? 0 : 1;
    for (unsigned I = 0; I <= CondAt && I < N.Inputs.size(); ++I) {
      if (N.Inputs[I] < 0)
        continue;
      DType Have = G.value(N.Inputs[I]).Type, Want = I == CondAt ? DType::Bool : DType::I64;
      if (Differ(Have, Want))
        return Bad(std::string(I == CondAt ? "the condition" : "the trip count") + " is " +
                   dtypeName(Have).str() + "; it must be " + dtypeName(Want).str());
    }
  }
  if (Op == "If") {
    const Graph *Then = N.subgraph("then_branch"), *Else = N.subgraph("else_branch");
    for (size_t I = 0; Then && Else && I < N.Outputs.size(); ++I)
      if (DType A = TypeOf(Then, true, I), B = TypeOf(Else, true, I); Differ(A, B))
        return Bad("output " + std::to_string(I) + " is " + dtypeName(A).str() +
                   " in then_branch and " + dtypeName(B).str() + " in else_branch");
  } else if (Op == "Loop" || (Op == "Scan" && N.OpsetVersion >= 9)) {
    const Graph *Body = N.subgraph("body");
    if (!Body)
      return Error::success();
    bool Loop = Op == "Loop";
    if (DType Cond = TypeOf(Body, true, 0); Loop && Differ(Cond, DType::Bool))
      return Bad("the body's condition output is " + dtypeName(Cond).str() + ", not bool");
    // Carried values: body inputs 2.. and outputs 1.. of a Loop; a Scan's
    // first N.Inputs.size() - num_scan_inputs inputs and outputs.
    size_t Carried = Loop ? (N.Inputs.size() >= 2 ? N.Inputs.size() - 2 : 0)
                          : size_t(std::max<int64_t>(0, int64_t(N.Inputs.size()) -
                                                            N.attrInt("num_scan_inputs", 0)));
    size_t InAt = Loop ? 2 : 0, OutAt = Loop ? 1 : 0;
    for (size_t I = 0; I < Carried; ++I) {
      DType Before = TypeOf(Body, false, InAt + I), After = TypeOf(Body, true, OutAt + I);
      if (Differ(Before, After))
        return Bad(std::string(Loop ? "loop-carried value " : "state ") + std::to_string(I) +
                   " enters the body as " + dtypeName(Before).str() + " and leaves it as " +
                   dtypeName(After).str());
    }
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
      else if (I >= 2 && C.has(I) && C.shape(I) && V.Shape && !V.IsOuterRef) {
        // The body's own word for a carried value must fit what enters it:
        // in a model no binding changes, a contradiction is an error; where
        // a symbolic dim was bound, the body may state the export's own
        // binding, and what enters counts.
        const Dims &In = *C.shape(I), &Body = *V.Shape;
        bool Fits = In.size() == Body.size();
        for (size_t K = 0; Fits && K < In.size(); ++K)
          Fits = In[K] < 0 || Body[K] < 0 || In[K] == Body[K];
        if (!Fits && M->BoundDims.empty())
          return invalidNode(G, N,
                             "the body declares " + shapes::listStr(Body) +
                                 " for loop-carried value " + std::to_string(I - 2) +
                                 ", which enters as " + shapes::listStr(In));
        if (!Fits)
          V.Shape = In;
      }
      if (I >= 2 && C.has(I) && C.shape(I) && !V.shapeKnown())
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
  if (Op == "Scan" && Body && N.OpsetVersion >= 9) {
    int64_t NumScan = N.attrInt("num_scan_inputs", 0);
    int64_t NumState = int64_t(N.Inputs.size()) - NumScan;
    auto Axes = N.attrInts("scan_input_axes");
    int64_t Length = -1; // every scanned input has as many positions
    for (unsigned I = 0; I < Body->Inputs.size() && I < N.Inputs.size(); ++I) {
      Value &V = Body->value(Body->Inputs[I]);
      const Dims *S = C.shape(I);
      if (!S)
        continue;
      int64_t Axis = -1;
      if (int64_t(I) >= NumState) {
        Axis = Axes && int64_t(Axes->size()) > int64_t(I) - NumState ? (*Axes)[I - NumState] : 0;
        Axis = shapes::axisOf(C, Axis, S->size());
        if (Axis < 0)
          return invalidNode(G, N, C.Invalid);
        int64_t Here = (*S)[Axis];
        if (Here >= 0 && Length >= 0 && Here != Length)
          return invalidNode(G, N,
                             "scanned inputs have " + std::to_string(Length) + " and " +
                                 std::to_string(Here) + " positions along their axes");
        if (Here >= 0)
          Length = Here;
      }
      if (V.shapeKnown())
        continue;
      V.Type = C.type(I);
      if (int64_t(I) < NumState) {
        V.Shape = *S;
        continue;
      }
      Dims D = *S;
      D.erase(D.begin() + Axis);
      V.Shape = D;
    }
  }
  for (auto &[Name, Sub] : N.Subgraphs)
    if (Error E = run(*Sub, Depth + 1))
      return E;
  if (Error E = checkTypes(G, N))
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
    bool Changes = !carriedShapeChange(*Body).empty();
    if (!Steps.Exact)
      M->Assumptions.push_back(
          {N.displayName(G), N.OpType, "steps", Steps.Steps, Steps.Stated, Steps.Bound});
    for (unsigned I = 0; I < N.Outputs.size() && I + 1 < Body->Outputs.size(); ++I) {
      const Value &V = Body->value(Body->Outputs[I + 1]);
      if (Once && I < Carried && V.Sequence && C.hasOut(I)) {
        C.out(I).Sequence = V.Sequence;
        C.setType(I, V.Type);
      }
      // No step: the carried values as they entered.
      if (I < Carried && Steps.Exact && Steps.Steps == 0) {
        if (C.shape(I + 2))
          C.set(I, *C.shape(I + 2), C.type(I + 2));
        continue;
      }
      if (!V.Shape)
        continue;
      if (I < Carried && Changes && !(Steps.Exact && Steps.Steps == 1)) {
        // A shape the body changes is known only where it stays.
        const Dims *In = C.shape(I + 2);
        if (!In || In->size() != V.Shape->size())
          continue;
        Dims D = *V.Shape;
        for (size_t K = 0; K < D.size(); ++K)
          if ((*In)[K] != D[K])
            D[K] = -1;
        C.set(I, D, V.Type);
        continue;
      }
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
  } else if (Op == "Scan" && Body && N.OpsetVersion >= 9) {
    int64_t NumScan = N.attrInt("num_scan_inputs", 0);
    unsigned NumState = unsigned(std::max<int64_t>(0, int64_t(N.Inputs.size()) - NumScan));
    int64_t Len = -1;
    if (NumScan > 0 && C.shape(NumState)) {
      auto Axes = N.attrInts("scan_input_axes");
      int64_t Axis =
          ops::normAxis(Axes && !Axes->empty() ? (*Axes)[0] : 0, C.shape(NumState)->size());
      if (Axis >= 0)
        Len = (*C.shape(NumState))[Axis];
    }
    // Scan outputs stack the body's along scan_output_axes (0 by default).
    auto OutAxes = N.attrInts("scan_output_axes");
    for (unsigned I = 0; I < N.Outputs.size() && I < Body->Outputs.size(); ++I) {
      const Value &V = Body->value(Body->Outputs[I]);
      if (!V.Shape)
        continue;
      Dims D = *V.Shape;
      if (I >= NumState) {
        size_t J = I - NumState;
        int64_t Axis = OutAxes && J < OutAxes->size() ? (*OutAxes)[J] : 0;
        Axis = shapes::axisOf(C, Axis, D.size() + 1);
        if (Axis < 0)
          return invalidNode(G, N, C.Invalid);
        D.insert(D.begin() + Axis, Len);
      }
      C.set(I, D, V.Type);
    }
  }
  if (!C.why().empty())
    return invalidNode(G, N, C.why());
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
        V.IsWorstCase = O.IsWorstCase;
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
    V.IsWorstCase = false;
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
      V.Shape.setDim(K, D);
    }
  }
  M.BoundDims.assign(Used.begin(), Used.end());
  M.DefaultedDims = std::move(Defaulted);
  return inferShapes(M);
}

} // namespace wattlint
