//===- test/unit/CostTest.cpp - hand-worked costs, one family at a time ---===//
//
// Every expectation is worked out by hand in the comment beside it from the
// closed form in the op family's file header.
//
//===----------------------------------------------------------------------===//
#include "Builder.h"

using namespace wattlint;
using namespace wattlint::test;

namespace {

// ---- conv -------------------------------------------------------------------

TEST(ConvCost, DenseWithBias) {
  Builder B;
  B.val("x", {2, 3, 32, 32});
  B.val("w", {16, 3, 3, 3}, DType::F32, true);
  B.val("b", {16}, DType::F32, true);
  B.val("y", {2, 16, 30, 30});
  B.node("Conv", {"x", "w", "b"}, {"y"});
  OpWork W = B.cost();
  // N*Cout*Hout*Wout*(Cin/g)*Kh*Kw = 2*16*30*30*3*3*3
  EXPECT_EQ(W.Macs.value(), 777600u);
  // one bias add per output element: 2*16*30*30
  EXPECT_EQ(W.ElementwiseFlops.value(), 28800u);
}

TEST(ConvCost, Depthwise) {
  Builder B;
  B.val("x", {1, 32, 10, 10});
  B.val("w", {32, 1, 3, 3}, DType::F32, true);
  B.val("y", {1, 32, 8, 8});
  Builder::setInt(B.node("Conv", {"x", "w"}, {"y"}), "group", 32);
  // 1*32*8*8*(32/32)*3*3
  EXPECT_EQ(B.cost().Macs.value(), 18432u);
}

TEST(ConvCost, Transpose) {
  Builder B;
  B.val("x", {1, 4, 5, 5});
  B.val("w", {4, 2, 3, 3}, DType::F32, true);
  B.val("y", {1, 2, 11, 11});
  B.node("ConvTranspose", {"x", "w"}, {"y"});
  // N*Cin*Hin*Win*(Cout/g)*Kh*Kw = 1*4*5*5*2*3*3
  EXPECT_EQ(B.cost().Macs.value(), 1800u);
}

// ---- matmul / gemm ----------------------------------------------------------

TEST(MatMulCost, BatchedBroadcast) {
  Builder B;
  B.val("a", {2, 1, 4, 8});
  B.val("b", {3, 8, 5});
  B.val("y", {2, 3, 4, 5});
  B.node("MatMul", {"a", "b"}, {"y"});
  // batch 2*3, M 4, N 5, K 8
  EXPECT_EQ(B.cost().Macs.value(), 2u * 3 * 4 * 5 * 8);
}

TEST(MatMulCost, VectorTimesMatrix) {
  Builder B;
  B.val("a", {8});
  B.val("b", {8, 5});
  B.val("y", {5});
  B.node("MatMul", {"a", "b"}, {"y"});
  EXPECT_EQ(B.cost().Macs.value(), 40u); // 5 dot products of length 8
}

TEST(DetCost, LuPerMatrix) {
  // X [2, 3, 6, 6]: 6 matrices of 6 x 6, each 6^3 / 3 = 72 multiply-adds.
  Builder B;
  B.val("x", {2, 3, 6, 6});
  B.val("y", {2, 3});
  B.node("Det", {"x"}, {"y"});
  EXPECT_EQ(B.cost().Macs.value(), 6u * 72);
}

TEST(DFTCost, AnFFTPerTransform) {
  // X [2, 8, 3, 1] along axis 1: 2 x 3 = 6 real signals of 8, each a
  // radix-2 FFT of 5 x 8 x log2(8) = 120 FLOPs; onesided keeps 8/2 + 1.
  Builder B;
  B.M.Opsets[""] = 17;
  B.val("x", {2, 8, 3, 1});
  B.val("y", {2, 5, 3, 2});
  Builder::setInt(B.node("DFT", {"x"}, {"y"}), "onesided", 1);
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 6u * 120);
  // dft_length 12 pads each signal: 5 x 12 x ceil(log2 12) = 240.
  B.val("len", {}, DType::I64, true);
  B.g().value(B.g().find("len")).IntData = std::vector<int64_t>{12};
  B.val("z", {2, 12, 3, 2});
  B.node("DFT", {"x", "len"}, {"z"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 6u * 240);
}

TEST(GemmCost, TransBWithBiasAndAlpha) {
  Builder B;
  B.val("a", {4, 8});
  B.val("b", {5, 8}, DType::F32, true);
  B.val("c", {5}, DType::F32, true);
  B.val("y", {4, 5});
  Node &N = B.node("Gemm", {"a", "b", "c"}, {"y"});
  Builder::setInt(N, "transB", 1);
  Builder::setFloat(N, "alpha", 0.5);
  OpWork W = B.cost();
  EXPECT_EQ(W.Macs.value(), 160u);            // M*N*K = 4*5*8
  EXPECT_EQ(W.ElementwiseFlops.value(), 40u); // alpha and C: 2 per output, 20 outputs
}

TEST(EinsumCost, BatchedContraction) {
  Builder B;
  B.val("a", {2, 3, 4});
  B.val("b", {2, 4, 5});
  B.val("y", {2, 3, 5});
  Builder::setString(B.node("Einsum", {"a", "b"}, {"y"}), "equation", "bij,bjk->bik");
  EXPECT_EQ(B.cost().Macs.value(), 120u); // b*i*j*k = 2*3*4*5
}

// ---- recurrent --------------------------------------------------------------

TEST(RecurrentCost, BidirectionalLstmWithBiasAndPeepholes) {
  Builder B;
  B.val("x", {10, 2, 16});                         // T, B, I
  B.val("w", {2, 128, 16}, DType::F32, true);      // D, 4H, I (H = 32)
  B.val("r", {2, 128, 32}, DType::F32, true);      // D, 4H, H
  B.val("bias", {2, 256}, DType::F32, true);
  B.val("p", {2, 96}, DType::F32, true);
  B.val("y", {10, 2, 2, 32});
  B.node("LSTM", {"x", "w", "r", "bias", "", "", "", "p"}, {"y"});
  OpWork W = B.cost();
  // D*T*B*4H*(I+H) = 2*10*2*128*(16+32)
  EXPECT_EQ(W.Macs.value(), 245760u);
  // units D*T*B*H = 1280; 8 (sums, update) + 4 (bias) + 6 (peepholes) each
  EXPECT_EQ(W.ElementwiseFlops.value(), 1280u * 18);
  EXPECT_EQ(W.TranscendentalFlops.value(), 1280u * 5); // 3 sigmoid + 2 tanh
}

TEST(RecurrentCost, BatchFirstLayoutCountsTheSame) {
  Builder B;
  B.val("x", {2, 10, 16}); // layout 1: B, T, I
  B.val("w", {1, 128, 16}, DType::F32, true);
  B.val("r", {1, 128, 32}, DType::F32, true);
  B.val("y", {2, 10, 1, 32});
  Builder::setInt(B.node("LSTM", {"x", "w", "r"}, {"y"}), "layout", 1);
  EXPECT_EQ(B.cost().Macs.value(), 1u * 10 * 2 * 128 * 48);
}

TEST(RecurrentCost, Gru) {
  Builder B;
  B.val("x", {5, 1, 8});
  B.val("w", {1, 48, 8}, DType::F32, true); // 3H = 48
  B.val("r", {1, 48, 16}, DType::F32, true);
  B.val("y", {5, 1, 1, 16});
  B.node("GRU", {"x", "w", "r"}, {"y"});
  OpWork W = B.cost();
  EXPECT_EQ(W.Macs.value(), 5u * 1 * 48 * (8 + 16)); // T*B*3H*(I+H) = 5760
  EXPECT_EQ(W.ElementwiseFlops.value(), 80u * 8);    // 80 units, no bias
  EXPECT_EQ(W.TranscendentalFlops.value(), 80u * 3);
}

TEST(RecurrentCost, RnnWithBias) {
  Builder B;
  B.val("x", {5, 1, 8});
  B.val("w", {1, 16, 8}, DType::F32, true);
  B.val("r", {1, 16, 16}, DType::F32, true);
  B.val("bias", {1, 32}, DType::F32, true);
  B.val("y", {5, 1, 1, 16});
  B.node("RNN", {"x", "w", "r", "bias"}, {"y"});
  OpWork W = B.cost();
  EXPECT_EQ(W.Macs.value(), 5u * 16 * 24); // 1920
  EXPECT_EQ(W.ElementwiseFlops.value(), 80u * 2);
  EXPECT_EQ(W.TranscendentalFlops.value(), 80u);
}

// ---- attention --------------------------------------------------------------

TEST(AttentionCost, Opset23FourD) {
  Builder B;
  B.val("q", {1, 2, 4, 8});
  B.val("k", {1, 2, 6, 8});
  B.val("v", {1, 2, 6, 8});
  B.val("y", {1, 2, 4, 8});
  B.node("Attention", {"q", "k", "v"}, {"y"});
  OpWork W = B.cost();
  // scores B*H*L*S = 1*2*4*6 = 48; MACs 48*(Dh+Dv) = 48*16
  EXPECT_EQ(W.Macs.value(), 768u);
  EXPECT_EQ(W.ElementwiseFlops.value(), 48u * 5);
  EXPECT_EQ(W.TranscendentalFlops.value(), 48u);
}

TEST(AttentionCost, Opset23ThreeDWithHeads) {
  Builder B;
  B.val("q", {1, 4, 16});
  B.val("k", {1, 6, 16});
  B.val("v", {1, 6, 16});
  B.val("y", {1, 4, 16});
  Node &N = B.node("Attention", {"q", "k", "v"}, {"y"});
  Builder::setInt(N, "q_num_heads", 2);
  Builder::setInt(N, "kv_num_heads", 2);
  EXPECT_EQ(B.cost().Macs.value(), 768u); // same as the 4-D case
}

TEST(AttentionCost, MicrosoftProjectsFirst) {
  Builder B;
  B.val("x", {1, 4, 16});
  B.val("w", {16, 48}, DType::F32, true);
  B.val("b", {48}, DType::F32, true);
  B.val("y", {1, 4, 16});
  Builder::setInt(B.node("Attention", {"x", "w", "b"}, {"y"}, "com.microsoft"), "num_heads", 2);
  // projection 1*4*16*48 = 3072; scores 1*2*4*4 = 32, head size 8, 2 products
  EXPECT_EQ(B.cost().Macs.value(), 3072u + 32 * 8 * 2);
}

// ---- normalization ----------------------------------------------------------

TEST(NormalizationCost, LayerNormWithScaleAndBias) {
  Builder B;
  B.val("x", {2, 3, 4});
  B.val("s", {4}, DType::F32, true);
  B.val("b", {4}, DType::F32, true);
  B.val("y", {2, 3, 4});
  B.node("LayerNormalization", {"x", "s", "b"}, {"y"});
  OpWork W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 24u * 8); // 6 + scale + bias per element
  EXPECT_EQ(W.TranscendentalFlops.value(), 6u);   // one rsqrt per row
  EXPECT_EQ(W.Macs.value(), 0u);
}

TEST(NormalizationCost, BatchNormGroupNormRmsNorm) {
  {
    Builder B;
    B.val("x", {2, 3, 4, 4});
    for (auto N : {"s", "b", "m", "v"})
      B.val(N, {3}, DType::F32, true);
    B.val("y", {2, 3, 4, 4});
    B.node("BatchNormalization", {"x", "s", "b", "m", "v"}, {"y"});
    OpWork W = B.cost();
    EXPECT_EQ(W.ElementwiseFlops.value(), 96u * 4);
    EXPECT_EQ(W.TranscendentalFlops.value(), 3u);
  }
  {
    Builder B;
    B.val("x", {2, 4, 3});
    B.val("s", {4}, DType::F32, true);
    B.val("b", {4}, DType::F32, true);
    B.val("y", {2, 4, 3});
    Builder::setInt(B.node("GroupNormalization", {"x", "s", "b"}, {"y"}), "num_groups", 2);
    OpWork W = B.cost();
    EXPECT_EQ(W.ElementwiseFlops.value(), 24u * 8);
    EXPECT_EQ(W.TranscendentalFlops.value(), 4u); // N * groups
  }
  {
    Builder B;
    B.val("x", {2, 8});
    B.val("s", {8}, DType::F32, true);
    B.val("y", {2, 8});
    B.node("RMSNormalization", {"x", "s"}, {"y"});
    OpWork W = B.cost();
    EXPECT_EQ(W.ElementwiseFlops.value(), 16u * 4);
    EXPECT_EQ(W.TranscendentalFlops.value(), 2u);
  }
}

TEST(NormalizationCost, MeanVarianceNormalization) {
  // X [2, 3, 4, 5], axes [0, 2, 3] (the default): 120 elements at 6 each;
  // one sqrt per channel normalized together, 3.
  Builder B;
  B.val("x", {2, 3, 4, 5});
  B.val("y", {2, 3, 4, 5});
  B.node("MeanVarianceNormalization", {"x"}, {"y"});
  OpWork W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 120u * 6);
  EXPECT_EQ(W.TranscendentalFlops.value(), 3u);
  // axes [2, 3] (instance-wise): 2 x 3 groups.
  Builder B2;
  B2.val("x", {2, 3, 4, 5});
  B2.val("y", {2, 3, 4, 5});
  Builder::setInts(B2.node("MeanVarianceNormalization", {"x"}, {"y"}), "axes", {2, 3});
  EXPECT_EQ(B2.cost().TranscendentalFlops.value(), 6u);
}

TEST(NormalizationCost, SoftmaxAndLogSoftmax) {
  Builder B;
  B.val("x", {2, 5});
  B.val("y", {2, 5});
  B.node("Softmax", {"x"}, {"y"});
  OpWork W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 40u); // 4 per element
  EXPECT_EQ(W.TranscendentalFlops.value(), 10u);
  B.val("z", {2, 5});
  B.node("LogSoftmax", {"x"}, {"z"});
  W = B.cost();
  EXPECT_EQ(W.TranscendentalFlops.value(), 12u); // 10 exp + 2 log
}

// ---- pooling and resampling -------------------------------------------------

TEST(PoolingCost, WindowsAndGlobal) {
  Builder B;
  B.val("x", {1, 1, 4, 4});
  B.val("y", {1, 1, 2, 2});
  Builder::setInts(B.node("MaxPool", {"x"}, {"y"}), "kernel_shape", {2, 2});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 16u); // 4 outputs * 4 compares
  B.val("a", {1, 1, 2, 2});
  Builder::setInts(B.node("AveragePool", {"x"}, {"a"}), "kernel_shape", {2, 2});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 20u); // 4 * (4 adds + 1 divide)
  B.val("gx", {1, 2, 3, 3});
  B.val("g", {1, 2, 1, 1});
  B.node("GlobalAveragePool", {"gx"}, {"g"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 20u); // 18 adds + 2 divides
}

TEST(PoolingCost, AdaptiveWindowsOverlapWhereSizesDoNotDivide) {
  // LibTorch's windows along a dim of 5 pooled to 3: [0, 2), [1, 4), [3, 5),
  // 2 + 3 + 2 = 7 elements (5 + 3 - gcd(5, 3)); along 4 to 2: [0, 2),
  // [2, 4), 4 elements. Per channel 7 * 4 = 28 elements, 2 channels.
  Builder B;
  B.M.Opsets["libtorch"] = 1;
  B.val("x", {1, 2, 5, 4});
  B.val("y", {1, 2, 3, 2});
  Builder::setInts(B.node("AdaptiveAvgPool", {"x"}, {"y"}, "libtorch"), "output_size", {3, 2});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 56u + 12u); // adds + a divide per output
  B.val("m", {1, 2, 3, 2});
  Builder::setInts(B.node("AdaptiveMaxPool", {"x"}, {"m"}, "libtorch"), "output_size", {3, 2});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 56u); // compares
}

TEST(PoolingCost, ResizeLinear) {
  Builder B;
  B.val("x", {1, 1, 2, 2});
  B.val("y", {1, 1, 4, 4});
  Builder::setString(B.node("Resize", {"x"}, {"y"}), "mode", "linear");
  // two resized axes: 2^3 - 1 = 7 per output element, 16 outputs
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 112u);
}

// ---- elementwise ------------------------------------------------------------

TEST(ElementwiseCost, UnaryTable) {
  Builder B;
  B.val("x", {10});
  B.val("g", {10});
  B.node("Gelu", {"x"}, {"g"});
  OpWork W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 40u);
  EXPECT_EQ(W.TranscendentalFlops.value(), 10u);
  B.val("t", {10});
  Builder::setString(B.node("Gelu", {"x"}, {"t"}), "approximate", "tanh");
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 70u);
  B.val("h", {10});
  B.node("HardSwish", {"x"}, {"h"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 50u);
  B.val("s", {10});
  B.node("Sigmoid", {"x"}, {"s"});
  W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 0u);
  EXPECT_EQ(W.TranscendentalFlops.value(), 10u);
}

TEST(ElementwiseCost, BroadcastBinaryAndVariadic) {
  Builder B;
  B.val("a", {2, 3});
  B.val("b", {3});
  B.val("y", {2, 3});
  B.node("Add", {"a", "b"}, {"y"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 6u); // one per broadcast output
  B.val("p", {2, 3});
  B.node("Pow", {"a", "b"}, {"p"});
  EXPECT_EQ(B.cost().TranscendentalFlops.value(), 6u);
  B.val("c", {4});
  B.val("d", {4});
  B.val("e", {4});
  B.val("s", {4});
  B.node("Sum", {"c", "d", "e"}, {"s"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 8u); // 2 adds per output
}

// ---- reduction --------------------------------------------------------------

TEST(ReductionCost, MeanAndL2) {
  Builder B;
  B.val("x", {2, 3});
  B.val("y", {2});
  B.node("ReduceMean", {"x"}, {"y"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 8u); // 6 adds + 2 divides
  B.val("z", {2});
  B.node("ReduceL2", {"x"}, {"z"});
  OpWork W = B.cost();
  EXPECT_EQ(W.ElementwiseFlops.value(), 12u);
  EXPECT_EQ(W.TranscendentalFlops.value(), 2u);
}

// ---- data movement ----------------------------------------------------------

TEST(DataMovementCost, GatherReadsOnlyTheRows) {
  Builder B;
  B.val("table", {100, 16}, DType::F32, true);
  B.val("idx", {2, 5}, DType::I64);
  B.val("y", {2, 5, 16});
  B.node("Gather", {"table", "idx"}, {"y"});
  OpWork W = B.cost();
  EXPECT_TRUE(W.CustomBytes);
  EXPECT_EQ(W.BytesReadWeights.value(), 640u);     // 10 rows of 16 floats
  EXPECT_EQ(W.BytesReadActivations.value(), 80u);  // 10 int64 indices
  EXPECT_EQ(W.BytesWritten.value(), 640u);
  EXPECT_EQ(W.ElementwiseFlops.value() + W.Macs.value(), 0u);
}

TEST(DataMovementCost, TransposeMovesBytesOnly) {
  Builder B;
  B.val("x", {2, 3});
  B.val("y", {3, 2});
  B.node("Transpose", {"x"}, {"y"});
  OpWork W = B.cost();
  EXPECT_FALSE(W.CustomBytes); // the driver counts 24 bytes in, 24 out
  EXPECT_EQ(W.ElementwiseFlops.value() + W.TranscendentalFlops.value() + W.Macs.value(), 0u);
}

// ---- quantized --------------------------------------------------------------

TEST(QuantizedCost, QLinearConvAndMatMul) {
  Builder B;
  B.val("x", {1, 3, 8, 8}, DType::U8);
  for (auto N : {"xs", "xz", "ws", "wz", "ys", "yz"})
    B.val(N, {}, DType::F32, true);
  B.val("w", {4, 3, 3, 3}, DType::I8, true);
  B.val("y", {1, 4, 6, 6}, DType::U8);
  B.node("QLinearConv", {"x", "xs", "xz", "w", "ws", "wz", "ys", "yz"}, {"y"});
  OpWork W = B.cost();
  EXPECT_EQ(W.Macs.value(), 1u * 4 * 36 * 27); // N*Cout*Hout*Wout*Cin*Kh*Kw
  EXPECT_EQ(W.ElementwiseFlops.value(), 144u * 3);
  B.val("a", {2, 8}, DType::U8);
  B.val("b", {8, 4}, DType::I8, true);
  B.val("m", {2, 4}, DType::U8);
  B.node("QLinearMatMul", {"a", "xs", "xz", "b", "ws", "wz", "ys", "yz"}, {"m"});
  EXPECT_EQ(B.cost().Macs.value(), 64u); // 2*4*8
  B.val("i", {2, 4}, DType::I32);
  B.node("MatMulInteger", {"a", "b", "xz"}, {"i"});
  W = B.cost();
  EXPECT_EQ(W.Macs.value(), 64u);
  EXPECT_EQ(W.ElementwiseFlops.value(), 16u); // a's zero point removed
  B.val("f", {10});
  B.val("q", {10}, DType::U8);
  B.node("QuantizeLinear", {"f", "ys", "yz"}, {"q"});
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 30u);
}

// ---- the registry -----------------------------------------------------------

TEST(Registry, PicksTheVersionTheModelImports) {
  EXPECT_EQ(lookupOp("", "Attention", 22), nullptr); // ONNX Attention is opset 23
  EXPECT_NE(lookupOp("", "Attention", 23), nullptr);
  EXPECT_NE(lookupOp("ai.onnx", "Conv", 11), nullptr);
  EXPECT_EQ(lookupOp("", "NoSuchOp", 20), nullptr);
  EXPECT_STREQ(lookupOp("com.microsoft", "Attention", 1)->Family, "attention");
}

TEST(Count, OverflowIsRemembered) {
  Count Big = Count(uint64_t(1) << 62);
  EXPECT_TRUE((Big * Count(uint64_t(1) << 62)).overflowed());
  EXPECT_FALSE((Big * Count(2)).overflowed());
  EXPECT_TRUE(Count::dim(-1).overflowed());
}

} // namespace
