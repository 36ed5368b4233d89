//===- cost/Target.cpp - hardware targets as sourced data -----------------===//
#include "cost/Target.h"
#include "analyzer/Files.h"
#include "analyzer/Text.h"
#include "cost/BuiltinFiles.h"
#include "cost/YamlMaps.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"

#include <cmath>

using namespace llvm;
using namespace wattlint;

namespace {
// BuiltinTargetFiles[] and BuiltinRegionFiles[] (cost/BuiltinFiles.h).
#include "BuiltinRegions.inc"
#include "BuiltinTargets.inc"

struct RegionsFile {
  std::vector<Region> Regions;
  std::vector<Pue> Pues;
};
} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(wattlint::Region)
LLVM_YAML_IS_SEQUENCE_VECTOR(wattlint::Pue)

namespace llvm::yaml {

template <> struct MappingTraits<ModelParams> {
  static void mapping(IO &Io, ModelParams &P) {
    Io.mapOptional("matrix_efficiency", P.MatrixEfficiency);
    Io.mapOptional("vector_efficiency", P.VectorEfficiency);
    Io.mapOptional("memory_efficiency", P.MemoryEfficiency);
    Io.mapOptional("half_efficiency_mflop", P.HalfEfficiencyMflop);
    Io.mapOptional("recurrent_step_us", P.RecurrentStepUs);
    Io.mapOptional("persistent_recurrent_kb", P.PersistentRecurrentKb);
    Io.mapOptional("matrix_energy_scale", P.MatrixEnergyScale);
    Io.mapOptional("vector_energy_scale", P.VectorEnergyScale);
    Io.mapOptional("uncertainty_factor", P.UncertaintyFactor);
    Io.mapOptional("conv_tflops_cap", P.ConvTflopsCap);
    Io.mapOptional("busy_power_w", P.BusyPowerW);
    Io.mapOptional("memory_energy_scale", P.MemoryEnergyScale);
    Io.mapOptional("misaligned_efficiency", P.MisalignedEfficiency);
    Io.mapOptional("kernel_gap_us", P.KernelGapUs);
    Io.mapOptional("depthwise_efficiency", P.DepthwiseEfficiency);
    Io.mapOptional("dvfs_power_exponent", P.DvfsPowerExponent);
  }
};

template <> struct MappingTraits<Target> {
  static void mapping(IO &Io, Target &T) {
    Io.mapOptional("name", T.Name);
    Io.mapOptional("display_name", T.DisplayName);
    Io.mapOptional("kind", T.Kind);
    Io.mapOptional("year", T.Year);
    Io.mapOptional("peak_tflops", T.PeakTflops);
    Io.mapOptional("vector_tflops", T.VectorTflops);
    Io.mapOptional("memory_bandwidth_gbs", T.MemoryBandwidthGBs);
    Io.mapOptional("memory_gb", T.MemoryGB);
    Io.mapOptional("cache_mb", T.CacheMB);
    Io.mapOptional("tdp_w", T.TdpW);
    Io.mapOptional("idle_w", T.IdleW);
    Io.mapOptional("dram_pj_per_byte", T.DramPjPerByte);
    Io.mapOptional("launch_overhead_us", T.LaunchOverheadUs);
    Io.mapOptional("embodied_kgco2e", T.EmbodiedKgCO2e);
    Io.mapOptional("lifetime_years", T.LifetimeYears);
    Io.mapOptional("sm_count", T.SmCount);
    Io.mapOptional("power_limit_w", T.PowerLimitW);
    Io.mapOptional("model", T.Model);
    Io.mapOptional("sources", T.Sources);
  }
};

template <> struct MappingTraits<Region> {
  static void mapping(IO &Io, Region &R) {
    Io.mapRequired("id", R.Id);
    Io.mapOptional("name", R.Name);
    Io.mapRequired("g_per_kwh", R.GramsPerKwh);
  }
};

template <> struct MappingTraits<Pue> {
  static void mapping(IO &Io, Pue &P) {
    Io.mapRequired("id", P.Id);
    Io.mapRequired("value", P.Value);
  }
};

template <> struct MappingTraits<RegionsFile> {
  static void mapping(IO &Io, RegionsFile &F) {
    Io.mapRequired("regions", F.Regions);
    Io.mapOptional("pue", F.Pues);
  }
};

} // namespace llvm::yaml

namespace wattlint {

namespace {

/// How an inherited constant's source begins (parseTarget() re-derives them
/// over a base).
const char *const InheritedFrom =
    "the H200's fitted value (cost/targets/h200.yaml; docs/cost-model.md)";

/// The built-in H200 target, the one fitted on measurements, as read from
/// its file (no defaults filled).
const Target &h200() {
  static const Target T = [] {
    Target H;
    if (const BuiltinFile *F = findBuiltinFile(BuiltinTargetFiles, "h200"))
      consumeError(readYaml(F->Yaml, "built-in cost/targets/h200.yaml", "target", H));
    return H;
  }();
  return T;
}

/// Peak matrix TFLOPS at the best 16-bit float precision, else fp32.
double peak16(const Target &T) {
  for (const char *P : {"bf16", "fp16", "fp32"})
    if (auto It = T.PeakTflops.find(P); It != T.PeakTflops.end() && It->second.Value > 0)
      return It->second.Value;
  return 0;
}

/// Defaults for the model constants a target file leaves out: the H200's
/// fitted values (the only target measured), tagged E. The two absolute
/// ones scale with the board: busy power with its dynamic power range (TDP
/// - idle), the convolution cap with its 16-bit peak. Targets without
/// measurements get an uncertainty factor of at least 1.6.
void fillModelDefaults(Target &T) {
  const ModelParams &H = h200().Model;
  ModelParams &P = T.Model;
  const char *From = InheritedFrom;
  auto Def = [&](Sourced &S, const Sourced &Fitted, double Fallback, double Scale = 1,
                 const char *How = "") {
    if (S.Present)
      return;
    S = Fitted.Present ? Sourced{Fitted.Value * Scale, "E", std::string(From) + How, 0, true}
                       : Sourced{Fallback, "E", "wattlint default (docs/cost-model.md)", 0, true};
  };
  // The board the fit was made on: its dynamic power range and 16-bit peak.
  const double H200Range = h200().TdpW.Value - h200().IdleW.Value, H200Peak16 = peak16(h200());
  Def(P.MatrixEfficiency, H.MatrixEfficiency, 0.6);
  Def(P.VectorEfficiency, H.VectorEfficiency, 0.5);
  Def(P.MemoryEfficiency, H.MemoryEfficiency, 0.7);
  Def(P.HalfEfficiencyMflop, H.HalfEfficiencyMflop, 20);
  Def(P.RecurrentStepUs, H.RecurrentStepUs, 2.5);
  Def(P.PersistentRecurrentKb, H.PersistentRecurrentKb, 1024);
  Def(P.MatrixEnergyScale, H.MatrixEnergyScale, 1.0);
  Def(P.VectorEnergyScale, H.VectorEnergyScale, 1.0);
  Def(P.MemoryEnergyScale, H.MemoryEnergyScale, 1);
  Def(P.MisalignedEfficiency, H.MisalignedEfficiency, 0.5);
  Def(P.KernelGapUs, H.KernelGapUs, 1);
  Def(P.DepthwiseEfficiency, H.DepthwiseEfficiency, 1);
  Def(P.BusyPowerW, H.BusyPowerW, 0,
      T.TdpW.Present && T.IdleW.Present ? (T.TdpW.Value - T.IdleW.Value) / H200Range : 0,
      ", scaled by this board's TDP - idle over the H200's 585 W");
  Def(P.ConvTflopsCap, H.ConvTflopsCap, 0, peak16(T) / H200Peak16,
      ", scaled by this board's 16-bit peak over the H200's 989 TFLOPS");
  // Physics, not a fit: switching power is C V^2 f, and over the range a
  // power limit moves the clock in, the voltage follows the frequency.
  if (!P.DvfsPowerExponent.Present)
    P.DvfsPowerExponent = Sourced{
        3, "E",
        "dynamic power C V^2 f with V roughly proportional to f over the DVFS range (Mei, Wang "
        "and Chu, A survey and measurement study of GPU DVFS on energy conservation, Digital "
        "Communications and Networks 3(2), 2017); a power limit lowers the SM clock "
        "(arXiv 2604.11391, H100 and H200 capped from 200 to 700 W)",
        0, true};
  if (!P.UncertaintyFactor.Present)
    P.UncertaintyFactor =
        Sourced{std::max(1.6, H.UncertaintyFactor.Present ? H.UncertaintyFactor.Value : 1.6), "E",
                std::string(InheritedFrom) + ", at least 1.6 for a target without measurements",
                0, true};
}

Error checkTarget(const Target &T) {
  auto Need = [&](const Sourced &S, const char *Field) -> Error {
    if (!S.Present || !(S.Value > 0))
      return createStringError(inconvertibleErrorCode(),
                               "target '%s' (%s): '%s' must be a positive number", T.Name.c_str(),
                               T.Origin.c_str(), Field);
    return Error::success();
  };
  if (T.Name.empty())
    return createStringError(inconvertibleErrorCode(), "%s: target without a name",
                             T.Origin.c_str());
  auto It = T.PeakTflops.find("fp32");
  if (It == T.PeakTflops.end())
    return createStringError(inconvertibleErrorCode(), "target '%s' (%s): peak_tflops needs fp32",
                             T.Name.c_str(), T.Origin.c_str());
  for (auto &[K, V] : T.PeakTflops)
    if (Error E = Need(V, ("peak_tflops." + K).c_str()))
      return E;
  if (Error E = Need(T.MemoryBandwidthGBs, "memory_bandwidth_gbs"))
    return E;
  if (Error E = Need(T.TdpW, "tdp_w"))
    return E;
  if (!T.IdleW.Present || T.IdleW.Value < 0 || T.IdleW.Value >= T.TdpW.Value)
    return createStringError(inconvertibleErrorCode(),
                             "target '%s' (%s): idle_w must be present and below tdp_w",
                             T.Name.c_str(), T.Origin.c_str());
  if (Error E = Need(T.DramPjPerByte, "dram_pj_per_byte"))
    return E;
  if (T.PowerLimitW.Present && !powerLimitFits(T, T.PowerLimitW.Value))
    return createStringError(inconvertibleErrorCode(),
                             "target '%s' (%s): power_limit_w must be at least %g W (idle_w, "
                             "%g W, plus a tenth of the way to tdp_w) and at most tdp_w (%g W), "
                             "not %g",
                             printable(T.Name, 64).c_str(), T.Origin.c_str(), minPowerLimit(T),
                             T.IdleW.Value, T.TdpW.Value, T.PowerLimitW.Value);
  // Every other number: finite, and within what it can mean (a target file is
  // the user's text; NaN or infinity would reach every figure, and a
  // denormal rate, divided by, makes infinite time). A positive quantity has
  // a floor no hardware is below (1 mW, 1 MB/s, 1 MFLOPS, 0.1% efficiency).
  struct Range {
    const Sourced *S;
    const char *Field;
    double Min, Max;
    bool MinOpen;
  };
  const ModelParams &M = T.Model;
  const Range Ranges[] = {
      {&T.MemoryGB, "memory_gb", 0, 1e9, false},
      {&T.CacheMB, "cache_mb", 0, 1e9, false},
      {&T.IdleW, "idle_w", 0, 1e9, false},
      {&T.TdpW, "tdp_w", 1e-3, 1e9, false},
      {&T.MemoryBandwidthGBs, "memory_bandwidth_gbs", 1e-3, 1e12, false},
      {&T.DramPjPerByte, "dram_pj_per_byte", 1e-3, 1e9, false},
      {&T.LaunchOverheadUs, "launch_overhead_us", 0, 1e9, false},
      {&T.EmbodiedKgCO2e, "embodied_kgco2e", 0, 1e12, false},
      {&T.LifetimeYears, "lifetime_years", 0.01, 1e3, false},
      {&T.SmCount, "sm_count", 1, 1e6, false},
      {&M.MatrixEfficiency, "matrix_efficiency", 1e-3, 1, false},
      {&M.VectorEfficiency, "vector_efficiency", 1e-3, 1, false},
      {&M.MemoryEfficiency, "memory_efficiency", 1e-3, 1, false},
      {&M.MisalignedEfficiency, "misaligned_efficiency", 1e-3, 1, false},
      {&M.HalfEfficiencyMflop, "half_efficiency_mflop", 0, 1e12, false},
      {&M.RecurrentStepUs, "recurrent_step_us", 0, 1e9, false},
      {&M.PersistentRecurrentKb, "persistent_recurrent_kb", 0, 1e12, false},
      {&M.MatrixEnergyScale, "matrix_energy_scale", 0, 1e6, false},
      {&M.VectorEnergyScale, "vector_energy_scale", 0, 1e6, false},
      {&M.UncertaintyFactor, "uncertainty_factor", 1, 1e3, false},
      {&M.ConvTflopsCap, "conv_tflops_cap", 0, 1e9, false},
      {&M.BusyPowerW, "busy_power_w", 0, 1e9, false},
      {&M.KernelGapUs, "kernel_gap_us", 0, 1e6, false},
      {&M.DepthwiseEfficiency, "depthwise_efficiency", 1e-3, 1, false},
      {&M.MemoryEnergyScale, "memory_energy_scale", 0, 1e6, false},
      {&M.DvfsPowerExponent, "dvfs_power_exponent", 1, 4, false},
  };
  for (const Range &R : Ranges) {
    if (!R.S->Present)
      continue;
    double V = R.S->Value;
    if (!std::isfinite(V) || V < R.Min || (R.MinOpen && V == R.Min) || V > R.Max)
      return createStringError(inconvertibleErrorCode(),
                               "target '%s' (%s): '%s' must be a finite number %s %g and <= %g, "
                               "not %g",
                               printable(T.Name, 64).c_str(), T.Origin.c_str(), R.Field,
                               R.MinOpen ? ">" : ">=", R.Min, R.Max, V);
  }
  static const char *const Precisions[] = {"fp64", "fp32", "tf32", "fp16",
                                           "bf16", "fp8",  "int8", "int4"};
  for (const auto *Table : {&T.PeakTflops, &T.VectorTflops})
    for (const auto &[K, V] : *Table) {
      if (!is_contained(Precisions, StringRef(K)))
        return createStringError(
            inconvertibleErrorCode(),
            "target '%s' (%s): '%s' is not a precision (fp64, fp32, tf32, fp16, bf16, fp8, int8 "
            "or int4)",
            printable(T.Name, 64).c_str(), T.Origin.c_str(), printable(K, 32).c_str());
      if (!std::isfinite(V.Value) || V.Value < 1e-6 || V.Value > 1e9)
        return createStringError(inconvertibleErrorCode(),
                                 "target '%s' (%s): '%s' must be a finite number >= 1e-06 and "
                                 "<= 1e9, not %g",
                                 printable(T.Name, 64).c_str(), T.Origin.c_str(),
                                 printable(K, 32).c_str(), V.Value);
    }
  // The kind says what the board is; each number's tag what its source is.
  if (!T.Kind.empty() && !is_contained({"gpu", "tpu", "cpu", "edge"}, StringRef(T.Kind)))
    return createStringError(
        inconvertibleErrorCode(), "target '%s' (%s): kind must be gpu, tpu, cpu or edge, not '%s'",
        printable(T.Name, 64).c_str(), T.Origin.c_str(), printable(T.Kind, 32).c_str());
  auto BadTag = [&](const Sourced &S, StringRef Field) -> Error {
    if (S.Present && !S.Tag.empty() && !is_contained({"V", "S", "R", "D", "E"}, StringRef(S.Tag)))
      return createStringError(inconvertibleErrorCode(),
                               "target '%s' (%s): '%s' has tag '%s'; a tag is V, S, R, D or E",
                               printable(T.Name, 64).c_str(), T.Origin.c_str(), Field.str().c_str(),
                               printable(S.Tag, 16).c_str());
    return Error::success();
  };
  for (const Range &R : Ranges)
    if (Error E = BadTag(*R.S, R.Field))
      return E;
  for (const auto *Table : {&T.PeakTflops, &T.VectorTflops})
    for (const auto &[K, V] : *Table)
      if (Error E = BadTag(V, K))
        return E;
  return Error::success();
}

} // namespace

double minPowerLimit(const Target &T) {
  return T.IdleW.Value + 0.1 * (T.TdpW.Value - T.IdleW.Value);
}

bool powerLimitFits(const Target &T, double W) {
  return std::isfinite(W) && W >= minPowerLimit(T) && W <= T.TdpW.Value;
}

Expected<Target> parseTarget(StringRef Yaml, StringRef Origin, const Target *Base) {
  Target T = Base ? *Base : Target{};
  T.Origin = Origin.str();
  if (Error E = readYaml(Yaml, Origin, "target", T))
    return std::move(E);
  T.Origin = Origin.str();
  // What the base inherited from the H200 is inherited again: a file that
  // changes the board's power re-scales the busy power with it.
  for (Sourced *S : {&T.Model.MatrixEfficiency, &T.Model.VectorEfficiency, &T.Model.MemoryEfficiency,
                     &T.Model.HalfEfficiencyMflop, &T.Model.RecurrentStepUs,
                     &T.Model.PersistentRecurrentKb, &T.Model.MatrixEnergyScale,
                     &T.Model.VectorEnergyScale, &T.Model.MemoryEnergyScale,
                     &T.Model.MisalignedEfficiency, &T.Model.KernelGapUs,
                     &T.Model.DepthwiseEfficiency, &T.Model.BusyPowerW, &T.Model.ConvTflopsCap,
                     &T.Model.UncertaintyFactor})
    if (S->Present && S->Tag == "E" && StringRef(S->Source).starts_with(InheritedFrom))
      S->Present = false;
  fillModelDefaults(T);
  if (!T.VectorTflops.count("fp32"))
    T.VectorTflops["fp32"] = T.PeakTflops["fp32"];
  if (!T.LaunchOverheadUs.Present)
    T.LaunchOverheadUs = Sourced{5, "E", "wattlint default (docs/cost-model.md)", 0, true};
  if (T.Rt.Name.empty()) {
    Expected<Runtime> Rt = resolveRuntime("", "");
    if (!Rt)
      return Rt.takeError();
    T.Rt = std::move(*Rt);
  }
  if (Error E = checkTarget(T))
    return std::move(E);
  return T;
}

/// The built-in target file F, parsed.
static Expected<Target> builtinTarget(const BuiltinFile &F) {
  Expected<Target> T =
      parseTarget(F.Yaml, std::string("built-in cost/targets/") + F.Name + ".yaml");
  if (T && T->Name.empty())
    T->Name = F.Name;
  return T;
}

Expected<std::vector<Target>> builtinTargets() {
  std::vector<Target> Out;
  for (const BuiltinFile &F : BuiltinTargetFiles) {
    if (!F.Name)
      break;
    Expected<Target> T = builtinTarget(F);
    if (!T)
      return T.takeError();
    Out.push_back(std::move(*T));
  }
  return Out;
}

std::vector<std::string> builtinTargetNames() { return builtinFileNames(BuiltinTargetFiles); }

std::string suggestId(StringRef Name, ArrayRef<std::string> Ids) {
  if (Name.empty())
    return "";
  std::vector<std::string> Variants;
  for (const std::string &Id : Ids)
    if (StringRef(Id).starts_with_insensitive(Name) &&
        StringRef(Id).substr(Name.size()).starts_with("-"))
      Variants.push_back("'" + Id + "'");
  if (Variants.empty() || Variants.size() > 4) {
    std::string Near = closestName(Name, Ids);
    return Near.empty() ? "" : "did you mean '" + Near + "'?";
  }
  std::string Last = Variants.back();
  Variants.pop_back();
  return "did you mean " + (Variants.empty() ? Last : join(Variants, ", ") + " or " + Last) + "?";
}

Expected<std::unique_ptr<MemoryBuffer>> readYamlDataFile(StringRef Path) {
  Expected<std::unique_ptr<MemoryBuffer>> Buf = readSmallFile(Path, 1 << 20);
  if (!Buf)
    return Buf.takeError();
  if (Error E = checkYamlBounds(Path, (*Buf)->getBuffer(), 64))
    return std::move(E);
  return Buf;
}

Expected<Target> resolveTarget(StringRef Name, StringRef TargetFile) {
  // Names match case-insensitively; a result keeps the name as its file spells
  // it, and an override the built-in target's name. Only the one asked for
  // is parsed, not the 30 of them on every run.
  auto Builtin = [](StringRef N) {
    return parseBuiltinFile<Target>(BuiltinTargetFiles, N, builtinTarget);
  };
  std::vector<std::string> Names = builtinTargetNames();
  Expected<std::optional<Target>> Base = Builtin(Name);
  if (!Base)
    return Base.takeError();
  if (!TargetFile.empty()) {
    Expected<std::unique_ptr<MemoryBuffer>> Buf = readYamlDataFile(TargetFile);
    if (!Buf)
      return Buf.takeError();
    // The file names the target it defines or overrides; --target picks it.
    Target Probe;
    yaml::Input In((*Buf)->getBuffer(), nullptr, [](const SMDiagnostic &, void *) {});
    In >> Probe;
    std::string FileName = Probe.Name.empty() ? Name.str() : Probe.Name;
    Expected<std::optional<Target>> FileBase = Builtin(FileName);
    if (!FileBase)
      return FileBase.takeError();
    const Target *FB = *FileBase ? &**FileBase : nullptr;
    Expected<Target> T = parseTarget((*Buf)->getBuffer(), TargetFile, FB);
    if (!T)
      return T.takeError();
    T->Name = FB ? FB->Name : FileName;
    if (Name.empty() || StringRef(T->Name).equals_insensitive(Name))
      return T;
    if (!FB)
      Names.push_back(T->Name);
  }
  if (!*Base) {
    std::string Hint = suggestId(Name, Names);
    if (Hint.empty())
      Hint = "known: " + join(Names, ", ");
    return createStringError(inconvertibleErrorCode(), "unknown target '%s' (%s)",
                             printable(Name, 64).c_str(), Hint.c_str());
  }
  return std::move(**Base);
}

static Expected<RegionsFile> regionsFile() {
  RegionsFile F;
  if (Error E = readYaml(BuiltinRegionFiles[0].Yaml, "built-in cost/regions.yaml", "regions", F))
    return std::move(E);
  return F;
}

Expected<std::vector<Region>> builtinRegions() {
  Expected<RegionsFile> F = regionsFile();
  if (!F)
    return F.takeError();
  return F->Regions;
}

Expected<std::vector<Pue>> builtinPues() {
  Expected<RegionsFile> F = regionsFile();
  if (!F)
    return F.takeError();
  return F->Pues;
}

Expected<Region> resolveRegion(StringRef Id) {
  Expected<std::vector<Region>> Regions = builtinRegions();
  if (!Regions)
    return Regions.takeError();
  std::vector<std::string> Ids;
  for (const Region &R : *Regions) {
    if (StringRef(R.Id).equals_insensitive(Id))
      return R;
    Ids.push_back(R.Id);
  }
  std::string Hint = suggestId(Id, Ids);
  if (!Hint.empty())
    Hint = " (" + Hint + ")";
  return createStringError(inconvertibleErrorCode(), "unknown region '%s'%s",
                           printable(Id, 64).c_str(), Hint.c_str());
}

} // namespace wattlint
