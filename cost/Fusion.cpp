//===- cost/Fusion.cpp - the kernels a runtime runs for a graph -----------===//
#include "cost/Fusion.h"
#include "analyzer/OpCost.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <map>

using namespace llvm;

namespace wattlint {
namespace {

bool isConstantValue(const Graph &G, int V) {
  if (V < 0)
    return true;
  const Value &Val = G.value(V);
  return Val.IsInitializer || Val.IntData || Val.FloatData;
}

/// Who produces and who reads each value, by profile index: per graph, an
/// array over its values and the readers in one list (compressed rows), so
/// a million-node graph costs a few ints per value and no allocation per
/// node.
class Uses {
public:
  explicit Uses(const Profile &P) : P(P) {
    auto Reads = [](const NodeProfile &R) {
      // Shape and Size read a tensor's metadata, not its data.
      return R.N->OpType != "Shape" && R.N->OpType != "Size";
    };
    for (const NodeProfile &R : P.Nodes) {
      Table &T = Tables[R.G];
      if (T.Producer.empty()) {
        T.Producer.assign(R.G->Values.size(), -1);
        T.Start.assign(R.G->Values.size() + 1, 0);
      }
      if (Reads(R))
        for (int In : R.N->Inputs)
          if (In >= 0 && size_t(In) < R.G->Values.size())
            ++T.Start[size_t(In) + 1];
    }
    for (auto &[G, T] : Tables) {
      for (size_t K = 1; K < T.Start.size(); ++K)
        T.Start[K] += T.Start[K - 1];
      T.Readers.assign(T.Start.back(), -1);
      T.Fill.assign(T.Start.begin(), T.Start.end() - 1);
    }
    for (size_t I = 0; I < P.Nodes.size(); ++I) {
      const NodeProfile &R = P.Nodes[I];
      Table &T = Tables[R.G];
      for (int O : R.N->Outputs)
        if (O >= 0 && size_t(O) < T.Producer.size())
          T.Producer[size_t(O)] = int(I);
      if (!Reads(R))
        continue;
      // A node that reads a value twice is one reader (its slots stay -1).
      for (int In : R.N->Inputs)
        if (In >= 0 && size_t(In) < T.Producer.size()) {
          unsigned &F = T.Fill[size_t(In)];
          if (F == T.Start[size_t(In)] || T.Readers[F - 1] != int(I))
            T.Readers[F++] = int(I);
        }
    }
    for (auto &[G, T] : Tables)
      T.Fill.clear();
  }
  /// A constant, or an Identity of one (exporters share weights that way).
  bool constant(const Graph *G, int V) const {
    for (int Depth = 0; Depth < 8; ++Depth) {
      if (isConstantValue(*G, V))
        return true;
      int Pr = producer(G, V);
      if (Pr < 0 || P.Nodes[size_t(Pr)].N->OpType != "Identity" ||
          P.Nodes[size_t(Pr)].N->Inputs.empty())
        return false;
      V = P.Nodes[size_t(Pr)].N->Inputs[0];
    }
    return false;
  }
  int producer(const Graph *G, int V) const {
    const Table *T = table(G);
    return T && V >= 0 && size_t(V) < T->Producer.size() ? T->Producer[size_t(V)] : -1;
  }
  /// The nodes that read V's data.
  ArrayRef<int> consumers(const Graph *G, int V) const {
    const Table *T = table(G);
    if (!T || V < 0 || size_t(V) >= T->Producer.size())
      return {};
    ArrayRef<int> All(T->Readers.data() + T->Start[size_t(V)],
                      T->Start[size_t(V) + 1] - T->Start[size_t(V)]);
    // Slots of repeated reads stay -1, at the end.
    while (!All.empty() && All.back() < 0)
      All = All.drop_back();
    return All;
  }
  /// The one node that reads V (V not a graph output), or -1.
  int sole(const Graph *G, int V) const {
    if (V < 0 || is_contained(G->Outputs, V))
      return -1;
    ArrayRef<int> C = consumers(G, V);
    return C.size() == 1 ? C[0] : -1;
  }

private:
  struct Table {
    std::vector<int> Producer, Readers;
    std::vector<unsigned> Start, Fill;
  };
  const Table *table(const Graph *G) const {
    auto It = Tables.find(G);
    return It == Tables.end() ? nullptr : &It->second;
  }
  const Profile &P;
  DenseMap<const Graph *, Table> Tables;
};

StringRef opOf(const Profile &P, int I) { return P.Nodes[size_t(I)].N->OpType; }

bool isActivation(StringRef Op) {
  static const char *const Ops[] = {
      "Relu", "Clip", "Sigmoid", "LeakyRelu",       "HardSigmoid", "HardSwish", "Tanh",
      "Gelu", "Elu",  "Selu",    "ThresholdedRelu", "Softplus",    "Mish"};
  return is_contained(Ops, Op);
}

bool isLayout(StringRef Op) {
  static const char *const Ops[] = {"Transpose", "Reshape", "Squeeze",
                                    "Unsqueeze", "Slice",   "Flatten"};
  return is_contained(Ops, Op);
}

class Grouper {
public:
  Grouper(const Profile &P, function_ref<bool(StringRef)> Fuses)
      : P(P), Rt{Fuses, {}}, U(P), GroupOf(P.Nodes.size(), -1) {}

  FusionPlan run() {
    if (Rt.fuses("attention"))
      for (size_t I = 0; I < P.Nodes.size(); ++I)
        if (opOf(P, int(I)) == "Softmax")
          attention(int(I));
    if (Rt.fuses("gelu"))
      for (size_t I = 0; I < P.Nodes.size(); ++I)
        if (opOf(P, int(I)) == "Erf")
          gelu(int(I));
    if (Rt.fuses("layernorm"))
      for (size_t I = 0; I < P.Nodes.size(); ++I)
        if (opOf(P, int(I)) == "ReduceMean")
          layerNorm(int(I));
    for (size_t I = 0; I < P.Nodes.size(); ++I)
      epilogue(int(I));
    if (Rt.fuses("gemm-activation"))
      for (size_t G = 0; G < Groups.size(); ++G)
        if (Groups[G].Pattern == "gelu")
          geluEpilogue(G);
    // Nodes alone have no group: a million-node chain allocates none.
    FusionPlan Out;
    std::vector<int> NewId(Groups.size(), -1);
    for (size_t Id = 0; Id < Groups.size(); ++Id) {
      FusedGroup &G = Groups[Id];
      if (G.Members.size() < 2)
        continue;
      llvm::sort(G.Members);
      G.Anchor = G.Members.front();
      for (int M : G.Members)
        if (P.Nodes[size_t(M)].W.Macs > 0) {
          G.Anchor = M;
          break;
        }
      G.InternalBytes = internalBytes(G);
      NewId[Id] = int(Out.Groups.size());
      Out.Groups.push_back(std::move(G));
    }
    Out.GroupOf.assign(P.Nodes.size(), -1);
    for (size_t I = 0; I < P.Nodes.size(); ++I)
      if (GroupOf[I] >= 0)
        Out.GroupOf[I] = NewId[size_t(GroupOf[I])];
    return Out;
  }

private:
  /// Which patterns to fuse: a runtime's, or the ones a rule looks for.
  struct Patterns {
    function_ref<bool(StringRef)> Fuses;
    /// Each pattern's answer once asked (the epilogue asks for every node).
    mutable SmallVector<std::pair<StringRef, bool>, 8> Asked;
    bool fuses(StringRef Pattern) const {
      for (const auto &[Name, Yes] : Asked)
        if (Name == Pattern)
          return Yes;
      bool Yes = Fuses(Pattern);
      Asked.push_back({Pattern, Yes});
      return Yes;
    }
  };
  const Profile &P;
  Patterns Rt;
  Uses U;
  std::vector<int> GroupOf;
  std::vector<FusedGroup> Groups;

  const NodeProfile &row(int I) const { return P.Nodes[size_t(I)]; }
  /// Node I's first input / output value, or -1 when it has none.
  int in0(int I) const {
    const Node &N = *row(I).N;
    return N.Inputs.empty() ? -1 : N.Inputs[0];
  }
  int out0(int I) const {
    const Node &N = *row(I).N;
    return N.Outputs.empty() ? -1 : N.Outputs[0];
  }

  /// Bytes of the values that only the group's own nodes read.
  double internalBytes(const FusedGroup &Group) const {
    if (Group.Members.size() < 2)
      return 0;
    double Bytes = 0;
    for (int M : Group.Members) {
      const NodeProfile &R = row(M);
      for (int O : R.N->Outputs) {
        if (O < 0 || is_contained(R.G->Outputs, O))
          continue;
        ArrayRef<int> C = U.consumers(R.G, O);
        if (C.empty() || any_of(C, [&](int X) { return !is_contained(Group.Members, X); }))
          continue;
        Count B = CostInput::bytes(R.G->value(O));
        if (B.overflowed())
          continue;
        // Written once by its producer, read once by each reader.
        Bytes += double(B.value()) * double(1 + C.size()) * double(R.Multiplier);
      }
    }
    return Bytes;
  }
  bool costed(int I) const {
    return I >= 0 && row(I).State == NodeProfile::Status::Costed && GroupOf[size_t(I)] < 0;
  }

  int newGroup(std::vector<int> Members, std::string Pattern) {
    int Id = int(Groups.size());
    for (int M : Members)
      GroupOf[size_t(M)] = Id;
    Groups.push_back({std::move(Members), -1, std::move(Pattern)});
    return Id;
  }

  /// True when every reader of every output of I is in Set.
  bool readOnlyBy(int I, const std::vector<int> &Set) const {
    const NodeProfile &R = row(I);
    for (int O : R.N->Outputs) {
      if (O < 0)
        continue;
      if (is_contained(R.G->Outputs, O))
        return false;
      for (int C : U.consumers(R.G, O))
        if (!is_contained(Set, C))
          return false;
    }
    return true;
  }

  /// MatMul -> scale/mask -> Softmax -> MatMul, with the layout ops that
  /// prepare Q, K and V and the ones that undo the heads after.
  void attention(int S) {
    if (!costed(S))
      return;
    const Graph *G = row(S).G;
    std::vector<int> Set = {S};
    int Cur = U.producer(G, in0(S));
    static const char *const ScoreOps[] = {"Mul", "Div", "Add", "Where", "Cast", "Dropout"};
    while (costed(Cur) && is_contained(ScoreOps, opOf(P, Cur)) && Set.size() < 8) {
      Set.push_back(Cur);
      Cur = U.producer(G, in0(Cur));
    }
    if (!costed(Cur) || opOf(P, Cur) != "MatMul")
      return;
    int QK = Cur;
    Set.push_back(QK);
    int Next = U.sole(G, out0(S));
    while (costed(Next) && (opOf(P, Next) == "Cast" || opOf(P, Next) == "Dropout")) {
      Set.push_back(Next);
      Next = U.sole(G, out0(Next));
    }
    if (!costed(Next) || opOf(P, Next) != "MatMul" || row(Next).N->Inputs.size() < 2)
      return;
    int AV = Next;
    Set.push_back(AV);
    for (int M : Set)
      if (M != AV && !readOnlyBy(M, Set))
        return; // the scores are used elsewhere: they must be written
    // Q, K (through a scale) and V arrive through views the kernel reads
    // with strides.
    std::vector<int> Starts = {in0(QK),
                               row(QK).N->Inputs.size() > 1 ? row(QK).N->Inputs[1] : -1,
                               row(AV).N->Inputs[1]};
    for (int V : Starts) {
      int Pr = U.producer(G, V);
      while (costed(Pr) && !is_contained(Set, Pr) &&
             (isLayout(opOf(P, Pr)) ||
              ((opOf(P, Pr) == "Mul" || opOf(P, Pr) == "Div") && row(Pr).N->Inputs.size() == 2 &&
               U.constant(G, row(Pr).N->Inputs[1])))) {
        std::vector<int> Trial = Set;
        Trial.push_back(Pr);
        if (!readOnlyBy(Pr, Trial))
          break;
        Set.push_back(Pr);
        Pr = U.producer(G, in0(Pr));
      }
    }
    // The output's head transpose and reshape.
    int Out = AV;
    for (int Steps = 0; Steps < 3; ++Steps) {
      int C = U.sole(G, out0(Out));
      if (!costed(C) || (opOf(P, C) != "Transpose" && opOf(P, C) != "Reshape"))
        break;
      Set.push_back(C);
      Out = C;
    }
    newGroup(std::move(Set), "attention");
  }

  /// x / sqrt(2) -> Erf -> + 1 -> * x -> * 0.5, as exporters write GELU.
  void gelu(int E) {
    if (!costed(E))
      return;
    const Graph *G = row(E).G;
    std::vector<int> Set = {E};
    int Pr = U.producer(G, in0(E));
    if (costed(Pr) && (opOf(P, Pr) == "Div" || opOf(P, Pr) == "Mul") &&
        U.sole(G, out0(Pr)) == E)
      Set.push_back(Pr);
    int Cur = E;
    for (int Steps = 0; Steps < 3; ++Steps) {
      int C = U.sole(G, out0(Cur));
      if (!costed(C) || (opOf(P, C) != "Add" && opOf(P, C) != "Mul"))
        break;
      Set.push_back(C);
      Cur = C;
    }
    if (Set.size() >= 4)
      newGroup(std::move(Set), "gelu");
  }

  /// ReduceMean -> Sub -> Pow -> ReduceMean -> Add -> Sqrt -> Div (-> Mul ->
  /// Add): every node reached from the first mean through these ops, as long
  /// as only the last one's output leaves.
  void layerNorm(int R0) {
    if (!costed(R0))
      return;
    const Graph *G = row(R0).G;
    static const char *const Ops[] = {"Sub", "Pow", "ReduceMean", "Add", "Sqrt", "Div", "Mul"};
    std::vector<int> Set = {R0}, Work = {R0};
    bool SawSqrt = false;
    while (!Work.empty() && Set.size() < 10) {
      int I = Work.back();
      Work.pop_back();
      for (int O : row(I).N->Outputs)
        for (int C : U.consumers(G, O))
          if (costed(C) && !is_contained(Set, C) && is_contained(Ops, opOf(P, C))) {
            SawSqrt |= opOf(P, C) == "Sqrt";
            Set.push_back(C);
            Work.push_back(C);
          }
    }
    if (!SawSqrt || Set.size() < 6)
      return;
    int Leaving = 0;
    for (int M : Set)
      Leaving += !readOnlyBy(M, Set);
    if (Leaving == 1)
      newGroup(std::move(Set), "layernorm");
  }

  /// A decomposed GELU whose one input is a GEMM's or Conv's output, read by
  /// nothing else: the activation epilogue of that kernel.
  void geluEpilogue(size_t Id) {
    const std::vector<int> &Set = Groups[Id].Members;
    int Input = -1;
    const Graph *G = row(Set.front()).G;
    for (int M : Set)
      for (int V : row(M).N->Inputs) {
        int Pr = U.producer(G, V);
        if (V < 0 || U.constant(G, V) || (Pr >= 0 && is_contained(Set, Pr)) || V == Input)
          continue;
        if (Input >= 0)
          return; // more than one tensor enters
        Input = V;
      }
    int Pr = Input < 0 ? -1 : U.producer(G, Input);
    if (Pr < 0 || is_contained(G->Outputs, Input))
      return;
    for (int C : U.consumers(G, Input))
      if (!is_contained(Set, C))
        return;
    int PId = GroupOf[size_t(Pr)];
    StringRef Head = PId < 0 ? opOf(P, Pr)
                     : Groups[size_t(PId)].Members.empty()
                         ? ""
                         : opOf(P, Groups[size_t(PId)].Members.front());
    if (PId == int(Id) ||
        (Head != "MatMul" && Head != "Gemm" && Head != "Conv" && Head != "ConvTranspose"))
      return;
    if (PId < 0)
      PId = newGroup({Pr}, "");
    std::vector<int> Moved = std::move(Groups[Id].Members);
    Groups[Id].Members.clear();
    FusedGroup &PG = Groups[size_t(PId)];
    for (int M : Moved) {
      GroupOf[size_t(M)] = PId;
      PG.Members.push_back(M);
    }
    PG.Pattern = PG.Pattern.empty() ? "gemm-activation" : PG.Pattern + "+gemm-activation";
  }

  /// Joins I to its producer's group when I is an epilogue the runtime fuses.
  void epilogue(int I) {
    const NodeProfile &R = row(I);
    if (R.State != NodeProfile::Status::Costed || R.Family != "elementwise" ||
        GroupOf[size_t(I)] >= 0)
      return;
    const Graph *G = R.G;
    for (size_t K = 0; K < R.N->Inputs.size(); ++K) {
      int V = R.N->Inputs[K];
      if (V < 0 || U.constant(G, V) || U.sole(G, V) != I)
        continue;
      int Pr = U.producer(G, V);
      if (Pr < 0 || row(Pr).State != NodeProfile::Status::Costed)
        continue;
      // The producer's group, or the producer alone.
      int PId = GroupOf[size_t(Pr)];
      if (PId >= 0 && (Groups[size_t(PId)].Members.empty() ||
                       Groups[size_t(PId)].Pattern == "attention"))
        continue;
      int Head0 = PId < 0 ? Pr : Groups[size_t(PId)].Members.front();
      size_t Size = PId < 0 ? 1 : Groups[size_t(PId)].Members.size();
      bool OtherConstant = true;
      for (size_t J = 0; J < R.N->Inputs.size(); ++J)
        if (J != K && !U.constant(G, R.N->Inputs[J]))
          OtherConstant = false;
      StringRef Head = opOf(P, Head0);
      StringRef Op = R.N->OpType;
      const char *Pattern = nullptr;
      bool Gemm = Head == "MatMul" || Head == "Gemm" || Head == "Conv" || Head == "ConvTranspose";
      if (Head == "MatMul" && Op == "Add" && OtherConstant && Size == 1 &&
          Rt.fuses("gemm-bias"))
        Pattern = "gemm-bias";
      else if (Gemm && isActivation(Op) && Rt.fuses("gemm-activation"))
        Pattern = "gemm-activation";
      else if (Head == "Conv" && Op == "Add" && !OtherConstant && Rt.fuses("conv-residual"))
        Pattern = "conv-residual";
      else if (Rt.fuses("pointwise") && (Gemm || row(Head0).Family == "elementwise"))
        Pattern = "pointwise";
      if (!Pattern)
        continue;
      if (PId < 0)
        PId = newGroup({Pr}, "");
      FusedGroup &PG = Groups[size_t(PId)];
      GroupOf[size_t(I)] = PId;
      PG.Members.push_back(I);
      if (PG.Pattern.empty())
        PG.Pattern = Pattern;
      else if (!StringRef(PG.Pattern).contains(Pattern))
        PG.Pattern += std::string("+") + Pattern;
      return;
    }
  }
};

} // namespace

FusionPlan fuseGroups(const Profile &P, const Runtime &Rt) {
  return Grouper(P, [&Rt](StringRef Pattern) { return Rt.fuses(Pattern); }).run();
}

FusionPlan matchPatterns(const Profile &P, ArrayRef<StringRef> Patterns) {
  return Grouper(P, [Patterns](StringRef Pattern) { return is_contained(Patterns, Pattern); })
      .run();
}

} // namespace wattlint
