//===- onnx/LocalFunctions.h - model-local functions inlined -*- C++ -*-===//
//
// A model may define functions of its own (ModelProto.functions, IR 8): a
// node whose domain and op type name one is a call. ONNX Runtime inlines
// them where they are called; so does the reader, before anything else reads
// the graph, so that each op of a body is costed as any other node.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ONNX_LOCALFUNCTIONS_H
#define WATTLINT_ONNX_LOCALFUNCTIONS_H

#include "llvm/Support/Error.h"

namespace onnx {
class ModelProto;
} // namespace onnx

namespace wattlint {

/// The most nodes inlining may make: a function that calls another twice,
/// which calls another twice, ... doubles at each level.
inline constexpr size_t MaxInlinedNodes = size_t(1) << 20;
/// The deepest chain of calls of one function from another.
inline constexpr unsigned MaxCallDepth = 64;

/// Replaces each call of a model-local function in the graph (and its
/// subgraphs) by the function's nodes, renamed apart; removes the functions.
/// A function defined twice, one that calls itself (directly or not), a
/// call with more inputs or outputs than the function has, or more than
/// MaxInlinedNodes nodes made is an error.
llvm::Error inlineLocalFunctions(onnx::ModelProto &MP);

} // namespace wattlint

#endif
