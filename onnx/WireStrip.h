//===- onnx/WireStrip.h - drop tensor payloads from a serialized model -*- C++ -*-===//
//
// Walks a serialized ModelProto in protobuf's wire format (CodedInputStream)
// and copies it without the payloads of large tensors (raw_data and the typed
// data fields of initializers, Constant attributes and sparse tensors), so a
// model with gigabytes of inline weights costs what its graph costs: read
// from a file stream, the skipped bytes are seeked over, never read.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ONNX_WIRESTRIP_H
#define WATTLINT_ONNX_WIRESTRIP_H

#include <google/protobuf/io/zero_copy_stream.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wattlint {

struct StrippedModel {
  std::string Bytes;          // the model without large payloads
  uint64_t DroppedBytes = 0;  // payload bytes skipped
};

/// Tensor payload fields longer than this are dropped; shorter ones (shape
/// constants, scales) are kept.
constexpr uint64_t MaxKeptPayload = 64 * 1024;
/// A dropped payload of field F leaves its byte length behind as a varint in
/// field DroppedLengthField + F of the tensor (an unknown field to protobuf),
/// so that the reader can still check it against the tensor's dims.
constexpr uint32_t DroppedLengthField = 536870000;

/// Copies the serialized model read from Input without large tensor
/// payloads; nullopt when it is not valid protobuf wire format, nests
/// messages deeper than MaxDepth, or exceeds protobuf's 2 GiB limit.
/// CopyWhole: a nested message that the stream's buffer holds whole and
/// that has nothing to drop is checked, then copied at once; false copies
/// every field one by one (the same bytes: the reference the unit tests
/// compare it with).
std::optional<StrippedModel> stripTensorPayloads(google::protobuf::io::ZeroCopyInputStream &Input,
                                                 unsigned MaxDepth, bool CopyWhole = true);

/// A stripped model with its main graph's nodes taken out, and where each
/// node's bytes lie in the stripped model, in file order: a graph of a
/// million nodes is then parsed one node at a time instead of all at once.
struct SplitModel {
  /// The model without the main graph's `node` fields (its graph fields
  /// merged into one, as parsing merges them).
  std::string Rest;
  /// Offset and length in the stripped bytes of each NodeProto.
  std::vector<std::pair<uint32_t, uint32_t>> Nodes;
};

/// Splits what stripTensorPayloads wrote; nullopt for anything else (a field
/// in a wire format it never writes, a length past the end).
std::optional<SplitModel> splitMainGraphNodes(const std::string &Bytes);

} // namespace wattlint

#endif
