//===- rules/budget/Budgets.cpp - budget-* rules --------------------------===//
//
// The configured budgets (`budgets:` in .wattlint.yaml): energy per inference
// (J), latency (s), MACs, parameters and bytes moved. A budget exceeded is an
// error finding whose "saving" is the excess. Without a budget, no finding.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

#include <fmt/format.h>

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
    size_t Uncosted = C.P.UnresolvedShapes.size();
    for (const auto &[Op, N] : C.P.UnknownOps)
      Uncosted += N;
    bool Incomplete = Uncosted > 0 && K != Kind::Params;
    if (Value <= *Max && !Incomplete)
      return;
    double Excess = K == Kind::Energy ? std::max(0.0, Value - *Max) : 0;
    std::string Sep = Unit[0] ? " " : "";
    std::string Message =
        Value > *Max
            ? fmt::format("{} is {:.4g}{}{}, over the budget of {:.4g}{}{}", What, Value, Sep, Unit,
                          *Max, Sep, Unit)
            : fmt::format("{} cannot be judged against the budget of {:.4g}{}{}: {} node(s) were "
                          "not costed, so {:.4g}{}{} is only a lower bound",
                          What, *Max, Sep, Unit, Uncosted, Value, Sep, Unit);
    Finding F = C.finding(-1, std::move(Message), Excess);
    if (Value > *Max)
      F.Notes.push_back(fmt::format("{:.1f}% over; on {} at batch {}", 100 * (Value / *Max - 1),
                                    C.T.Name, C.E.Batch));
    else
      F.Notes.push_back(fmt::format("{} node(s) of unknown ops or unresolved shapes are left out "
                                    "(see analysis-incomplete)",
                                    Uncosted));
    F.Help = "bring the model under budget (see the other findings for where the energy goes), or "
             "raise the budget";
    F.Measures.insert(F.Measures.end(), {{What, Value, Unit}, {"budget", *Max, Unit}});
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
