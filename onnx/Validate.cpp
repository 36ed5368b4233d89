//===- onnx/Validate.cpp - what a model must satisfy before it is read ----===//
#include "onnx/Validate.h"
#include "onnx/WireStrip.h"

#include "analyzer/Count.h"
#include "analyzer/Text.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"

#include <map>
#include <onnx/onnx_pb.h>

#include <set>

using namespace llvm;

namespace wattlint {

namespace {

/// The newest opset of each standard domain this reader knows (ONNX 1.18);
/// other domains (custom ops) may carry any positive version.
constexpr std::pair<const char *, int64_t> KnownOpsets[] = {
    {"", 23}, {"ai.onnx", 23}, {"ai.onnx.ml", 5}, {"ai.onnx.preview.training", 1}};
/// TensorProto.DataType values this reader knows (FLOAT4E2M1 = 23 is the last).
constexpr int MaxDataType = 23;

Error invalid(const Twine &What) {
  return createStringError(inconvertibleErrorCode(), "%s", What.str().c_str());
}

std::string quoted(const std::string &Name) { return "'" + printable(Name, 128) + "'"; }

/// Bits per element of a DataType (4-bit types pack two to a byte); 0 for
/// strings.
unsigned bitsOf(int T) {
  switch (T) {
  case 8:
    return 0; // string
  case 2:
  case 3:
  case 9:
  case 17:
  case 18:
  case 19:
  case 20:
    return 8;
  case 4:
  case 5:
  case 10:
  case 16:
    return 16;
  case 1:
  case 6:
  case 12:
    return 32;
  case 7:
  case 11:
  case 13:
  case 14:
    return 64;
  case 15:
    return 128;
  case 21:
  case 22:
  case 23:
    return 4;
  }
  return 0;
}

/// The length of a payload field: kept in the message, or the one the wire
/// stripper left behind when it dropped the payload (-1: absent).
int64_t droppedLength(const onnx::TensorProto &T, int Field) {
  const auto &Unknown = T.unknown_fields();
  for (int I = 0; I < Unknown.field_count(); ++I)
    if (Unknown.field(I).number() == int(DroppedLengthField) + Field &&
        Unknown.field(I).type() == google::protobuf::UnknownField::TYPE_VARINT)
      return int64_t(Unknown.field(I).varint());
  return -1;
}

/// Elements a typed payload field holds per tensor element (0: not this
/// type's field). int32_data carries every type of 16 bits or less, one per
/// element (4-bit types two per element).
Error checkTypedCount(const onnx::TensorProto &T, uint64_t Numel, const std::string &What) {
  int Type = T.data_type();
  struct Field {
    int Number, Count;
    bool Holds;
    uint64_t Want;
  };
  bool Complex64 = Type == 14, Complex128 = Type == 15;
  bool Small = Type == 2 || Type == 3 || Type == 4 || Type == 5 || Type == 6 || Type == 9 ||
               Type == 10 || Type == 16 || (Type >= 17 && Type <= 20);
  bool Packed4 = Type >= 21 && Type <= 23;
  const Field Fields[] = {
      {4, T.float_data_size(), Type == 1 || Complex64, Complex64 ? 2 * Numel : Numel},
      {5, T.int32_data_size(), Small || Packed4, Packed4 ? (Numel + 1) / 2 : Numel},
      {6, T.string_data_size(), Type == 8, Numel},
      {7, T.int64_data_size(), Type == 7, Numel},
      {10, T.double_data_size(), Type == 11 || Complex128, Complex128 ? 2 * Numel : Numel},
      {11, T.uint64_data_size(), Type == 12 || Type == 13, Numel}};
  bool Any = false;
  for (const Field &F : Fields) {
    int64_t Count = F.Count;
    if (Count == 0) {
      // A dropped fixed-width field still tells its count.
      int64_t Len = droppedLength(T, F.Number);
      if (Len < 0)
        continue;
      Any = true;
      if (F.Number != 4 && F.Number != 10) {
        if (!F.Holds)
          return invalid(What + " holds its data in a field its type " + Twine(Type) +
                         " does not use");
        continue; // varint-packed: the count is not known without the bytes
      }
      Count = Len / (F.Number == 4 ? 4 : 8);
    }
    Any = true;
    if (!F.Holds)
      return invalid(What + " of element type " + Twine(Type) +
                     " holds its data in a field of another type");
    if (uint64_t(Count) != F.Want)
      return invalid(What + " has " + Twine(Count) + " values for " + Twine(F.Want) +
                     " expected from its dims");
  }
  if (!Any && Numel > 0)
    return invalid(What + " has " + Twine(Numel) +
                   " elements but no data (raw_data, a typed field or external data)");
  return Error::success();
}

/// A tensor stored outside the model: its entries (ONNX's external data
/// spec: location, offset, length, checksum) well formed, a length equal to
/// what its dims and type need, and no data of its own as well. Whether the
/// file exists, and what it holds, is the reader's to check (it may not).
Error checkExternalEntries(const onnx::TensorProto &T, uint64_t Numel, const std::string &What) {
  if (T.has_raw_data() || droppedLength(T, 9) >= 0 || T.float_data_size() || T.int32_data_size() ||
      T.string_data_size() || T.int64_data_size() || T.double_data_size() || T.uint64_data_size())
    return invalid(What + " is stored as external data and holds data of its own too");
  bool Location = false;
  for (const auto &E : T.external_data()) {
    const std::string &K = E.key(), &V = E.value();
    for (const auto &Other : T.external_data())
      if (&Other != &E && Other.key() == K)
        return invalid(What + " gives external data key '" + printable(K, 32) + "' twice");
    if (K == "location") {
      if (V.empty() || V == "." || StringRef(V).ends_with("/"))
        return invalid(What + " has an external data location that names no file ('" +
                       printable(V, 64) + "')");
      Location = true;
    } else if (K == "offset" || K == "length") {
      uint64_t X = 0;
      if (V.empty() || V.size() > 19 || !llvm::all_of(V, [](char C) { return llvm::isDigit(C); }) ||
          StringRef(V).getAsInteger(10, X))
        return invalid(What + " has external data " + K + " '" + printable(V, 32) +
                       "', not a byte count");
      unsigned Bits = bitsOf(T.data_type());
      unsigned __int128 Want = ((unsigned __int128)Numel * Bits + 7) / 8;
      if (K == "length" && Bits && (unsigned __int128)X != Want)
        return invalid(What + " has external data length " + Twine(X) +
                       "; its dims and type need " + Twine(uint64_t(Want)) + " bytes");
    } else if (K == "checksum") {
      if (V.size() != 40 || !llvm::all_of(V, [](char C) { return llvm::isHexDigit(C); }))
        return invalid(What + " has an external data checksum that is not a SHA-1 ('" +
                       printable(V, 48) + "')");
    } else {
      return invalid(What + " has an unknown external data key '" + printable(K, 32) + "'");
    }
  }
  if (!Location)
    return invalid(What + " is stored as external data but gives no location");
  return Error::success();
}

Error checkTensor(const onnx::TensorProto &T, const std::string &What) {
  if (T.data_type() <= 0 || T.data_type() > MaxDataType)
    return invalid(What + " has an unknown element type " + Twine(T.data_type()));
  if (T.dims_size() > MaxRank)
    return invalid(What + " has " + Twine(T.dims_size()) + " dims; at most " + Twine(MaxRank) +
                   " are accepted");
  CheckedInt Numel(1);
  for (int64_t D : T.dims()) {
    if (D < 0)
      return invalid(What + " has a negative dim " + Twine(D));
    Numel = Numel * CheckedInt(D);
  }
  if (Numel.bad())
    return invalid(What + " has dims whose product overflows 64 bits");
  uint64_t N = uint64_t(Numel.value());
  if (T.data_location() == onnx::TensorProto::EXTERNAL)
    return checkExternalEntries(T, N, What);
  if (T.external_data_size())
    return invalid(What + " has external_data entries but its data_location is not EXTERNAL");
  int64_t Raw = T.has_raw_data() ? int64_t(T.raw_data().size()) : droppedLength(T, 9);
  if (Raw >= 0) {
    unsigned Bits = bitsOf(T.data_type());
    if (Bits == 0)
      return invalid(What + " is a string tensor with raw_data, which the spec forbids");
    // Overflow-free: Numel fits 63 bits, so does N / 8 * Bits + slack.
    unsigned __int128 Want = ((unsigned __int128)N * Bits + 7) / 8;
    if ((unsigned __int128)Raw != Want)
      return invalid(What + " has " + Twine(Raw) + " bytes of raw_data; its dims and type " +
                     "need " + Twine(uint64_t(Want)));
    bool Typed = T.float_data_size() || T.int32_data_size() || T.string_data_size() ||
                 T.int64_data_size() || T.double_data_size() || T.uint64_data_size();
    if (Typed)
      return invalid(What + " sets both raw_data and a typed data field");
    return Error::success();
  }
  return checkTypedCount(T, N, What);
}

Error checkType(const onnx::TypeProto &T, const std::string &What, unsigned Depth = 0) {
  if (Depth > 16)
    return invalid(What + " has a type nested more than 16 levels deep");
  switch (T.value_case()) {
  case onnx::TypeProto::kTensorType: {
    const auto &TT = T.tensor_type();
    if (TT.elem_type() < 0 || TT.elem_type() > MaxDataType)
      return invalid(What + " has an unknown element type " + Twine(TT.elem_type()));
    if (TT.has_shape() && TT.shape().dim_size() > MaxRank)
      return invalid(What + " has rank " + Twine(TT.shape().dim_size()) + "; at most " +
                     Twine(MaxRank) + " is accepted");
    for (const auto &D : TT.shape().dim())
      if (D.has_dim_value() && D.dim_value() < 0)
        return invalid(What + " has a negative dim " + Twine(D.dim_value()));
    return Error::success();
  }
  case onnx::TypeProto::kSequenceType:
    return T.sequence_type().has_elem_type()
               ? checkType(T.sequence_type().elem_type(), What, Depth + 1)
               : Error::success();
  case onnx::TypeProto::kOptionalType:
    return T.optional_type().has_elem_type()
               ? checkType(T.optional_type().elem_type(), What, Depth + 1)
               : Error::success();
  case onnx::TypeProto::kMapType:
    return T.map_type().has_value_type() ? checkType(T.map_type().value_type(), What, Depth + 1)
                                         : Error::success();
  default:
    return Error::success();
  }
}

Error checkGraph(const onnx::GraphProto &G);

/// A sparse tensor's dense dims: bounded rank, none negative, a product
/// that fits 64 bits; its values and indices are tensors like any other.
Error checkSparse(const onnx::SparseTensorProto &S, const std::string &What) {
  if (S.dims_size() > MaxRank)
    return invalid(What + " has " + Twine(S.dims_size()) + " dims; at most " + Twine(MaxRank) +
                   " are accepted");
  CheckedInt Numel(1);
  if (S.dims_size() == 0)
    return invalid(What + " has no dims (a sparse tensor has rank 1 or more)");
  for (int64_t D : S.dims()) {
    if (D < 0)
      return invalid(What + " has a negative dim " + Twine(D));
    Numel = Numel * CheckedInt(D);
  }
  if (Numel.bad())
    return invalid(What + " has dims whose product overflows 64 bits");
  if (S.has_values())
    if (Error E = checkTensor(S.values(), What + " (values)"))
      return E;
  if (S.has_indices())
    if (Error E = checkTensor(S.indices(), What + " (indices)"))
      return E;
  return Error::success();
}

} // namespace

Error forEachAttributeValue(
    const onnx::NodeProto &N,
    function_ref<Error(const onnx::TensorProto &, const onnx::AttributeProto &)> Dense,
    function_ref<Error(const onnx::SparseTensorProto &, const onnx::AttributeProto &)> Sparse,
    function_ref<Error(const onnx::GraphProto &)> Graph) {
  for (const auto &A : N.attribute()) {
    if (A.has_sparse_tensor())
      if (Error E = Sparse(A.sparse_tensor(), A))
        return E;
    for (const auto &S : A.sparse_tensors())
      if (Error E = Sparse(S, A))
        return E;
    if (A.has_t())
      if (Error E = Dense(A.t(), A))
        return E;
    for (const auto &T : A.tensors())
      if (Error E = Dense(T, A))
        return E;
    if (A.has_g())
      if (Error E = Graph(A.g()))
        return E;
    for (const auto &Sub : A.graphs())
      if (Error E = Graph(Sub))
        return E;
  }
  return Error::success();
}

namespace {

Error checkNode(const onnx::NodeProto &N, int Index) {
  // Named only when a message needs it: most nodes pass.
  auto What = [&] {
    return "node " + (N.name().empty() ? "#" + std::to_string(Index) : quoted(N.name())) + " (" +
           printable(N.op_type(), 64) + ")";
  };
  if (N.input_size() > MaxNodeArity || N.output_size() > MaxNodeArity)
    return invalid(What() + " has " + Twine(std::max(N.input_size(), N.output_size())) +
                   " inputs or outputs; at most " + Twine(MaxNodeArity) + " are accepted");
  auto Attr = [&](const onnx::AttributeProto &A) {
    return What() + " attribute " + quoted(A.name());
  };
  // (Function bodies are inlined, their references resolved, before this.)
  for (const auto &A : N.attribute())
    if (!A.ref_attr_name().empty())
      return invalid(Attr(A) + " refers to the attribute " + quoted(A.ref_attr_name()) +
                     " of a function, outside any function");
  return forEachAttributeValue(
      N, [&](const onnx::TensorProto &T, const onnx::AttributeProto &A) {
        return checkTensor(T, Attr(A));
      },
      [&](const onnx::SparseTensorProto &S, const onnx::AttributeProto &A) {
        return checkSparse(S, Attr(A));
      },
      [&](const onnx::GraphProto &G) { return checkGraph(G); });
}

Error checkGraph(const onnx::GraphProto &G) {
  for (const auto &T : G.initializer())
    if (Error E = checkTensor(T, "initializer " + quoted(T.name())))
      return E;
  for (const auto &S : G.sparse_initializer())
    if (Error E = checkSparse(S, "sparse initializer " + quoted(S.values().name())))
      return E;
  for (const auto *List : {&G.input(), &G.output(), &G.value_info()})
    for (const auto &VI : *List)
      if (VI.has_type())
        if (Error E = checkType(VI.type(), "value " + quoted(VI.name())))
          return E;
  for (int I = 0; I < G.node_size(); ++I)
    if (Error E = checkNode(G.node(I), I))
      return E;
  return Error::success();
}

Error checkInferredGraph(const onnx::GraphProto &G, unsigned Depth) {
  if (Depth > 64)
    return invalid("subgraphs nested too deep");
  for (const auto *List : {&G.output(), &G.value_info()})
    for (const auto &VI : *List)
      if (VI.has_type())
        if (Error E = checkType(VI.type(), "value " + quoted(VI.name())))
          return E;
  for (const auto &N : G.node())
    for (const auto &A : N.attribute())
      if (A.has_g())
        if (Error E = checkInferredGraph(A.g(), Depth + 1))
          return E;
  return Error::success();
}

} // namespace

Error validateInferred(const onnx::GraphProto &G) { return checkInferredGraph(G, 0); }

Error validateNode(const onnx::NodeProto &N, int Index) { return checkNode(N, Index); }

Error validateModel(const onnx::ModelProto &MP) {
  // Operator sets came with IR version 3; before it a model had opset 1.
  if (MP.ir_version() < 3 && MP.opset_import_size() > 0)
    return invalid("IR version " + Twine(MP.ir_version()) +
                   " has no operator set imports (they came with IR version 3)");
  // Before IR version 4 every initializer is also a graph input.
  if (MP.ir_version() < 4) {
    std::set<std::string> Inputs;
    for (const auto &VI : MP.graph().input())
      Inputs.insert(VI.name());
    for (const auto &T : MP.graph().initializer())
      if (!Inputs.count(T.name()))
        return invalid("initializer " + quoted(T.name()) + " is no graph input; before IR " +
                       "version 4 every initializer must be one (this model is IR " +
                       Twine(MP.ir_version()) + ")");
  }
  // A graph input or output of a tensor type names its element type.
  for (const auto *List : {&MP.graph().input(), &MP.graph().output()})
    for (const auto &VI : *List)
      if (VI.type().has_tensor_type() && VI.type().tensor_type().elem_type() == 0)
        return invalid("graph " + std::string(List == &MP.graph().input() ? "input " : "output ") +
                       quoted(VI.name()) + " has no element type");
  auto Canon = [](const std::string &D) { return D == "ai.onnx" ? std::string() : D; };
  // Each domain's first import, by name: a file may list 100k imports.
  std::map<std::string, int> FirstImport;
  for (int I = 0; I < MP.opset_import_size(); ++I) {
    auto [It, New] = FirstImport.try_emplace(Canon(MP.opset_import(I).domain()), I);
    int J = It->second;
    if (!New && MP.opset_import(I).version() != MP.opset_import(J).version())
      return invalid("the model imports domain '" +
                     (Canon(MP.opset_import(I).domain()).empty()
                          ? std::string("ai.onnx")
                          : printable(MP.opset_import(I).domain(), 64)) +
                     "' twice, at versions " + Twine(MP.opset_import(J).version()) + " and " +
                     Twine(MP.opset_import(I).version()));
  }
  for (const auto &O : MP.opset_import()) {
    for (const auto &[Domain, Max] : KnownOpsets)
      if (O.domain() == Domain && O.version() > Max)
        return invalid("opset " + Twine(O.version()) + " of domain '" +
                       (O.domain().empty() ? "ai.onnx" : O.domain()) +
                       "' is newer than any this reader knows (" + Twine(Max) + ")");
  }
  return checkGraph(MP.graph());
}

} // namespace wattlint
