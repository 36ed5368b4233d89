//===- cost/CostModel.h - time, energy and carbon on a target ---*- C++ -*-===//
//
// Turns each node's work into time on a target (a roofline per node: matrix
// or vector compute against DRAM traffic, with efficiency that falls for small
// kernels, plus per-kernel overhead) and energy (dynamic energy of arithmetic
// and DRAM traffic, plus the board's idle power over the time), then a
// scenario on top: per sample, per N requests, or a training run, with grid
// carbon, PUE and embodied carbon. docs/cost-model.md gives the equations.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_COST_COSTMODEL_H
#define WATTLINT_COST_COSTMODEL_H

#include "analyzer/Profile.h"
#include "cost/Precision.h"
#include "cost/Target.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace wattlint {

/// What limits a node: its arithmetic, its DRAM traffic, the host or kernel
/// latency (overhead), or nothing of its own (fused into another's kernel).
enum class Bound { None, Compute, Memory, Overhead, Fused };
const char *boundName(Bound B);

struct NodeEstimate {
  /// Time the inference's timeline advances for this node: its device time,
  /// or the host time the device waited for (host and device run as a
  /// pipeline; the sum over nodes is the inference's time).
  double TimeS = 0;
  double EnergyJ = 0;  // dynamic + idle power over TimeS
  double DynamicJ = 0; // arithmetic + DRAM traffic + occupancy-scaled busy power
  /// The node's time and energy on its own (the longer of its host and
  /// device times): what rules re-cost an alternative against, and what a
  /// diff compares. TimeS and EnergyJ are its share of the timeline.
  double OwnTimeS = 0, OwnEnergyJ = 0;
  double HostS = 0;   // host time to issue its ops
  double DeviceS = 0; // device time of its kernels
  double DramBytes = 0;
  double Kernels = 0;
  /// The fraction of its full clock the kernel runs at: below 1 when the
  /// board's power limit holds it back.
  double Clock = 1;
  Bound B = Bound::None;
  /// Profile index of the node whose fused kernel runs this one (its time
  /// and energy are there), or -1; Fusion names the pattern on both. (Beside
  /// B: one 8-byte slot for both.)
  int FusedInto = -1;
  /// What the node's float compute runs at ("fp32", "bf16", ...) and the
  /// fusion pattern: interned, 8 bytes each, so that a row holds no string
  /// (a row is 104 bytes: a million-node model's estimate is 104 MB).
  InternedString Precision;
  InternedString Fusion;
};

/// The work of one node as the cost model sees it (also built by rules for
/// the alternative they suggest).
struct NodeWork {
  /// ExtraTimeS: device time beyond the roofline that keeps the device busy
  /// (a persistent recurrent kernel's steps).
  double MatrixFlops = 0, VectorFlops = 0, Bytes = 0, Kernels = 1, ExtraTimeS = 0;
  /// Framework ops the host issues (each costs the runtime's host_op_us),
  /// and host time beyond them (a library's own launch loop).
  double HostOps = 1, ExtraHostS = 0;
  /// Thread blocks one kernel launches (occupancy = blocks / SMs); 0 = fills
  /// the device.
  double Blocks = 0;
  /// Bytes as counted over bytes at the values' own types (precision change).
  double BytesScale = 1;
  std::string Precision = "fp32";
  bool Conv = false;       // subject to the target's convolution cap
  bool Misaligned = false; // contraction dims off the matrix units' tile
  bool Depthwise = false;  // a depthwise or narrow grouped convolution
};

/// Time and energy of one node's work on T running T.Rt, on its own (host
/// and device time overlap; the longer one counts).
NodeEstimate costWork(const Target &T, const NodeWork &W);

/// One kernel's time and energy as functions of its clock, a fraction S of
/// the full clock (docs/cost-model.md, "Power limit").
struct DvfsWork {
  double PacedS = 0;  // arithmetic and fixed latency at the full clock
  double MemoryS = 0; // DRAM traffic: does not follow the core clock
  double StepsS = 0;  // a persistent kernel's steps at the full clock
  double SwitchJ = 0; // arithmetic's switching energy at the full clock
  double DramJ = 0;   // DRAM energy
  double BusyW = 0;   // busy power above idle at the full clock
  double Exponent = 3;
  double timeAt(double S) const;
  double dynamicAt(double S) const;
};
/// The lowest clock fraction the power-limit search goes to (a numerical
/// floor, not a board's minimum clock).
inline constexpr double MinClockFraction = 0.1;
/// The highest clock fraction in [MinClockFraction, 1] at which W's power
/// above idle stays within DynamicLimitW (1 when it does at the full clock;
/// MinClockFraction when nothing fits, and the caller stretches the rest).
double clockUnderLimit(const DvfsWork &W, double DynamicLimitW);
/// The board's power limit: the target's power_limit_w where set (a file's,
/// or the session's from the user), else its TDP.
double powerLimit(const Target &T);
/// The work of a profiled node at Precision ("" = its own dtype); nullopt for
/// views and nodes that were not counted.
std::optional<NodeWork> nodeWork(const NodeProfile &R, const Target &T, llvm::StringRef Precision);
/// True when every output of N was folded to a known constant (shape
/// arithmetic): no kernel runs for it.
bool isFolded(const Graph &G, const Node &N);
/// Bits of a precision name (fp32 32, bf16 16, int8 8, ...).
unsigned precisionBits(llvm::StringRef Precision);
/// True when a MatMul/Gemm/Conv's contraction or output dims are not
/// multiples of the matrix units' tile (8 for 16-bit types, 16 for 8-bit).
bool misalignedContraction(const Graph &G, const Node &N, unsigned Bits);

struct CostOptions {
  /// Model keeps each node's own dtype; any other re-costs all float compute
  /// (and float tensor bytes) at that precision.
  Precision Prec = Precision::Model;
  /// Keep each kernel group's work in Estimate::Kernels (a training
  /// scenario costs their backward pass).
  bool KeepKernels = false;
};

struct Estimate {
  std::vector<NodeEstimate> Nodes; // parallel to Profile::Nodes
  double TimeS = 0, EnergyJ = 0, DynamicJ = 0;
  /// The two timelines: host time to issue every op (plus the runtime's
  /// per-inference cost), and the time the device spends in kernels.
  double HostS = 0, DeviceBusyS = 0;
  unsigned FusedGroups = 0; // kernels that run more than one node
  /// The board's power limit, the kernels it holds below their full clock
  /// and the lowest clock fraction among them.
  double PowerLimitW = 0;
  unsigned LimitedKernels = 0;
  double MinClock = 1;
  /// The work of each kernel group the runtime runs, in order (a training
  /// step costs their backward kernels).
  std::vector<NodeWork> Kernels;
  /// The range that reflects the model's uncertainty (docs/cost-model.md).
  double TimeLowS = 0, TimeHighS = 0, EnergyLowJ = 0, EnergyHighJ = 0;
  int64_t Batch = 1; // samples per inference (first dim of the first input)
  std::string Target, Runtime;
};

llvm::Expected<Estimate> estimate(const Model &M, const Profile &P, const Target &T,
                                  const CostOptions &Opts);

struct ScenarioOptions {
  uint64_t Requests = 0; // samples served; 0 = one inference
  bool Train = false;
  uint64_t Samples = 0, Epochs = 1;
  std::string Region; // grid; "" = none asked
  double Pue = 0;     // 0 = the region's default PUE entry
};

struct Scenario {
  std::string Kind; // inference, requests, training
  double Samples = 0;
  double DeviceTimeS = 0, EnergyJ = 0, EnergyLowJ = 0, EnergyHighJ = 0;
  double Kwh = 0, KwhLow = 0, KwhHigh = 0; // at the wall (PUE included)
  double Pue = 1;
  std::string Region;
  double GramsPerKwh = 0;
  int GridYear = 0;
  std::string GridSource;
  double OperationalKg = 0, EmbodiedKg = 0, TotalKg = 0, TotalKgLow = 0, TotalKgHigh = 0;
  bool HasCarbon = false;
};

llvm::Expected<Scenario> scenario(const Estimate &E, const Profile &P, const Target &T,
                                  const ScenarioOptions &Opts);

} // namespace wattlint

#endif
