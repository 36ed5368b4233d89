//===- tools/SharedOptions.cpp - options wattlint and wattlint-cxx share --===//
#include "tools/SharedOptions.h"

#include "llvm/Support/raw_ostream.h"

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
      ProfileCmd(Subs.Profile), CheckCmd(Subs.Check) {
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

} // namespace wattlint
