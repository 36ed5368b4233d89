//===- test/fuzz/ModelMutator.cpp - structure-aware mutations of a model --===//
//
// libFuzzer's byte mutations rarely produce a well-formed model with an
// extreme number in the right place. This custom mutator parses the input
// as an ONNX ModelProto and sets one number where it matters (a dim, an
// integer attribute, a value of a small int64 initializer, an opset, an
// element type, an input reference) to a boundary value, then serializes
// it again; inputs that do not parse get libFuzzer's own mutations.
//
//===----------------------------------------------------------------------===//
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

extern "C" size_t LLVMFuzzerMutate(uint8_t *Data, size_t Size, size_t MaxSize);

namespace {

constexpr int64_t Boundary[] = {0,
                                1,
                                -1,
                                2,
                                3,
                                7,
                                64,
                                int64_t(1) << 31,
                                -(int64_t(1) << 31),
                                int64_t(1) << 32,
                                int64_t(1) << 62,
                                std::numeric_limits<int64_t>::max(),
                                std::numeric_limits<int64_t>::min(),
                                std::numeric_limits<int64_t>::max() - 1};

class Mutator {
public:
  explicit Mutator(unsigned Seed) : Rng(Seed) {}
  bool mutate(onnx::ModelProto &M);

private:
  int64_t boundary() { return Boundary[pick(std::size(Boundary))]; }
  size_t pick(size_t N) { return N ? std::uniform_int_distribution<size_t>(0, N - 1)(Rng) : 0; }
  onnx::GraphProto *anyGraph(onnx::GraphProto &G, int Depth = 0);
  bool dim(onnx::GraphProto &G);
  bool attribute(onnx::GraphProto &G);
  bool initializer(onnx::GraphProto &G);
  bool wiring(onnx::GraphProto &G);
  std::mt19937_64 Rng;
};

onnx::GraphProto *Mutator::anyGraph(onnx::GraphProto &G, int Depth) {
  // Mostly the main graph; sometimes a subgraph (If/Loop/Scan bodies).
  if (Depth > 4 || pick(3) != 0)
    return &G;
  for (auto &N : *G.mutable_node())
    for (auto &A : *N.mutable_attribute())
      if (A.has_g() && pick(2) == 0)
        return anyGraph(*A.mutable_g(), Depth + 1);
  return &G;
}

bool Mutator::dim(onnx::GraphProto &G) {
  google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> *Lists[] = {
      G.mutable_input(), G.mutable_output(), G.mutable_value_info()};
  auto &List = *Lists[pick(3)];
  if (List.empty())
    return false;
  auto &T = *List.Mutable(int(pick(size_t(List.size()))))->mutable_type()->mutable_tensor_type();
  if (pick(6) == 0) {
    T.set_elem_type(int32_t(pick(32)) - 1);
    return true;
  }
  auto &Shape = *T.mutable_shape();
  if (Shape.dim_size() == 0 || pick(8) == 0) {
    Shape.add_dim()->set_dim_value(boundary());
    return true;
  }
  auto &D = *Shape.mutable_dim(int(pick(size_t(Shape.dim_size()))));
  if (pick(4) == 0)
    D.set_dim_param(pick(2) ? "N" : "S");
  else
    D.set_dim_value(boundary());
  return true;
}

bool Mutator::attribute(onnx::GraphProto &G) {
  if (G.node_size() == 0)
    return false;
  auto &N = *G.mutable_node(int(pick(size_t(G.node_size()))));
  if (N.attribute_size() == 0 || pick(5) == 0) {
    // An attribute the op may read: axis, group, strides, pads...
    static const char *const Names[] = {"axis",  "group", "strides", "pads",     "dilations",
                                        "perm",  "to",    "split",   "blocksize", "num_outputs",
                                        "axes",  "kernel_shape", "hidden_size", "keepdims"};
    auto &A = *N.add_attribute();
    A.set_name(Names[pick(std::size(Names))]);
    if (pick(2)) {
      A.set_type(onnx::AttributeProto::INT);
      A.set_i(boundary());
    } else {
      A.set_type(onnx::AttributeProto::INTS);
      for (size_t I = 0, E = 1 + pick(4); I < E; ++I)
        A.add_ints(boundary());
    }
    return true;
  }
  auto &A = *N.mutable_attribute(int(pick(size_t(N.attribute_size()))));
  if (A.type() == onnx::AttributeProto::INT) {
    A.set_i(boundary());
    return true;
  }
  if (A.type() == onnx::AttributeProto::INTS && A.ints_size()) {
    A.set_ints(int(pick(size_t(A.ints_size()))), boundary());
    return true;
  }
  if (A.type() == onnx::AttributeProto::TENSOR) {
    auto &T = *A.mutable_t();
    if (T.int64_data_size()) {
      T.set_int64_data(int(pick(size_t(T.int64_data_size()))), boundary());
      return true;
    }
    if (T.dims_size()) {
      T.set_dims(int(pick(size_t(T.dims_size()))), boundary());
      return true;
    }
  }
  return false;
}

bool Mutator::initializer(onnx::GraphProto &G) {
  if (G.initializer_size() == 0)
    return false;
  auto &T = *G.mutable_initializer(int(pick(size_t(G.initializer_size()))));
  switch (pick(4)) {
  case 0:
    if (T.dims_size()) {
      T.set_dims(int(pick(size_t(T.dims_size()))), boundary());
      return true;
    }
    return false;
  case 1:
    T.set_data_type(int32_t(pick(32)) - 1);
    return true;
  default:
    break;
  }
  if (T.data_type() == onnx::TensorProto::INT64) {
    if (T.int64_data_size()) {
      T.set_int64_data(int(pick(size_t(T.int64_data_size()))), boundary());
      return true;
    }
    std::string &Raw = *T.mutable_raw_data();
    if (Raw.size() >= 8) {
      int64_t V = boundary();
      std::memcpy(&Raw[8 * pick(Raw.size() / 8)], &V, 8);
      return true;
    }
  }
  return false;
}

bool Mutator::wiring(onnx::GraphProto &G) {
  if (G.node_size() < 2)
    return false;
  auto &N = *G.mutable_node(int(pick(size_t(G.node_size()))));
  const auto &Other = G.node(int(pick(size_t(G.node_size()))));
  if (N.input_size() == 0 || Other.output_size() == 0)
    return false;
  // Rewire an input to another node's output (cycles, rank mismatches), or
  // omit it (an empty name is an absent optional input).
  N.set_input(int(pick(size_t(N.input_size()))),
              pick(4) ? Other.output(int(pick(size_t(Other.output_size())))) : "");
  return true;
}

bool Mutator::mutate(onnx::ModelProto &M) {
  if (!M.has_graph())
    return false;
  onnx::GraphProto &G = *anyGraph(*M.mutable_graph());
  switch (pick(6)) {
  case 0:
  case 1:
    return dim(G);
  case 2:
    return attribute(G);
  case 3:
    return initializer(G);
  case 4:
    return wiring(G);
  default:
    if (M.opset_import_size() == 0)
      return false;
    static const int64_t Opsets[] = {-1, 0, 1, 7, 11, 13, 17, 18, 21, 23, 24, 1000};
    M.mutable_opset_import(0)->set_version(Opsets[pick(std::size(Opsets))]);
    return true;
  }
}

} // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *Data, size_t Size, size_t MaxSize,
                                          unsigned int Seed) {
  onnx::ModelProto M;
  // Half the time, or when the input is not a model, the byte mutations.
  if ((Seed & 1) || !M.ParseFromArray(Data, int(Size)))
    return LLVMFuzzerMutate(Data, Size, MaxSize);
  Mutator Mut(Seed);
  for (int Tries = 0; Tries < 4; ++Tries)
    if (Mut.mutate(M))
      break;
  std::string Out;
  if (!M.SerializeToString(&Out) || Out.size() > MaxSize)
    return LLVMFuzzerMutate(Data, Size, MaxSize);
  std::memcpy(Data, Out.data(), Out.size());
  return Out.size();
}
