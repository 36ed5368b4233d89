//===- test/unit/GraphTest.cpp - the IR's compact containers --------------===//
#include "analyzer/Graph.h"

#include "gtest/gtest.h"

#include <vector>

using namespace wattlint;

namespace {

std::vector<int> ids(const ValueIds &V) { return std::vector<int>(V.begin(), V.end()); }

TEST(Graph, ValueIdsGrowPastInlineAndMoveWithoutCopying) {
  ValueIds V{7, -1};
  EXPECT_EQ(ids(V), (std::vector<int>{7, -1}));
  for (int I = 0; I < 5; ++I)
    V.push_back(I);
  EXPECT_EQ(ids(V), (std::vector<int>{7, -1, 0, 1, 2, 3, 4}));
  const int *Heap = V.data();
  ValueIds Moved = std::move(V);
  EXPECT_EQ(Moved.data(), Heap);
  EXPECT_TRUE(V.empty());
  ValueIds Copy = Moved;
  EXPECT_NE(Copy.data(), Moved.data());
  EXPECT_EQ(Copy, Moved);
  Copy = ValueIds{3};
  EXPECT_EQ(ids(Copy), (std::vector<int>{3}));
  Moved = std::move(Copy);
  EXPECT_EQ(ids(Moved), (std::vector<int>{3}));
}

TEST(Graph, InternedStringsCompareByTextAndShareOneCopy) {
  std::string Text = "Conv";
  InternedString A(Text), B("Conv"), Empty;
  EXPECT_EQ(A, B);
  EXPECT_EQ(&A.str(), &B.str());
  EXPECT_EQ(A, "Conv");
  EXPECT_NE(A, "Relu");
  EXPECT_EQ(A + "/x", "Conv/x");
  EXPECT_TRUE(Empty.empty());
  EXPECT_EQ(Empty, InternedString(""));
  EXPECT_EQ(Empty.str(), "");
}

TEST(Graph, ShapesShareOneCopyAndChangeOnlyByAssignment) {
  ShapeRef A = Dims{1, 64}, B(std::optional<Dims>(Dims{1, 64})), Unknown;
  EXPECT_EQ(A, B);
  EXPECT_EQ(&*A, &*B);
  EXPECT_FALSE(Unknown);
  EXPECT_EQ(Unknown, ShapeRef(std::nullopt));
  ShapeRef Scalar = Dims{};
  ASSERT_TRUE(Scalar);
  EXPECT_TRUE(Scalar->empty());
  EXPECT_NE(Scalar, Unknown);
  // setDim makes a new shape: the one the other value shares is unchanged.
  B.setDim(0, -1);
  EXPECT_EQ(*B, (Dims{-1, 64}));
  EXPECT_EQ(*A, (Dims{1, 64}));
  EXPECT_NE(A, B);
  B.setDim(0, 1);
  EXPECT_EQ(A, B);
  // More distinct shapes than the recent ones checked first.
  std::vector<ShapeRef> Many;
  for (int64_t I = 0; I < 20; ++I)
    Many.push_back(Dims{I, I + 1});
  for (int64_t I = 0; I < 20; ++I) {
    EXPECT_EQ(Many[size_t(I)], ShapeRef(Dims{I, I + 1}));
    EXPECT_EQ(*Many[size_t(I)], (Dims{I, I + 1}));
  }
  std::optional<Dims> Back = A;
  EXPECT_EQ(Back, (Dims{1, 64}));
}

TEST(Graph, DroppedValueIndexIsBuiltAgainWhenNeeded) {
  Graph G;
  int X = G.getOrAddValue("x"), Y = G.getOrAddValue("y");
  G.dropValueIndex();
  EXPECT_TRUE(G.ValueByName.empty());
  EXPECT_EQ(G.find("y"), Y);
  EXPECT_EQ(G.find("z"), -1);
  G.dropValueIndex();
  EXPECT_EQ(G.getOrAddValue("x"), X);
  EXPECT_EQ(G.getOrAddValue("z"), 2);
  EXPECT_EQ(G.Values.size(), 3u);
}

} // namespace
