//===- rules/budget/Budgets.cpp - budget-* rules --------------------------===//
//
// The configured budgets (`budgets:` in .wattlint.yaml): energy per inference
// (J), latency (s), MACs, parameters and bytes moved. A budget exceeded is an
// error finding whose "saving" is the excess. Without a budget, no finding.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

using namespace llvm;

namespace wattlint {
namespace {

enum class Kind { Energy, Latency, Macs, Params, Bytes };

class Budget : public Rule {
public:
  Budget(Kind K, std::optional<double> Max) : K(K), Max(Max) {}
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    if (!Max)
      return;
    double Value = 0;
    const char *What = "", *Unit = "";
    switch (K) {
    case Kind::Energy:
      Value = C.E.EnergyJ, What = "energy per inference", Unit = "J";
      break;
    case Kind::Latency:
      Value = C.E.TimeS, What = "time per inference", Unit = "s";
      break;
    case Kind::Macs:
      Value = double(C.P.Totals.Macs), What = "MACs per inference", Unit = "MAC";
      break;
    case Kind::Params:
      Value = double(C.P.Totals.Params), What = "parameters", Unit = "";
      break;
    case Kind::Bytes:
      Value = double(C.P.Totals.bytesRead() + C.P.Totals.BytesWritten),
      What = "bytes moved per inference", Unit = "B";
      break;
    }
    // A total that leaves nodes out is a lower bound: the budget cannot be
    // judged on it, and a gate must not pass what it could not cost.
    size_t Uncosted = C.P.uncostedNodes();
    bool Incomplete = Uncosted > 0 && K != Kind::Params;
    if (Value <= *Max && !Incomplete)
      return;
    double Excess = K == Kind::Energy ? std::max(0.0, Value - *Max) : 0;
    Finding F = C.finding(-1,
                          Value > *Max ? "{what} is {value:.4g}{unit}, over the budget of "
                                         "{budget:.4g}{unit}"
                                       : "{what} cannot be judged against the budget of "
                                         "{budget:.4g}{unit}: {uncosted nodes} node(s) were not "
                                         "costed, so {value:.4g}{unit} is only a lower bound",
                          Excess);
    if (Value > *Max)
      F.Notes.push_back("{over:%.1f}% over; on {target} at batch {batch}");
    else
      F.Notes.push_back("{uncosted nodes} node(s) of unknown ops or unresolved shapes are left out "
                        "(see analysis-incomplete)");
    F.Help = "bring the model under budget (see the other findings for where the energy goes), or "
             "raise the budget";
    F.Words["what"] = What;
    F.Words["unit"] = Unit[0] ? std::string(" ") + Unit : "";
    F.Measures.insert(F.Measures.end(), {{"value", Value, Unit},
                                         {"budget", *Max, Unit},
                                         {"over", Value / *Max - 1, ""},
                                         {"batch", double(C.E.Batch), ""},
                                         {"uncosted nodes", double(Uncosted), ""}});
    Out.push_back(std::move(F));
  }

private:
  Kind K;
  std::optional<double> Max;
};

Expected<std::unique_ptr<Rule>> make(Kind K, const char *Id, const RuleOptions &O) {
  if (!O.get("max"))
    return std::make_unique<Budget>(K, std::nullopt);
  Expected<double> Max = numberOption(O, Id, "max", 0);
  if (!Max)
    return Max.takeError();
  return std::make_unique<Budget>(K, *Max);
}

} // namespace

Expected<std::unique_ptr<Rule>> makeBudgetEnergy(const RuleOptions &O) {
  return make(Kind::Energy, "budget-energy", O);
}
Expected<std::unique_ptr<Rule>> makeBudgetLatency(const RuleOptions &O) {
  return make(Kind::Latency, "budget-latency", O);
}
Expected<std::unique_ptr<Rule>> makeBudgetMacs(const RuleOptions &O) {
  return make(Kind::Macs, "budget-macs", O);
}
Expected<std::unique_ptr<Rule>> makeBudgetParams(const RuleOptions &O) {
  return make(Kind::Params, "budget-params", O);
}
Expected<std::unique_ptr<Rule>> makeBudgetBytes(const RuleOptions &O) {
  return make(Kind::Bytes, "budget-bytes", O);
}

} // namespace wattlint
