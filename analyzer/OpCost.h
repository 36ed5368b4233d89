//===- analyzer/OpCost.h - per-operator cost functions ----------*- C++ -*-===//
//
// The work one node does: multiply-accumulates of contractions, other FLOPs
// (elementwise and transcendental, reported apart), and the bytes it moves.
// One cost function per op family lives in analyzer/ops/; the registry maps
// (domain, op type, since-version) to them (analyzer/ops/Ops.def).
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ANALYZER_OPCOST_H
#define WATTLINT_ANALYZER_OPCOST_H

#include "analyzer/Count.h"
#include "analyzer/Graph.h"

#include <string>

namespace wattlint {

/// What a cost function computes for one node (one execution).
struct OpWork {
  /// Multiply-accumulates of contractions (Conv, Gemm, MatMul, recurrent gate
  /// products, attention's two products).
  Count Macs;
  /// Elementwise arithmetic (adds, multiplies, compares) outside contractions.
  Count ElementwiseFlops;
  /// Transcendental functions (exp, log, tanh, sigmoid, erf, sqrt, pow, ...).
  Count TranscendentalFlops;
  /// Bytes read and written when they differ from "every input element once,
  /// every output element once" (Gather reads only the rows it gathers).
  bool CustomBytes = false;
  Count BytesReadActivations;
  Count BytesReadWeights;
  Count BytesWritten;
  /// Anything the number rests on that a reader should know.
  std::string Note;
};

/// The node being costed, with typed access to its values.
class CostInput {
public:
  CostInput(const Graph &G, const Node &N) : G(G), N(N) {}
  const Node &node() const { return N; }
  const Graph &graph() const { return G; }
  unsigned numInputs() const { return unsigned(N.Inputs.size()); }
  unsigned numOutputs() const { return unsigned(N.Outputs.size()); }
  bool hasInput(unsigned I) const { return I < N.Inputs.size() && N.Inputs[I] >= 0; }
  bool hasOutput(unsigned I) const { return I < N.Outputs.size() && N.Outputs[I] >= 0; }
  /// Input I, or an empty value when the node omits it.
  const Value &in(unsigned I) const {
    static const Value Absent;
    return hasInput(I) ? G.value(N.Inputs[I]) : Absent;
  }
  const Value &out(unsigned I) const { return G.value(N.Outputs[I]); }
  /// Shape of input / output I (must be known: the driver checks first).
  const Dims &inShape(unsigned I) const { return *in(I).Shape; }
  const Dims &outShape(unsigned I) const { return *out(I).Shape; }
  Count inElems(unsigned I) const { return elems(inShape(I)); }
  Count outElems(unsigned I) const { return elems(outShape(I)); }
  /// Bytes of input / output I (its dtype's size times its element count).
  Count inBytes(unsigned I) const { return bytes(in(I)); }
  Count outBytes(unsigned I) const { return bytes(out(I)); }

  static Count elems(const Dims &D);
  static Count bytes(const Value &V);

private:
  const Graph &G;
  const Node &N;
};

/// A cost function fills W; it returns false (with W.Note saying why) when
/// the node's attributes or shapes do not allow a count.
using CostFn = bool (*)(const CostInput &In, OpWork &W);

/// What a shape rule reads and writes (analyzer/shapes/ShapeRuleUtil.h).
struct ShapeCtx;
/// A shape rule fills the unknown shapes, types and small constant values of
/// a node's outputs from its inputs'.
using ShapeFn = void (*)(ShapeCtx &C);

struct OpEntry {
  const char *Domain;
  const char *OpType;
  int SinceVersion;
  /// Inputs the function reads; a node with fewer (or no output 0) is not
  /// counted.
  unsigned MinInputs;
  CostFn Fn;
  ShapeFn Shape;
  const char *Family;
};

/// The entry for (domain, op type) with the largest since-version not above
/// OpsetVersion, or null when the op has no cost function.
const OpEntry *lookupOp(llvm::StringRef Domain, llvm::StringRef OpType, int64_t OpsetVersion);
/// The shape rule's entry for (domain, op type): the row of that domain (any
/// since-version), else of another domain with that op type; null if none.
const OpEntry *lookupShapeRule(llvm::StringRef Domain, llvm::StringRef OpType);
/// Every registered entry, for listing and tests.
llvm::ArrayRef<OpEntry> allOps();

} // namespace wattlint

#endif
