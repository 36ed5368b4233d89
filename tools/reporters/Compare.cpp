//===- tools/reporters/Compare.cpp - `wattlint compare` -------------------===//
//
// One row per model x target x precision x batch, each figure with its
// range: a table for people, Markdown, CSV and JSON (schema
// wattlint.compare/1). The HTML page is in Html.cpp.
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

bool anyCarbon(ArrayRef<WhatIf> Rows) {
  return any_of(Rows, [](const WhatIf &W) { return W.HasCarbon; });
}

std::string range(double Low, double High, std::string (*Fmt)(double)) {
  return Fmt(Low) + " - " + Fmt(High);
}
std::string seconds(double S) { return formatSI(S, "s"); }
std::string grams(double G) { return formatSI(G, "g"); }

std::string csvField(StringRef S) {
  std::string Out = "\"";
  for (char C : printable(S, 4096))
    Out += C == '"' ? std::string("\"\"") : std::string(1, C);
  return Out + "\"";
}

} // namespace

void writeCompareTable(ArrayRef<WhatIf> Rows, raw_ostream &OS) {
  bool Carbon = anyCarbon(Rows);
  size_t ModelW = 5;
  for (const WhatIf &W : Rows)
    ModelW = std::max(ModelW, printable(W.Model, 60).size());
  OS << fmt::format("{:<{}}  {:<16} {:<9} {:>6} {:>11} {:>11} {:>23} {:>10} {:>11}", "model",
                    ModelW, "target", "precision", "batch", "MACs", "J/sample", "range", "time",
                    "samples/s");
  if (Carbon)
    OS << fmt::format(" {:>13}", "CO2e/sample");
  OS << "\n";
  for (const WhatIf &W : Rows) {
    OS << fmt::format("{:<{}}  {:<16} {:<9} {:>6} {:>11} {:>11} {:>23} {:>10} {:>11}",
                      printable(W.Model, 60), ModelW, printable(W.Target, 16), W.Precision, W.Batch,
                      formatSI(double(W.Macs), ""), joules(W.EnergyPerSampleJ),
                      range(W.EnergyLowJ, W.EnergyHighJ, joules), seconds(W.TimeS),
                      formatSI(W.SamplesPerS, ""));
    if (Carbon)
      OS << fmt::format(" {:>13}", W.HasCarbon ? grams(W.Co2ePerSampleG) : "-");
    if (W.Uncosted)
      OS << fmt::format("  (lower bound: {} node(s) not costed)", W.Uncosted);
    OS << "\n";
  }
}

void writeCompareMarkdown(ArrayRef<WhatIf> Rows, raw_ostream &OS) {
  bool Carbon = anyCarbon(Rows);
  OS << "| model | target | precision | batch | MACs | energy / sample | range | time / "
        "inference | samples/s |";
  if (Carbon)
    OS << " CO2e / sample |";
  OS << "\n|---|---|---|---:|---:|---:|---:|---:|---:|" << (Carbon ? "---:|" : "") << "\n";
  for (const WhatIf &W : Rows) {
    OS << "| `" << mdCode(W.Model) << "` | " << mdText(W.TargetDisplay, 64) << " | " << W.Precision
       << " | " << W.Batch << " | " << formatSI(double(W.Macs), "") << " | "
       << joules(W.EnergyPerSampleJ) << (W.Uncosted ? " (lower bound)" : "") << " | "
       << range(W.EnergyLowJ, W.EnergyHighJ, joules) << " | " << seconds(W.TimeS) << " | "
       << formatSI(W.SamplesPerS, "") << " |";
    if (Carbon)
      OS << " " << (W.HasCarbon ? grams(W.Co2ePerSampleG) : "-") << " |";
    OS << "\n";
  }
}

void writeCompareCsv(ArrayRef<WhatIf> Rows, raw_ostream &OS) {
  OS << "model,target,precision,batch,macs,params,energy_j_per_sample,energy_j_per_sample_low,"
        "energy_j_per_sample_high,time_s,time_s_low,time_s_high,samples_per_s,co2e_g_per_sample,"
        "uncosted_nodes\n";
  for (const WhatIf &W : Rows)
    OS << fmt::format(
        "{},{},{},{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{},{}\n",
        csvField(W.Model), csvField(W.Target), W.Precision, W.Batch, W.Macs, W.Params,
        finite(W.EnergyPerSampleJ), finite(W.EnergyLowJ), finite(W.EnergyHighJ), finite(W.TimeS),
        finite(W.TimeLowS), finite(W.TimeHighS), finite(W.SamplesPerS),
        W.HasCarbon ? fmt::format("{:.6g}", finite(W.Co2ePerSampleG)) : "", W.Uncosted);
}

void writeCompareJson(ArrayRef<WhatIf> Rows, raw_ostream &OS) {
  json::OStream J(OS, 1);
  J.object([&] {
    J.attribute("schema", "wattlint.compare/1");
    J.attributeArray("rows", [&] {
      for (const WhatIf &W : Rows)
        J.object([&] {
          J.attribute("model", jsonText(W.Model));
          J.attribute("target", jsonText(W.Target));
          J.attribute("device", jsonText(W.TargetDisplay));
          J.attribute("precision", W.Precision);
          J.attribute("batch", W.Batch);
          J.attribute("macs", int64_t(W.Macs));
          J.attribute("params", int64_t(W.Params));
          J.attribute("energy_j_per_sample", finite(W.EnergyPerSampleJ));
          J.attribute("energy_j_per_sample_low", finite(W.EnergyLowJ));
          J.attribute("energy_j_per_sample_high", finite(W.EnergyHighJ));
          J.attribute("time_s", finite(W.TimeS));
          J.attribute("time_s_low", finite(W.TimeLowS));
          J.attribute("time_s_high", finite(W.TimeHighS));
          J.attribute("samples_per_s", finite(W.SamplesPerS));
          if (W.HasCarbon)
            J.attribute("co2e_g_per_sample", finite(W.Co2ePerSampleG));
          J.attribute("complete", W.Uncosted == 0);
          J.attribute("uncosted_nodes", int64_t(W.Uncosted));
        });
    });
  });
  OS << "\n";
}

} // namespace wattlint
