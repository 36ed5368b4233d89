//===- cost/Target.h - hardware targets as sourced data ---------*- C++ -*-===//
//
// A target is a YAML file (cost/targets/<name>.yaml, built into the binary, or
// the user's --target-file): peak throughput per precision, memory bandwidth,
// cache, power, energy per byte, overheads, embodied carbon, each number with
// a tag (V, S, R, D, E as in shared/reference/FACTS.md) and its source.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_COST_TARGET_H
#define WATTLINT_COST_TARGET_H

#include "cost/Runtime.h"
#include "cost/Sourced.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wattlint {

/// Constants of the cost model that belong to a target (calibrated or
/// estimated); docs/cost-model.md gives each its meaning and source.
struct ModelParams {
  Sourced MatrixEfficiency;      // best achieved fraction of the matrix peak
  Sourced VectorEfficiency;      // same for elementwise work
  Sourced MemoryEfficiency;      // best achieved fraction of DRAM bandwidth
  Sourced HalfEfficiencyMflop;   // work (MFLOP) at which a kernel reaches half its best
  Sourced RecurrentStepUs;       // per time step of a persistent recurrent kernel
  Sourced PersistentRecurrentKb; // recurrent weights up to this size stay on chip
  Sourced MatrixEnergyScale;     // matrix pJ/FLOP = scale * (TDP - idle) / peak
  Sourced VectorEnergyScale;     // same for vector work
  Sourced UncertaintyFactor;     // energy and time ranges: value / f .. value * f
  Sourced ConvTflopsCap;         // achieved convolution throughput cap (0: none)
  Sourced BusyPowerW;           // power above idle while a kernel fills the device, beyond its work
  Sourced MemoryEnergyScale;    // board energy per DRAM byte / the DRAM device's own
  Sourced MisalignedEfficiency; // matrix throughput kept when dims are off the tile
  Sourced KernelGapUs;          // device time per kernel beyond its work (launch, tail)
  Sourced DepthwiseEfficiency;  // fraction of the roofline depthwise convolutions reach
  Sourced DvfsPowerExponent;    // busy power ~ clock^k under a power limit
};

struct Target {
  std::string Name;
  std::string DisplayName;
  std::string Kind; // gpu, tpu, cpu, edge
  int Year = 0;
  std::string Origin; // "built-in" or the file it came from
  /// Dense peak TFLOPS (TOPS for int8) by precision: fp64, fp32 (plain
  /// FP32 units), tf32, fp16, bf16, fp8, int8.
  std::map<std::string, Sourced> PeakTflops;
  std::map<std::string, Sourced> VectorTflops;
  Sourced MemoryBandwidthGBs, MemoryGB, CacheMB, TdpW, IdleW, DramPjPerByte, LaunchOverheadUs,
      EmbodiedKgCO2e, LifetimeYears;
  /// Streaming multiprocessors (or compute units): how many blocks of work
  /// run at once. Absent: every kernel counts as filling the device.
  Sourced SmCount;
  /// The power limit the board runs under (nvidia-smi -pl, a MaxQ or
  /// nvpmodel mode): absent, its TDP. Above idle_w, at most tdp_w.
  Sourced PowerLimitW;
  ModelParams Model;
  /// The software that runs models on it (resolveTarget() sets the default;
  /// the session sets --runtime's).
  Runtime Rt;
  std::map<std::string, std::string> Sources;
};

/// The lowest power limit T takes: its idle power plus a tenth of the way
/// to its TDP (boards' own floors are higher: an H100 SXM's is 200 of 700
/// W). A limit just above idle would leave DRAM traffic alone over it and
/// stretch a kernel's time without bound.
double minPowerLimit(const Target &T);
/// True when W watts can be T's power limit: finite, at least
/// minPowerLimit(T), at most its TDP.
bool powerLimitFits(const Target &T, double W);

/// The built-in targets, by name.
llvm::Expected<std::vector<Target>> builtinTargets();
/// Their names (each file's name, which is the name the file gives).
std::vector<std::string> builtinTargetNames();
/// Parses one target from YAML text; Base (when given) supplies every field
/// the text leaves out, so a file can override a built-in target.
llvm::Expected<Target> parseTarget(llvm::StringRef Yaml, llvm::StringRef Origin,
                                   const Target *Base = nullptr);
/// "did you mean 'x'?" for an unknown target or region id, or "": the ids
/// that extend Name (h100: 'h100-pcie' or 'h100-sxm', up to four), else the
/// closest spelling (closestName() in analyzer/Text.h). Case-insensitive.
std::string suggestId(llvm::StringRef Name, llvm::ArrayRef<std::string> Ids);
/// The target named Name (case-insensitive), after applying the user's file
/// (which may define a new target or override fields of a built-in one).
llvm::Expected<Target> resolveTarget(llvm::StringRef Name, llvm::StringRef TargetFile);

struct Region {
  std::string Id;
  std::string Name;
  Sourced GramsPerKwh;
};
struct Pue {
  std::string Id;
  Sourced Value;
};
llvm::Expected<std::vector<Region>> builtinRegions();
llvm::Expected<std::vector<Pue>> builtinPues();
/// The built-in region with id Id (case-insensitive); an unknown id is an
/// error with suggestId()'s suggestion.
llvm::Expected<Region> resolveRegion(llvm::StringRef Id);

} // namespace wattlint

#endif
