//===- test/unit/CostModelTest.cpp - time and energy, worked by hand ------===//
#include "Builder.h"
#include "cost/CostModel.h"

using namespace wattlint;
using namespace wattlint::test;
using llvm::cantFail;
using llvm::consumeError;
using llvm::Expected;

namespace {

// A toy target with round numbers: 1 TFLOPS fp32, 4 TFLOPS bf16, 100 GB/s,
// 210 W TDP, 10 W idle, 100 pJ per DRAM byte, 10 us per kernel, perfect
// efficiency and no busy power, so every figure can be worked out by hand.
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
  kernel_overhead_us: {value: 10, tag: E, source: test}
  uncertainty_factor: {value: 2, tag: E, source: test}
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
  }
  Estimate run(const std::string &Precision) {
    CostOptions O;
    O.Prec = *parsePrecision(Precision);
    return cantFail(estimate(B.M, P, T, O));
  }
};

TEST(CostModel, ComputeBoundMatMulInFp32) {
  Fixture F(Toy);
  Estimate E = F.run("fp32");
  // 2e9 FLOPs at 1 TFLOPS = 2 ms; 12 MB at 100 GB/s = 0.12 ms; + 10 us.
  EXPECT_NEAR(E.TimeS, 2.0e-3 + 10e-6, 1e-8);
  EXPECT_EQ(E.Nodes[0].B, Bound::Compute);
  // (210 - 10) W / 1 TFLOPS = 200 pJ per FLOP: 0.4 J; 12e6 B * 100 pJ = 1.2 mJ.
  EXPECT_NEAR(E.DynamicJ, 0.4 + 1.2e-3, 1e-9);
  // plus 10 W idle over 2.01 ms
  EXPECT_NEAR(E.EnergyJ, 0.4012 + 10 * 2.01e-3, 1e-9);
  EXPECT_NEAR(E.EnergyLowJ, E.EnergyJ / 2, 1e-12);
  EXPECT_NEAR(E.EnergyHighJ, E.EnergyJ * 2, 1e-12);
  EXPECT_EQ(E.Batch, 1000);
}

TEST(CostModel, Bf16HalvesBytesAndUsesItsPeak) {
  Fixture F(Toy);
  Estimate E = F.run("bf16");
  // 2e9 / 4e12 = 0.5 ms; 6 MB / 100 GB/s = 60 us; + 10 us.
  EXPECT_NEAR(E.TimeS, 0.5e-3 + 10e-6, 1e-9);
  // 200 W / 4 TFLOPS = 50 pJ per FLOP: 0.1 J; 6e6 B * 100 pJ = 0.6 mJ.
  EXPECT_NEAR(E.DynamicJ, 0.1006, 1e-9);
  EXPECT_EQ(E.Nodes[0].Precision, "bf16");
}

TEST(CostModel, PowerLimitStretchesTime) {
  std::string Capped = Toy;
  Capped.replace(Capped.find("tdp_w: {value: 210"), 18, "tdp_w: {value: 110");
  Fixture F(Capped.c_str());
  Estimate E = F.run("fp32");
  // 100 pJ per FLOP now: 0.2 J + 1.2 mJ dynamic would need 100.1 W above
  // idle over 2.01 ms; the 100 W headroom stretches the node to 2.012 ms.
  EXPECT_NEAR(E.DynamicJ, 0.2012, 1e-9);
  EXPECT_NEAR(E.TimeS, 0.2012 / 100, 1e-9);
  EXPECT_NEAR(E.EnergyJ, 110 * E.TimeS, 1e-9);
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
  EXPECT_EQ(toString(Typo.takeError()),
            "unknown region 'fx' (did you mean 'fr'?)");
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
}

} // namespace
