//===- tools/reporters/Lists.cpp - targets, regions and rules -------------===//
#include "analyzer/Text.h"
#include "cost/Derived.h"
#include "tools/reporters/Reporters.h"

#include "llvm/Support/JSON.h"

#include <fmt/format.h>

using namespace llvm;

namespace wattlint {

void writeTargetList(ArrayRef<Target> Targets, bool Json, raw_ostream &OS) {
  if (Json) {
    json::OStream J(OS, 1);
    J.array([&] {
      for (const Target &T : Targets)
        J.object([&] {
          J.attribute("name", jsonText(T.Name));
          J.attribute("device", jsonText(T.DisplayName));
          J.attribute("kind", jsonText(T.Kind));
          J.attribute("year", T.Year);
          J.attributeObject("peak_tflops", [&] {
            for (const auto &[P, S] : T.PeakTflops)
              J.attribute(P, S.Value);
          });
          J.attribute("memory_bandwidth_gbs", T.MemoryBandwidthGBs.Value);
          J.attribute("tdp_w", T.TdpW.Value);
          J.attribute("idle_w", T.IdleW.Value);
        });
    });
    OS << "\n";
    return;
  }
  OS << fmt::format("{:<18} {:<40} {:>5} {:>9} {:>9} {:>9} {:>7} {:>6}\n", "name", "device", "kind",
                    "fp32 TF", "bf16 TF", "mem GB/s", "TDP W", "idle W");
  for (const Target &T : Targets) {
    auto Peak = [&](const char *P) {
      auto It = T.PeakTflops.find(P);
      return It == T.PeakTflops.end() ? std::string("-") : fmt::format("{:g}", It->second.Value);
    };
    OS << fmt::format("{:<18} {:<40} {:>5} {:>9} {:>9} {:>9g} {:>7g} {:>6g}\n",
                      printable(T.Name, 64), printable(T.DisplayName, 40), printable(T.Kind, 16),
                      Peak("fp32"), Peak("bf16"), T.MemoryBandwidthGBs.Value, T.TdpW.Value,
                      T.IdleW.Value);
  }
}

void writeTarget(const Target &T, raw_ostream &OS) {
  auto Row = [&](const std::string &Field, const Sourced &S, const char *Unit) {
    if (!S.Present)
      return;
    OS << fmt::format("  {:<28} {:>10g} {:<8} [{}] {}\n", Field, S.Value, Unit, printable(S.Tag, 8),
                      printable(S.Source));
  };
  // A target file is the user's text: escaped for the terminal.
  OS << printable(T.Name, 64) << ": " << printable(T.DisplayName) << " (" << printable(T.Kind, 16);
  if (T.Year)
    OS << ", " << T.Year;
  OS << "; " << printable(T.Origin) << ")\n";
  OS << "  tags: V checked, S secondary, R recalled, D derived, E estimated "
        "(shared/reference/FACTS.md)\n";
  for (auto &[P, S] : T.PeakTflops)
    Row("peak " + P, S, P == "int8" ? "TOPS" : "TFLOPS");
  for (auto &[P, S] : T.VectorTflops)
    Row("vector " + P, S, "TFLOPS");
  Row("memory bandwidth", T.MemoryBandwidthGBs, "GB/s");
  Row("memory", T.MemoryGB, "GB");
  Row("on-chip cache", T.CacheMB, "MB");
  Row("board power (TDP)", T.TdpW, "W");
  Row("idle power", T.IdleW, "W");
  Row("power limit", T.PowerLimitW, "W");
  Row("DRAM energy", T.DramPjPerByte, "pJ/B");
  Row("streaming multiprocessors", T.SmCount, "");
  Row("kernel launch (host)", T.LaunchOverheadUs, "us");
  Row("embodied carbon", T.EmbodiedKgCO2e, "kgCO2e");
  Row("service lifetime", T.LifetimeYears, "years");
  // Energy per operation is derived (D), not looked up: docs/cost-model.md.
  for (auto &[P, S] : T.PeakTflops) {
    double Pj = matrixJoulesPerFlop(T, S.Value * 1e12) * 1e12;
    OS << fmt::format("  {:<28} {:>10.3g} {:<8} [D] matrix_energy_scale x (TDP - idle) / peak {}\n",
                      "energy per " + P + " op", Pj, "pJ", P);
  }
  OS << "  model constants:\n";
  const ModelParams &M = T.Model;
  Row("matrix efficiency", M.MatrixEfficiency, "");
  Row("vector efficiency", M.VectorEfficiency, "");
  Row("memory efficiency", M.MemoryEfficiency, "");
  Row("half-efficiency work", M.HalfEfficiencyMflop, "MFLOP");
  Row("kernel gap (device)", M.KernelGapUs, "us");
  Row("recurrent step", M.RecurrentStepUs, "us");
  Row("persistent recurrent weights", M.PersistentRecurrentKb, "KiB");
  Row("matrix energy scale", M.MatrixEnergyScale, "");
  Row("vector energy scale", M.VectorEnergyScale, "");
  Row("uncertainty factor", M.UncertaintyFactor, "x");
  Row("convolution throughput cap", M.ConvTflopsCap, "TFLOPS");
  Row("busy power above idle", M.BusyPowerW, "W");
  Row("memory energy scale", M.MemoryEnergyScale, "x");
  Row("misaligned matrix efficiency", M.MisalignedEfficiency, "");
  Row("depthwise efficiency", M.DepthwiseEfficiency, "");
  Row("DVFS power exponent", M.DvfsPowerExponent, "");
  if (!T.Sources.empty()) {
    OS << "  sources:\n";
    for (auto &[K, V] : T.Sources)
      OS << "    " << printable(K, 64) << ": " << printable(V) << "\n";
  }
}

void writeRegions(ArrayRef<Region> Regions, ArrayRef<Pue> Pues, bool Json, raw_ostream &OS) {
  if (Json) {
    json::OStream J(OS, 1);
    J.object([&] {
      J.attributeArray("regions", [&] {
        for (const Region &R : Regions)
          J.object([&] {
            J.attribute("id", R.Id);
            J.attribute("name", R.Name);
            J.attribute("g_per_kwh", R.GramsPerKwh.Value);
            J.attribute("year", R.GramsPerKwh.Year);
            J.attribute("tag", R.GramsPerKwh.Tag);
            J.attribute("source", R.GramsPerKwh.Source);
          });
      });
      J.attributeArray("pue", [&] {
        for (const Pue &Q : Pues)
          J.object([&] {
            J.attribute("id", Q.Id);
            J.attribute("value", Q.Value.Value);
            J.attribute("tag", Q.Value.Tag);
            J.attribute("source", Q.Value.Source);
          });
      });
    });
    OS << "\n";
    return;
  }
  for (const Region &R : Regions)
    OS << fmt::format("{:<22} {:6.0f} g/kWh  {}  {:<36} [{}] {}\n", R.Id, R.GramsPerKwh.Value,
                      R.GramsPerKwh.Year, R.Name, R.GramsPerKwh.Tag, R.GramsPerKwh.Source);
  for (const Pue &Q : Pues)
    OS << fmt::format("pue {:<18} {:6.2f}  [{}] {}\n", Q.Id, Q.Value.Value, Q.Value.Tag,
                      Q.Value.Source);
}

void writeRules(bool Json, raw_ostream &OS) {
  if (Json) {
    json::OStream J(OS, 1);
    J.array([&] {
      for (const RuleInfo &R : allRules())
        J.object([&] {
          J.attribute("id", R.Id);
          J.attribute("severity", severityName(R.Default));
          J.attribute("summary", R.Summary);
          J.attribute("depends_on", R.Depends == Deployment::Batch       ? "batch"
                                    : R.Depends == Deployment::Precision ? "precision"
                                                                         : "");
        });
    });
    OS << "\n";
    return;
  }
  for (const RuleInfo &R : allRules())
    OS << fmt::format("{:<34} {:<8} {}\n", R.Id, severityName(R.Default), R.Summary);
}

} // namespace wattlint
