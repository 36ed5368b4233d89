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

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

namespace onnx {
class AttributeProto;
class GraphProto;
class ModelProto;
class NodeProto;
class SparseTensorProto;
class TensorProto;
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

/// What node N's attributes hold, each passed to its visitor with the
/// attribute: a tensor (t, tensors), a sparse tensor (sparse_tensor,
/// sparse_tensors) or a subgraph (g, graphs). Stops at the first error.
/// The one walk the validator and the reader's external-data check share.
llvm::Error forEachAttributeValue(
    const onnx::NodeProto &N,
    llvm::function_ref<llvm::Error(const onnx::TensorProto &, const onnx::AttributeProto &)> Dense,
    llvm::function_ref<llvm::Error(const onnx::SparseTensorProto &, const onnx::AttributeProto &)>
        Sparse,
    llvm::function_ref<llvm::Error(const onnx::GraphProto &)> Graph);

} // namespace wattlint

#endif
