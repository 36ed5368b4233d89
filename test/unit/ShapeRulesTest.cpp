//===- test/unit/ShapeRulesTest.cpp - values and shapes through the ops ---===//
//
// The shape rules' folds of small integer tensors (shape arithmetic) through
// every op that moves them, Einsum's equations, GridSample, the sequence ops,
// checked arithmetic and parameters of unresolved consumers. Each expectation
// is worked out by hand in the comment beside it.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ShapeRules.h"
#include "Builder.h"
#include "analyzer/ops/OpFamilies.h"
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <cmath>

using namespace wattlint;
using namespace wattlint::test;

namespace {

/// A small int64 constant with its contents.
void constant(Builder &B, const std::string &Name, Dims Shape, std::vector<int64_t> Data) {
  int Id = B.val(Name, std::move(Shape), DType::I64, true);
  B.g().value(Id).IntData = std::move(Data);
}

const Value &value(Builder &B, const std::string &Name) { return B.g().value(B.g().find(Name)); }

/// Runs the shape rules; returns the error message, "" on success.
std::string infer(Builder &B) {
  llvm::Error E = inferShapes(B.M);
  return E ? toString(std::move(E)) : "";
}

// ---- values through data movement -----------------------------------------

TEST(ShapeFold, TransposeOfAPadsMatrix) {
  // [[0,0],[0,2],[0,3],[0,0]] transposed: [[0,0,0,0],[0,2,3,0]]
  Builder B;
  constant(B, "p", {4, 2}, {0, 0, 0, 2, 0, 3, 0, 0});
  Builder::setInts(B.node("Transpose", {"p"}, {"t"}), "perm", {1, 0});
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(*value(B, "t").Shape, (Dims{2, 4}));
  EXPECT_EQ(*value(B, "t").IntData, (std::vector<int64_t>{0, 0, 0, 0, 0, 2, 3, 0}));
}

TEST(ShapeFold, ReversingSliceOf2D) {
  // Rows of [[1,2],[3,4],[5,6]] from the last, step -1 (flip on axis 0).
  Builder B;
  constant(B, "x", {3, 2}, {1, 2, 3, 4, 5, 6});
  constant(B, "s", {1}, {-1});
  constant(B, "e", {1}, {INT64_MIN + 1});
  constant(B, "a", {1}, {0});
  constant(B, "st", {1}, {-1});
  B.node("Slice", {"x", "s", "e", "a", "st"}, {"y"});
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(*value(B, "y").IntData, (std::vector<int64_t>{5, 6, 3, 4, 1, 2}));
}

TEST(ShapeFold, SliceLengthsAtTheExtremes) {
  // A dim of 10: start INT64_MAX, end INT64_MIN, step INT64_MIN takes index
  // 9 only; step INT64_MAX from INT64_MIN takes index 0 only.
  Builder B;
  B.val("x", {10});
  constant(B, "max", {1}, {INT64_MAX});
  constant(B, "min", {1}, {INT64_MIN});
  B.node("Slice", {"x", "max", "min", "", "min"}, {"y"});
  B.node("Slice", {"x", "min", "max", "", "max"}, {"z"});
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(*value(B, "y").Shape, Dims{1});
  EXPECT_EQ(*value(B, "z").Shape, Dims{1});
}

TEST(ShapeFold, NegativeStepsClampTheStartAsTheSpecSays) {
  // Slice-13: "for negative stepping starts[axes[i]] is clamped to [0,
  // dims[axes[i]]-1]": a start of -100 on a dim of 10 is index 0, and
  // stepping -1 to an end of -200 (clamped to -1) takes it alone (numpy
  // would take nothing). An empty dim stays empty.
  Builder B;
  constant(B, "x", {10}, {10, 11, 12, 13, 14, 15, 16, 17, 18, 19});
  B.val("empty", {0, 3});
  constant(B, "s", {1}, {-100});
  constant(B, "e", {1}, {-200});
  constant(B, "a", {1}, {0});
  constant(B, "st", {1}, {-1});
  B.node("Slice", {"x", "s", "e", "a", "st"}, {"y"});
  B.node("Slice", {"empty", "s", "e", "a", "st"}, {"z"});
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(*value(B, "y").Shape, Dims{1});
  EXPECT_EQ(*value(B, "y").IntData, (std::vector<int64_t>{10}));
  EXPECT_EQ(*value(B, "z").Shape, (Dims{0, 3}));
}

TEST(ShapeFold, SplitByInputAndByCount) {
  // [N=3, 12, 8] split [2, 1] on axis 0 of its shape vector: [3, 12] and [8];
  // split into 3 equal parts: [3], [12], [8].
  Builder B;
  constant(B, "s", {3}, {3, 12, 8});
  constant(B, "sizes", {2}, {2, 1});
  B.node("Split", {"s", "sizes"}, {"a", "b"});
  B.node("Split", {"s"}, {"c", "d", "e"});
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(*value(B, "a").IntData, (std::vector<int64_t>{3, 12}));
  EXPECT_EQ(*value(B, "b").IntData, (std::vector<int64_t>{8}));
  EXPECT_EQ(*value(B, "e").IntData, (std::vector<int64_t>{8}));
  EXPECT_EQ(*value(B, "e").Shape, Dims{1});
}

TEST(ShapeFold, Split18NumOutputsLastPartSmaller) {
  // 10 in 4 parts: ceil(10/4) = 3 -> 3, 3, 3, 1.
  Builder B;
  B.val("x", {2, 10});
  Node &N = B.node("Split", {"x"}, {"a", "b", "c", "d"});
  Builder::setInt(N, "axis", 1);
  Builder::setInt(N, "num_outputs", 4);
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(*value(B, "c").Shape, (Dims{2, 3}));
  EXPECT_EQ(*value(B, "d").Shape, (Dims{2, 1}));
}

TEST(ShapeFold, ConcatGatherTileExpandOf2D) {
  Builder B;
  constant(B, "a", {2, 1}, {1, 2});
  constant(B, "b", {2, 2}, {3, 4, 5, 6});
  Builder::setInt(B.node("Concat", {"a", "b"}, {"c"}), "axis", 1);
  // c = [[1,3,4],[2,5,6]]; gather columns [2, 0]: [[4,1],[6,2]]
  constant(B, "i", {2}, {2, 0});
  Builder::setInt(B.node("Gather", {"c", "i"}, {"g"}), "axis", 1);
  // tile a [2,1] by [1, 2]: [[1,1],[2,2]]
  constant(B, "r", {2}, {1, 2});
  B.node("Tile", {"a", "r"}, {"t"});
  // expand a [2,1] to [2, 3]: [[1,1,1],[2,2,2]]
  constant(B, "sh", {2}, {2, 3});
  B.node("Expand", {"a", "sh"}, {"x"});
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(*value(B, "c").IntData, (std::vector<int64_t>{1, 3, 4, 2, 5, 6}));
  EXPECT_EQ(*value(B, "g").IntData, (std::vector<int64_t>{4, 1, 6, 2}));
  EXPECT_EQ(*value(B, "t").IntData, (std::vector<int64_t>{1, 1, 2, 2}));
  EXPECT_EQ(*value(B, "x").IntData, (std::vector<int64_t>{1, 1, 1, 2, 2, 2}));
}

TEST(ShapeFold, ModFollowsTheDivisorAndXorFolds) {
  // ONNX integer Mod (fmod = 0) takes the divisor's sign: -7 mod 4 = 1,
  // 7 mod -4 = -1; INT64_MIN mod -1 = 0 (no trap). Xor of 1 and 0 is 1.
  Builder B;
  constant(B, "a", {3}, {-7, 7, INT64_MIN});
  constant(B, "b", {3}, {4, -4, -1});
  B.node("Mod", {"a", "b"}, {"m"});
  constant(B, "t", {}, {1});
  constant(B, "f", {}, {0});
  B.node("Xor", {"t", "f"}, {"x"});
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(*value(B, "m").IntData, (std::vector<int64_t>{1, -1, 0}));
  EXPECT_EQ(*value(B, "x").IntData, (std::vector<int64_t>{1}));
}

TEST(ShapeFold, CastOfHugeFloatStaysUnknown) {
  // 1e30 has no int64 value: the contents are left unknown, not UB.
  Builder B;
  int Id = B.val("f", {1}, DType::F32, true);
  B.g().value(Id).FloatData = std::vector<double>{1e30};
  Builder::setInt(B.node("Cast", {"f"}, {"i"}), "to", int64_t(DType::I64));
  ASSERT_EQ(infer(B), "");
  EXPECT_FALSE(value(B, "i").IntData.has_value());
  EXPECT_EQ(*value(B, "i").Shape, Dims{1});
}

// ---- sequences ----------------------------------------------------------------

TEST(ShapeSequence, SplitToSequenceScalarAndKeepdims) {
  // [10, 3] in parts of 4 on axis 0: [4,3], [4,3], [2,3]. Without split,
  // keepdims = 0: ten tensors of [3].
  Builder B;
  B.val("x", {10, 3});
  constant(B, "four", {}, {4});
  B.node("SplitToSequence", {"x", "four"}, {"s"});
  Builder::setInt(B.node("SplitToSequence", {"x"}, {"t"}), "keepdims", 0);
  constant(B, "last", {}, {-1});
  B.node("SequenceAt", {"s", "last"}, {"y"});
  B.node("SequenceLength", {"t"}, {"n"});
  B.node("ConcatFromSequence", {"s"}, {"c"});
  Node &Stack = B.node("ConcatFromSequence", {"t"}, {"k"});
  Builder::setInt(Stack, "new_axis", 1);
  Builder::setInt(Stack, "axis", 1);
  ASSERT_EQ(infer(B), "");
  ASSERT_EQ(value(B, "s").Sequence->size(), 3u);
  EXPECT_EQ(*value(B, "y").Shape, (Dims{2, 3}));
  EXPECT_EQ(*value(B, "n").IntData, (std::vector<int64_t>{10}));
  EXPECT_EQ(*value(B, "c").Shape, (Dims{10, 3}));
  // ten [3] stacked on a new axis 1: [3, 10]
  EXPECT_EQ(*value(B, "k").Shape, (Dims{3, 10}));
}

TEST(ShapeSequence, LongSequencesStayUnknown) {
  // Splitting a dim of 2,000 into tensors of 1 passes the 1,024 a sequence
  // may hold: unknown, not an error, and nothing downstream is guessed.
  Builder B;
  B.val("x", {2000, 3});
  B.node("SplitToSequence", {"x"}, {"s"});
  B.node("SequenceLength", {"s"}, {"n"});
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(value(B, "s").Sequence, nullptr);
  EXPECT_FALSE(value(B, "n").IntData.has_value());
}

TEST(ShapeSequence, InsertEraseAndValues) {
  // [] + [7] + [9] at 0 -> ([9], [7]); erase the last -> ([9]); concat: [9].
  Builder B;
  constant(B, "a", {1}, {7});
  constant(B, "b", {1}, {9});
  constant(B, "zero", {}, {0});
  Builder::setInt(B.node("SequenceEmpty", {}, {"e"}), "dtype", int64_t(DType::I64));
  B.node("SequenceInsert", {"e", "a"}, {"s1"});
  B.node("SequenceInsert", {"s1", "b", "zero"}, {"s2"});
  B.node("ConcatFromSequence", {"s2"}, {"both"});
  B.node("SequenceErase", {"s2"}, {"s3"});
  B.node("ConcatFromSequence", {"s3"}, {"first"});
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(*value(B, "both").IntData, (std::vector<int64_t>{9, 7}));
  EXPECT_EQ(*value(B, "first").IntData, (std::vector<int64_t>{9}));
}

TEST(ShapeSequence, SequenceAtCostsTheTensorItReturns) {
  // Reads the [4, 8] f32 tensor (128 B) and the int64 position (8 B).
  Builder B;
  B.val("a", {4, 8});
  B.val("b", {2, 8});
  constant(B, "p", {}, {0});
  B.node("SequenceConstruct", {"a", "b"}, {"s"});
  B.node("SequenceAt", {"s", "p"}, {"y"});
  ASSERT_EQ(infer(B), "");
  OpWork W = B.cost();
  EXPECT_EQ(W.BytesReadActivations.value(), 128u + 8u);
  EXPECT_EQ(W.BytesWritten.value(), 128u);
  // The sequence's bytes are its tensors': 128 + 64.
  EXPECT_EQ(ops::valueBytes(value(B, "s")).value(), 192u);
}

// ---- Einsum -------------------------------------------------------------------

TEST(Einsum, SpacesEllipsisAndImplicitOutput) {
  Dims Q = {2, 3, 5, 8}, K = {2, 3, 7, 8}, A = {2, 1, 4, 6}, Bm = {3, 6, 5};
  ops::EinsumBinding B1, B2, B3;
  std::string Err;
  ASSERT_TRUE(ops::bindEinsum("b h i d , b h j d -> b h i j", {&Q, &K}, B1, Err)) << Err;
  EXPECT_EQ(B1.Output, (Dims{2, 3, 5, 7}));
  // "...ij,...jk": ellipsis dims [2, 1] and [3] broadcast to [2, 3].
  ASSERT_TRUE(ops::bindEinsum("...ij,...jk->...ik", {&A, &Bm}, B2, Err)) << Err;
  EXPECT_EQ(B2.Output, (Dims{2, 3, 4, 5}));
  // Implicit: the ellipsis dims, then i and k (used once), sorted.
  ASSERT_TRUE(ops::bindEinsum("... j k, ...ij", {&Bm, &A}, B3, Err)) << Err;
  EXPECT_EQ(B3.Output, (Dims{2, 3, 4, 5}));
}

TEST(Einsum, CostIsTheProductOfAllIndices) {
  Builder B;
  B.val("a", {2, 1, 4, 6});
  B.val("b", {3, 6, 5});
  B.val("y", {2, 3, 4, 5});
  Builder::setString(B.node("Einsum", {"a", "b"}, {"y"}), "equation", " ...ij , ...jk ");
  // indices: two broadcast dims (2, 3), i 4, j 6, k 5: 2*3*4*6*5
  EXPECT_EQ(B.cost().Macs.value(), 720u);
}

TEST(Einsum, MalformedEquationsSaySo) {
  Dims A = {2, 3}, Bm = {3, 4};
  ops::EinsumBinding B;
  std::string Err;
  EXPECT_FALSE(ops::bindEinsum("i.j,jk", {&A, &Bm}, B, Err));
  EXPECT_EQ(Err, "'.' is not an index letter");
  Err.clear();
  EXPECT_FALSE(ops::bindEinsum("ij,jk->ikk", {&A, &Bm}, B, Err));
  EXPECT_EQ(Err, "output index 'k' is repeated");
  Err.clear();
  // An unknown operand shape is not an error: nothing to bind yet.
  EXPECT_FALSE(ops::bindEinsum("ij,jk", {&A, nullptr}, B, Err));
  EXPECT_EQ(Err, "");
}

// ---- GridSample -----------------------------------------------------------------

TEST(GridSample, ShapeAndBilinearCost) {
  // X [2, 3, 10, 12], grid [2, 6, 8, 2] -> [2, 3, 6, 8]. O = 288 elements,
  // 7 FLOPs each (bilinear, d = 2: 2^3 - 1); P = 96 grid points, 2 FLOPs per
  // coordinate: 4 each. 288*7 + 96*4 = 2,400.
  Builder B;
  B.val("x", {2, 3, 10, 12});
  B.val("g", {2, 6, 8, 2});
  B.node("GridSample", {"x", "g"}, {"y"});
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(*value(B, "y").Shape, (Dims{2, 3, 6, 8}));
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 2400u);
}

TEST(GridSample, FiveDimensionalCubic) {
  // X [1, 2, 4, 6, 8], grid [1, 3, 5, 7, 3] -> [1, 2, 3, 5, 7]: O = 210,
  // cubic d = 3: 2*4^3 - 1 = 127 each; P = 105 points * 6 = 630.
  // 210*127 + 630 = 27,300.
  Builder B;
  B.val("x", {1, 2, 4, 6, 8});
  B.val("g", {1, 3, 5, 7, 3});
  Builder::setString(B.node("GridSample", {"x", "g"}, {"y"}), "mode", "cubic");
  ASSERT_EQ(infer(B), "");
  EXPECT_EQ(*value(B, "y").Shape, (Dims{1, 2, 3, 5, 7}));
  EXPECT_EQ(B.cost().ElementwiseFlops.value(), 27300u);
}

// ---- checked arithmetic and spec violations --------------------------------------

TEST(ShapeChecks, OverflowsAreErrorsNamingNodeAndOp) {
  Builder B;
  constant(B, "s", {}, {INT64_MIN});
  constant(B, "l", {}, {INT64_MAX});
  constant(B, "d", {}, {1});
  B.node("Range", {"s", "l", "d"}, {"y"});
  std::string Err = infer(B);
  EXPECT_NE(Err.find("(Range): Range from -9223372036854775808 to 9223372036854775807 overflows"),
            std::string::npos)
      << Err;
}

TEST(ShapeChecks, BroadcastOfUnequalDims) {
  Builder B;
  B.val("a", {2, 3});
  B.val("b", {4});
  B.node("Mul", {"a", "b"}, {"y"});
  EXPECT_NE(infer(B).find("(Mul): cannot broadcast dims 3 and 4 at axis 1"), std::string::npos);
}

TEST(ShapeChecks, DataDependentShapeIsUnresolvedNotAnError) {
  Builder B;
  B.val("x", {2, 6});
  B.val("s", {2}, DType::I64); // a graph input: contents unknown
  B.node("Reshape", {"x", "s"}, {"y"});
  ASSERT_EQ(infer(B), "");
  EXPECT_FALSE(value(B, "y").shapeKnown());
}

// ---- parameters ----------------------------------------------------------------------

TEST(Params, CountedAtUnknownAndUnresolvedConsumers) {
  // w1 (6) feeds an unknown op, w2 (12) a MatMul with an unresolved input,
  // w3 (3) an Add; w1 again and an int64 tensor add nothing: 21.
  Builder B;
  B.val("x", {2, 3});
  B.val("w1", {2, 3}, DType::F32, true);
  B.val("w2", {3, 4}, DType::F32, true);
  B.val("w3", {3}, DType::F32, true);
  constant(B, "shp", {2}, {3, 2});
  B.node("MyOp", {"x", "w1"}, {"u"});
  B.node("MatMul", {"u", "w2"}, {"z"});
  B.val("y", {2, 3});
  B.node("Add", {"x", "w3"}, {"y"});
  B.val("p", {2, 3});
  B.node("Mul", {"w1", "w1"}, {"p"});
  B.val("r", {3, 2});
  B.node("Reshape", {"p", "shp"}, {"r"});
  auto P = profileModel(B.M);
  ASSERT_TRUE(bool(P)) << toString(P.takeError());
  EXPECT_EQ(P->Totals.Params, 21u);
  EXPECT_EQ(P->WeightTensors, 3u);
  EXPECT_EQ(P->Nodes[0].W.Params, 6u);
  EXPECT_EQ(P->Nodes[1].W.Params, 12u);
}

} // namespace

TEST(ShapeFold, FoldedFloatsRoundAsTheirTypeHoldsThem) {
  using shapes::roundToType;
  EXPECT_EQ(roundToType(10 * double(0.7f), DType::F32), 7.0);
  EXPECT_EQ(roundToType(0.1, DType::F64), 0.1);
  // float16: 11 significant bits, ties to even, 65504 its largest.
  EXPECT_EQ(roundToType(2049, DType::F16), 2048.0);
  EXPECT_EQ(roundToType(2051, DType::F16), 2052.0);
  EXPECT_EQ(roundToType(65504, DType::F16), 65504.0);
  EXPECT_TRUE(std::isinf(roundToType(65520, DType::F16)));
  EXPECT_TRUE(std::isinf(roundToType(1e300, DType::F32)));
  EXPECT_EQ(roundToType(-1e300, DType::F32), -INFINITY);
  // Its subnormals step by 2^-24: 2^-25 is a tie (to 0), 3 x 2^-25 rounds
  // to 2^-23.
  EXPECT_EQ(roundToType(std::ldexp(1.0, -25), DType::F16), 0.0);
  EXPECT_EQ(roundToType(3 * std::ldexp(1.0, -25), DType::F16), std::ldexp(1.0, -23));
  // bfloat16: 8 significant bits.
  EXPECT_EQ(roundToType(1 + std::ldexp(1.0, -8), DType::BF16), 1.0);
  EXPECT_EQ(roundToType(-257, DType::BF16), -256.0);
}
