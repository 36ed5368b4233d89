//===- rules/precision/Fp32Compute.cpp - precision-fp32-compute -----------===//
//
// Contractions (Conv, MatMul, Gemm, recurrent, attention) computed in fp32 on
// a target whose matrix units run a 16-bit type at least `min_speedup` times
// faster. One finding per model, on its costliest fp32 contraction; the saving
// is the whole model's fp32 contraction work re-costed at `to` (default bf16).
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

using namespace llvm;

namespace wattlint {
namespace {

class Fp32Compute : public Rule {
public:
  Fp32Compute(std::string To, double MinSpeedup) : To(std::move(To)), MinSpeedup(MinSpeedup) {}
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    auto Peak = [&](const char *P) {
      auto It = C.T.PeakTflops.find(P);
      return It == C.T.PeakTflops.end() ? 0.0 : It->second.Value;
    };
    double Fp32 = Peak("fp32"), Fast = Peak(To.c_str());
    if (Fp32 <= 0 || Fast < MinSpeedup * Fp32)
      return;
    double Saving = 0, Best = 0;
    int BestIndex = -1;
    unsigned Count = 0;
    uint64_t Macs = 0;
    for (size_t I = 0; I < C.P.Nodes.size(); ++I) {
      const NodeProfile &R = C.P.Nodes[I];
      if (R.W.Macs == 0 || C.E.Nodes[I].Precision != "fp32")
        continue;
      std::optional<NodeWork> W = nodeWork(R, C.T, To);
      if (!W)
        continue;
      double S = C.E.Nodes[I].OwnEnergyJ - costWork(C.T, *W).EnergyJ;
      if (S <= 0)
        continue;
      Saving += S;
      ++Count;
      Macs += R.W.Macs;
      if (S > Best)
        Best = S, BestIndex = int(I);
    }
    if (BestIndex < 0)
      return;
    Finding F = C.finding(BestIndex,
                          "{fp32 contraction nodes} matmul/conv nodes compute in fp32 on {target}, "
                          "whose matrix units run {to} {speedup:.0f}x faster ({to peak:g} vs "
                          "{fp32 peak:g} TFLOPS)",
                          Saving);
    F.Notes.push_back("{fp32 MACs:G.3g} GMAC in fp32 contractions; this node alone: {node energy}");
    F.Notes.push_back("fp32 here means the plain FP32 units; TF32 is the "
                      "middle ground when 16-bit accuracy is in doubt");
    F.Help = "run inference in {to} (autocast, or cast weights and inputs), checking accuracy on "
             "a validation set";
    F.Words["to"] = To;
    F.Measures.insert(F.Measures.end(), {{"fp32 contraction nodes", double(Count), ""},
                                         {"fp32 MACs", double(Macs), "MAC"},
                                         {"speedup", Fast / Fp32, "x"},
                                         {"to peak", Fast, "TFLOPS"},
                                         {"fp32 peak", Fp32, "TFLOPS"}});
    Out.push_back(std::move(F));
  }

private:
  std::string To;
  double MinSpeedup;
};

} // namespace

Expected<std::unique_ptr<Rule>> makePrecisionFp32Compute(const RuleOptions &O) {
  std::string To = stringOption(O, "to", "bf16");
  if (To != "bf16" && To != "fp16" && To != "tf32" && To != "fp8")
    return createStringError(inconvertibleErrorCode(),
                             "option 'to' of rule 'precision-fp32-compute' must be bf16, fp16, "
                             "tf32 or fp8, not '%s'",
                             To.c_str());
  Expected<double> Speedup = numberOption(O, "precision-fp32-compute", "min_speedup", 4);
  if (!Speedup)
    return Speedup.takeError();
  return std::make_unique<Fp32Compute>(To, *Speedup);
}

} // namespace wattlint
