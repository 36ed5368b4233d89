//===- test/unit/CostMoreTest.cpp - the remaining cost functions, by hand -===//
//
// One expectation per cost function not covered in CostTest.cpp, each worked
// out from the formula in its family file's header.
//
//===----------------------------------------------------------------------===//
#include "Builder.h"

using namespace wattlint;
using namespace wattlint::test;

namespace {

TEST(MoreCost, PoolingVariants) {
  Builder B;
  B.val("x", {1, 2, 4, 4});
  B.val("y", {1, 2, 2, 2});
  Builder::setInts(B.node("LpPool", {"x"}, {"y"}), "kernel_shape", {2, 2});
  OpWork W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 8u * 4 * 2); // 8 outputs, 2K per output
  EXPECT_EQ(W.TranscendentalFlops.value(), 8u);
  B.val("g", {1, 2, 1, 1});
  B.node("GlobalMaxPool", {"x"}, {"g"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 32u); // one compare per input element
  B.val("l", {1, 2, 1, 1});
  B.node("GlobalLpPool", {"x"}, {"l"});
  W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 64u); // 2 per input element
  EXPECT_EQ(W.TranscendentalFlops.value(), 2u);
}

TEST(MoreCost, NormalizationVariants) {
  Builder B;
  B.val("x", {2, 3, 4});
  B.val("s", {3}, DType::F32, true);
  B.val("b", {3}, DType::F32, true);
  B.val("i", {2, 3, 4});
  B.node("InstanceNormalization", {"x", "s", "b"}, {"i"});
  OpWork W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 24u * 8); // 6 + scale + bias
  EXPECT_EQ(W.TranscendentalFlops.value(), 6u);   // N * C rows
  B.val("h", {2, 3, 4});
  B.node("Hardmax", {"x"}, {"h"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 24u);
  B.val("n", {2, 3, 4});
  B.node("LpNormalization", {"x"}, {"n"});
  W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 72u); // 3 per element
  EXPECT_EQ(W.TranscendentalFlops.value(), 6u); // one sqrt per row of 4 (p = 2)
  B.val("r", {2, 3, 4});
  Builder::setInt(B.node("LRN", {"x"}, {"r"}), "size", 3);
  W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 24u * 9); // 2 * size + 3
  EXPECT_EQ(W.TranscendentalFlops.value(), 24u);
  B.val("skip", {2, 3, 4});
  B.val("gamma", {4}, DType::F32, true);
  B.val("o", {2, 3, 4});
  B.node("SkipLayerNormalization", {"x", "skip", "gamma"}, {"o"}, "com.microsoft");
  W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 24u * 7 + 24u); // 6 + scale, + the skip add
  EXPECT_EQ(W.TranscendentalFlops.value(), 6u);
}

TEST(MoreCost, ElementwiseVariants) {
  Builder B;
  B.val("a", {4});
  B.val("b", {4});
  B.val("m", {4});
  B.node("Mean", {"a", "b"}, {"m"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 8u); // 1 add + 1 divide per output
  B.val("c", {4});
  B.val("w", {4});
  B.node("Where", {"c", "a", "b"}, {"w"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 4u);
  B.val("g", {4});
  B.node("BiasGelu", {"a", "b"}, {"g"}, "com.microsoft");
  OpWork W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 20u);
  EXPECT_EQ(W.TranscendentalFlops.value(), 4u);
}

TEST(MoreCost, ReductionVariants) {
  Builder B;
  B.val("x", {2, 8});
  B.val("y", {2, 3});
  Builder::setInt(B.node("TopK", {"x"}, {"y"}), "axis", -1);
  // k = 3: a heap of depth ceil(log2(4)) = 2 compares per input element
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 32u);
  B.val("s", {2});
  B.node("ReduceLogSumExp", {"x"}, {"s"});
  OpWork W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 16u);
  EXPECT_EQ(W.TranscendentalFlops.value(), 18u); // 16 exp + 2 log
}

TEST(MoreCost, DataDependentSizes) {
  Builder B;
  // NonMaxSuppression, 1 batch x 2 classes of S = 8 boxes keeping 6 rows
  // (K = 3 a class): per class 8 x ceil(log2 8) = 24 sort compares, 3 x 8 = 24
  // for the areas, 8 x 3 x 13 = 312 IoU FLOPs: 2 x 360 = 720.
  B.val("boxes", {1, 8, 4});
  B.val("scores", {1, 2, 8});
  B.val("sel", {6, 3}, DType::I64);
  B.node("NonMaxSuppression", {"boxes", "scores"}, {"sel"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 720u);
  // RoiAlign: 2 regions x 4 channels x 2 x 2 bins, 2 x 2 samples a bin:
  // 32 x (4 x 11 + 1) = 1,440 FLOPs; it gathers 32 x 4 x 4 = 512 of the
  // 4 x 16 x 16 = 1,024 feature elements (2,048 bytes of 4,096).
  B.val("feat", {1, 4, 16, 16});
  B.val("rois", {2, 4});
  B.val("idx", {2}, DType::I64);
  B.val("pooled", {2, 4, 2, 2});
  Node &R = B.node("RoiAlign", {"feat", "rois", "idx"}, {"pooled"});
  Builder::setInt(R, "output_height", 2);
  Builder::setInt(R, "output_width", 2);
  Builder::setInt(R, "sampling_ratio", 2);
  OpWork W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 1440u);
  EXPECT_EQ(W.BytesReadActivations.value(), 2048u + 32u + 16u);
  EXPECT_EQ(W.BytesWritten.value(), 128u);
  // MaxRoiPool of 3 regions over a 4 x 10 x 10 map into 3 x 3 bins: at
  // worst each bin ceil(10/3)^2 = 16 elements, 3 x 4 x 9 x 16 = 1,728.
  B.val("map", {1, 4, 10, 10});
  B.val("boxes5", {3, 5});
  B.val("binned", {3, 4, 3, 3});
  Builder::setInts(B.node("MaxRoiPool", {"map", "boxes5"}, {"binned"}), "pooled_shape", {3, 3});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 1728u);
  // Unique over 16 elements: a sort, 16 x 4 compares.
  B.val("u", {16});
  B.val("uy", {5});
  B.node("Unique", {"u"}, {"uy"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 64u);
}

TEST(MoreCost, DataMovementVariants) {
  Builder B;
  B.val("x", {2, 3}, DType::F32);
  B.val("s", {2}, DType::I64);
  B.node("Shape", {"x"}, {"s"});
  OpWork W = B.cost();
  EXPECT_TRUE(W.CustomBytes);
  EXPECT_EQ(W.BytesReadActivations.value() + W.BytesReadWeights.value(), 0u);
  EXPECT_EQ(W.BytesWritten.value(), 16u);
  B.val("r", {5}, DType::I64);
  B.node("Range", {"x"}, {"r"});
  W = B.cost();
  EXPECT_EQ(W.BytesWritten.value(), 40u);
  B.val("cols", {1, 4, 9});
  B.val("img", {1, 1, 4, 4});
  B.node("Col2Im", {"cols", "x", "x"}, {"img"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 36u); // one add per column element
  B.val("t", {3, 2});
  B.node("Transpose", {"x"}, {"t"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 0u);
}

TEST(MoreCost, QuantizedVariants) {
  Builder B;
  B.val("x", {1, 3, 8, 8}, DType::U8);
  B.val("w", {4, 3, 3, 3}, DType::I8, true);
  B.val("xz", {}, DType::U8, true);
  B.val("y", {1, 4, 6, 6}, DType::I32);
  B.node("ConvInteger", {"x", "w", "xz"}, {"y"});
  OpWork W = B.cost();
  EXPECT_EQ(W.Macs.value(), 3888u);            // 1*4*6*6*3*3*3
  EXPECT_EQ(W.ElementwiseFlops.value(), 192u); // x's zero point, one per element
  B.val("q", {10}, DType::U8);
  B.val("f", {10});
  B.val("scale", {}, DType::F32, true);
  B.node("DequantizeLinear", {"q", "scale"}, {"f"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 20u);
  B.val("dq", {10}, DType::U8);
  B.val("ds", {}, DType::F32);
  B.val("dz", {}, DType::U8);
  B.node("DynamicQuantizeLinear", {"f"}, {"dq", "ds", "dz"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 50u); // 2 (min, max) + 3 per element
}

TEST(MoreCost, EinsumSingleOperandIsElementwise) {
  Builder B;
  B.val("a", {3, 4});
  B.val("t", {4, 3});
  Builder::setString(B.node("Einsum", {"a"}, {"t"}), "equation", "ij->ji");
  OpWork W = B.cost();
  EXPECT_EQ(W.Macs.value(), 0u);
  EXPECT_EQ(W.ElementwiseFlops.value(), 12u);
}

} // namespace
