//===- report/WhatIf.cpp - a model costed again at another setting --------===//
#include "report/WhatIf.h"

#include "analyzer/Text.h"
#include "cost/Derived.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace wattlint {

namespace {

WhatIf fill(StringRef Path, const Profile &P, const Estimate &E, const Target &T, Precision Prec,
            const Scenario *Sc) {
  WhatIf W;
  W.Model = Path.str();
  W.Target = T.Name;
  W.TargetDisplay = T.DisplayName.empty() ? T.Name : T.DisplayName;
  W.Precision = Prec == Precision::Model ? "model" : precisionName(Prec).str();
  W.Batch = E.Batch;
  W.EnergyPerSampleJ = perSample(E.EnergyJ, E.Batch);
  W.EnergyLowJ = perSample(E.EnergyLowJ, E.Batch);
  W.EnergyHighJ = perSample(E.EnergyHighJ, E.Batch);
  W.TimeS = E.TimeS, W.TimeLowS = E.TimeLowS, W.TimeHighS = E.TimeHighS;
  W.SamplesPerS = E.TimeS > 0 ? double(E.Batch) / E.TimeS : 0;
  if (Sc && Sc->HasCarbon) {
    W.HasCarbon = true;
    W.Co2ePerSampleG = Sc->Samples > 0 ? Sc->TotalKg * 1000 / Sc->Samples : 0;
  }
  W.Macs = P.Totals.Macs;
  W.Params = P.Totals.Params;
  W.Uncosted = P.uncostedNodes();
  return W;
}

/// One inference's carbon in the main analysis' region, if it has one.
Expected<std::optional<Scenario>> carbonOf(const Analysis &Main, const Estimate &E,
                                           const Profile &P, const Target &T) {
  if (!Main.Sc || !Main.Sc->HasCarbon)
    return std::nullopt;
  ScenarioOptions O;
  O.Region = Main.Sc->Region;
  O.Pue = Main.Sc->Pue;
  Expected<Scenario> Sc = scenario(E, P, T, O);
  if (!Sc)
    return Sc.takeError();
  return std::optional<Scenario>(std::move(*Sc));
}

} // namespace

WhatIf whatIfOf(const Analysis &Main) {
  std::optional<Scenario> Sc;
  if (Main.Sc && Main.Sc->HasCarbon && Main.S->T) {
    Expected<std::optional<Scenario>> C = carbonOf(Main, *Main.E, Main.P, *Main.S->T);
    if (C)
      Sc = std::move(*C);
    else
      consumeError(C.takeError());
  }
  return fill(Main.Path, Main.P, *Main.E, *Main.S->T, Main.S->Prec.Value, Sc ? &*Sc : nullptr);
}

Expected<WhatIf> whatIf(ModelSource &Src, const Analysis &Main, const Target &T, Precision P,
                        std::optional<int64_t> Batch) {
  DimBindings D = Main.S->dimBindings();
  if (Batch) {
    if (Main.M->BatchDim.empty())
      return createStringError(inconvertibleErrorCode(),
                               "%s: no symbolic batch dim to bind to %lld (its first input's "
                               "first dim is fixed, and no dim of it is named N, B, batch, "
                               "batch_size or bs)",
                               printable(Main.Path).c_str(), (long long)*Batch);
    D[Main.M->BatchDim] = *Batch;
  }
  Expected<Model> M = Src.rebind(*Main.M, D);
  if (!M)
    return M.takeError();
  Expected<Profile> Prof = profileModel(*M);
  if (!Prof)
    return createStringError(inconvertibleErrorCode(), "%s: %s", printable(Main.Path).c_str(),
                             toString(Prof.takeError()).c_str());
  CostOptions CO;
  CO.Prec = P;
  Expected<Estimate> E = estimate(*M, *Prof, T, CO);
  if (!E)
    return E.takeError();
  Expected<std::optional<Scenario>> Sc = carbonOf(Main, *E, *Prof, T);
  if (!Sc)
    return Sc.takeError();
  return fill(Main.Path, *Prof, *E, T, P, *Sc ? &**Sc : nullptr);
}

std::vector<Precision> precisionsOf(const Target &T) {
  std::vector<Precision> Out;
  for (Precision P : {Precision::FP32, Precision::TF32, Precision::BF16, Precision::FP16,
                      Precision::FP8, Precision::INT8}) {
    auto It = T.PeakTflops.find(precisionName(P).str());
    if (It != T.PeakTflops.end() && It->second.Value > 0)
      Out.push_back(P);
  }
  return Out;
}

/// The largest batch a sweep or comparison binds (a what-if, not a model).
static constexpr int64_t MaxWhatIfBatch = int64_t(1) << 20;
/// Each value is a whole analysis (a --sweep reads the model again): a list
/// is bounded like any other input.
static constexpr size_t MaxWhatIfValues = 64;

Expected<std::vector<int64_t>> parseBatches(StringRef List, StringRef Flag) {
  std::vector<int64_t> Out;
  SmallVector<StringRef, 8> Parts;
  List.split(Parts, ',');
  if (Parts.size() > MaxWhatIfValues)
    return createStringError(inconvertibleErrorCode(), "%s: %zu values; at most %zu are accepted",
                             Flag.str().c_str(), Parts.size(), MaxWhatIfValues);
  for (StringRef Part : Parts) {
    int64_t V = 0;
    if (Part.trim().getAsInteger(10, V) || V < 1 || V > MaxWhatIfBatch)
      return createStringError(inconvertibleErrorCode(),
                               "%s: '%s' is not a batch size from 1 to %lld", Flag.str().c_str(),
                               printable(Part, 64).c_str(), (long long)MaxWhatIfBatch);
    if (!is_contained(Out, V))
      Out.push_back(V);
  }
  return Out;
}

Expected<std::vector<Precision>> parsePrecisions(StringRef List, StringRef Flag) {
  std::vector<Precision> Out;
  SmallVector<StringRef, 8> Parts;
  List.split(Parts, ',');
  if (Parts.size() > MaxWhatIfValues)
    return createStringError(inconvertibleErrorCode(), "%s: %zu values; at most %zu are accepted",
                             Flag.str().c_str(), Parts.size(), MaxWhatIfValues);
  for (StringRef Part : Parts) {
    // An empty entry ("fp32,") is no precision (parsePrecision reads "" as
    // the model's own).
    std::optional<Precision> P = Part.trim().empty() ? std::nullopt : parsePrecision(Part.trim());
    if (!P)
      return createStringError(inconvertibleErrorCode(), "%s: '%s' is not %s", Flag.str().c_str(),
                               printable(Part, 64).c_str(), precisionChoices().str().c_str());
    if (!is_contained(Out, *P))
      Out.push_back(*P);
  }
  return Out;
}

} // namespace wattlint
