//===- rules/batch/Underutilized.cpp - batch-underutilized ----------------===//
//
// A batch of `max_batch` or fewer on an accelerator where idle power over the
// inference's time is most of its energy. The saving per inference is priced
// by re-running the cost model with the batch dim bound to `batch` (default
// 64) and comparing energy per sample.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

using namespace llvm;

namespace wattlint {
namespace {

class Underutilized : public Rule {
public:
  Underutilized(double MaxBatch, double Batch, double MinStaticShare)
      : MaxBatch(MaxBatch), Batch(Batch), MinStaticShare(MinStaticShare) {}
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    if (C.T.Kind != "gpu" && C.T.Kind != "tpu")
      return;
    if (double(C.E.Batch) > MaxBatch || C.E.EnergyJ <= 0 || C.M.BatchDim.empty() || !C.Recost)
      return;
    double Static = C.T.IdleW.Value * C.E.TimeS;
    double Share = Static / C.E.EnergyJ;
    if (Share < MinStaticShare)
      return;
    Expected<Estimate> Big = C.Recost({{C.M.BatchDim, int64_t(Batch)}});
    if (!Big) {
      consumeError(Big.takeError());
      return;
    }
    double Now = C.E.EnergyJ / double(C.E.Batch), Then = Big->EnergyJ / double(Big->Batch);
    double Saving = (Now - Then) * double(C.E.Batch);
    if (Saving <= 0)
      return;
    Finding F = C.finding(-1,
                          "batch {batch} on {target}: idle power over the inference's "
                          "{time:m.3g} ms is {idle share:%.0f}% of its energy",
                          Saving);
    F.Notes.push_back("{energy per sample} per sample at batch {batch}; {energy per sample at the "
                      "suggested batch} per sample at batch {suggested batch}");
    F.Help = "serve batches of {suggested batch} ({batch dim} = {suggested batch}, e.g. dynamic "
             "batching)";
    F.Words["batch dim"] = C.M.BatchDim;
    F.Measures.insert(F.Measures.end(), {{"batch", double(C.E.Batch), ""},
                                         {"time", C.E.TimeS, "s"},
                                         {"idle share", Share, ""},
                                         {"energy per sample", Now, "J"},
                                         {"suggested batch", Batch, ""},
                                         {"energy per sample at the suggested batch", Then, "J"}});
    Out.push_back(std::move(F));
  }

private:
  double MaxBatch, Batch, MinStaticShare;
};

} // namespace

Expected<std::unique_ptr<Rule>> makeBatchUnderutilized(const RuleOptions &O) {
  const char *Id = "batch-underutilized";
  Expected<double> MaxBatch = numberOption(O, Id, "max_batch", 4);
  if (!MaxBatch)
    return MaxBatch.takeError();
  Expected<double> Batch = batchOption(O, Id, 64);
  if (!Batch)
    return Batch.takeError();
  Expected<double> Share = numberOption(O, Id, "min_static_share", 0.5);
  if (!Share)
    return Share.takeError();
  return std::make_unique<Underutilized>(*MaxBatch, std::max(1.0, *Batch), *Share);
}

} // namespace wattlint
