//===- tools/reporters/Lists.cpp - targets, regions and rules -------------===//
#include "analyzer/Text.h"
#include "cost/Derived.h"
#include "tools/reporters/Reporters.h"

#include "llvm/ADT/StringExtras.h"
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

void writeTarget(const Target &T, bool Json, raw_ostream &OS) {
  // Every number with its unit, tag and source, in the order shown.
  struct Field {
    std::string Label;
    const Sourced *S;
    std::string Unit;
  };
  std::vector<Field> Fields, Constants;
  for (auto &[P, S] : T.PeakTflops)
    Fields.push_back({"peak " + P, &S, P == "int8" ? "TOPS" : "TFLOPS"});
  for (auto &[P, S] : T.VectorTflops)
    Fields.push_back({"vector " + P, &S, "TFLOPS"});
  Fields.insert(Fields.end(), {{"memory bandwidth", &T.MemoryBandwidthGBs, "GB/s"},
                               {"memory", &T.MemoryGB, "GB"},
                               {"on-chip cache", &T.CacheMB, "MB"},
                               {"board power (TDP)", &T.TdpW, "W"},
                               {"idle power", &T.IdleW, "W"},
                               {"power limit", &T.PowerLimitW, "W"},
                               {"DRAM energy", &T.DramPjPerByte, "pJ/B"},
                               {"streaming multiprocessors", &T.SmCount, ""},
                               {"kernel launch (host)", &T.LaunchOverheadUs, "us"},
                               {"embodied carbon", &T.EmbodiedKgCO2e, "kgCO2e"},
                               {"service lifetime", &T.LifetimeYears, "years"}});
  const ModelParams &M = T.Model;
  Constants = {{"matrix efficiency", &M.MatrixEfficiency, ""},
               {"vector efficiency", &M.VectorEfficiency, ""},
               {"memory efficiency", &M.MemoryEfficiency, ""},
               {"half-efficiency work", &M.HalfEfficiencyMflop, "MFLOP"},
               {"kernel gap (device)", &M.KernelGapUs, "us"},
               {"recurrent step", &M.RecurrentStepUs, "us"},
               {"persistent recurrent weights", &M.PersistentRecurrentKb, "KiB"},
               {"matrix energy scale", &M.MatrixEnergyScale, ""},
               {"vector energy scale", &M.VectorEnergyScale, ""},
               {"uncertainty factor", &M.UncertaintyFactor, "x"},
               {"convolution throughput cap", &M.ConvTflopsCap, "TFLOPS"},
               {"busy power above idle", &M.BusyPowerW, "W"},
               {"memory energy scale", &M.MemoryEnergyScale, "x"},
               {"misaligned matrix efficiency", &M.MisalignedEfficiency, ""},
               {"depthwise efficiency", &M.DepthwiseEfficiency, ""},
               {"DVFS power exponent", &M.DvfsPowerExponent, ""}};
  // Energy per operation is derived (D), not looked up: docs/cost-model.md.
  std::vector<std::pair<std::string, double>> PerOp;
  for (auto &[P, S] : T.PeakTflops)
    PerOp.push_back({P, matrixJoulesPerFlop(T, S.Value * 1e12) * 1e12});
  const char *Derivation = "matrix_energy_scale x (TDP - idle) / peak";

  if (Json) {
    // Keys as the text's labels in snake case ("board power (TDP)":
    // "board_power_tdp").
    auto Key = [](StringRef Label) {
      std::string K;
      for (char C : Label.lower())
        if (isAlnum(C))
          K += C;
        else if (!K.empty() && K.back() != '_')
          K += '_';
      while (!K.empty() && K.back() == '_')
        K.pop_back();
      return K;
    };
    json::OStream J(OS, 1);
    auto Numbers = [&](const std::vector<Field> &List) {
      for (const Field &F : List)
        if (F.S->Present)
          J.attributeObject(Key(F.Label), [&] {
            J.attribute("value", F.S->Value);
            J.attribute("unit", F.Unit);
            J.attribute("tag", jsonText(F.S->Tag));
            J.attribute("source", jsonText(F.S->Source));
          });
    };
    J.object([&] {
      J.attribute("name", jsonText(T.Name));
      J.attribute("device", jsonText(T.DisplayName));
      J.attribute("kind", jsonText(T.Kind));
      J.attribute("year", T.Year);
      J.attribute("origin", jsonText(T.Origin));
      J.attributeObject("numbers", [&] { Numbers(Fields); });
      J.attributeObject("energy_per_op_pj", [&] {
        for (const auto &[P, Pj] : PerOp)
          J.attribute(P, Pj);
        J.attribute("derivation", Derivation);
      });
      J.attributeObject("model_constants", [&] { Numbers(Constants); });
      J.attributeObject("sources", [&] {
        for (auto &[K, V] : T.Sources)
          J.attribute(jsonText(K), jsonText(V));
      });
    });
    OS << "\n";
    return;
  }
  auto Rows = [&](const std::vector<Field> &List) {
    for (const Field &F : List)
      if (F.S->Present)
        OS << fmt::format("  {:<28} {:>10g} {:<8} [{}] {}\n", F.Label, F.S->Value, F.Unit,
                          printable(F.S->Tag, 8), printable(F.S->Source));
  };
  // A target file is the user's text: escaped for the terminal.
  OS << printable(T.Name, 64) << ": " << printable(T.DisplayName) << " (" << printable(T.Kind, 16);
  if (T.Year)
    OS << ", " << T.Year;
  OS << "; " << printable(T.Origin) << ")\n";
  OS << "  tags: V checked, S secondary, R recalled, D derived, E estimated "
        "(shared/reference/FACTS.md)\n";
  Rows(Fields);
  for (const auto &[P, Pj] : PerOp)
    OS << fmt::format("  {:<28} {:>10.3g} {:<8} [D] {} {}\n", "energy per " + P + " op", Pj, "pJ",
                      Derivation, P);
  OS << "  model constants:\n";
  Rows(Constants);
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
