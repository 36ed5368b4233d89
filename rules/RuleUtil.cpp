//===- rules/RuleUtil.cpp - helpers the rules share -----------------------===//
#include "rules/RuleUtil.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <map>

using namespace llvm;

namespace wattlint {

bool isRelabel(const Node &N) {
  static const char *const Ops[] = {"Reshape", "Squeeze",  "Unsqueeze",
                                    "Flatten", "Identity", "Transpose"};
  return is_contained(Ops, StringRef(N.OpType));
}

std::vector<const Node *> realConsumers(const RuleContext &C, const Graph &G, int Id) {
  std::vector<const Node *> Out, Work = C.consumers(G, Id);
  for (size_t I = 0; I < Work.size() && I < 10000; ++I) {
    const Node *N = Work[I];
    // Shape and Size read metadata only: not a use of the data.
    if (N->OpType == "Shape" || N->OpType == "Size")
      continue;
    if (!isRelabel(*N)) {
      Out.push_back(N);
      continue;
    }
    for (int O : N->Outputs)
      if (O >= 0)
        for (const Node *U : C.consumers(G, O))
          Work.push_back(U);
  }
  return Out;
}

std::optional<int64_t> constantIndex(const Graph &G, const Node &N, unsigned I) {
  if (N.Inputs.size() <= I || N.Inputs[I] < 0)
    return std::nullopt;
  const Value &V = G.value(N.Inputs[I]);
  if (!V.IntData || V.IntData->size() != 1)
    return std::nullopt;
  return (*V.IntData)[0];
}

std::vector<std::vector<int>> connectedGroups(const RuleContext &C,
                                              const std::vector<int> &Members) {
  std::vector<int> Parent(Members.size());
  for (size_t I = 0; I < Parent.size(); ++I)
    Parent[I] = int(I);
  auto Find = [&](int X) {
    while (Parent[X] != X)
      X = Parent[X] = Parent[Parent[X]];
    return X;
  };
  std::map<std::pair<const Graph *, int>, int> ProducedBy; // value -> member slot
  for (size_t I = 0; I < Members.size(); ++I) {
    const NodeProfile &R = C.P.Nodes[Members[I]];
    for (int O : R.N->Outputs)
      if (O >= 0)
        ProducedBy[{R.G, O}] = int(I);
  }
  for (size_t I = 0; I < Members.size(); ++I) {
    const NodeProfile &R = C.P.Nodes[Members[I]];
    for (int In : R.N->Inputs)
      if (auto It = ProducedBy.find({R.G, In}); In >= 0 && It != ProducedBy.end())
        Parent[Find(int(I))] = Find(It->second);
  }
  std::map<int, std::vector<int>> Groups;
  for (size_t I = 0; I < Members.size(); ++I)
    Groups[Find(int(I))].push_back(Members[I]);
  std::vector<std::vector<int>> Out;
  for (auto &[Root, G] : Groups) {
    std::sort(G.begin(), G.end());
    Out.push_back(std::move(G));
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

Finding groupFinding(const RuleContext &C, const std::vector<int> &Group, std::string Message) {
  double Energy = 0;
  for (int Index : Group)
    Energy += C.energy(Index);
  Finding F = C.finding(Group.back(), std::move(Message), Energy);
  F.Related.assign(Group.begin(), Group.end() - 1);
  return F;
}

Work groupWork(const RuleContext &C, const std::vector<int> &Group) {
  Work W;
  for (int Index : Group) {
    const Work &N = C.P.Nodes[Index].W;
    W.Macs += N.Macs;
    W.Flops += N.Flops;
    W.BytesReadActivations += N.BytesReadActivations;
    W.BytesReadWeights += N.BytesReadWeights;
    W.BytesWritten += N.BytesWritten;
  }
  return W;
}

namespace {
/// Adds At to F's related locations unless F has that place already.
void addRelated(Finding &F, const SourceNote &At) {
  if (none_of(F.RelatedLocations, [&](const SourceNote &S) {
        return S.File == At.File && S.Line == At.Line && S.Column == At.Column;
      }))
    F.RelatedLocations.push_back(At);
}
} // namespace

void relateLocation(const RuleContext &C, Finding &F, const Node &N, std::string Message) {
  if (F.NodeIndex >= 0 && N.Location == C.P.Nodes[F.NodeIndex].N->Location)
    return;
  if (std::optional<SourceNote> At = sourceNote(N.Location, std::move(Message)))
    addRelated(F, *At);
}

void mergeRepeats(std::vector<Finding> &Findings) {
  std::vector<Finding> Out;
  std::vector<unsigned> Count;
  std::map<std::string, size_t> First;
  for (Finding &F : Findings) {
    auto [It, New] = First.insert({F.Message, Out.size()});
    if (New) {
      Out.push_back(std::move(F));
      Count.push_back(1);
      continue;
    }
    Finding &Into = Out[It->second];
    ++Count[It->second];
    Into.SavingsJ += F.SavingsJ;
    Into.SavingsFraction += F.SavingsFraction;
    if (F.NodeIndex >= 0)
      Into.Related.push_back(F.NodeIndex);
    Into.Related.insert(Into.Related.end(), F.Related.begin(), F.Related.end());
    for (const SourceNote &S : F.RelatedLocations)
      addRelated(Into, S);
  }
  for (size_t I = 0; I < Out.size(); ++I)
    if (Count[I] > 1) {
      Out[I].Notes.insert(Out[I].Notes.begin(),
                          "the same pattern in {places} places; the saving is for all");
      Out[I].Measures.push_back({"places", double(Count[I]), ""});
    }
  Findings = std::move(Out);
}

const Dims *inShape(const Graph &G, const Node &N, unsigned I) {
  if (N.Inputs.size() <= I || N.Inputs[I] < 0 || !G.value(N.Inputs[I]).shapeKnown())
    return nullptr;
  return &*G.value(N.Inputs[I]).Shape;
}

const Dims *outShape(const Graph &G, const Node &N, unsigned I) {
  if (N.Outputs.size() <= I || N.Outputs[I] < 0 || !G.value(N.Outputs[I]).shapeKnown())
    return nullptr;
  return &*G.value(N.Outputs[I]).Shape;
}

} // namespace wattlint
