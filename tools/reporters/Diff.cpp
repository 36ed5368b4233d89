//===- tools/reporters/Diff.cpp - `wattlint diff` as text, JSON, Markdown -===//
//
// Verdict first (energy per sample before -> after, the change, the budget),
// then the totals, the largest node changes, and the findings that are new
// in NEW and fixed since OLD. Counts are exact integers; time, energy and
// carbon have three significant digits. JSON: schema wattlint.diff/1
// (docs/diff-json.md).
//
//===----------------------------------------------------------------------===//
#include "analyzer/Text.h"
#include "tools/Format.h"
#include "tools/reporters/Markdown.h"
#include "tools/reporters/Reporters.h"

#include "llvm/Support/JSON.h"

#include <fmt/format.h>

#include <cmath>

using namespace llvm;

namespace wattlint {

namespace {

double finite(double V) { return std::isfinite(V) ? V : 0.0; }

/// A metric's value as people read it: exact counts with thousands
/// separators, SI units for the rest.
std::string show(DiffMetric M, double V, bool Signed = false) {
  std::string Sign = Signed && V > 0 ? "+" : "";
  switch (M) {
  case DiffMetric::Macs:
  case DiffMetric::Flops:
  case DiffMetric::Params:
  case DiffMetric::Bytes: {
    std::string Digits = fmt::format("{:.0f}", std::fabs(V));
    std::string Out;
    for (size_t I = 0; I < Digits.size(); ++I) {
      if (I && (Digits.size() - I) % 3 == 0)
        Out += ',';
      Out += Digits[I];
    }
    return (V < 0 ? "-" : Sign) + Out;
  }
  case DiffMetric::Time:
    return Sign + formatSI(V, "s");
  case DiffMetric::Energy:
  case DiffMetric::EnergyPerSample:
    return Sign + joules(V);
  case DiffMetric::Carbon:
    return Sign + formatSI(V, "g");
  }
  return "";
}

const char *label(DiffMetric M) {
  switch (M) {
  case DiffMetric::Macs:
    return "MACs";
  case DiffMetric::Flops:
    return "FLOPs";
  case DiffMetric::Params:
    return "params";
  case DiffMetric::Bytes:
    return "bytes moved";
  case DiffMetric::Time:
    return "time / inference";
  case DiffMetric::Energy:
    return "energy / inference";
  case DiffMetric::EnergyPerSample:
    return "energy / sample";
  case DiffMetric::Carbon:
    return "CO2e / inference";
  }
  return "";
}

/// The metrics a diff shows: counts always, costs with a target, carbon
/// with a region.
std::vector<DiffMetric> metricsOf(const Diff &D) {
  std::vector<DiffMetric> Ms = {DiffMetric::Macs, DiffMetric::Flops, DiffMetric::Params,
                                DiffMetric::Bytes};
  if (D.HasCost)
    for (DiffMetric M : {DiffMetric::Time, DiffMetric::Energy, DiffMetric::EnergyPerSample})
      Ms.push_back(M);
  if (D.HasCarbon)
    Ms.push_back(DiffMetric::Carbon);
  return Ms;
}

/// The node metrics a change line shows.
std::vector<DiffMetric> nodeMetricsOf(const Diff &D) {
  std::vector<DiffMetric> Ms = {DiffMetric::Macs, DiffMetric::Params, DiffMetric::Bytes};
  if (D.HasCost)
    Ms.push_back(DiffMetric::Energy);
  return Ms;
}

const NodeRecord &either(const NodeChange &C) { return C.New ? *C.New : *C.Old; }
std::string opOf(const NodeChange &C) {
  const NodeRecord &R = either(C);
  return R.Prof->N ? R.Prof->N->OpType : "";
}
const char *kindName(NodeChange::Kind K) {
  return K == NodeChange::Kind::Added     ? "added"
         : K == NodeChange::Kind::Removed ? "removed"
                                          : "changed";
}

/// "energy per sample 25.5 mJ -> 10.7 mJ (-58.0%)" and the budget's verdict.
std::string verdict(const Diff &D, const DiffRun &R, bool Markdown) {
  DiffMetric Head = D.HasCost ? DiffMetric::EnergyPerSample : DiffMetric::Macs;
  double Before = D.Before.get(Head), After = D.After.get(Head);
  std::string B = Markdown ? "**" : "";
  std::string Out =
      fmt::format("{} {} -> {} ({}{}{})", label(Head), show(Head, Before), show(Head, After), B,
                  signedPercent(percentChange(Before, After)), B);
  if (D.HasCost)
    Out += " on " + (Markdown ? mdText(D.New->E->Target, 64) : printable(D.New->E->Target, 64));
  if (R.FailOnIncrease) {
    double Pct = percentChange(D.Before.get(R.Metric), D.After.get(R.Metric));
    std::string Budget =
        fmt::format("budget {} +{:g}%", metricName(R.Metric).str(), *R.FailOnIncrease);
    if (!R.Failed)
      Out += "; " + Budget + ": pass";
    else if (Pct > *R.FailOnIncrease)
      Out += "; " + Budget + ": " + B + "fail" + B + " (" + signedPercent(Pct) + ")";
    else
      Out += fmt::format("; {}: {}fail{} ({} node(s) of the new model not costed: its figures "
                         "are a lower bound)",
                         Budget, B, B, D.New->uncosted());
  }
  return Out;
}

std::string findingLine(const FindingRef &R, bool Markdown) {
  const Finding &F = *R.F;
  std::string Key = R.A->keyOf(F);
  std::string Msg = renderText(F.Message, F);
  if (!Markdown)
    return fmt::format("{} [{}] {}: {}", severityName(F.Sev), F.Rule,
                       Key.empty() ? printable(R.A->Path) : printable(Key), printable(Msg));
  std::string Out = fmt::format("- **{}** `{}`", severityName(F.Sev), F.Rule);
  if (!Key.empty())
    Out += " at `" + mdCode(Key) + "`";
  Out += ": " + mdText(Msg, 1024);
  if (F.SavingsJ > 0)
    Out += fmt::format(" (saves {}, {:.1f}%)", joules(F.SavingsJ), 100 * F.SavingsFraction);
  return Out;
}

} // namespace

void writeDiffText(const Diff &D, const DiffRun &R, raw_ostream &OS) {
  OS << "wattlint diff " << printable(D.Old->Path) << " -> " << printable(D.New->Path) << "\n";
  OS << verdict(D, R, false) << "\n\n";
  OS << fmt::format("{:<20}{:>22}{:>22}{:>22}{:>10}\n", "", "before", "after", "change", "");
  for (DiffMetric M : metricsOf(D)) {
    double B = D.Before.get(M), A = D.After.get(M);
    OS << fmt::format("{:<20}{:>22}{:>22}{:>22}{:>10}\n", label(M), show(M, B), show(M, A),
                      show(M, A - B, true), signedPercent(percentChange(B, A)));
  }
  size_t Added = 0, Removed = 0, Changed = 0;
  for (const NodeChange &C : D.Nodes)
    (C.K == NodeChange::Kind::Added     ? Added
     : C.K == NodeChange::Kind::Removed ? Removed
                                        : Changed)++;
  OS << fmt::format("\nnodes: {} changed, {} added, {} removed, {} unchanged", Changed, Added,
                    Removed, D.Unchanged);
  if (D.Renamed)
    OS << fmt::format(" ({} matched by op type and order after a rename)", D.Renamed);
  OS << "\n";
  size_t N = std::min(D.Nodes.size(), R.Top);
  for (size_t I = 0; I < N; ++I) {
    const NodeChange &C = D.Nodes[I];
    char Mark = C.K == NodeChange::Kind::Added ? '+' : C.K == NodeChange::Kind::Removed ? '-' : '~';
    OS << "  " << Mark << " " << printable(either(C).Key, 128) << " (" << printable(opOf(C), 64)
       << ")";
    if (C.Renamed)
      OS << " was " << printable(C.Old->Key, 128);
    for (DiffMetric M : nodeMetricsOf(D)) {
      double B = C.Before.get(M), A = C.After.get(M);
      if (B == A)
        continue;
      OS << "  " << metricName(M) << " " << show(M, A - B, true);
      if (C.K == NodeChange::Kind::Changed)
        OS << " (" << signedPercent(percentChange(B, A)) << ")";
    }
    OS << "\n";
  }
  if (N < D.Nodes.size())
    OS << fmt::format("  ... and {} more node change(s) (--top N)\n", D.Nodes.size() - N);
  OS << fmt::format("\nnew findings: {}\n", D.NewFindings.size());
  for (const FindingRef &F : D.NewFindings)
    OS << "  " << findingLine(F, false) << "\n";
  OS << fmt::format("fixed findings: {}\n", D.FixedFindings.size());
  for (const FindingRef &F : D.FixedFindings)
    OS << "  " << findingLine(F, false) << "\n";
}

void writeDiffJson(const Diff &D, const DiffRun &R, raw_ostream &OS) {
  auto figures = [&](json::OStream &J, const Figures &F, bool Cost) {
    J.attribute("macs", int64_t(F.Macs));
    J.attribute("flops", int64_t(F.Flops));
    J.attribute("params", int64_t(F.Params));
    J.attribute("bytes", int64_t(F.Bytes));
    if (!Cost)
      return;
    J.attribute("time_s", finite(F.TimeS));
    J.attribute("energy_j", finite(F.EnergyJ));
    J.attribute("energy_j_per_sample", finite(F.EnergyPerSampleJ));
    if (D.HasCarbon)
      J.attribute("co2e_g", finite(F.Co2eG));
  };
  json::OStream J(OS, 1);
  J.object([&] {
    J.attribute("schema", "wattlint.diff/1");
    J.attribute("old", jsonText(D.Old->Path));
    J.attribute("new", jsonText(D.New->Path));
    if (D.HasCost)
      J.attribute("target", D.New->E->Target);
    J.attributeObject("before", [&] { figures(J, D.Before, D.HasCost); });
    J.attributeObject("after", [&] { figures(J, D.After, D.HasCost); });
    J.attributeObject("change_percent", [&] {
      for (DiffMetric M : metricsOf(D)) {
        double P = percentChange(D.Before.get(M), D.After.get(M));
        // Growth from zero has no percentage: null.
        if (std::isfinite(P))
          J.attribute(metricName(M), P);
        else
          J.attribute(metricName(M), nullptr);
      }
    });
    J.attribute("complete", D.Old->uncosted() == 0 && D.New->uncosted() == 0);
    if (R.FailOnIncrease)
      J.attributeObject("budget", [&] {
        J.attribute("metric", metricName(R.Metric));
        J.attribute("max_increase_percent", *R.FailOnIncrease);
        J.attribute("passed", !R.Failed);
      });
    J.attribute("unchanged_nodes", int64_t(D.Unchanged));
    J.attributeArray("nodes", [&] {
      for (const NodeChange &C : D.Nodes)
        J.object([&] {
          J.attribute("change", kindName(C.K));
          J.attribute("path", jsonText(either(C).Key));
          if (C.Renamed)
            J.attribute("old_path", jsonText(C.Old->Key));
          J.attribute("op_type", jsonText(opOf(C)));
          if (C.Old)
            J.attributeObject("before", [&] { figures(J, C.Before, D.HasCost); });
          if (C.New)
            J.attributeObject("after", [&] { figures(J, C.After, D.HasCost); });
        });
    });
    for (auto [Name, List] :
         {std::pair{"new_findings", &D.NewFindings}, std::pair{"fixed_findings", &D.FixedFindings}})
      J.attributeArray(Name, [&] {
        for (const FindingRef &F : *List)
          J.object([&] {
            J.attribute("rule", F.F->Rule);
            J.attribute("severity", severityName(F.F->Sev));
            J.attribute("path", jsonText(F.A->keyOf(*F.F)));
            J.attribute("message", jsonText(renderText(F.F->Message, *F.F)));
            J.attribute("savings_j", finite(F.F->SavingsJ));
          });
      });
  });
  OS << "\n";
}

namespace {

std::string diffMarkdown(const Diff &D, const DiffRun &R, size_t Cap) {
  std::string Out = "**wattlint diff**: " + verdict(D, R, true) + "\n\n";
  Out += "`" + mdCode(D.Old->Path) + "` -> `" + mdCode(D.New->Path) + "`\n\n";
  Out += "| | before | after | change | |\n|---|---:|---:|---:|---:|\n";
  for (DiffMetric M : metricsOf(D)) {
    double B = D.Before.get(M), A = D.After.get(M);
    Out += fmt::format("| {} | {} | {} | {} | {} |\n", label(M), show(M, B), show(M, A),
                       show(M, A - B, true), signedPercent(percentChange(B, A)));
  }
  auto changeRows = [&](size_t From, size_t To) {
    std::string T = "| node | op | change |";
    for (DiffMetric M : nodeMetricsOf(D))
      T += std::string(" ") + label(M) + " |";
    T += "\n|---|---|---|";
    for (size_t I = 0; I < nodeMetricsOf(D).size(); ++I)
      T += "---:|";
    T += "\n";
    for (size_t I = From; I < To; ++I) {
      const NodeChange &C = D.Nodes[I];
      T += "| `" + mdCode(either(C).Key, 128) + "` | " + mdText(opOf(C), 64) + " | " +
           kindName(C.K) + (C.Renamed ? " (renamed)" : "") + " |";
      for (DiffMetric M : nodeMetricsOf(D)) {
        double B = C.Before.get(M), A = C.After.get(M);
        T += " " + show(M, A - B, true);
        if (C.K == NodeChange::Kind::Changed && B != A)
          T += " (" + signedPercent(percentChange(B, A)) + ")";
        T += " |";
      }
      T += "\n";
    }
    return T;
  };
  size_t Added = 0, Removed = 0, Changed = 0;
  for (const NodeChange &C : D.Nodes)
    (C.K == NodeChange::Kind::Added     ? Added
     : C.K == NodeChange::Kind::Removed ? Removed
                                        : Changed)++;
  Out += fmt::format("\n**Nodes**: {} changed, {} added, {} removed, {} unchanged.\n", Changed,
                     Added, Removed, D.Unchanged);
  size_t Top = std::min({D.Nodes.size(), R.Top, Cap});
  if (Top) {
    Out += "\n### Largest layer changes\n\n" + changeRows(0, Top);
    if (Top < D.Nodes.size())
      Out += fmt::format("\n{} more node change(s) below.\n", D.Nodes.size() - Top);
  }
  auto findings = [&](const char *Title, const std::vector<FindingRef> &List) {
    if (List.empty())
      return;
    Out += fmt::format("\n### {} ({})\n\n", Title, List.size());
    size_t N = std::min(List.size(), Cap);
    for (size_t I = 0; I < N; ++I)
      Out += findingLine(List[I], true) + "\n";
    if (N < List.size())
      Out += fmt::format("- ... and {} more not shown\n", List.size() - N);
  };
  findings("New findings", D.NewFindings);
  findings("Fixed findings", D.FixedFindings);
  if (Top < D.Nodes.size()) {
    size_t More = std::min(D.Nodes.size(), Top + 4 * Cap);
    Out += "\n<details><summary>More node changes</summary>\n\n" + changeRows(Top, More);
    if (More < D.Nodes.size())
      Out += fmt::format("\n{} more node change(s) not shown (`wattlint diff --format json` "
                         "lists them all).\n",
                         D.Nodes.size() - More);
    Out += "\n</details>\n";
  }
  return Out;
}

} // namespace

void writeDiffMarkdown(const Diff &D, const DiffRun &R, raw_ostream &OS) {
  OS << fitToLimit(GithubCommentLimit, 100, [&](size_t Cap) { return diffMarkdown(D, R, Cap); });
}

} // namespace wattlint
