//===- report/Diff.cpp - what a change does to a model --------------------===//
#include "report/Diff.h"

#include "cost/Derived.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <limits>

using namespace llvm;

namespace wattlint {

namespace {

constexpr std::pair<DiffMetric, const char *> MetricNames[] = {
    {DiffMetric::Macs, "macs"},
    {DiffMetric::Flops, "flops"},
    {DiffMetric::Params, "params"},
    {DiffMetric::Bytes, "bytes"},
    {DiffMetric::Time, "time"},
    {DiffMetric::Energy, "energy"},
    {DiffMetric::EnergyPerSample, "energy-per-sample"},
    {DiffMetric::Carbon, "carbon"}};

/// Grams of CO2e per joule at the analysis' region and PUE (0 without one).
double gramsPerJoule(const Analysis &A) {
  if (!A.Sc || !A.Sc->HasCarbon)
    return 0;
  return A.Sc->Pue * A.Sc->GramsPerKwh / 3.6e6;
}

Figures nodeFigures(const Analysis &A, const NodeRecord &R) {
  Figures F;
  const Work &W = R.Prof->W;
  F.Macs = double(W.Macs), F.Flops = double(W.Flops), F.Params = double(W.Params);
  F.Bytes = double(W.bytesRead()) + double(W.BytesWritten);
  if (R.Cost) {
    F.TimeS = R.Cost->TimeS;
    F.EnergyJ = R.Cost->EnergyJ;
    F.OwnTimeS = R.Cost->OwnTimeS;
    F.OwnEnergyJ = R.Cost->OwnEnergyJ;
    F.EnergyPerSampleJ = perSample(R.Cost->EnergyJ, A.E->Batch);
    F.Co2eG = R.Cost->EnergyJ * gramsPerJoule(A);
  }
  return F;
}

Figures modelFigures(const Analysis &A) {
  Figures F;
  const Work &W = A.P.Totals;
  F.Macs = double(W.Macs), F.Flops = double(W.Flops), F.Params = double(W.Params);
  F.Bytes = double(W.bytesRead()) + double(W.BytesWritten);
  if (A.E) {
    F.TimeS = A.E->TimeS;
    F.EnergyJ = A.E->EnergyJ;
    F.EnergyPerSampleJ = perSample(A.E->EnergyJ, A.E->Batch);
  }
  // One inference's carbon, embodied included, whatever the scenario.
  if (A.Sc && A.Sc->HasCarbon && A.Sc->Samples > 0 && A.E)
    F.Co2eG = A.Sc->TotalKg * 1000 * double(A.E->Batch) / A.Sc->Samples;
  return F;
}

bool sameFigures(const Figures &X, const Figures &Y) {
  // A node's own time and energy, not its share of the timeline (which moves
  // when other nodes change).
  return X.Macs == Y.Macs && X.Flops == Y.Flops && X.Params == Y.Params && X.Bytes == Y.Bytes &&
         X.OwnTimeS == Y.OwnTimeS && X.OwnEnergyJ == Y.OwnEnergyJ;
}

StringRef opOf(const NodeRecord &R) { return R.Prof->N ? StringRef(R.Prof->N->OpType) : ""; }

/// Findings of From whose (rule, node) has no counterpart in To; Map takes a
/// node of From to its match in To (-1: none), Back the reverse. A finding
/// on a node that is gone matches one of the same rule on a node that is
/// new, in order: a model-wide finding anchored on a replaced layer moved
/// with it.
std::vector<FindingRef> unmatched(const Analysis &From, const Analysis &To,
                                  const std::vector<int> &Map, const std::vector<int> &Back) {
  std::vector<FindingRef> Out;
  std::vector<bool> Taken(To.Findings.size());
  for (const Finding &F : From.Findings) {
    int Counterpart = F.NodeIndex < 0 ? -1 : Map[F.NodeIndex];
    bool Found = false;
    if (F.NodeIndex < 0 || Counterpart >= 0)
      for (const Finding &G : To.Findings)
        Found |= G.Rule == F.Rule && G.NodeIndex == Counterpart;
    for (size_t I = 0; !Found && F.NodeIndex >= 0 && Counterpart < 0 && I < To.Findings.size();
         ++I) {
      const Finding &G = To.Findings[I];
      if (!Taken[I] && G.Rule == F.Rule && G.NodeIndex >= 0 && Back[G.NodeIndex] < 0)
        Found = Taken[I] = true;
    }
    if (!Found)
      Out.push_back({&From, &F});
  }
  return Out;
}

} // namespace

StringRef metricName(DiffMetric M) {
  for (const auto &[K, Name] : MetricNames)
    if (K == M)
      return Name;
  return "?";
}

std::optional<DiffMetric> parseMetric(StringRef S) {
  for (const auto &[K, Name] : MetricNames)
    if (S.equals_insensitive(Name))
      return K;
  return std::nullopt;
}

std::string metricChoices() {
  std::vector<std::string> Names;
  for (const auto &[K, Name] : MetricNames)
    Names.push_back(Name);
  return join(Names, ", ");
}

double Figures::get(DiffMetric M) const {
  switch (M) {
  case DiffMetric::Macs:
    return Macs;
  case DiffMetric::Flops:
    return Flops;
  case DiffMetric::Params:
    return Params;
  case DiffMetric::Bytes:
    return Bytes;
  case DiffMetric::Time:
    return TimeS;
  case DiffMetric::Energy:
    return EnergyJ;
  case DiffMetric::EnergyPerSample:
    return EnergyPerSampleJ;
  case DiffMetric::Carbon:
    return Co2eG;
  }
  return 0;
}

double percentChange(double Before, double After) {
  if (Before == After)
    return 0;
  if (Before == 0)
    return After > 0 ? std::numeric_limits<double>::infinity()
                     : -std::numeric_limits<double>::infinity();
  return (After - Before) / std::fabs(Before) * 100;
}

Diff diffAnalyses(const Analysis &Old, const Analysis &New) {
  Diff D;
  D.Old = &Old, D.New = &New;
  D.Before = modelFigures(Old), D.After = modelFigures(New);
  D.HasCost = Old.E && New.E;
  D.HasCarbon = gramsPerJoule(Old) > 0 && gramsPerJoule(New) > 0;

  // Match by path, then what is left by op type in graph order (a renamed
  // node keeps its op and its place among its kind).
  std::vector<int> OldToNew(Old.Nodes.size(), -1), NewToOld(New.Nodes.size(), -1);
  std::map<StringRef, int> ByKey;
  for (size_t I = 0; I < Old.Nodes.size(); ++I)
    ByKey.emplace(Old.Nodes[I].Key, int(I));
  for (size_t J = 0; J < New.Nodes.size(); ++J) {
    auto It = ByKey.find(New.Nodes[J].Key);
    if (It == ByKey.end() || OldToNew[It->second] >= 0)
      continue;
    OldToNew[It->second] = int(J);
    NewToOld[J] = It->second;
  }
  std::map<std::string, std::vector<int>> OldLeft;
  for (size_t I = 0; I < Old.Nodes.size(); ++I)
    if (OldToNew[I] < 0)
      OldLeft[opOf(Old.Nodes[I]).str()].push_back(int(I));
  std::map<std::string, size_t> Next;
  for (size_t J = 0; J < New.Nodes.size(); ++J) {
    if (NewToOld[J] >= 0)
      continue;
    std::string Op = opOf(New.Nodes[J]).str();
    auto It = OldLeft.find(Op);
    size_t &K = Next[Op];
    if (It == OldLeft.end() || K >= It->second.size())
      continue;
    int I = It->second[K++];
    OldToNew[I] = int(J);
    NewToOld[J] = I;
  }

  for (size_t J = 0; J < New.Nodes.size(); ++J) {
    NodeChange C;
    C.New = New.Nodes[J];
    C.After = nodeFigures(New, *C.New);
    if (NewToOld[J] < 0) {
      C.K = NodeChange::Kind::Added;
      D.Nodes.push_back(C);
      continue;
    }
    C.Old = Old.Nodes[NewToOld[J]];
    C.Before = nodeFigures(Old, *C.Old);
    C.Renamed = C.Old->Key != C.New->Key;
    D.Renamed += C.Renamed;
    if (!C.Renamed && sameFigures(C.Before, C.After)) {
      ++D.Unchanged;
      continue;
    }
    D.Nodes.push_back(C);
  }
  for (size_t I = 0; I < Old.Nodes.size(); ++I)
    if (OldToNew[I] < 0) {
      NodeChange C;
      C.K = NodeChange::Kind::Removed;
      C.Old = Old.Nodes[I];
      C.Before = nodeFigures(Old, *C.Old);
      D.Nodes.push_back(C);
    }
  DiffMetric Key = D.HasCost ? DiffMetric::Energy : DiffMetric::Macs;
  std::stable_sort(D.Nodes.begin(), D.Nodes.end(), [&](const NodeChange &X, const NodeChange &Y) {
    return std::fabs(X.After.get(Key) - X.Before.get(Key)) >
           std::fabs(Y.After.get(Key) - Y.Before.get(Key));
  });
  D.NewFindings = unmatched(New, Old, NewToOld, OldToNew);
  D.FixedFindings = unmatched(Old, New, OldToNew, NewToOld);
  return D;
}

} // namespace wattlint
