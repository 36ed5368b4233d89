//===- report/Analysis.h - the one result of analyzing a model -*- C++ -*-===//
//
// analyze() is the one pipeline: bind the model's dims, count every node,
// cost it on the session's target, run the enabled rules, apply suppressions
// and baselines. Its Analysis is all that reporters read: one record per node
// (path key, op, status, work, cost) and the findings as data.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_REPORT_ANALYSIS_H
#define WATTLINT_REPORT_ANALYSIS_H

#include "analyzer/ModelSource.h"
#include "report/Session.h"

#include "llvm/Support/Allocator.h"

#include <iterator>
#include <memory>
#include <set>

namespace wattlint {

/// One node as reporters see it. Its strings are not copies: they point into
/// the node, its profile row or Analysis::KeyStorage.
struct NodeRecord {
  llvm::StringRef Key;      // qualified path: "/graph/node" for subgraph nodes
  llvm::StringRef Location; // "file:line:col" where the front end knows one
  const NodeProfile *Prof = nullptr;
  const NodeEstimate *Cost = nullptr; // null without a target
};

/// The records of an analysis, one per profile row, made when read (an
/// array of them would cost a million-node model 48 MB). Indexes and
/// iterates like a vector of NodeRecord, by value.
class NodeRecords {
public:
  class iterator {
  public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = NodeRecord;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = NodeRecord;
    iterator(const NodeRecords *Rs, size_t I) : Rs(Rs), I(I) {}
    NodeRecord operator*() const { return (*Rs)[I]; }
    iterator &operator++() {
      ++I;
      return *this;
    }
    bool operator==(const iterator &O) const { return I == O.I; }
    bool operator!=(const iterator &O) const { return I != O.I; }

  private:
    const NodeRecords *Rs;
    size_t I;
  };

  NodeRecords() = default;
  /// The records of Rows (and Costs, parallel to them, or null); SubgraphKeys
  /// holds the keys of the rows of subgraph nodes, by row, sorted.
  NodeRecords(const std::vector<NodeProfile> &Rows, const NodeEstimate *Costs,
              std::vector<std::pair<size_t, llvm::StringRef>> SubgraphKeys)
      : Rows(Rows.data()), Costs(Costs), Size(Rows.size()), SubgraphKeys(std::move(SubgraphKeys)) {}

  size_t size() const { return Size; }
  bool empty() const { return Size == 0; }
  NodeRecord operator[](size_t I) const;
  iterator begin() const { return iterator(this, 0); }
  iterator end() const { return iterator(this, Size); }

private:
  // The rows' arrays, not their vectors: a moved Analysis keeps them.
  const NodeProfile *Rows = nullptr;
  const NodeEstimate *Costs = nullptr;
  size_t Size = 0;
  std::vector<std::pair<size_t, llvm::StringRef>> SubgraphKeys;
};

struct BaselineEntry {
  std::string Rule, Model, Node; // Model: relative to the baseline file's folder
};
struct Baseline {
  std::string Path;
  std::string Dir; // models are keyed relative to it (pathKey)
  std::vector<BaselineEntry> Entries;
};
/// Reads a baseline file ({"findings": [{rule, model, node}...]}), untrusted.
llvm::Expected<Baseline> readBaseline(llvm::StringRef Path);

/// What the models of one run share: which configuration suppressions and
/// baseline entries matched anything, so that stale ones are reported once
/// (a suppression inherited by several configurations included).
class Ledger {
public:
  explicit Ledger(const Baseline *B = nullptr);
  const Baseline *B;
  std::vector<bool> BaselineUsed;
  /// Baseline keys of the models analyzed.
  std::set<std::string> ModelsSeen;
  struct SuppressionUse {
    const Suppression *S = nullptr;
    /// A model it covers was analyzed with a rule it names enabled.
    bool Applicable = false;
    bool Used = false;
  };
  std::map<std::string, SuppressionUse> Suppressions; // by origin
  /// One (location, message) per suppression (per configuration) and
  /// baseline entry of an analyzed model that matched nothing.
  std::vector<std::pair<std::string, std::string>> stale() const;
};

/// A path or node name as a baseline keys it: itself when it is UTF-8, else
/// with each byte that is not part of a UTF-8 sequence written \xNN (JSON
/// holds only UTF-8; two names that differ in such bytes stay apart).
std::string keyText(llvm::StringRef S);

/// True when F fails the gate at FailOn: at or above it, or an exceeded
/// budget at any level (a budget is turned off by removing it).
bool failsGate(const Finding &F, Severity FailOn);

struct Analysis {
  std::string Path; // as given
  std::string Key;  // relative to the configuration's folder
  const Session *S = nullptr;
  std::unique_ptr<Model> M;
  Profile P;
  std::optional<Estimate> E;
  std::optional<Scenario> Sc;
  /// Reader and dim warnings, in order, for every command alike.
  std::vector<std::string> Warnings;
  NodeRecords Nodes;
  /// The keys of subgraph nodes ("/graph/node"); a main-graph node's key is
  /// its profile row's name.
  std::unique_ptr<llvm::BumpPtrAllocator> KeyStorage;
  /// Whether the batch size and precision were stated (model or user):
  /// findings that depend on an unstated one are notes.
  bool BatchStated = false, PrecisionStated = false;
  std::vector<Finding> Findings;
  /// Findings a baseline hid: still there, so a rewritten baseline keeps them.
  std::vector<Finding> Baselined;
  unsigned Suppressed = 0, BelowMinSavings = 0;

  /// The path key of what a finding is about ("" for the whole model).
  std::string keyOf(const Finding &F) const;
  /// Where in the model's source F is: its node's place, else its own
  /// (Finding::Location); "" when the front end knows none.
  llvm::StringRef locationOf(const Finding &F) const {
    return F.NodeIndex >= 0 ? llvm::StringRef(Nodes[F.NodeIndex].Location)
                            : llvm::StringRef(F.Location);
  }
  /// Uncosted nodes (unknown ops and unresolved shapes).
  size_t uncosted() const;
  /// The savings of all findings, overlapping ones never past the model.
  double savingsJ() const;
};

struct AnalyzeOptions {
  bool RunRules = false;
  Ledger *L = nullptr;
};

llvm::Expected<Analysis> analyze(ModelSource &Src, const Session &S, const AnalyzeOptions &O);

} // namespace wattlint

#endif
