//===- onnx/WireStrip.cpp - drop tensor payloads from a serialized model --===//
#include "onnx/WireStrip.h"

#include <google/protobuf/io/coded_stream.h>

#include <algorithm>
#include <climits>

using google::protobuf::io::CodedInputStream;

namespace wattlint {

namespace {

// The message types whose fields lead to tensors, and the field numbers of
// onnx.proto that lead from one to the next.
enum class Kind { Model, Graph, Node, Attribute, Tensor, SparseTensor, Function, TrainingInfo, Raw };

Kind child(Kind Parent, uint32_t Field) {
  switch (Parent) {
  case Kind::Model:
    return Field == 7 ? Kind::Graph : Field == 25 ? Kind::Function
                                     : Field == 20 ? Kind::TrainingInfo
                                                   : Kind::Raw;
  case Kind::Graph:
    return Field == 1 ? Kind::Node : Field == 5 ? Kind::Tensor
                                   : Field == 15 ? Kind::SparseTensor
                                                 : Kind::Raw;
  case Kind::Node:
    return Field == 5 ? Kind::Attribute : Kind::Raw;
  case Kind::Attribute:
    if (Field == 5 || Field == 10)
      return Kind::Tensor;
    if (Field == 6 || Field == 11)
      return Kind::Graph;
    return Field == 22 || Field == 23 ? Kind::SparseTensor : Kind::Raw;
  case Kind::SparseTensor:
    return Field == 1 || Field == 2 ? Kind::Tensor : Kind::Raw;
  case Kind::Function:
    return Field == 7 ? Kind::Node : Kind::Raw;
  case Kind::TrainingInfo:
    return Field == 1 || Field == 2 ? Kind::Graph : Kind::Raw;
  case Kind::Tensor:
  case Kind::Raw:
    return Kind::Raw;
  }
  return Kind::Raw;
}

/// TensorProto's payload fields: float_data, int32_data, string_data,
/// int64_data, raw_data, double_data, uint64_data.
bool isPayload(uint32_t Field) {
  return Field == 4 || Field == 5 || Field == 6 || Field == 7 || Field == 9 || Field == 10 ||
         Field == 11;
}

void appendVarint(std::string &Out, uint64_t V) {
  char Buf[10];
  size_t N = 0;
  while (V >= 0x80) {
    Buf[N++] = char(uint8_t(V) | 0x80);
    V >>= 7;
  }
  Buf[N++] = char(uint8_t(V));
  Out.append(Buf, N);
}

/// Reads a varint at P (not past End) into V; false unless it is canonical
/// (the shortest encoding, at most 10 bytes), as appendVarint writes it.
bool readCanonicalVarint(const uint8_t *&P, const uint8_t *End, uint64_t &V) {
  V = 0;
  for (unsigned Shift = 0; Shift < 70 && P < End; Shift += 7) {
    uint8_t B = *P++;
    if (Shift == 63 && B > 1)
      return false;
    V |= uint64_t(B & 0x7f) << Shift;
    if (!(B & 0x80))
      return B != 0 || Shift == 0;
  }
  return false;
}

/// True when the message of kind K in [P, End) is wire format that copy()
/// would write back byte for byte: every field well formed and its varints
/// canonical, no payload to drop at any depth, nested no deeper than
/// MaxDepth. Anything else (false) is left to copy(), which decides.
bool unchanged(Kind K, const uint8_t *P, const uint8_t *End, unsigned Depth, unsigned MaxDepth) {
  if (Depth > MaxDepth)
    return false;
  while (P < End) {
    uint64_t Tag;
    if (!readCanonicalVarint(P, End, Tag) || Tag > UINT32_MAX)
      return false;
    uint32_t Field = uint32_t(Tag) >> 3, Wire = uint32_t(Tag) & 7;
    if (Field == 0)
      return false;
    uint64_t V;
    switch (Wire) {
    case 0:
      if (!readCanonicalVarint(P, End, V))
        return false;
      break;
    case 1:
    case 5:
      if (End - P < (Wire == 1 ? 8 : 4))
        return false;
      P += Wire == 1 ? 8 : 4;
      break;
    case 2: {
      if (!readCanonicalVarint(P, End, V) || V > uint64_t(End - P))
        return false;
      if (K == Kind::Tensor && isPayload(Field) && V > MaxKeptPayload)
        return false;
      Kind C = child(K, Field);
      if (C != Kind::Raw && !unchanged(C, P, P + V, Depth + 1, MaxDepth))
        return false;
      P += V;
      break;
    }
    default:
      return false;
    }
  }
  return true;
}

class Stripper {
public:
  Stripper(CodedInputStream &In, unsigned MaxDepth)
      : Scratch(MaxDepth + 1), In(In), MaxDepth(MaxDepth) {}
  /// Copies fields of a message of kind K until the current limit. Scan:
  /// whether a nested message that lies whole in the stream's buffer may
  /// be checked by unchanged() and copied at once (false below a message
  /// that failed that check, so that no byte is scanned twice over).
  bool copy(Kind K, unsigned Depth, std::string &Out, bool Scan = true);
  uint64_t Dropped = 0;

private:
  /// A buffer per depth for the message being copied there, reused: a
  /// million nodes are a million messages, and no allocation each. Sized
  /// once, so that a deeper call never moves a caller's buffer.
  std::vector<std::string> Scratch;
  bool copyBytes(uint32_t Length, std::string &Out) {
    const void *Ptr;
    int Avail;
    while (Length > 0) {
      if (!In.GetDirectBufferPointer(&Ptr, &Avail) || Avail <= 0)
        return false;
      uint32_t N = std::min<uint32_t>(Length, uint32_t(Avail));
      Out.append(static_cast<const char *>(Ptr), N);
      In.Skip(int(N));
      Length -= N;
    }
    return true;
  }
  CodedInputStream &In;
  unsigned MaxDepth;
};

bool Stripper::copy(Kind K, unsigned Depth, std::string &Out, bool Scan) {
  if (Depth > MaxDepth)
    return false;
  while (true) {
    uint32_t Tag = In.ReadTag();
    if (Tag == 0)
      return In.ConsumedEntireMessage();
    uint32_t Field = Tag >> 3, Wire = Tag & 7;
    if (Field == 0)
      return false;
    switch (Wire) {
    case 0: { // varint
      uint64_t V;
      if (!In.ReadVarint64(&V))
        return false;
      appendVarint(Out, Tag);
      appendVarint(Out, V);
      break;
    }
    case 1: { // fixed64
      uint64_t V;
      if (!In.ReadLittleEndian64(&V))
        return false;
      appendVarint(Out, Tag);
      Out.append(reinterpret_cast<const char *>(&V), 8);
      break;
    }
    case 5: { // fixed32
      uint32_t V;
      if (!In.ReadLittleEndian32(&V))
        return false;
      appendVarint(Out, Tag);
      Out.append(reinterpret_cast<const char *>(&V), 4);
      break;
    }
    case 2: { // length-delimited
      uint32_t Length;
      // A length past the enclosing message (or the file) is malformed.
      if (!In.ReadVarint32(&Length) || Length > uint32_t(INT32_MAX) ||
          (In.BytesUntilLimit() >= 0 && int64_t(Length) > int64_t(In.BytesUntilLimit())))
        return false;
      if (K == Kind::Tensor && isPayload(Field) && Length > MaxKeptPayload) {
        if (!In.Skip(int(Length)))
          return false;
        Dropped += Length;
        appendVarint(Out, uint64_t(DroppedLengthField + Field) << 3);
        appendVarint(Out, Length);
        break;
      }
      Kind C = child(K, Field);
      appendVarint(Out, Tag);
      if (C == Kind::Raw) {
        appendVarint(Out, Length);
        if (!copyBytes(Length, Out))
          return false;
        break;
      }
      // A message the buffer holds whole (a node, an attribute) that
      // copy() would write back unchanged is copied at once: a million
      // nodes are a million messages.
      const void *Ptr;
      int Avail;
      bool ScanBelow = Scan;
      if (Scan && In.GetDirectBufferPointer(&Ptr, &Avail) && Avail >= 0 &&
          uint32_t(Avail) >= Length) {
        const auto *P = static_cast<const uint8_t *>(Ptr);
        if (unchanged(C, P, P + Length, Depth + 1, MaxDepth)) {
          appendVarint(Out, Length);
          Out.append(reinterpret_cast<const char *>(P), Length);
          if (!In.Skip(int(Length)))
            return false;
          break;
        }
        ScanBelow = false;
      }
      std::string &Sub = Scratch[Depth]; // Depth <= MaxDepth, checked above
      Sub.clear();
      auto Limit = In.PushLimit(int(Length));
      // The message must fill its declared length: a file cut short ends
      // before the limit.
      if (!copy(C, Depth + 1, Sub, ScanBelow) || In.BytesUntilLimit() != 0)
        return false;
      In.PopLimit(Limit);
      appendVarint(Out, Sub.size());
      Out += Sub;
      break;
    }
    default: // groups (3, 4) are not used by ONNX; anything else is invalid
      return false;
    }
  }
}

} // namespace

std::optional<StrippedModel> stripTensorPayloads(google::protobuf::io::ZeroCopyInputStream &Input,
                                                 unsigned MaxDepth, bool CopyWhole) {
  CodedInputStream In(&Input);
  In.SetTotalBytesLimit(INT32_MAX);
  Stripper S(In, MaxDepth);
  StrippedModel M;
  if (!S.copy(Kind::Model, 0, M.Bytes, CopyWhole) || !In.ConsumedEntireMessage())
    return std::nullopt;
  M.DroppedBytes = S.Dropped;
  return M;
}

namespace {
/// Skips one field of wire type 0, 1, 2 or 5 (all that the stripper writes).
bool skipField(CodedInputStream &In, uint32_t Tag) {
  switch (Tag & 7) {
  case 0: {
    uint64_t V;
    return In.ReadVarint64(&V);
  }
  case 1: {
    uint64_t V;
    return In.ReadLittleEndian64(&V);
  }
  case 5: {
    uint32_t V;
    return In.ReadLittleEndian32(&V);
  }
  case 2: {
    uint32_t Length;
    return In.ReadVarint32(&Length) && Length <= uint32_t(INT32_MAX) &&
           In.BytesUntilLimit() >= 0 && int64_t(Length) <= int64_t(In.BytesUntilLimit()) &&
           In.Skip(int(Length));
  }
  default:
    return false;
  }
}
} // namespace

std::optional<SplitModel> splitMainGraphNodes(const std::string &Bytes) {
  if (Bytes.size() > size_t(INT32_MAX))
    return std::nullopt;
  CodedInputStream In(reinterpret_cast<const uint8_t *>(Bytes.data()), int(Bytes.size()));
  In.PushLimit(int(Bytes.size())); // so that BytesUntilLimit() bounds every length
  constexpr uint32_t GraphTag = 7 << 3 | 2, NodeTag = 1 << 3 | 2;
  SplitModel S;
  std::string Graph;
  bool HasGraph = false;
  while (true) {
    int Start = In.CurrentPosition();
    uint32_t Tag = In.ReadTag();
    if (Tag == 0) {
      if (size_t(In.CurrentPosition()) != Bytes.size())
        return std::nullopt;
      break;
    }
    if (Tag != GraphTag) {
      if (!skipField(In, Tag))
        return std::nullopt;
      S.Rest.append(Bytes, size_t(Start), size_t(In.CurrentPosition() - Start));
      continue;
    }
    uint32_t Length;
    if (!In.ReadVarint32(&Length) || int64_t(Length) > int64_t(In.BytesUntilLimit()))
      return std::nullopt;
    int End = In.CurrentPosition() + int(Length);
    auto Limit = In.PushLimit(int(Length));
    while (true) {
      int FieldStart = In.CurrentPosition();
      uint32_t T = In.ReadTag();
      if (T == 0) {
        if (In.CurrentPosition() != End)
          return std::nullopt;
        break;
      }
      if (T == NodeTag) {
        uint32_t N;
        if (!In.ReadVarint32(&N) || int64_t(N) > int64_t(In.BytesUntilLimit()))
          return std::nullopt;
        S.Nodes.push_back({uint32_t(In.CurrentPosition()), N});
        if (!In.Skip(int(N)))
          return std::nullopt;
        continue;
      }
      if (!skipField(In, T))
        return std::nullopt;
      Graph.append(Bytes, size_t(FieldStart), size_t(In.CurrentPosition() - FieldStart));
    }
    In.PopLimit(Limit);
    HasGraph = true;
  }
  if (HasGraph) {
    appendVarint(S.Rest, GraphTag);
    appendVarint(S.Rest, Graph.size());
    S.Rest += Graph;
  }
  return S;
}

} // namespace wattlint
