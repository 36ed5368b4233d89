//===- tools/SharedOptions.cpp - options wattlint and wattlint-cxx share --===//
#include "tools/SharedOptions.h"
#include "analyzer/Text.h"
#include "report/Diff.h"

#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdlib>

using namespace llvm;

namespace wattlint {

SharedOptions::SharedOptions(SharedSubcommands &Subs, cl::OptionCategory &Cat)
    : Dims("dim", cl::desc("Bind a symbolic dim: NAME=VALUE (repeatable)"),
           cl::value_desc("NAME=VALUE"), cl::sub(Subs.Analyze), cl::cat(Cat)),
      Assume("assume",
             cl::desc("A size only running the model decides, by kind (boxes, nonzero, k, "
                      "selected, unique, steps) or node name: KEY=VALUE (repeatable; default: "
                      "the worst case)"),
             cl::value_desc("KEY=VALUE"), cl::sub(Subs.Analyze), cl::cat(Cat)),
      Target("target", cl::desc("Hardware target (default: the config's, else h200)"),
             cl::sub(Subs.Analyze), cl::cat(Cat)),
      TargetFile("target-file", cl::desc("YAML file adding or overriding a target"),
                 cl::sub(Subs.TargetFile), cl::cat(Cat)),
      Runtime("runtime",
              cl::desc("Software that runs the model: pytorch-eager (default), onnxruntime, "
                       "tensorrt (`wattlint runtimes`)"),
              cl::sub(Subs.Analyze), cl::cat(Cat)),
      RuntimeFile("runtime-file", cl::desc("YAML file adding or overriding a runtime"),
                  cl::sub(Subs.RuntimeFile), cl::cat(Cat)),
      Precision("precision",
                cl::desc("Re-cost float compute at fp32|tf32|bf16|fp16|fp8|int8 (fp32 = plain "
                         "FP32 units, not TF32; default: the model's dtypes)"),
                cl::sub(Subs.Analyze), cl::cat(Cat)),
      Config("config",
             cl::desc("Configuration file (default: the nearest .wattlint.yaml above the model)"),
             cl::sub(Subs.Analyze), cl::cat(Cat)),
      Region("region", cl::desc("Grid region for carbon (`wattlint regions`)"),
             cl::sub(Subs.Analyze), cl::cat(Cat)),
      Pue("pue", cl::desc("Data-center PUE, 1 to 5 (default: the 'default' entry)"), cl::init(0),
          cl::sub(Subs.Analyze), cl::cat(Cat)),
      PowerLimit("power-limit",
                 cl::desc("The board's power limit in watts (nvidia-smi -pl, a MaxQ mode; "
                          "default: TDP)"),
                 cl::init(0), cl::sub(Subs.Analyze), cl::cat(Cat)),
      ProfileFmt("format", cl::desc("Output format"), cl::init(ProfileFormat::table),
                 cl::ValuesClass({
#define PROFILE_FORMAT(Name, Writer, Description)                                                  \
  clEnumValN(ProfileFormat::Name, #Name, Description),
#include "tools/reporters/Reporters.def"
                 }),
                 cl::sub(Subs.Profile)),
      NoCost("no-cost", cl::desc("Counts only: no time, energy or carbon"), cl::sub(Subs.Profile)),
      Sort("sort", cl::desc("Order of the rows (default: graph order)"), cl::init(SortKey::Graph),
           cl::values(clEnumValN(SortKey::Graph, "graph", "topological order"),
                      clEnumValN(SortKey::Energy, "energy", "most energy first"),
                      clEnumValN(SortKey::Macs, "macs", "most MACs first"),
                      clEnumValN(SortKey::Time, "time", "longest first"),
                      clEnumValN(SortKey::Name, "name", "by node path")),
           cl::sub(Subs.Profile)),
      Top("top", cl::desc("Show only the first N rows (after --sort)"), cl::init(0),
          cl::sub(Subs.Profile)),
      ByOp("by-op", cl::desc("Totals per op type instead of per node"), cl::sub(Subs.Profile)),
      Rules("rules",
            cl::desc("Rule globs appended to the config's, e.g. -*,recurrent-* or "
                     "-graph-dead-node"),
            cl::sub(Subs.Check)),
      CheckFmt("format", cl::desc("Output format"), cl::init(CheckFormat::text),
               cl::ValuesClass({
#define CHECK_FORMAT(Name, Writer, Description) clEnumValN(CheckFormat::Name, #Name, Description),
#include "tools/reporters/Reporters.def"
               }),
               cl::sub(Subs.Check)),
      FailOn("fail-on", cl::desc("Lowest severity that fails: note, warning (default), error"),
             cl::sub(Subs.Check)),
      Baseline("baseline", cl::desc("Suppress the findings listed in this file"),
               cl::sub(Subs.Check)),
      WriteBaseline("write-baseline", cl::desc("Write the findings to this file"),
                    cl::sub(Subs.Check)),
      Color("color", cl::desc("Color the diagnostics (NO_COLOR is honoured)"),
            cl::init(ColorMode::Auto),
            cl::values(clEnumValN(ColorMode::Auto, "auto", "on a terminal"),
                       clEnumValN(ColorMode::Always, "always", "always"),
                       clEnumValN(ColorMode::Never, "never", "never")),
            cl::sub(Subs.Check)),
      DiffFmt("format", cl::desc("Output format"), cl::init(DiffFormat::text),
              cl::values(
                  clEnumValN(DiffFormat::text, "text", "a summary for people"),
                  clEnumValN(DiffFormat::json, "json", "JSON (docs/diff-json.md)"),
                  clEnumValN(DiffFormat::markdown, "markdown", "Markdown for a pull-request comment")),
              cl::sub(Subs.Diff)),
      FailOnIncrease(
          "fail-on-increase",
          cl::desc("Exit 1 when NEW grows past PCT percent (of --metric) or is not fully costed"),
          cl::value_desc("PCT"), cl::sub(Subs.Diff)),
      Metric("metric",
             cl::desc("The figure --fail-on-increase budgets (default: energy-per-sample)"),
             cl::sub(Subs.Diff)),
      DiffTop("top", cl::desc("Node changes shown (default 20)"), cl::init(20),
              cl::sub(Subs.Diff)),
      ProfileCmd(Subs.Profile), CheckCmd(Subs.Check) {
}

std::optional<std::string> SharedOptions::diffSettings(DiffArgs &D) const {
  D.Format = DiffFmt;
  D.Top = DiffTop;
  if (FailOnIncrease.getNumOccurrences()) {
    double Pct = 0;
    if (StringRef(FailOnIncrease).trim().getAsDouble(Pct) || !std::isfinite(Pct))
      return "--fail-on-increase: '" + printable(FailOnIncrease, 64) +
             "' is not a percentage (e.g. 5 or 0)";
    D.FailOnIncrease = Pct;
  }
  if (Metric.getNumOccurrences()) {
    std::optional<DiffMetric> M = parseMetric(Metric);
    if (!M)
      return "--metric: '" + printable(Metric, 64) + "' is not one of " + metricChoices();
    D.Metric = *M;
  }
  return std::nullopt;
}

std::optional<std::string> SharedOptions::emptyPath() const {
  for (const cl::opt<std::string> *O :
       {&TargetFile, &RuntimeFile, &Config, &Baseline, &WriteBaseline})
    if (O->getNumOccurrences() && O->empty())
      return "--" + O->ArgStr.str() + " names no file (an empty path)";
  return std::nullopt;
}

Flags SharedOptions::flags() const {
  Flags F;
  F.Config = Config;
  F.Dims.assign(Dims.begin(), Dims.end());
  F.Assume.assign(Assume.begin(), Assume.end());
  F.Target = Target;
  F.TargetFile = TargetFile;
  F.Runtime = Runtime;
  F.RuntimeFile = RuntimeFile;
  F.Precision = Precision;
  F.Region = Region;
  if (Pue.getNumOccurrences())
    F.Pue = Pue;
  if (PowerLimit.getNumOccurrences())
    F.PowerLimit = PowerLimit;
  if (ProfileCmd)
    F.NoCost = NoCost;
  if (CheckCmd) {
    F.Rules = Rules;
    F.FailOn = FailOn;
  }
  return F;
}

ProfileView SharedOptions::view() const {
  ProfileView V;
  V.Sort = ByOp && !Sort.getNumOccurrences() ? SortKey::Energy : SortKey(Sort);
  V.Top = Top;
  V.ByOp = ByOp;
  return V;
}

bool SharedOptions::color() const {
  if (Color == ColorMode::Always)
    return true;
  // no-color.org: NO_COLOR present and not empty.
  const char *NoColor = std::getenv("NO_COLOR");
  if (Color == ColorMode::Never || (NoColor && *NoColor))
    return false;
  return outs().is_displayed();
}

ReviewOptions::ReviewOptions(cl::SubCommand &Report, cl::SubCommand &Compare)
    : OutPath("o", cl::desc("The HTML file to write"), cl::value_desc("FILE.html"),
              cl::sub(Report)),
      TargetsList("targets",
                  cl::desc("Targets to cost on, comma-separated (default: report: a spread of "
                           "eight; compare: the session's)"),
                  cl::sub(Report), cl::sub(Compare)),
      PrecisionsList("precisions",
                     cl::desc("Precisions, comma-separated (default: report: every one the "
                              "target has; compare: the session's)"),
                     cl::sub(Report), cl::sub(Compare)),
      BatchesList("batches",
                  cl::desc("Batch sizes, comma-separated (default: report: 1 to 256; compare: "
                           "as bound)"),
                  cl::sub(Report), cl::sub(Compare)),
      CmpFormat("format", cl::desc("Output format"), cl::init(CompareFormat::table),
                cl::values(clEnumValN(CompareFormat::table, "table", "a table for people"),
                           clEnumValN(CompareFormat::markdown, "markdown", "a Markdown table"),
                           clEnumValN(CompareFormat::csv, "csv", "CSV, one row per setting"),
                           clEnumValN(CompareFormat::json, "json", "JSON (docs/compare-json.md)"),
                           clEnumValN(CompareFormat::html, "html", "a self-contained HTML page")),
                cl::sub(Compare)) {}

} // namespace wattlint
