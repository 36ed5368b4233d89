//===- cost/Fusion.cpp - the kernels a runtime runs for a graph -----------===//
#include "cost/Fusion.h"
#include "analyzer/OpCost.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
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

/// Who produces and who reads each value, by profile index.
class Uses {
public:
  explicit Uses(const Profile &P) : P(P) {
    for (size_t I = 0; I < P.Nodes.size(); ++I) {
      const NodeProfile &R = P.Nodes[I];
      for (int O : R.N->Outputs)
        if (O >= 0)
          Producer[{R.G, O}] = int(I);
      // Shape and Size read a tensor's metadata, not its data.
      if (R.N->OpType == "Shape" || R.N->OpType == "Size")
        continue;
      for (int In : R.N->Inputs)
        if (In >= 0 && !is_contained(Consumers[{R.G, In}], int(I)))
          Consumers[{R.G, In}].push_back(int(I));
    }
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
    auto It = Producer.find({G, V});
    return It == Producer.end() ? -1 : It->second;
  }
  const std::vector<int> &consumers(const Graph *G, int V) const {
    static const std::vector<int> None;
    auto It = Consumers.find({G, V});
    return It == Consumers.end() ? None : It->second;
  }
  /// The one node that reads V (V not a graph output), or -1.
  int sole(const Graph *G, int V) const {
    if (V < 0 || is_contained(G->Outputs, V))
      return -1;
    const std::vector<int> &C = consumers(G, V);
    return C.size() == 1 ? C[0] : -1;
  }

private:
  const Profile &P;
  std::map<std::pair<const Graph *, int>, int> Producer;
  std::map<std::pair<const Graph *, int>, std::vector<int>> Consumers;
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
  Grouper(const Profile &P, const Runtime &Rt) : P(P), Rt(Rt), U(P), GroupOf(P.Nodes.size(), -1) {}

  std::vector<FusedGroup> run() {
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
    for (size_t I = 0; I < P.Nodes.size(); ++I) {
      if (GroupOf[I] < 0)
        GroupOf[I] = newGroup({int(I)}, "");
      epilogue(int(I));
    }
    if (Rt.fuses("gemm-activation"))
      for (size_t G = 0; G < Groups.size(); ++G)
        if (Groups[G].Pattern == "gelu")
          geluEpilogue(G);
    std::vector<FusedGroup> Out;
    for (FusedGroup &G : Groups)
      if (!G.Members.empty()) {
        llvm::sort(G.Members);
        G.Anchor = G.Members.front();
        for (int M : G.Members)
          if (P.Nodes[size_t(M)].W.Macs > 0) {
            G.Anchor = M;
            break;
          }
        G.InternalBytes = internalBytes(G);
        Out.push_back(std::move(G));
      }
    llvm::sort(Out, [](const FusedGroup &A, const FusedGroup &B) {
      return A.Members.back() < B.Members.back();
    });
    return Out;
  }

private:
  const Profile &P;
  const Runtime &Rt;
  Uses U;
  std::vector<int> GroupOf;
  std::vector<FusedGroup> Groups;

  const NodeProfile &row(int I) const { return P.Nodes[size_t(I)]; }

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
        const std::vector<int> &C = U.consumers(R.G, O);
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
    int Cur = U.producer(G, row(S).N->Inputs[0]);
    static const char *const ScoreOps[] = {"Mul", "Div", "Add", "Where", "Cast", "Dropout"};
    while (costed(Cur) && is_contained(ScoreOps, opOf(P, Cur)) && Set.size() < 8) {
      Set.push_back(Cur);
      Cur = row(Cur).N->Inputs.empty() ? -1 : U.producer(G, row(Cur).N->Inputs[0]);
    }
    if (!costed(Cur) || opOf(P, Cur) != "MatMul")
      return;
    int QK = Cur;
    Set.push_back(QK);
    int Next = U.sole(G, row(S).N->Outputs[0]);
    while (costed(Next) && (opOf(P, Next) == "Cast" || opOf(P, Next) == "Dropout")) {
      Set.push_back(Next);
      Next = U.sole(G, row(Next).N->Outputs[0]);
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
    std::vector<int> Starts = {row(QK).N->Inputs[0],
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
        Pr = row(Pr).N->Inputs.empty() ? -1 : U.producer(G, row(Pr).N->Inputs[0]);
      }
    }
    // The output's head transpose and reshape.
    int Out = AV;
    for (int Steps = 0; Steps < 3; ++Steps) {
      int C = U.sole(G, row(Out).N->Outputs[0]);
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
    int Pr = U.producer(G, row(E).N->Inputs[0]);
    if (costed(Pr) && (opOf(P, Pr) == "Div" || opOf(P, Pr) == "Mul") &&
        U.sole(G, row(Pr).N->Outputs[0]) == E)
      Set.push_back(Pr);
    int Cur = E;
    for (int Steps = 0; Steps < 3; ++Steps) {
      int C = U.sole(G, row(Cur).N->Outputs[0]);
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
    std::vector<int> &Set = Groups[Id].Members;
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
    FusedGroup &PG = Groups[size_t(GroupOf[size_t(Pr)])];
    StringRef Head = PG.Members.empty() ? "" : opOf(P, PG.Members.front());
    if (&PG == &Groups[Id] ||
        (Head != "MatMul" && Head != "Gemm" && Head != "Conv" && Head != "ConvTranspose"))
      return;
    for (int M : Set) {
      GroupOf[size_t(M)] = GroupOf[size_t(Pr)];
      PG.Members.push_back(M);
    }
    PG.Pattern = PG.Pattern.empty() ? "gemm-activation" : PG.Pattern + "+gemm-activation";
    Set.clear();
  }

  /// Joins I to its producer's group when I is an epilogue the runtime fuses.
  void epilogue(int I) {
    const NodeProfile &R = row(I);
    if (R.State != NodeProfile::Status::Costed || R.Family != "elementwise" ||
        Groups[size_t(GroupOf[size_t(I)])].Members.size() != 1)
      return;
    const Graph *G = R.G;
    for (size_t K = 0; K < R.N->Inputs.size(); ++K) {
      int V = R.N->Inputs[K];
      if (V < 0 || U.constant(G, V) || U.sole(G, V) != I)
        continue;
      int Pr = U.producer(G, V);
      if (Pr < 0 || row(Pr).State != NodeProfile::Status::Costed)
        continue;
      FusedGroup &PG = Groups[size_t(GroupOf[size_t(Pr)])];
      if (PG.Members.empty() || PG.Pattern == "attention")
        continue;
      bool OtherConstant = true;
      for (size_t J = 0; J < R.N->Inputs.size(); ++J)
        if (J != K && !U.constant(G, R.N->Inputs[J]))
          OtherConstant = false;
      StringRef Head = opOf(P, PG.Members.front());
      StringRef Op = R.N->OpType;
      const char *Pattern = nullptr;
      bool Gemm = Head == "MatMul" || Head == "Gemm" || Head == "Conv" || Head == "ConvTranspose";
      if (Head == "MatMul" && Op == "Add" && OtherConstant && PG.Members.size() == 1 &&
          Rt.fuses("gemm-bias"))
        Pattern = "gemm-bias";
      else if (Gemm && isActivation(Op) && Rt.fuses("gemm-activation"))
        Pattern = "gemm-activation";
      else if (Head == "Conv" && Op == "Add" && !OtherConstant && Rt.fuses("conv-residual"))
        Pattern = "conv-residual";
      else if (Rt.fuses("pointwise") && (Gemm || row(PG.Members.front()).Family == "elementwise"))
        Pattern = "pointwise";
      if (!Pattern)
        continue;
      Groups[size_t(GroupOf[size_t(I)])].Members.clear();
      GroupOf[size_t(I)] = GroupOf[size_t(Pr)];
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

std::vector<FusedGroup> fuseGroups(const Profile &P, const Runtime &Rt) {
  return Grouper(P, Rt).run();
}

} // namespace wattlint
