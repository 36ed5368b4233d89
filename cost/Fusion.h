//===- cost/Fusion.h - the kernels a runtime runs for a graph ---*- C++ -*-===//
//
// Groups the profiled nodes into the kernels a runtime executes: a node alone,
// or a pattern the runtime fuses into one kernel (cost/Runtime.h lists them).
// A fused group reads what enters it and writes what leaves it; the values
// between its nodes stay on chip.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_COST_FUSION_H
#define WATTLINT_COST_FUSION_H

#include "analyzer/Profile.h"
#include "cost/Runtime.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace wattlint {

struct FusedGroup {
  std::vector<int> Members; // profile indices, in topological order
  int Anchor = -1;          // the member whose work sets the group's precision
  std::string Pattern;      // "" for a node alone
  /// Bytes of the values produced and read only inside the group (written
  /// and read back when the nodes run apart, on chip when fused), at the
  /// values' own types, all executions.
  double InternalBytes = 0;
};

/// The fused groups of P's nodes under Rt (two or more nodes each), and for
/// every profile index its group or -1 (a node alone). A group runs when its
/// last member would.
struct FusionPlan {
  std::vector<FusedGroup> Groups;
  std::vector<int> GroupOf;
};
FusionPlan fuseGroups(const Profile &P, const Runtime &Rt);
/// The same matchers for the named patterns only (as a runtime's `fusions`
/// list names them), whatever a runtime fuses: what graph-unfused-pattern
/// reports where the runtime does not fuse them.
FusionPlan matchPatterns(const Profile &P, llvm::ArrayRef<llvm::StringRef> Patterns);

} // namespace wattlint

#endif
