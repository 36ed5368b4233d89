//===- rules/recurrent/SequentialBottleneck.cpp ---------------------------===//
//
// recurrent-sequential-bottleneck: a recurrence of many steps at a small batch
// is bound by per-step kernel overhead and weight traffic, not arithmetic. The
// saving is priced as the same recurrence run at a larger batch (option
// `batch`, default 64), per sample.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

using namespace llvm;

namespace wattlint {
namespace {

class SequentialBottleneck : public Rule {
public:
  SequentialBottleneck(double MinSteps, double MaxBatch, double Batch)
      : MinSteps(MinSteps), MaxBatch(MaxBatch), Batch(Batch) {}
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    for (size_t I = 0; I < C.P.Nodes.size(); ++I) {
      const NodeProfile &R = C.P.Nodes[I];
      if (R.State != NodeProfile::Status::Costed || R.Family != "recurrent")
        continue;
      const Dims *X = inShape(*R.G, *R.N, 0);
      if (!X || X->size() != 3)
        continue;
      bool BatchFirst = R.N->attrInt("layout", 0) == 1;
      int64_t Steps = BatchFirst ? (*X)[1] : (*X)[0], B = BatchFirst ? (*X)[0] : (*X)[1];
      const NodeEstimate &NE = C.E.Nodes[I];
      if (Steps < MinSteps || B > MaxBatch || B <= 0 || NE.B == Bound::Compute)
        continue;
      std::optional<NodeWork> W = nodeWork(R, C.T, C.Precision);
      if (!W)
        continue;
      // The same recurrence at the larger batch: arithmetic and activation
      // traffic scale with the batch, kernels and weights do not.
      double Scale = Batch / double(B);
      double WeightBytes = double(R.W.BytesReadWeights);
      NodeWork Big = *W;
      Big.MatrixFlops *= Scale;
      Big.VectorFlops *= Scale;
      Big.Bytes = WeightBytes + (W->Bytes - WeightBytes) * Scale;
      double PerSample = costWork(C.T, Big).EnergyJ / Batch;
      double Saving = NE.OwnEnergyJ - PerSample * double(B);
      if (Saving <= 0)
        continue;
      Finding F = C.finding(int(I),
                            "{op} runs {steps} sequential steps at batch {batch}: {bound}-bound, "
                            "the arithmetic units wait on each step",
                            Saving);
      F.Notes.push_back("{kernels:g} kernels, {node energy} per inference, {energy per sample} per "
                        "sample on {target}");
      F.Notes.push_back(
          "at batch {suggested batch}: {energy per sample at the suggested batch} per "
          "sample");
      F.Help = "batch requests (or sequences) to {suggested batch}, shorten the sequence, or use a "
               "parallel architecture (convolution, attention)";
      F.Words["bound"] = boundName(NE.B);
      F.Measures.insert(F.Measures.end(),
                        {{"steps", double(Steps), ""},
                         {"batch", double(B), ""},
                         {"kernels", NE.Kernels, ""},
                         {"energy per sample", NE.EnergyJ / double(B), "J"},
                         {"suggested batch", Batch, ""},
                         {"energy per sample at the suggested batch", PerSample, "J"}});
      Out.push_back(std::move(F));
    }
  }

private:
  double MinSteps, MaxBatch, Batch;
};

} // namespace

Expected<std::unique_ptr<Rule>> makeRecurrentSequentialBottleneck(const RuleOptions &O) {
  const char *Id = "recurrent-sequential-bottleneck";
  Expected<double> MinSteps = numberOption(O, Id, "min_steps", 32);
  if (!MinSteps)
    return MinSteps.takeError();
  Expected<double> MaxBatch = numberOption(O, Id, "max_batch", 8);
  if (!MaxBatch)
    return MaxBatch.takeError();
  Expected<double> Batch = batchOption(O, Id, 64);
  if (!Batch)
    return Batch.takeError();
  return std::make_unique<SequentialBottleneck>(*MinSteps, *MaxBatch, std::max(1.0, *Batch));
}

} // namespace wattlint
