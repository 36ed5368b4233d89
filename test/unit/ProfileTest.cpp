//===- test/unit/ProfileTest.cpp - the whole-model driver -----------------===//
#include "Builder.h"
#include "onnx/OnnxReader.h"

using namespace wattlint;
using namespace wattlint::test;

namespace {

TEST(Profile, SharedWeightCountedOnceAndBytesSplit) {
  Builder B;
  B.val("x", {4, 8});
  B.val("w", {8, 8}, DType::F32, true);
  B.val("h", {4, 8});
  B.val("y", {4, 8});
  B.node("MatMul", {"x", "w"}, {"h"});
  B.node("MatMul", {"h", "w"}, {"y"});
  B.g().Outputs = {B.g().find("y")};
  auto P = profileModel(B.M);
  ASSERT_TRUE(bool(P)) << toString(P.takeError());
  EXPECT_EQ(P->Totals.Macs, 2u * 4 * 8 * 8);
  EXPECT_EQ(P->Totals.Flops, 2u * 2 * 4 * 8 * 8);
  EXPECT_EQ(P->Totals.Params, 64u);              // w once, not twice
  EXPECT_EQ(P->Totals.BytesReadWeights, 2u * 256); // but read by both
  EXPECT_EQ(P->Totals.BytesReadActivations, 2u * 128);
  EXPECT_EQ(P->Totals.BytesWritten, 2u * 128);
  EXPECT_EQ(P->CostedNodes, 2u);
}

TEST(Profile, UnknownOpsAndShapesAreListedNotZero) {
  Builder B;
  B.val("x", {4, 8});
  B.val("y", {4, 8});
  B.node("MyCustomOp", {"x"}, {"y"});
  int Z = B.g().getOrAddValue("z"); // shape never resolved
  (void)Z;
  B.node("Relu", {"y"}, {"z"});
  auto P = profileModel(B.M);
  ASSERT_TRUE(bool(P));
  ASSERT_EQ(P->UnknownOps.size(), 1u);
  EXPECT_EQ(P->UnknownOps[0].first, "MyCustomOp");
  ASSERT_EQ(P->UnresolvedShapes.size(), 1u);
  EXPECT_EQ(P->CostedNodes, 0u);
}

TEST(Profile, AbsurdDimsAreAnErrorNotAWrappedNumber) {
  Builder B;
  int64_t Huge = int64_t(1) << 40;
  B.val("a", {Huge, Huge});
  B.val("b", {Huge, Huge});
  B.val("y", {Huge, Huge});
  B.node("MatMul", {"a", "b"}, {"y"});
  auto P = profileModel(B.M);
  ASSERT_FALSE(bool(P));
  EXPECT_NE(toString(P.takeError()).find("overflow"), std::string::npos);
}

TEST(Profile, LoopBodyRunsTripCountTimes) {
  Builder B;
  B.val("m", {}, DType::I64, true);
  B.g().value(B.g().find("m")).IntData = std::vector<int64_t>{7};
  B.val("cond", {}, DType::Bool, true);
  B.val("x", {4, 8});
  B.val("out", {4, 8});
  Node &L = B.node("Loop", {"m", "cond", "x"}, {"out"});
  auto Body = std::make_unique<Graph>();
  Body->Parent = &B.g();
  for (auto [Name, Shape, T] : {std::tuple{"i", Dims{}, DType::I64},
                                std::tuple{"c", Dims{}, DType::Bool},
                                std::tuple{"xi", Dims{4, 8}, DType::F32}}) {
    int Id = Body->getOrAddValue(Name);
    Body->value(Id).Shape = Shape;
    Body->value(Id).Type = T;
    Body->value(Id).IsGraphInput = true;
    Body->Inputs.push_back(Id);
  }
  Node R;
  R.OpType = "Relu";
  R.OpsetVersion = 23;
  R.Inputs = {Body->find("xi")};
  int Y = Body->getOrAddValue("yo");
  Body->value(Y).Shape = Dims{4, 8};
  Body->value(Y).Type = DType::F32;
  R.Outputs = {Y};
  Body->Nodes.push_back(std::move(R));
  L.Subgraphs.emplace_back("body", std::move(Body));
  auto P = profileModel(B.M);
  ASSERT_TRUE(bool(P)) << toString(P.takeError());
  EXPECT_EQ(P->Totals.ElementwiseFlops, 7u * 32); // 32 Relus, 7 times
}

// The in-memory reader (the fuzzer's) names a Git LFS pointer as the path one
// does; CRLF line ends as a Windows checkout leaves them.
TEST(Profile, LfsPointerIsNamedNotParsed) {
  llvm::Expected<Model> M = readOnnxModelFromMemory(
      "version https://git-lfs.github.com/spec/v1\r\noid sha256:"
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\nsize 1234\r\n",
      "m.onnx", ReadOptions());
  ASSERT_FALSE(bool(M));
  EXPECT_EQ(toString(M.takeError()), "m.onnx: a Git LFS pointer (oid sha256:0123456789ab..., "
                                     "1234 bytes), not the model: run `git lfs pull`");
}

// A node's "file:line:col" as a related place: the file may hold ':'
// (a Windows drive); a line or column that is not a positive number is no
// place.
TEST(SourceNote, ParsesNodeLocations) {
  std::optional<SourceNote> N = sourceNote("C:/src/rnn.cpp:16:13", "read here");
  ASSERT_TRUE(N.has_value());
  EXPECT_EQ(N->File, "C:/src/rnn.cpp");
  EXPECT_EQ(N->Line, 16u);
  EXPECT_EQ(N->Column, 13u);
  EXPECT_EQ(N->Message, "read here");
  EXPECT_EQ(N->place(), "C:/src/rnn.cpp:16:13");
  EXPECT_EQ((SourceNote{"main.cpp", 13, 0, ""}.place()), "main.cpp:13");
  for (const char *Bad : {"", "rnn.cpp", "rnn.cpp:16", ":16:13", "rnn.cpp:0:1", "rnn.cpp:1:0",
                          "rnn.cpp:x:1", "rnn.cpp:-1:2"})
    EXPECT_FALSE(sourceNote(Bad, "").has_value()) << Bad;
}

} // namespace
