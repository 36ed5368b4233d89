//===- tools/reporters/Html.cpp - `report`: the HTML review page ----------===//
//
// One self-contained page per run (inline CSS, inline SVG charts, a little
// inline script that sorts tables; nothing is loaded from anywhere). Per
// model: a summary, the findings with their rule docs, five charts and the
// per-layer table. docs/report.md describes it.
//
//===----------------------------------------------------------------------===//
#include "tools/reporters/Html.h"
#include "cost/Derived.h"
#include "tools/Format.h"
#include "tools/reporters/Reporters.h"

#include "llvm/Support/Path.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace llvm;
using namespace wattlint::html;

namespace wattlint {

namespace {

std::string percent(double Share) { return fmt::format("{:.1f}%", 100 * Share); }

std::string boundClass(const NodeRecord &R) {
  return std::string("b-") + (R.Cost ? boundName(R.Cost->B) : "none");
}

bool isUncosted(const NodeProfile &P) {
  return P.State == NodeProfile::Status::UnknownOp ||
         P.State == NodeProfile::Status::UnresolvedShape;
}

uint64_t bytesMoved(const Work &W) {
  uint64_t R = W.bytesRead();
  return R > UINT64_MAX - W.BytesWritten ? UINT64_MAX : R + W.BytesWritten;
}

std::vector<std::pair<std::string, std::string>> boundLegend() {
  return {{"b-compute", "compute-bound"},
          {"b-memory", "memory-bound"},
          {"b-overhead", "overhead-bound"}};
}

void card(StringRef Key, const std::string &Value, const std::string &Sub, raw_ostream &OS) {
  OS << "<div class=\"card\"><div class=\"k\">" << esc(Key) << "</div><div class=\"v\">"
     << esc(Value) << "</div>";
  if (!Sub.empty())
    OS << "<div class=\"s\">" << esc(Sub, 1024) << "</div>";
  OS << "</div>\n";
}

//===-- Summary -----------------------------------------------------------===//

void writeMeta(const Analysis &A, raw_ostream &OS) {
  OS << "<p class=\"meta\">";
  if (A.S && A.S->T)
    OS << "on <b>" << esc(A.S->T->DisplayName.empty() ? A.S->T->Name : A.S->T->DisplayName)
       << "</b> (" << esc(A.S->T->Name) << ")";
  else
    OS << "counts only (no target)";
  OS << " \u00b7 precision <b>" << esc(precisionLabel(A)) << "</b>";
  if (A.E)
    OS << " \u00b7 batch <b>" << A.E->Batch << "</b>";
  if (!A.M->BoundDims.empty()) {
    OS << " \u00b7 dims ";
    for (size_t I = 0; I < A.M->BoundDims.size(); ++I)
      OS << (I ? ", " : "") << esc(A.M->BoundDims[I].first, 64) << "=" << A.M->BoundDims[I].second;
  }
  if (A.Sc && A.Sc->HasCarbon)
    OS << " \u00b7 grid " << esc(A.Sc->Region, 64);
  OS << "</p>\n";
}

void writeCards(const Analysis &A, raw_ostream &OS) {
  const Work &T = A.P.Totals;
  OS << "<div class=\"cards\">\n";
  if (A.E) {
    const Estimate &E = *A.E;
    card("Energy per sample", joules(perSample(E.EnergyJ, E.Batch)),
         range(joules(perSample(E.EnergyLowJ, E.Batch)), joules(perSample(E.EnergyHighJ, E.Batch))),
         OS);
    card("Energy per inference", joules(E.EnergyJ),
         range(joules(E.EnergyLowJ), joules(E.EnergyHighJ)) + " \u00b7 " + joules(E.DynamicJ) +
             " dynamic",
         OS);
    card("Time per inference", formatSI(E.TimeS, "s"),
         range(formatSI(E.TimeLowS, "s"), formatSI(E.TimeHighS, "s")), OS);
    card("Throughput", E.TimeS > 0 ? formatSI(double(E.Batch) / E.TimeS, "") + " samples/s" : "-",
         fmt::format("batch {}", E.Batch), OS);
  }
  card("MACs", formatSI(double(T.Macs), "MAC"),
       formatSI(double(T.Flops), "FLOP") + " (" + formatSI(double(T.TranscendentalFlops), "FLOP") +
           " transcendental)",
       OS);
  card("Parameters", formatSI(double(T.Params), ""),
       formatBytes(T.BytesReadWeights) + " of weights read", OS);
  card("Memory traffic", formatBytes(bytesMoved(T)),
       formatBytes(T.bytesRead()) + " read, " + formatBytes(T.BytesWritten) + " written \u00b7 " +
           fmt::format("{:.2f} FLOP/B", T.intensity()),
       OS);
  if (A.Sc && A.Sc->HasCarbon) {
    const Scenario &S = *A.Sc;
    std::string Per =
        S.Samples > 0 ? formatSI(S.TotalKg * 1000 / S.Samples, "g") + " per sample \u00b7 " : "";
    card("Carbon (" + S.Kind + ")", formatSI(S.TotalKg * 1000, "g") + " CO2e",
         Per + range(formatSI(S.TotalKgLow * 1000, "g"), formatSI(S.TotalKgHigh * 1000, "g")) +
             fmt::format("; {} at {:.0f} g/kWh ({}), PUE {:.2f}", S.Region, S.GramsPerKwh,
                         S.GridYear, S.Pue),
         OS);
  }
  OS << "</div>\n";
}

void writeNodeCounts(const Analysis &A, raw_ostream &OS) {
  const Profile &P = A.P;
  size_t Control = 0;
  for (const NodeProfile &N : P.Nodes)
    Control += N.State == NodeProfile::Status::ControlFlow;
  size_t Uncosted = A.uncosted();
  OS << "<p>" << P.Nodes.size() << (P.Nodes.size() == 1 ? " node: " : " nodes: ") << P.CostedNodes
     << " costed";
  if (Control)
    OS << ", " << Control << " control flow";
  OS << ", " << Uncosted << " uncosted.</p>\n";
  if (Uncosted) {
    OS << "<div class=\"warn\"><b>Lower bounds.</b> " << Uncosted << " node(s) could not be "
       << "costed; every total and chart on this page leaves them out.";
    if (!P.UnknownOps.empty()) {
      OS << " Unknown ops:";
      for (const auto &[Op, N] : P.UnknownOps)
        OS << " <code>" << esc(Op, 64) << "</code> \u00d7" << N;
      OS << ".";
    }
    if (!P.UnresolvedShapes.empty()) {
      OS << " Unresolved shapes:";
      size_t Shown = 0;
      for (const std::string &N : P.UnresolvedShapes) {
        if (++Shown > 10) {
          OS << " and " << P.UnresolvedShapes.size() - 10 << " more";
          break;
        }
        OS << (Shown > 1 ? ", " : " ") << "<code>" << esc(N, 128) << "</code>";
      }
      OS << ".";
    }
    OS << "</div>\n";
  }
  if (!A.Warnings.empty()) {
    OS << "<div class=\"warn\"><b>Warnings</b><ul>";
    for (const std::string &W : A.Warnings)
      OS << "<li>" << esc(W, 4096) << "</li>";
    OS << "</ul></div>\n";
  }
}

//===-- Findings ----------------------------------------------------------===//

std::string ruleAnchor(StringRef Id, StringRef Rule) { return Id.str() + "-rule-" + Rule.str(); }

void writeFinding(const Analysis &A, const Finding &F, StringRef Id, raw_ostream &OS) {
  const char *Sev = severityName(F.Sev);
  OS << "<div class=\"finding " << Sev << "\"><p><span class=\"sev\">" << Sev << "</span> "
     << "<a href=\"#" << esc(ruleAnchor(Id, F.Rule)) << "\"><code>" << esc(F.Rule, 128)
     << "</code></a> <span class=\"where\">";
  std::string Key = A.keyOf(F);
  std::string Op = F.NodeIndex >= 0 ? A.Nodes[F.NodeIndex].Prof->N->OpType : F.OpType;
  if (Key.empty())
    OS << "the whole model";
  else
    OS << "<code>" << esc(Key) << "</code>" << (Op.empty() ? "" : " (" + esc(Op, 64) + ")");
  OS << "</span></p>\n<p class=\"msg\">" << esc(renderText(F.Message, F), 4096) << "</p>\n";
  std::vector<std::string> Notes;
  for (const SourceNote &N : F.RelatedLocations)
    Notes.push_back(N.place() + ": " + N.Message);
  for (const std::string &N : F.Notes)
    Notes.push_back(renderText(N, F));
  if (!F.Related.empty()) {
    std::string Names;
    for (size_t I = 0; I < F.Related.size() && I < 8; ++I)
      Names += (I ? ", " : "") + A.Nodes[F.Related[I]].Key.str();
    if (F.Related.size() > 8)
      Names += fmt::format(" and {} more", F.Related.size() - 8);
    Notes.push_back("same cause: " + Names);
  }
  const RuleInfo *Info = findRule(F.Rule);
  std::string Default = Info ? severityName(Info->Default) : "warning";
  if (F.Unstated == Deployment::Batch)
    Notes.push_back("a note because the batch size is not stated; state it to get this as a " +
                    Default);
  if (F.Unstated == Deployment::Precision)
    Notes.push_back(
        "a note because the serving precision is not stated; state it to get this as a " + Default);
  if (!Notes.empty()) {
    OS << "<ul>";
    for (const std::string &N : Notes)
      OS << "<li>note: " << esc(N, 4096) << "</li>";
    OS << "</ul>\n";
  }
  if (!F.Help.empty()) {
    OS << "<p>help: " << esc(renderText(F.Help, F), 4096);
    if (F.SavingsJ > 0 && A.E)
      OS << " \u2014 <span class=\"save\">saves " << esc(joules(F.SavingsJ)) << " per inference ("
         << percent(F.SavingsFraction) << " of the model)</span> on " << esc(A.E->Target, 64);
    OS << "</p>\n";
  }
  OS << "</div>\n";
}

void writeRuleDocs(const Analysis &A, StringRef Id, raw_ostream &OS) {
  std::vector<std::string> Rules;
  for (const Finding &F : A.Findings)
    if (std::find(Rules.begin(), Rules.end(), F.Rule) == Rules.end())
      Rules.push_back(F.Rule);
  OS << "<h4>The rules, explained</h4>\n";
  for (const std::string &R : Rules) {
    const RuleInfo *Info = findRule(R);
    StringRef Doc = ruleDoc(R);
    // The page's summary line names the rule: its doc's own title goes.
    if (Doc.starts_with("# "))
      Doc = Doc.drop_until([](char C) { return C == '\n'; }).ltrim();
    // So does its summary, the doc's first paragraph.
    if (Info && Doc.starts_with(Info->Summary))
      Doc = Doc.drop_front(strlen(Info->Summary));
    OS << "<details class=\"rule\" id=\"" << esc(ruleAnchor(Id, R)) << "\"><summary><code>"
       << esc(R, 128) << "</code>" << (Info ? " \u2014 " + esc(Info->Summary, 1024) : "")
       << "</summary>\n<div class=\"doc\">"
       << (Doc.empty() ? std::string("<p>No documentation.</p>") : markdown(Doc))
       << "</div></details>\n";
  }
}

void writeFindings(const Analysis &A, StringRef Id, raw_ostream &OS) {
  unsigned Counts[3] = {0, 0, 0};
  for (const Finding &F : A.Findings)
    ++Counts[int(F.Sev)];
  OS << "<h3 id=\"" << Id << "-findings\">Findings (" << A.Findings.size() << ")</h3>\n<p>"
     << Counts[2] << " error(s), " << Counts[1] << " warning(s), " << Counts[0] << " note(s)";
  if (A.Suppressed)
    OS << "; " << A.Suppressed << " suppressed";
  if (!A.Baselined.empty())
    OS << "; " << A.Baselined.size() << " in the baseline";
  if (A.BelowMinSavings)
    OS << "; " << A.BelowMinSavings << " below min_savings";
  if (double S = A.savingsJ(); S > 0 && A.E)
    OS << ". Fixes save up to <b>" << esc(joules(S)) << "</b> per inference ("
       << percent(shareOf(S, A.E->EnergyJ)) << " of the model)";
  OS << ".</p>\n";
  for (const Finding &F : A.Findings)
    writeFinding(A, F, Id, OS);
  if (!A.Findings.empty())
    writeRuleDocs(A, Id, OS);
}

//===-- Charts ------------------------------------------------------------===//

std::string nodeTip(const Analysis &A, const NodeRecord &R) {
  std::string Tip = R.Key.str() + " (" + R.Prof->N->OpType + ")";
  if (R.Cost && A.E)
    Tip += ": " + joules(R.Cost->EnergyJ) + " (" + percent(shareOf(R.Cost->EnergyJ, A.E->EnergyJ)) +
           "), " + formatSI(R.Cost->TimeS, "s") + ", " + boundName(R.Cost->B) + "-bound";
  return Tip;
}

void writeEnergyTop(const Analysis &A, raw_ostream &OS) {
  constexpr size_t TopN = 20;
  std::vector<NodeRecord> Rs;
  for (const NodeRecord &R : A.Nodes)
    if (R.Cost && R.Cost->EnergyJ > 0 && std::isfinite(R.Cost->EnergyJ))
      Rs.push_back(R);
  std::stable_sort(Rs.begin(), Rs.end(), [](const NodeRecord &X, const NodeRecord &Y) {
    return X.Cost->EnergyJ > Y.Cost->EnergyJ;
  });
  BarChart C;
  C.Title = fmt::format("Energy per inference by node, top {} of {}", std::min(TopN, Rs.size()),
                        Rs.size());
  C.Axis = "energy per inference (J)";
  C.Legend = boundLegend();
  double Rest = 0;
  for (size_t I = 0; I < Rs.size(); ++I) {
    const NodeRecord &R = Rs[I];
    if (I >= TopN) {
      Rest += R.Cost->EnergyJ;
      continue;
    }
    C.Bars.push_back(
        {R.Key.str(), nodeTip(A, R),
         joules(R.Cost->EnergyJ) + " \u00b7 " + percent(shareOf(R.Cost->EnergyJ, A.E->EnergyJ)),
         R.Cost->EnergyJ, 0, 0, boundClass(R)});
  }
  if (C.Bars.empty()) {
    OS << "<p class=\"empty\">No node has a positive energy: nothing to rank.</p>\n";
    return;
  }
  writeBarChart(C, OS);
  OS << "<figcaption>The costliest nodes of one inference of batch " << A.E->Batch
     << ", colored by what bounds their time.";
  if (Rs.size() > TopN)
    OS << " The other " << Rs.size() - TopN << " nodes use " << esc(joules(Rest)) << " ("
       << percent(shareOf(Rest, A.E->EnergyJ)) << ").";
  OS << "</figcaption>\n";
}

/// Precisions in the order people read them.
int precisionRank(StringRef P) {
  static const char *const Order[] = {"fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8"};
  for (int I = 0; I < 7; ++I)
    if (P == Order[I])
      return I;
  return 7;
}

void writeRooflineOf(const Analysis &A, raw_ostream &OS) {
  const Target &T = *A.S->T;
  std::set<std::string> Used;
  for (const NodeRecord &R : A.Nodes)
    if (R.Cost && R.Cost->TimeS > 0)
      Used.insert(R.Cost->Precision.str());
  // One roof per distinct peak, naming every precision that has it.
  std::vector<std::pair<std::string, const Sourced *>> Peaks;
  for (const auto &[Name, S] : T.PeakTflops)
    if (S.Value > 0 && std::isfinite(S.Value))
      Peaks.push_back({Name, &S});
  std::stable_sort(Peaks.begin(), Peaks.end(), [](const auto &X, const auto &Y) {
    return precisionRank(X.first) < precisionRank(Y.first);
  });
  Roofline C;
  C.Title =
      "Roofline of " + (T.DisplayName.empty() ? T.Name : T.DisplayName) + " with every costed node";
  C.BytesPerS = T.MemoryBandwidthGBs.Value * 1e9;
  C.Legend = boundLegend();
  for (const auto &[Name, S] : Peaks) {
    auto Same = std::find_if(C.Roofs.begin(), C.Roofs.end(),
                             [&](const Roof &R) { return R.FlopsPerS == S->Value * 1e12; });
    if (Same == C.Roofs.end())
      Same = C.Roofs.insert(C.Roofs.end(), Roof{"", S->Value * 1e12, false});
    Same->Label += (Same->Label.empty() ? "" : ", ") + Name;
    Same->Used |= Used.count(Name) > 0;
  }
  size_t Hidden = 0;
  for (const NodeRecord &R : A.Nodes) {
    if (!R.Cost || isUncosted(*R.Prof))
      continue;
    double Flops = double(R.Prof->W.Flops), I = R.Prof->W.intensity();
    if (!(R.Cost->TimeS > 0) || !(Flops > 0) || !(I > 0)) {
      ++Hidden;
      continue;
    }
    double Attained = Flops / R.Cost->TimeS;
    double Share = shareOf(R.Cost->EnergyJ, A.E->EnergyJ);
    C.Dots.push_back(
        {I, Attained, 2.5 + 14 * std::sqrt(std::max(Share, 0.0)), boundClass(R),
         nodeTip(A, R) + fmt::format("; {:.3g} FLOP/B, ", I) + formatSI(Attained, "FLOP/s")});
  }
  writeRoofline(C, OS);
  OS << "<figcaption>Each dot is a node at its arithmetic intensity (FLOPs per byte it reads "
        "and writes) and the throughput the cost model gives it (its FLOPs over its time); "
        "its area follows its share of the energy. The red line is the memory roof ("
     << esc(formatSI(C.BytesPerS, "B/s"))
     << "), the flat lines the dense peak per precision; bold ones are the precisions the "
        "nodes run at.";
  if (C.Dots.empty())
    OS << " No costed node has FLOPs and a time to place on it.";
  else if (Hidden)
    OS << " " << Hidden << " node(s) without FLOPs or time are not shown.";
  OS << "</figcaption>\n";
}

void writeEnergyByOp(const Analysis &A, raw_ostream &OS) {
  constexpr size_t TopN = 15;
  std::map<std::string, std::pair<double, unsigned>> ByOp;
  for (const NodeRecord &R : A.Nodes)
    if (R.Cost && std::isfinite(R.Cost->EnergyJ)) {
      auto &[J, N] = ByOp[R.Prof->N->OpType];
      J += R.Cost->EnergyJ;
      ++N;
    }
  std::vector<std::pair<std::string, std::pair<double, unsigned>>> Rows(ByOp.begin(), ByOp.end());
  std::stable_sort(Rows.begin(), Rows.end(),
                   [](const auto &X, const auto &Y) { return X.second.first > Y.second.first; });
  BarChart C;
  C.Title = "Energy per inference by op type";
  C.Axis = "energy per inference (J)";
  double Rest = 0;
  unsigned RestOps = 0, Idle = 0;
  for (size_t I = 0; I < Rows.size(); ++I) {
    const auto &[Op, V] = Rows[I];
    if (!(V.first > 0)) {
      ++Idle;
      continue;
    }
    if (I >= TopN) {
      Rest += V.first, ++RestOps;
      continue;
    }
    std::string Share = percent(shareOf(V.first, A.E->EnergyJ));
    C.Bars.push_back({fmt::format("{} ({})", Op, V.second),
                      fmt::format("{}: {} node(s), {} ({})", Op, V.second, joules(V.first), Share),
                      joules(V.first) + " \u00b7 " + Share, V.first, 0, 0, "b-op"});
  }
  if (RestOps)
    C.Bars.push_back({fmt::format("{} other op types", RestOps),
                      fmt::format("{} other op types: {}", RestOps, joules(Rest)),
                      joules(Rest) + " \u00b7 " + percent(shareOf(Rest, A.E->EnergyJ)), Rest, 0, 0,
                      "b-none"});
  writeBarChart(C, OS);
  OS << "<figcaption>Each op type's nodes together (their count in parentheses).";
  if (Idle)
    OS << " " << Idle << " op type(s) cost nothing (views, folded shape arithmetic) and are "
       << "left out.";
  OS << "</figcaption>\n";
}

void writeSweep(const ReviewModel &M, raw_ostream &OS) {
  const Analysis &A = *M.Main;
  std::string Title = "Energy per sample against batch size on " +
                      (A.S->T->DisplayName.empty() ? A.S->T->Name : A.S->T->DisplayName);
  if (M.BatchSweep.empty()) {
    OS << "<p class=\"empty\"><b>" << esc(Title) << ":</b> no batch sweep in this report "
       << "(the model has no symbolic batch dim, or no batch sizes were asked for).</p>\n";
    return;
  }
  LineChart C;
  C.Title = Title;
  C.XAxis = "batch size (samples per inference)";
  C.YAxis = "energy per sample (J)";
  std::vector<int64_t> Batches;
  for (const WhatIf &W : M.BatchSweep) {
    auto S = std::find_if(C.S.begin(), C.S.end(),
                          [&](const Series &X) { return X.Name == W.Precision; });
    if (S == C.S.end())
      S = C.S.insert(C.S.end(), Series{W.Precision, {}});
    S->Points.push_back(
        {double(W.Batch), W.EnergyPerSampleJ,
         fmt::format("{}, batch {}: {} per sample ({}), {} per inference, {} samples/s",
                     W.Precision, W.Batch, joules(W.EnergyPerSampleJ),
                     range(joules(W.EnergyLowJ), joules(W.EnergyHighJ)), formatSI(W.TimeS, "s"),
                     formatSI(W.SamplesPerS, ""))});
    if (std::find(Batches.begin(), Batches.end(), W.Batch) == Batches.end())
      Batches.push_back(W.Batch);
  }
  for (Series &S : C.S)
    std::stable_sort(S.Points.begin(), S.Points.end(),
                     [](const Point &X, const Point &Y) { return X.X < Y.X; });
  std::sort(Batches.begin(), Batches.end());
  writeLineChart(C, OS);
  OS << "<figcaption>One line per precision the target has a matrix peak for: the whole model "
        "re-costed at each batch size. Larger batches spread fixed costs (weights read once, "
        "kernel overheads, idle power) over more samples.</figcaption>\n";
  // The same numbers as a table.
  OS << "<table><thead><tr><th>precision</th>";
  for (int64_t B : Batches)
    OS << "<th class=\"n\">batch " << B << "</th>";
  OS << "</tr></thead><tbody>\n";
  for (const Series &S : C.S) {
    OS << "<tr><td>" << esc(S.Name, 64) << "</td>";
    for (int64_t B : Batches) {
      auto P = std::find_if(S.Points.begin(), S.Points.end(),
                            [&](const Point &X) { return X.X == double(B); });
      OS << "<td class=\"n\">" << (P == S.Points.end() ? "-" : esc(joules(P->Y))) << "</td>";
    }
    OS << "</tr>\n";
  }
  OS << "</tbody></table>\n";
}

void writeTargets(const ReviewModel &M, raw_ostream &OS) {
  const Analysis &A = *M.Main;
  std::string Title = fmt::format("Energy per sample across targets (precision {}, batch {})",
                                  precisionLabel(A), A.E->Batch);
  if (M.Targets.empty()) {
    OS << "<p class=\"empty\"><b>" << esc(Title) << ":</b> no other targets in this report "
       << "(ask for some with --targets).</p>\n";
    return;
  }
  BarChart C;
  C.Title = Title;
  C.Axis = "energy per sample (J), low \u2013 high range as whiskers";
  C.Legend = {{"b-main", "this report's target"}, {"b-tgt", "other targets"}};
  for (const WhatIf &W : M.Targets)
    C.Bars.push_back({W.TargetDisplay,
                      fmt::format("{} ({}): {} per sample ({}), {} per inference, {} samples/s",
                                  W.TargetDisplay, W.Target, joules(W.EnergyPerSampleJ),
                                  range(joules(W.EnergyLowJ), joules(W.EnergyHighJ)),
                                  formatSI(W.TimeS, "s"), formatSI(W.SamplesPerS, "")),
                      joules(W.EnergyPerSampleJ), W.EnergyPerSampleJ, W.EnergyLowJ, W.EnergyHighJ,
                      W.Target == A.S->T->Name ? "b-main" : "b-tgt"});
  writeBarChart(C, OS);
  OS << "<table class=\"sortable\"><thead><tr><th data-k=\"t\">target</th>"
     << "<th class=\"n\" data-k=\"0\">energy / sample</th><th class=\"n\">range</th>"
     << "<th class=\"n\" data-k=\"1\">time / inference</th>"
     << "<th class=\"n\" data-k=\"2\">samples/s</th><th class=\"n\" data-k=\"3\">CO2e / "
     << "sample</th></tr></thead><tbody>\n";
  for (const WhatIf &W : M.Targets)
    OS << "<tr data-n=\"" << dataNum(W.EnergyPerSampleJ) << " " << dataNum(W.TimeS) << " "
       << dataNum(W.SamplesPerS) << " " << dataNum(W.Co2ePerSampleG) << "\"><td>"
       << esc(W.TargetDisplay, 128) << " <span class=\"muted\">(" << esc(W.Target, 64) << ")</span>"
       << (W.Uncosted ? " <b>lower bound</b>" : "") << "</td><td class=\"n\">"
       << esc(joules(W.EnergyPerSampleJ)) << "</td><td class=\"n\">"
       << esc(range(joules(W.EnergyLowJ), joules(W.EnergyHighJ))) << "</td><td class=\"n\">"
       << esc(formatSI(W.TimeS, "s")) << "</td><td class=\"n\">" << esc(formatSI(W.SamplesPerS, ""))
       << "</td><td class=\"n\">"
       << (W.HasCarbon ? esc(formatSI(W.Co2ePerSampleG, "g")) : std::string("-")) << "</td></tr>\n";
  OS << "</tbody></table>\n";
}

//===-- The per-layer table -----------------------------------------------===//

void writeLayerRow(const Analysis &A, const NodeRecord &R, size_t Index, raw_ostream &OS) {
  const NodeProfile &P = *R.Prof;
  const Work &W = P.W;
  bool Costed = P.State == NodeProfile::Status::Costed;
  double TimeS = R.Cost ? R.Cost->TimeS : 0, EnergyJ = R.Cost ? R.Cost->EnergyJ : 0;
  double Share = A.E ? shareOf(EnergyJ, A.E->EnergyJ) : 0;
  OS << "<tr" << (isUncosted(P) ? " class=\"uncosted\"" : "") << " data-n=\"" << Index << " "
     << W.Macs << " " << W.Flops << " " << W.Params << " " << bytesMoved(W) << " "
     << dataNum(W.intensity()) << " " << dataNum(TimeS) << " " << dataNum(EnergyJ) << " "
     << dataNum(Share) << "\"><td class=\"n\">" << Index << "</td><td class=\"node mono\">"
     << esc(R.Key) << "</td><td>" << esc(P.N->OpType, 64)
     << (P.Multiplier != 1 && Costed ? fmt::format(" \u00d7{}", P.Multiplier) : "") << "</td><td>"
     << statusName(P.State) << "</td>";
  if (!Costed) {
    std::string Why = P.Note.empty() ? std::string(statusName(P.State)) : P.Note.str();
    OS << "<td colspan=\"9\" class=\"muted\">" << esc(Why, 1024)
       << (isUncosted(P) ? " (not counted)" : "") << "</td></tr>\n";
    return;
  }
  OS << "<td class=\"n\">" << esc(formatSI(double(W.Macs), "")) << "</td><td class=\"n\">"
     << esc(formatSI(double(W.Flops), "")) << "</td><td class=\"n\">"
     << esc(formatSI(double(W.Params), "")) << "</td><td class=\"n\">"
     << esc(formatBytes(bytesMoved(W))) << "</td><td class=\"n\">"
     << fmt::format("{:.2f}", W.intensity()) << "</td>";
  if (R.Cost)
    OS << "<td class=\"n\">" << esc(formatSI(TimeS, "s")) << "</td><td class=\"n\">"
       << esc(formatSI(EnergyJ, "J")) << "</td><td class=\"n\">" << percent(Share) << "</td><td>"
       << boundName(R.Cost->B) << "</td>";
  else
    OS << "<td colspan=\"4\" class=\"muted\">not costed</td>";
  OS << "</tr>\n";
}

void writeLayers(const Analysis &A, StringRef Id, raw_ostream &OS) {
  OS << "<h3 id=\"" << Id << "-layers\">Per-layer table (" << A.Nodes.size() << " nodes)</h3>\n"
     << "<p class=\"muted\">Every node in graph order; click a header to sort (again to "
        "reverse). MACs, FLOPs and bytes are per inference of the bound batch.</p>\n"
     << "<div class=\"scroll\"><table class=\"sortable layers\"><thead><tr>"
     << "<th class=\"n\" data-k=\"0\">#</th><th data-k=\"t\">node</th><th data-k=\"t\">op</th>"
     << "<th data-k=\"t\">status</th><th class=\"n\" data-k=\"1\">MACs</th>"
     << "<th class=\"n\" data-k=\"2\">FLOPs</th><th class=\"n\" data-k=\"3\">params</th>"
     << "<th class=\"n\" data-k=\"4\">bytes</th><th class=\"n\" data-k=\"5\">FLOP/B</th>"
     << "<th class=\"n\" data-k=\"6\">time</th><th class=\"n\" data-k=\"7\">energy</th>"
     << "<th class=\"n\" data-k=\"8\">% energy</th><th data-k=\"t\">bound</th></tr></thead>"
     << "<tbody>\n";
  for (size_t I = 0; I < A.Nodes.size(); ++I)
    writeLayerRow(A, A.Nodes[I], I, OS);
  OS << "</tbody></table></div>\n";
}

void writeModel(const ReviewModel &M, StringRef Id, raw_ostream &OS) {
  const Analysis &A = *M.Main;
  OS << "<section class=\"model\" id=\"" << Id << "\">\n<h2>" << esc(A.Path, 1024) << "</h2>\n";
  writeMeta(A, OS);
  OS << "<nav class=\"local\"><a href=\"#" << Id << "-findings\">Findings</a><a href=\"#" << Id
     << "-charts\">Charts</a><a href=\"#" << Id << "-layers\">Per-layer table</a></nav>\n";
  writeCards(A, OS);
  writeNodeCounts(A, OS);
  writeFindings(A, Id, OS);
  OS << "<h3 id=\"" << Id << "-charts\">Charts</h3>\n";
  if (A.E && A.S->T) {
    writeEnergyTop(A, OS);
    writeRooflineOf(A, OS);
    writeEnergyByOp(A, OS);
    writeSweep(M, OS);
    writeTargets(M, OS);
  } else {
    OS << "<p class=\"empty\">No target: the charts need time and energy.</p>\n";
  }
  writeLayers(A, Id, OS);
  OS << "</section>\n";
}

} // namespace

void writeHtmlReport(ArrayRef<ReviewModel> Ms, raw_ostream &OS) {
  std::string Title = "wattlint report";
  if (!Ms.empty() && Ms[0].Main)
    Title += ": " + sys::path::filename(Ms[0].Main->Path).str() +
             (Ms.size() > 1 ? fmt::format(" and {} more", Ms.size() - 1) : "");
  writePageHead(Title, OS);
  OS << "<header class=\"page\"><h1>" << esc(Title) << "</h1><p class=\"muted\">Energy review "
     << "of " << Ms.size() << " model(s): per-layer work, time, energy and carbon on a target, "
     << "with the lint findings and what fixing them saves.</p>\n";
  if (Ms.size() > 1) {
    OS << "<nav class=\"toc\"><ul>";
    for (size_t I = 0; I < Ms.size(); ++I)
      if (Ms[I].Main)
        OS << "<li><a href=\"#m" << I << "\">" << esc(Ms[I].Main->Path, 1024) << "</a></li>";
    OS << "</ul></nav>\n";
  }
  OS << "</header>\n<main>\n";
  for (size_t I = 0; I < Ms.size(); ++I) {
    assert(Ms[I].Main && "a review model without its analysis");
    if (Ms[I].Main)
      writeModel(Ms[I], "m" + std::to_string(I), OS);
  }
  OS << "</main>\n";
  writePageTail(OS);
}

} // namespace wattlint
