//===- analyzer/Profile.h - per-node work of a whole model ------*- C++ -*-===//
//
// Runs the cost registry over every node of a model, subgraphs included (If by
// its taken or costlier branch, Loop by its trip count, Scan by its scan
// length), and sums the totals. Nodes that cannot be counted are listed, never
// counted as zero work.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ANALYZER_PROFILE_H
#define WATTLINT_ANALYZER_PROFILE_H

#include "analyzer/Graph.h"

#include "llvm/Support/Allocator.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wattlint {

struct Work {
  uint64_t Macs = 0;
  uint64_t Flops = 0; // 2 * Macs + ElementwiseFlops + TranscendentalFlops
  uint64_t ElementwiseFlops = 0;
  uint64_t TranscendentalFlops = 0;
  uint64_t Params = 0;
  uint64_t BytesReadActivations = 0;
  uint64_t BytesReadWeights = 0;
  uint64_t BytesWritten = 0;
  /// Non-trainable state the model file holds: BatchNorm's running mean and
  /// variance (PyTorch's buffers), apart from Params.
  uint64_t Buffers = 0;

  uint64_t bytesRead() const { return BytesReadActivations + BytesReadWeights; }
  /// FLOPs per byte of traffic; 0 when nothing moves.
  double intensity() const;
};

struct NodeProfile {
  enum class Status {
    Costed,         // counted
    ControlFlow,    // If / Loop / Scan: its subgraph rows carry the work
    UnknownOp,      // no cost function for this op
    UnresolvedShape // shapes (or a trip count) could not be resolved
  };
  const Graph *G = nullptr;
  const Node *N = nullptr;
  /// "" for the main graph, else e.g. "/loop_0/body": interned, 8 bytes a
  /// row (a graph's rows share it).
  InternedString GraphPath;
  /// The node's name, or an unnamed node's display name. Not a copy: it
  /// points into the node or the profile's Strings.
  llvm::StringRef Name;
  Status State = Status::Costed;
  DType Type = DType::Undefined; // beside State: one 8-byte slot for both
  /// How many times one inference runs this node (Loop trip counts, Scan
  /// lengths); 0 for a branch of an If that is not counted.
  uint64_t Multiplier = 1;
  /// Work of all executions (one execution times Multiplier).
  Work W;
  /// The op family's name, from the op table (interned).
  InternedString Family;
  /// Why the node was not counted, or how it was (most rows have none).
  RareString Note;
};

struct Profile {
  std::vector<NodeProfile> Nodes;
  /// The names of unnamed nodes, kept once (a copy of the profile shares
  /// them).
  std::shared_ptr<llvm::BumpPtrAllocator> Strings =
      std::make_shared<llvm::BumpPtrAllocator>();
  Work Totals;
  /// Op types without a cost function, each with its node count, sorted.
  std::vector<std::pair<std::string, unsigned>> UnknownOps;
  /// Nodes whose shapes could not be resolved, by display name.
  std::vector<std::string> UnresolvedShapes;
  unsigned CostedNodes = 0;
  /// Weight tensors (the initializers counted in params).
  unsigned WeightTensors = 0;
  /// Weights the model registers but no node reads (a C++ module's layer or
  /// parameter forward() never uses: Model::InitializerPlaces), in
  /// Totals.Params and Totals.Buffers as PyTorch's parameters() and
  /// buffers() count them; no node's row holds them, and no optimizer step
  /// updates them.
  uint64_t UnreadParams = 0, UnreadBuffers = 0;

  /// Nodes left out of the totals: unknown ops and unresolved shapes.
  size_t uncostedNodes() const;
};

/// Counts every node of M. Fails only on arithmetic overflow (absurd dims).
llvm::Expected<Profile> profileModel(const Model &M);

} // namespace wattlint

#endif
