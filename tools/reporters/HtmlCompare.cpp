//===- tools/reporters/HtmlCompare.cpp - `compare` as an HTML page --------===//
//
// One row per model x target x precision x batch (report/WhatIf.h): per
// model, energy per sample as bars with their ranges and, over several batch
// sizes, as lines; then every row in one sortable table.
//
//===----------------------------------------------------------------------===//
#include "tools/Format.h"
#include "tools/reporters/Html.h"
#include "tools/reporters/Reporters.h"

#include "llvm/Support/Path.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

using namespace llvm;
using namespace wattlint::html;

namespace wattlint {

namespace {

std::string rowLabel(const WhatIf &W) {
  return W.Target + " \u00b7 " + W.Precision + fmt::format(" \u00b7 b{}", W.Batch);
}

std::string rowTip(const WhatIf &W) {
  return fmt::format("{} on {} ({}), {}, batch {}: {} per sample ({}), {} per inference, {} "
                     "samples/s",
                     W.Model, W.TargetDisplay, W.Target, W.Precision, W.Batch,
                     joules(W.EnergyPerSampleJ), range(joules(W.EnergyLowJ), joules(W.EnergyHighJ)),
                     formatSI(W.TimeS, "s"), formatSI(W.SamplesPerS, ""));
}

/// The rows of one model: energy per sample as bars and, when they hold more
/// than one batch size, against batch (a line per target and precision).
void writeCompareCharts(ArrayRef<const WhatIf *> Rows, raw_ostream &OS) {
  std::string Model = sys::path::filename(Rows[0]->Model).str();
  BarChart C;
  C.Title = "Energy per sample: " + Model;
  C.Axis = "energy per sample (J), low \u2013 high range as whiskers";
  for (const WhatIf *W : Rows)
    C.Bars.push_back({rowLabel(*W), rowTip(*W), joules(W->EnergyPerSampleJ), W->EnergyPerSampleJ,
                      W->EnergyLowJ, W->EnergyHighJ, "b-tgt"});
  writeBarChart(C, OS);
  LineChart L;
  L.Title = "Energy per sample against batch size: " + Model;
  L.XAxis = "batch size (samples per inference)";
  L.YAxis = "energy per sample (J)";
  std::set<int64_t> Batches;
  for (const WhatIf *W : Rows) {
    Batches.insert(W->Batch);
    std::string Name = W->Target + " " + W->Precision;
    auto S = std::find_if(L.S.begin(), L.S.end(), [&](const Series &X) { return X.Name == Name; });
    if (S == L.S.end())
      S = L.S.insert(L.S.end(), Series{Name, {}});
    S->Points.push_back({double(W->Batch), W->EnergyPerSampleJ, rowTip(*W)});
  }
  if (Batches.size() < 2)
    return;
  for (Series &S : L.S)
    std::stable_sort(S.Points.begin(), S.Points.end(),
                     [](const Point &X, const Point &Y) { return X.X < Y.X; });
  writeLineChart(L, OS);
}

} // namespace

void writeCompareHtml(ArrayRef<WhatIf> Rows, raw_ostream &OS) {
  // The models in the order of the rows, each with its rows.
  std::vector<std::vector<const WhatIf *>> ByModel;
  for (const WhatIf &W : Rows) {
    auto It = std::find_if(ByModel.begin(), ByModel.end(),
                           [&](const auto &M) { return M[0]->Model == W.Model; });
    if (It == ByModel.end())
      It = ByModel.emplace(ByModel.end());
    It->push_back(&W);
  }
  writePageHead("wattlint compare", OS);
  OS << "<header class=\"page\"><h1>wattlint compare</h1><p class=\"muted\">" << Rows.size()
     << " costing(s) of " << ByModel.size() << " model(s), one per model, target, precision "
     << "and batch size.</p></header>\n<main>\n";
  if (Rows.empty()) {
    OS << "<p class=\"empty\">Nothing to compare.</p>\n</main>\n";
    writePageTail(OS);
    return;
  }
  for (const auto &M : ByModel) {
    if (ByModel.size() > 1)
      OS << "<h2>" << esc(M[0]->Model, 1024) << "</h2>\n";
    writeCompareCharts(M, OS);
  }
  OS << "<h2>All rows</h2>\n";
  OS << "<div class=\"scroll\"><table class=\"sortable\"><thead><tr>"
     << "<th data-k=\"t\">model</th><th data-k=\"t\">target</th><th data-k=\"t\">precision</th>"
     << "<th class=\"n\" data-k=\"0\">batch</th><th class=\"n\" data-k=\"1\">energy / sample</th>"
     << "<th class=\"n\">range</th><th class=\"n\" data-k=\"2\">time / inference</th>"
     << "<th class=\"n\">range</th><th class=\"n\" data-k=\"3\">samples/s</th>"
     << "<th class=\"n\" data-k=\"4\">CO2e / sample</th><th class=\"n\" data-k=\"5\">MACs</th>"
     << "<th class=\"n\" data-k=\"6\">params</th><th class=\"n\" data-k=\"7\">uncosted</th>"
     << "</tr></thead><tbody>\n";
  for (const WhatIf &W : Rows)
    OS << "<tr data-n=\"" << W.Batch << " " << dataNum(W.EnergyPerSampleJ) << " "
       << dataNum(W.TimeS) << " " << dataNum(W.SamplesPerS) << " " << dataNum(W.Co2ePerSampleG)
       << " " << W.Macs << " " << W.Params << " " << W.Uncosted << "\"><td class=\"mono\">"
       << esc(W.Model, 1024) << "</td><td class=\"nw\">" << esc(W.TargetDisplay, 128) << "</td><td>"
       << esc(W.Precision, 64) << "</td><td class=\"n\">" << W.Batch << "</td><td class=\"n\">"
       << esc(joules(W.EnergyPerSampleJ)) << "</td><td class=\"n\">"
       << esc(range(joules(W.EnergyLowJ), joules(W.EnergyHighJ))) << "</td><td class=\"n\">"
       << esc(formatSI(W.TimeS, "s")) << "</td><td class=\"n\">"
       << esc(range(formatSI(W.TimeLowS, "s"), formatSI(W.TimeHighS, "s")))
       << "</td><td class=\"n\">" << esc(formatSI(W.SamplesPerS, "")) << "</td><td class=\"n\">"
       << (W.HasCarbon ? esc(formatSI(W.Co2ePerSampleG, "g")) : std::string("-"))
       << "</td><td class=\"n\">" << esc(formatSI(double(W.Macs), "")) << "</td><td class=\"n\">"
       << esc(formatSI(double(W.Params), "")) << "</td><td class=\"n\">" << W.Uncosted
       << "</td></tr>\n";
  OS << "</tbody></table></div>\n";
  bool Lower = std::any_of(Rows.begin(), Rows.end(), [](const WhatIf &W) { return W.Uncosted; });
  if (Lower)
    OS << "<div class=\"warn\"><b>Lower bounds.</b> Rows with uncosted nodes leave those nodes "
          "out of every figure.</div>\n";
  OS << "</main>\n";
  writePageTail(OS);
}

} // namespace wattlint
