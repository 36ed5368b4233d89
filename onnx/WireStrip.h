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
std::optional<StrippedModel> stripTensorPayloads(google::protobuf::io::ZeroCopyInputStream &Input,
                                                 unsigned MaxDepth);

} // namespace wattlint

#endif
