//===- onnx/Validate.h - what a model must satisfy before it is read -*- C++ -*-===//
//
// Checks of the parsed protobuf that the IR conversion and ONNX's own
// inference rely on: known opsets and element types, bounded ranks and
// output counts, and tensor payloads whose length matches dims x dtype.
// Each failure names the tensor, value or node and what is wrong.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ONNX_VALIDATE_H
#define WATTLINT_ONNX_VALIDATE_H

#include "llvm/Support/Error.h"

namespace onnx {
class GraphProto;
class ModelProto;
class NodeProto;
} // namespace onnx

namespace wattlint {

/// The most dims a tensor may have (ONNX sets no limit; no framework goes
/// past a few dozen).
inline constexpr int MaxRank = 64;
/// The most outputs (and inputs) one node may have.
inline constexpr int MaxNodeArity = 65536;

llvm::Error validateModel(const onnx::ModelProto &MP);
/// The checks validateModel makes of the main graph's node number Index, for
/// a reader that holds one node at a time (MP then holds none).
llvm::Error validateNode(const onnx::NodeProto &N, int Index);
/// The types ONNX's inference sent back from its child: known element
/// types and bounded ranks, or the whole answer is not used.
llvm::Error validateInferred(const onnx::GraphProto &G);

} // namespace wattlint

#endif
