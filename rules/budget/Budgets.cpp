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
      Value = double(C.P.Totals.bytesRead() + C.P.Totals.BytesWritten), What = "bytes moved per inference",
      Unit = "B";
      break;
    }
    if (Value <= *Max)
      return;
    double Excess = K == Kind::Energy ? Value - *Max : 0;
    std::string Sep = Unit[0] ? " " : "";
    Finding F = C.finding(-1, fmt::format("{} is {:.4g}{}{}, over the budget of {:.4g}{}{}", What,
                                          Value, Sep, Unit, *Max, Sep, Unit),
                          Excess);
    F.Notes.push_back(fmt::format("{:.1f}% over; on {} at batch {}", 100 * (Value / *Max - 1),
                                  C.T.Name, C.E.Batch));
    F.Help = "bring the model under budget (see the other findings for where the energy goes), or "
             "raise the budget in .wattlint.yaml";
    Out.push_back(std::move(F));
  }

private:
  Kind K;
  std::optional<double> Max;
};

Expected<std::unique_ptr<Rule>> make(Kind K, const char *Id, const RuleOptions &O) {
  if (!O.count("max"))
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
