//===- test/unit/WireStripTest.cpp - payloads dropped, the rest unchanged -===//
#include "onnx/WireStrip.h"

#include "onnx/onnx_pb.h"

#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

namespace {

using namespace wattlint;

constexpr unsigned Depth = 64;

std::optional<StrippedModel> strip(const std::string &Bytes, bool CopyWhole, int Block) {
  google::protobuf::io::ArrayInputStream In(Bytes.data(), int(Bytes.size()), Block);
  return stripTensorPayloads(In, Depth, CopyWhole);
}

onnx::TensorProto floats(const std::string &Name, int64_t N) {
  onnx::TensorProto T;
  T.set_name(Name);
  T.set_data_type(onnx::TensorProto::FLOAT);
  T.add_dims(N);
  T.set_raw_data(std::string(size_t(N) * 4, '\x3f'));
  return T;
}

/// A model with what the stripper walks: nodes with and without
/// attributes, a Constant with a small and one with a large tensor, an If
/// whose branch holds a large Constant, small and large initializers, a
/// sparse initializer and a local function.
std::string sampleModel() {
  onnx::ModelProto M;
  M.set_ir_version(8);
  M.add_opset_import()->set_version(17);
  onnx::GraphProto &G = *M.mutable_graph();
  G.set_name("g");
  *G.add_initializer() = floats("small", 4);
  *G.add_initializer() = floats("large", 40000); // 160 KB: dropped
  for (int I = 0; I < 50; ++I) {
    onnx::NodeProto &N = *G.add_node();
    N.set_op_type(I % 2 ? "Relu" : "Add");
    N.add_input("x" + std::to_string(I));
    N.add_output("x" + std::to_string(I + 1));
    if (I % 7 == 0) {
      onnx::AttributeProto &A = *N.add_attribute();
      A.set_name("axis");
      A.set_type(onnx::AttributeProto::INT);
      A.set_i(-(int64_t(1) << I));
    }
  }
  for (int64_t N : {int64_t(3), int64_t(30000)}) {
    onnx::NodeProto &C = *G.add_node();
    C.set_op_type("Constant");
    C.add_output("c" + std::to_string(N));
    onnx::AttributeProto &A = *C.add_attribute();
    A.set_name("value");
    A.set_type(onnx::AttributeProto::TENSOR);
    *A.mutable_t() = floats("", N);
  }
  onnx::NodeProto &If = *G.add_node();
  If.set_op_type("If");
  onnx::AttributeProto &Then = *If.add_attribute();
  Then.set_name("then_branch");
  Then.set_type(onnx::AttributeProto::GRAPH);
  onnx::NodeProto &Inner = *Then.mutable_g()->add_node();
  Inner.set_op_type("Constant");
  onnx::AttributeProto &V = *Inner.add_attribute();
  V.set_name("value");
  V.set_type(onnx::AttributeProto::TENSOR);
  *V.mutable_t() = floats("", 20000);
  onnx::SparseTensorProto &S = *G.add_sparse_initializer();
  *S.mutable_values() = floats("sv", 3);
  onnx::FunctionProto &F = *M.add_functions();
  F.set_name("f");
  F.set_domain("local");
  F.add_node()->set_op_type("Relu");
  return M.SerializeAsString();
}

TEST(WireStrip, CopyingWholeMessagesWritesWhatFieldByFieldWrites) {
  std::string Bytes = sampleModel();
  for (int Block : {7, 64, 4096, 1 << 20}) {
    std::optional<StrippedModel> Whole = strip(Bytes, true, Block),
                                 Fields = strip(Bytes, false, Block);
    ASSERT_TRUE(Whole && Fields) << Block;
    EXPECT_EQ(Whole->Bytes, Fields->Bytes) << Block;
    // The three large tensors are dropped, the rest kept.
    EXPECT_EQ(Whole->DroppedBytes, uint64_t(4) * (40000 + 30000 + 20000)) << Block;
    onnx::ModelProto Back;
    ASSERT_TRUE(Back.ParseFromString(Whole->Bytes));
    EXPECT_EQ(Back.graph().node_size(), 53);
    EXPECT_EQ(Back.graph().initializer(0).raw_data().size(), 16u);
    EXPECT_EQ(Back.graph().initializer(1).raw_data().size(), 0u);
  }
}

TEST(WireStrip, DamagedBytesGetTheSameAnswerBothWays) {
  // Flipped bytes, overlong (non-canonical) varints, cuts: the whole-message
  // path must accept, refuse or rewrite exactly as the field-by-field one.
  std::string Bytes = sampleModel();
  uint64_t State = 42;
  auto Next = [&] {
    State = State * 6364136223846793005ull + 1442695040888963407ull;
    return State >> 33;
  };
  unsigned Accepted = 0;
  for (int Round = 0; Round < 3000; ++Round) {
    std::string B = Bytes;
    // Damage the structure, not the payloads (their bytes are all 0x3f).
    size_t At = Next() % B.size();
    while (B[At] == '\x3f')
      At = Next() % B.size();
    switch (Round % 4) {
    case 0:
      B[At] = char(Next());
      break;
    case 1: // a varint byte made overlong: 0x05 -> 0x85 0x00
      if (!(uint8_t(B[At]) & 0x80)) {
        B[At] = char(uint8_t(B[At]) | 0x80);
        B.insert(B.begin() + long(At) + 1, '\0');
      }
      break;
    case 2:
      B.resize(At);
      break;
    case 3:
      B.insert(B.begin() + long(At), char(Next()));
      break;
    }
    for (int Block : {64, 1 << 20}) {
      std::optional<StrippedModel> Whole = strip(B, true, Block), Fields = strip(B, false, Block);
      ASSERT_EQ(bool(Whole), bool(Fields)) << "round " << Round << " block " << Block;
      if (Whole) {
        ++Accepted;
        ASSERT_EQ(Whole->Bytes, Fields->Bytes) << "round " << Round << " block " << Block;
        ASSERT_EQ(Whole->DroppedBytes, Fields->DroppedBytes) << "round " << Round;
      }
    }
  }
  // Both outcomes were exercised.
  EXPECT_GT(Accepted, 100u);
  EXPECT_LT(Accepted, 6000u);
}

TEST(WireStrip, OverlongVarintsAreRewrittenShortestBothWays) {
  // A node whose op_type length is written in two bytes (0x83 0x00, a valid
  // but overlong 3): the field-by-field copy writes it in one, and so must
  // the whole-message path, which cannot copy that node as it is.
  std::string Node = std::string("\x22\x83\x00", 3) + "Add";
  std::string Graph = "\x0a" + std::string(1, char(Node.size())) + Node;
  std::string Model = "\x3a" + std::string(1, char(Graph.size())) + Graph;
  for (int Block : {4, 64}) {
    std::optional<StrippedModel> Whole = strip(Model, true, Block),
                                 Fields = strip(Model, false, Block);
    ASSERT_TRUE(Whole && Fields);
    EXPECT_EQ(Whole->Bytes, Fields->Bytes);
    EXPECT_EQ(Whole->Bytes.size(), Model.size() - 1);
  }
}

} // namespace
