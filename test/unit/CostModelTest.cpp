//===- test/unit/CostModelTest.cpp - time and energy, worked by hand ------===//
#include "cost/CostModel.h"
#include "Builder.h"
#include <cmath>

using namespace wattlint;
using namespace wattlint::test;
using llvm::cantFail;
using llvm::consumeError;
using llvm::Expected;

namespace {

// A toy target with round numbers: 1 TFLOPS fp32, 4 TFLOPS bf16, 100 GB/s,
// 210 W TDP, 10 W idle, 100 pJ per DRAM byte, 10 us per kernel, perfect
// efficiency and no busy power, so every figure can be worked out by hand;
// it runs a toy runtime whose host costs nothing and which fuses nothing.
const char *Toy = R"(
name: toy
display_name: Toy accelerator
kind: gpu
peak_tflops:
  fp32: {value: 1, tag: E, source: test}
  bf16: {value: 4, tag: E, source: test}
memory_bandwidth_gbs: {value: 100, tag: E, source: test}
cache_mb: {value: 1, tag: E, source: test}
tdp_w: {value: 210, tag: E, source: test}
idle_w: {value: 10, tag: E, source: test}
dram_pj_per_byte: {value: 100, tag: E, source: test}
embodied_kgco2e: {value: 1000, tag: E, source: test}
lifetime_years: {value: 1, tag: E, source: test}
model:
  matrix_efficiency: {value: 1, tag: E, source: test}
  vector_efficiency: {value: 1, tag: E, source: test}
  memory_efficiency: {value: 1, tag: E, source: test}
  half_efficiency_mflop: {value: 0.000001, tag: E, source: test}
  kernel_gap_us: {value: 10, tag: E, source: test}
  uncertainty_factor: {value: 2, tag: E, source: test}
  matrix_energy_scale: {value: 1, tag: E, source: test}
  vector_energy_scale: {value: 1, tag: E, source: test}
  memory_energy_scale: {value: 1, tag: E, source: test}
  busy_power_w: {value: 0, tag: E, source: test}
  conv_tflops_cap: {value: 0, tag: E, source: test}
)";

const char *ToyRuntime = R"(
name: toy-runtime
host_op_us: {value: 0, tag: E, source: test}
host_inference_us: {value: 0, tag: E, source: test}
conv_kernels: {value: 1, tag: E, source: test}
conv_host_ops: {value: 1, tag: E, source: test}
recurrent_kernels_per_step: {value: 2, tag: E, source: test}
train_kernels_per_weight: {value: 8, tag: E, source: test}
backward_host_op_us: {value: 0, tag: E, source: test}
train_step_host_us: {value: 0, tag: E, source: test}
fp32_default: {conv: fp32, matmul: fp32}
fusions: {patterns: []}
)";

struct Fixture {
  Builder B;
  Profile P;
  Target T;
  Fixture(const char *TargetYaml) {
    B.val("a", {1000, 1000});
    B.val("w", {1000, 1000}, DType::F32, true);
    B.val("y", {1000, 1000});
    B.node("MatMul", {"a", "w"}, {"y"});
    B.g().Inputs = {B.g().find("a")};
    P = cantFail(profileModel(B.M));
    T = cantFail(parseTarget(TargetYaml, "test"));
    T.Rt = cantFail(parseRuntime(ToyRuntime, "test"));
  }
  /// Replaces the toy runtime's field Key (a sourced number) with V.
  void runtime(const std::string &Extra) { T.Rt = cantFail(parseRuntime(Extra, "test", &T.Rt)); }
  Estimate run(const std::string &Precision) {
    CostOptions O;
    O.Prec = *parsePrecision(Precision);
    return cantFail(estimate(B.M, P, T, O));
  }
};

TEST(CostModel, ComputeBoundMatMulInFp32) {
  Fixture F(Toy);
  Estimate E = F.run("fp32");
  // (210 - 10) W / 1 TFLOPS = 200 pJ per FLOP: 0.4 J; 12e6 B * 100 pJ = 1.2 mJ.
  // 2e9 FLOPs at 1 TFLOPS = 2 ms (12 MB at 100 GB/s = 0.12 ms), but 0.4012 J
  // in 2 ms is 200.6 W above idle, past the 200 W headroom: the clock drops
  // to the fraction s where 0.4 s^2 J over 2 ms / s, plus the DRAM's
  // 1.2 mJ, fit: 200 s^3 + 0.6 s = 200 at s = 0.999 (199.4006 + 0.5994).
  EXPECT_NEAR(E.Nodes[0].Clock, 0.999, 1e-6);
  EXPECT_NEAR(E.DynamicJ, 0.4 * 0.998001 + 1.2e-3, 1e-9);
  // 2 ms / 0.999 = 2.002002 ms; + 10 us of kernel gap.
  EXPECT_NEAR(E.TimeS, 2.002002e-3 + 10e-6, 1e-9);
  EXPECT_EQ(E.Nodes[0].B, Bound::Compute);
  EXPECT_EQ(E.LimitedKernels, 1u);
  EXPECT_EQ(E.PowerLimitW, 210);
  // plus 10 W idle over 2.012002 ms
  EXPECT_NEAR(E.EnergyJ, 0.4004004 + 10 * 2.012002e-3, 1e-9);
  EXPECT_NEAR(E.EnergyLowJ, E.EnergyJ / 2, 1e-12);
  EXPECT_NEAR(E.EnergyHighJ, E.EnergyJ * 2, 1e-12);
  EXPECT_EQ(E.Batch, 1000);
}

TEST(CostModel, Bf16HalvesBytesAndUsesItsPeak) {
  Fixture F(Toy);
  Estimate E = F.run("bf16");
  // 200 W / 4 TFLOPS = 50 pJ per FLOP: 0.1 J; 6e6 B * 100 pJ = 0.6 mJ.
  // 2e9 / 4e12 = 0.5 ms (6 MB / 100 GB/s = 60 us); 200.6 + 1.2 W over the
  // headroom: 200 s^3 + 1.2 s = 200 at s = 0.998 (198.8024 + 1.1976).
  EXPECT_NEAR(E.Nodes[0].Clock, 0.998, 1e-6);
  EXPECT_NEAR(E.DynamicJ, 0.1 * 0.996004 + 0.6e-3, 1e-9);
  // 0.5 ms / 0.998 = 0.501002 ms; + 10 us.
  EXPECT_NEAR(E.TimeS, 0.501002e-3 + 10e-6, 1e-9);
  EXPECT_EQ(E.Nodes[0].Precision, "bf16");
}

TEST(CostModel, PowerLimitLowersTheClock) {
  std::string Capped = Toy;
  Capped.replace(Capped.find("tdp_w: {value: 210"), 18, "tdp_w: {value: 110");
  Fixture F(Capped.c_str());
  Estimate E = F.run("fp32");
  // 100 pJ per FLOP now: 0.2 J + 1.2 mJ dynamic would need 100.6 W above
  // idle over the 2 ms of work; 100 s^3 + 0.6 s = 100 at s = 0.998: the
  // work takes 2.004008 ms, and the 10 us gap runs at idle power.
  EXPECT_NEAR(E.DynamicJ, 0.2 * 0.996004 + 1.2e-3, 1e-8);
  EXPECT_NEAR(E.TimeS, 2.004008e-3 + 10e-6, 1e-8);
  EXPECT_NEAR(E.EnergyJ, 110 * (E.TimeS - 10e-6) + 10 * 10e-6, 1e-9);

  // A power limit below TDP (nvidia-smi -pl, a MaxQ point): at 35.3 W, 25.3 W
  // above idle, 200 s^3 + 0.6 s = 25.3 at s = 0.5 on the 210 W toy. Half the
  // clock: twice the time, a quarter of the switching energy per FLOP.
  Fixture L(Toy);
  L.T.PowerLimitW = Sourced{35.3, "U", "test", 0, true};
  E = L.run("fp32");
  EXPECT_NEAR(E.Nodes[0].Clock, 0.5, 1e-6);
  EXPECT_NEAR(E.TimeS, 4e-3 + 10e-6, 1e-9);
  EXPECT_NEAR(E.DynamicJ, 0.4 * 0.25 + 1.2e-3, 1e-9);
  EXPECT_NEAR((E.EnergyJ - 10 * E.TimeS) / 4e-3, 25.3, 1e-6);
  EXPECT_EQ(E.PowerLimitW, 35.3);

  // Memory-bound work keeps its time: the clock paces only the arithmetic.
  // At 1.5 ms of DRAM time and 0.6 ms of arithmetic, a 20 % slower clock
  // still hides the arithmetic under the traffic.
  DvfsWork W;
  W.PacedS = 0.6e-3, W.MemoryS = 1.5e-3, W.SwitchJ = 0.06, W.DramJ = 0.15;
  EXPECT_NEAR(W.timeAt(0.8), 1.5e-3, 1e-12);
  EXPECT_NEAR(W.dynamicAt(0.8), 0.06 * 0.64 + 0.15, 1e-12);
  EXPECT_EQ(clockUnderLimit(W, 1000), 1);
  // Only the DRAM's 100 W and the switching's 40 W at full clock: a 120 W
  // limit leaves 20 W for switching, 40 s^2 W: s = sqrt(0.5).
  EXPECT_NEAR(clockUnderLimit(W, 120), std::sqrt(0.5), 1e-6);
  // DRAM traffic alone over the limit: no clock fits; the search stops at
  // its floor and the kernel is stretched in time instead.
  DvfsWork Copy;
  Copy.MemoryS = 1.5e-3, Copy.DramJ = 0.15, Copy.BusyW = 50;
  EXPECT_EQ(clockUnderLimit(Copy, 90), MinClockFraction);
}

TEST(CostModel, ScenarioRequestsAndCarbon) {
  Fixture F(Toy);
  Estimate E = F.run("fp32");
  ScenarioOptions O;
  O.Requests = 1000000;
  O.Region = "fr";
  O.Pue = 1.5;
  Scenario S = cantFail(scenario(E, F.P, F.T, O));
  // 10^6 samples = 1000 inferences of the batch of 1000.
  EXPECT_NEAR(S.EnergyJ, 1000 * E.EnergyJ, 1e-6);
  EXPECT_NEAR(S.Kwh, S.EnergyJ * 1.5 / 3.6e6, 1e-12);
  EXPECT_NEAR(S.OperationalKg, S.Kwh * S.GramsPerKwh / 1000, 1e-12);
  // 1000 kg over one year, for 1000 * 2.01 ms of device time.
  EXPECT_NEAR(S.EmbodiedKg, 1000.0 * 1000 * E.TimeS / (365.25 * 86400), 1e-12);
  EXPECT_GT(S.GramsPerKwh, 0);
}

TEST(CostModel, RepeatedWorksCostWhatEachCostsAlone) {
  // The estimate remembers the costs of recent works (32 slots): 300
  // MatMuls of 45 sizes in a scrambled order, so that slots are shared and
  // overwritten, each cost as costWork() costs its work alone.
  Fixture F(Toy);
  Builder &B = F.B;
  B.val("x", {1, 64});
  B.g().Inputs.push_back(B.g().find("x"));
  unsigned State = 7;
  for (int I = 0; I < 300; ++I) {
    State = State * 1103515245u + 12345u;
    int64_t N = 8 + int64_t((State >> 16) % 45);
    std::string W = "w" + std::to_string(I), Y = "y" + std::to_string(I);
    B.val(W, {64, N}, DType::F32, true);
    B.val(Y, {1, N});
    B.node("MatMul", {"x", W}, {Y});
  }
  F.P = cantFail(profileModel(B.M));
  Estimate E = F.run("fp32");
  ASSERT_EQ(E.Nodes.size(), F.P.Nodes.size());
  for (size_t I = 0; I < F.P.Nodes.size(); ++I) {
    std::optional<NodeWork> W = nodeWork(F.P.Nodes[I], F.T, "fp32");
    ASSERT_TRUE(W);
    NodeEstimate Alone = costWork(F.T, *W);
    EXPECT_EQ(E.Nodes[I].OwnEnergyJ, Alone.EnergyJ) << I;
    EXPECT_EQ(E.Nodes[I].DeviceS, Alone.DeviceS) << I;
    EXPECT_EQ(E.Nodes[I].DramBytes, Alone.DramBytes) << I;
  }
}

TEST(CostModel, RejectsUnknownPrecisionAndBadTargets) {
  Fixture F(Toy);
  // A precision is a closed set, parsed once where it enters.
  EXPECT_FALSE(parsePrecision("fp12"));
  EXPECT_EQ(parsePrecision("BF16"), Precision::BF16);
  EXPECT_EQ(parsePrecision(""), Precision::Model);
  EXPECT_EQ(precisionName(Precision::TF32), "tf32");
  Expected<Target> Bad = parseTarget("name: x\npeak_tflops: {fp32: {value: 1}}\n", "test");
  ASSERT_FALSE(bool(Bad));
  consumeError(Bad.takeError());
  Expected<Target> Typo = parseTarget(std::string(Toy) + "tdp_watts: {value: 1}\n", "test");
  ASSERT_FALSE(bool(Typo));
  consumeError(Typo.takeError());
}

TEST(CostModel, TargetNamesMatchCaseInsensitivelyWithSuggestions) {
  EXPECT_EQ(cantFail(resolveTarget("H200", "")).Name, "h200");
  EXPECT_EQ(cantFail(resolveTarget("A100-80GB", "")).Name, "a100-80gb");
  Expected<Target> Typo = resolveTarget("h20", "");
  ASSERT_FALSE(bool(Typo));
  EXPECT_EQ(toString(Typo.takeError()), "unknown target 'h20' (did you mean 'h200'?)");
  std::vector<std::string> Ids = {"fr", "gcp-us-east1", "gcp-us-east4", "h100-pcie", "h100-sxm"};
  EXPECT_EQ(suggestId("FX", Ids), "did you mean 'fr'?");
  EXPECT_EQ(suggestId("gcp-us-est1", Ids), "did you mean 'gcp-us-east1'?");
  EXPECT_EQ(suggestId("H100", Ids), "did you mean 'h100-pcie' or 'h100-sxm'?");
  EXPECT_EQ(suggestId("atlantis", Ids), "");
  EXPECT_EQ(suggestId("", Ids), "");
}

TEST(CostModel, RegionIdsMatchCaseInsensitivelyWithSuggestions) {
  Fixture F(Toy);
  Estimate E = F.run("fp32");
  ScenarioOptions O;
  O.Region = "FR";
  EXPECT_EQ(cantFail(scenario(E, F.P, F.T, O)).Region, "fr");
  O.Region = "fx";
  Expected<Scenario> Typo = scenario(E, F.P, F.T, O);
  ASSERT_FALSE(bool(Typo));
  EXPECT_EQ(toString(Typo.takeError()), "unknown region 'fx' (did you mean 'fr'?)");
}

TEST(CostModel, ResolveRegionSuggestsVariantsOrNothing) {
  EXPECT_EQ(cantFail(resolveRegion("GCP-US-CENTRAL1")).Id, "gcp-us-central1");
  Expected<Region> Variants = resolveRegion("aws-eu");
  ASSERT_FALSE(bool(Variants));
  EXPECT_EQ(toString(Variants.takeError()),
            "unknown region 'aws-eu' (did you mean 'aws-eu-west-1' or 'aws-eu-north-1'?)");
  Expected<Region> Far = resolveRegion("atlantis");
  ASSERT_FALSE(bool(Far));
  EXPECT_EQ(toString(Far.takeError()), "unknown region 'atlantis'");
}

TEST(CostModel, BuiltinTargetsParseWithSources) {
  auto All = cantFail(builtinTargets());
  EXPECT_GE(All.size(), 25u);
  for (const Target &T : All) {
    EXPECT_FALSE(T.TdpW.Source.empty()) << T.Name;
    EXPECT_FALSE(T.PeakTflops.at("fp32").Tag.empty()) << T.Name;
  }
  EXPECT_GE(cantFail(builtinRegions()).size(), 30u);
  // resolveTarget() parses only the file named: each target's name must be
  // its file's, and resolving it must give what parsing them all gives.
  std::vector<std::string> Names = builtinTargetNames();
  ASSERT_EQ(Names.size(), All.size());
  for (size_t I = 0; I < All.size(); ++I) {
    EXPECT_EQ(All[I].Name, Names[I]);
    Target One = cantFail(resolveTarget(llvm::StringRef(Names[I]).upper(), ""));
    EXPECT_EQ(One.Name, All[I].Name);
    EXPECT_EQ(One.TdpW.Value, All[I].TdpW.Value) << One.Name;
    EXPECT_EQ(One.Rt.Name, All[I].Rt.Name) << One.Name;
  }
}

} // namespace

namespace {

/// Two 1000x1000 MatMuls in a chain (2 ms of device work each on the toy),
/// optionally with a bias Add after the first.
struct Chain : Fixture {
  explicit Chain(bool Bias) : Fixture(Toy) {
    B = Builder();
    B.val("a", {1000, 1000});
    B.val("w", {1000, 1000}, DType::F32, true);
    B.val("b", {1000}, DType::F32, true);
    B.val("h", {1000, 1000});
    B.val("hb", {1000, 1000});
    B.val("y", {1000, 1000});
    B.node("MatMul", {"a", "w"}, {"h"});
    if (Bias)
      B.node("Add", {"h", "b"}, {"hb"});
    B.node("MatMul", {Bias ? "hb" : "h", "w"}, {"y"});
    B.g().Inputs = {B.g().find("a")};
    B.g().Outputs = {B.g().find("y")};
    P = cantFail(profileModel(B.M));
  }
};

} // namespace

TEST(CostModel, HostAndDeviceRunAsAPipeline) {
  Chain C(false);
  // Device 2.012002 ms per MatMul (2.002002 ms of power-limited work + 10
  // us gap);
  // host 1 ms per op: the host runs ahead, the device waits only for the
  // first op.
  C.runtime("host_op_us: {value: 1000, tag: E, source: test}\n");
  Estimate E = C.run("fp32");
  EXPECT_NEAR(E.TimeS, 1e-3 + 2 * 2.012002e-3, 1e-9);
  EXPECT_NEAR(E.HostS, 2e-3, 1e-12);
  EXPECT_NEAR(E.DeviceBusyS, 2 * 2.012002e-3, 1e-9);
  // Host 3 ms per op: the device waits for each; idle power over the waits.
  C.runtime("host_op_us: {value: 3000, tag: E, source: test}\n"
            "host_inference_us: {value: 500, tag: E, source: test}\n");
  E = C.run("fp32");
  EXPECT_NEAR(E.TimeS, 3e-3 + 3e-3 + 2.012002e-3 + 0.5e-3, 1e-9);
  EXPECT_EQ(E.Nodes[1].B, Bound::Overhead);
  EXPECT_NEAR(E.EnergyJ, E.DynamicJ + 10 * E.TimeS, 1e-9);
  // The nodes' times add up to the timeline, less the per-inference cost.
  EXPECT_NEAR(E.Nodes[0].TimeS + E.Nodes[1].TimeS, E.TimeS - 0.5e-3, 1e-12);
}

TEST(CostModel, FusedBiasStaysOnChip) {
  Chain Apart(true), Fused(true);
  Fused.runtime("fusions: {patterns: [gemm-bias]}\n");
  Estimate A = Apart.run("fp32"), F = Fused.run("fp32");
  // Apart: the Add reads h (4 MB) and the bias (4 kB) and writes hb (4 MB),
  // one kernel more. Fused: h never leaves the chip (written and read:
  // 8 MB); the bias is still read and added in the GEMM's epilogue (10^6
  // FLOPs, 1 us on the toy's vector units).
  EXPECT_EQ(F.Nodes[1].FusedInto, 0);
  EXPECT_EQ(F.Nodes[0].Fusion, "gemm-bias");
  EXPECT_EQ(F.FusedGroups, 1u);
  double BytesApart = A.Nodes[0].DramBytes + A.Nodes[1].DramBytes;
  EXPECT_NEAR(BytesApart - F.Nodes[0].DramBytes, 8e6, 1);
  EXPECT_NEAR(A.TimeS - F.TimeS, 10e-6 + 8.004e6 / 100e9 - 1e6 / 1e12, 1e-8);
}

TEST(CostModel, BusyPowerFollowsOccupancy) {
  std::string Busy = Toy;
  Busy.replace(Busy.find("model:\n"), 7, "sm_count: {value: 122, tag: E, source: test}\nmodel:\n");
  Busy.replace(Busy.find("busy_power_w: {value: 0"), 23, "busy_power_w: {value: 100");
  // Half the energy per FLOP, so that the power limit does not bind.
  Busy.replace(Busy.find("matrix_energy_scale: {value: 1"), 30, "matrix_energy_scale: {value: 0.5");
  Fixture F(Busy.c_str());
  // 10^6 output elements in 128x128 tiles: 61 blocks on 122 SMs, half full:
  // 50 W over the 2 ms of work on top of the arithmetic and traffic.
  Estimate E = F.run("fp32");
  EXPECT_EQ(E.Nodes[0].Clock, 1);
  EXPECT_NEAR(E.DynamicJ, 0.2012 + 50 * 2e-3 * (1e6 / 16384.0 / 61), 1e-6);
}

TEST(CostModel, OtherTargetsInheritTheH200Fit) {
  Target H200 = cantFail(resolveTarget("h200", "")), L4 = cantFail(resolveTarget("l4", ""));
  // Relative constants as fitted; busy power scaled by TDP - idle, the
  // convolution cap by the 16-bit peak; all tagged E.
  EXPECT_EQ(L4.Model.MatrixEfficiency.Value, H200.Model.MatrixEfficiency.Value);
  EXPECT_EQ(L4.Model.MatrixEfficiency.Tag, "E");
  EXPECT_NEAR(L4.Model.BusyPowerW.Value,
              H200.Model.BusyPowerW.Value * (L4.TdpW.Value - L4.IdleW.Value) / 585, 1e-9);
  EXPECT_NEAR(L4.Model.ConvTflopsCap.Value,
              H200.Model.ConvTflopsCap.Value * L4.PeakTflops.at("bf16").Value / 989, 1e-9);
  EXPECT_GE(L4.Model.UncertaintyFactor.Value, 1.6);
  // A file that lowers the power limit (a MaxQ point) re-scales what is
  // inherited; a constant the file sets stays.
  Target Q = cantFail(parseTarget("tdp_w: {value: 50, tag: E, source: test}\n"
                                  "model: {kernel_gap_us: {value: 3, tag: E, source: test}}\n",
                                  "test", &L4));
  EXPECT_NEAR(Q.Model.BusyPowerW.Value,
              H200.Model.BusyPowerW.Value * (50 - L4.IdleW.Value) / 585, 1e-9);
  EXPECT_EQ(Q.Model.KernelGapUs.Value, 3);
}

TEST(CostModel, RuntimeFilesAreChecked) {
  Expected<Runtime> Unknown = parseRuntime(std::string(ToyRuntime) + "\n", "test", nullptr);
  ASSERT_TRUE(bool(Unknown));
  Expected<Runtime> BadPattern =
      parseRuntime("fusions: {patterns: [everything]}\n", "t", &*Unknown);
  ASSERT_FALSE(bool(BadPattern));
  EXPECT_NE(toString(BadPattern.takeError()).find("unknown fusion pattern 'everything'"),
            std::string::npos);
  Expected<Runtime> Negative = parseRuntime("host_op_us: {value: -1}\n", "t", &*Unknown);
  ASSERT_FALSE(bool(Negative));
  consumeError(Negative.takeError());
  Expected<Runtime> Missing = parseRuntime("name: bare\n", "t", nullptr);
  ASSERT_FALSE(bool(Missing));
  consumeError(Missing.takeError());
  Expected<Runtime> Typo = resolveRuntime("tensorrtt", "");
  ASSERT_FALSE(bool(Typo));
  EXPECT_EQ(toString(Typo.takeError()), "unknown runtime 'tensorrtt' (did you mean 'tensorrt'?)");
  EXPECT_EQ(cantFail(resolveRuntime("", "")).Name, "pytorch-eager");
  // Every built-in runtime parses and says what it fuses.
  std::vector<Runtime> All = cantFail(builtinRuntimes());
  std::vector<std::string> Names = builtinRuntimeNames();
  ASSERT_EQ(Names.size(), All.size());
  for (size_t I = 0; I < All.size(); ++I) {
    EXPECT_FALSE(All[I].FusionSource.empty()) << All[I].Name;
    // resolveRuntime() parses only the file named: its name is the file's.
    EXPECT_EQ(All[I].Name, Names[I]);
    EXPECT_EQ(cantFail(resolveRuntime(llvm::StringRef(Names[I]).upper(), "")).Name, All[I].Name);
  }
}
