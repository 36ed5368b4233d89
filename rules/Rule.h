//===- rules/Rule.h - the rule interface and findings -----------*- C++ -*-===//
//
// A rule reads the graph IR, the per-node work and its cost on the target, and
// emits findings; it never changes them. Every finding carries the joules the
// fix would save, priced by the cost model (costWork) on the same target.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_RULES_RULE_H
#define WATTLINT_RULES_RULE_H

#include "analyzer/Profile.h"
#include "cost/CostModel.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace wattlint {

enum class Severity { Note = 0, Warning = 1, Error = 2 };
const char *severityName(Severity S);
std::optional<Severity> parseSeverity(llvm::StringRef S);

/// A number behind a finding, for machines and for the notes people read.
struct Measure {
  std::string Label; // "steps", "energy", "MACs"
  double Value = 0;
  std::string Unit; // "J", "s", "MAC", "B", "" for a count
};

/// What a finding's severity depends on beyond the model itself.
enum class Deployment { None, Batch, Precision };

struct Finding {
  std::string Rule;
  Severity Sev = Severity::Warning;
  /// The node the finding is about (-1: the whole model).
  int NodeIndex = -1;
  /// Where in the model's source a finding about no node is ("file:line:col",
  /// a front end's place: the line that made an unused weight); "" if none.
  std::string Location;
  std::string Node, GraphPath, OpType;
  /// Other nodes with the same cause (the rest of a dead branch).
  std::vector<int> Related;
  /// Other places in the model's source that explain the finding, each with
  /// its message (where only the last step is read, where the
  /// hyper-parameters were bound); only front ends with source locations
  /// give any.
  std::vector<SourceNote> RelatedLocations;
  /// The pattern, in one sentence; the numbers behind it; the concrete
  /// alternative (its saving is rendered from SavingsJ). Each is a template:
  /// "{label}" stands for the measure of that label (its unit decides the
  /// format; "{label:SPEC}" gives one: a fmt spec for the value, after an
  /// optional scale '%' x100, 'm' x1e3 or 'G' /1e9, or "J" for joules) or
  /// for the word of that name. Reporters render them.
  std::string Message;
  std::vector<std::string> Notes;
  std::string Help;
  std::vector<Measure> Measures;
  /// Non-numeric placeholders: op types, the target, a precision, a shape.
  std::map<std::string, std::string> Words;
  double SavingsJ = 0;        // per inference of the bound batch, on the target
  double SavingsFraction = 0; // of the model's energy per inference
  /// Set when the rule depends on a batch or precision nobody stated, so the
  /// finding was lowered to a note.
  Deployment Unstated = Deployment::None;
};

/// Options of one rule, as strings from the configuration. Reading an option
/// marks it, so that an option no rule reads is reported as unknown.
class RuleOptions {
public:
  RuleOptions() = default;
  RuleOptions(std::map<std::string, std::string> Values) : Values(std::move(Values)) {}
  /// The value of option Name, or null.
  const std::string *get(llvm::StringRef Name) const;
  /// Options that were set but never read, sorted.
  std::vector<std::string> unread() const;

private:
  std::map<std::string, std::string> Values;
  mutable std::set<std::string> Read;
};

/// Everything a rule may read.
class RuleContext {
public:
  RuleContext(const Model &M, const Profile &P, const Estimate &E, const Target &T,
              std::string Precision);
  const Model &M;
  const Profile &P;
  const Estimate &E;
  const Target &T;
  const std::string Precision; // as asked; "" = the model's dtypes

  /// Re-runs the whole pipeline with other dim bindings (batch what-ifs).
  std::function<llvm::Expected<Estimate>(const std::map<std::string, int64_t> &)> Recost;

  /// Profile index of a node, or -1.
  int indexOf(const Node *N) const;
  /// Nodes of the same graph reading value Id, in profile order.
  llvm::ArrayRef<const Node *> consumers(const Graph &G, int Id) const;
  /// The node producing value Id in G, or null.
  const Node *producer(const Graph &G, int Id) const;
  double energy(int Index) const { return Index < 0 ? 0 : E.Nodes[Index].EnergyJ; }
  /// A finding about node Index with savings and their share filled in.
  Finding finding(int Index, std::string Message, double SavingsJ) const;

private:
  /// The links of one graph's profiled nodes, as flat arrays indexed by node
  /// position and value id (maps keyed per node and value cost a million-node
  /// graph some 200 MB).
  struct GraphLinks {
    const Graph *G = nullptr;
    std::vector<int> Row;               // per node of G: its profile index, or -1
    std::vector<uint32_t> UsersBegin;   // per value id, and one past the last
    std::vector<const Node *> Users;    // sliced by UsersBegin
    std::vector<const Node *> Producer; // per value id
  };
  const GraphLinks *linksOf(const Graph &G) const;
  std::vector<GraphLinks> Links;
  llvm::DenseMap<const Graph *, unsigned> LinksByGraph;
  /// Where each graph's node array starts, sorted: indexOf() finds a node's
  /// graph by address.
  std::vector<std::pair<uintptr_t, unsigned>> NodeArrays;
};

class Rule {
public:
  virtual ~Rule() = default;
  virtual void check(const RuleContext &C, std::vector<Finding> &Out) const = 0;
};

/// Reads option Name of a rule as a finite number >= 0; an invalid value is
/// an error.
llvm::Expected<double> numberOption(const RuleOptions &O, llvm::StringRef Rule,
                                    llvm::StringRef Name, double Default);
/// Reads option Name of a rule as a batch size: an integer 1 <= B <= 2^40,
/// as a dim binding allows.
llvm::Expected<double> batchOption(const RuleOptions &O, llvm::StringRef Rule, double Default);
/// Reads option Name of a rule as text.
std::string stringOption(const RuleOptions &O, llvm::StringRef Name, llvm::StringRef Default);

using RuleFactory = llvm::Expected<std::unique_ptr<Rule>> (*)(const RuleOptions &);

struct RuleInfo {
  const char *Id;
  const char *Summary;
  Severity Default;
  /// A finding that depends on an unstated batch or precision is a note.
  Deployment Depends;
  /// Findings whose savings price a fix (min_savings applies); budgets and
  /// analysis findings are about the model as a whole.
  bool Priced;
  RuleFactory Make;
};

/// Every rule, in the order of rules/Rules.def.
llvm::ArrayRef<RuleInfo> allRules();
/// The rule with id Id, or null.
const RuleInfo *findRule(llvm::StringRef Id);
/// Every rule id.
std::vector<std::string> ruleIds();
/// The rules a glob ("recurrent-*") matches; a glob that matches none is an
/// error with a did-you-mean.
llvm::Expected<std::vector<const RuleInfo *>> rulesMatching(llvm::StringRef Glob);
/// The doc page docs/rules/<id>.md, built into the binary; "" if none.
llvm::StringRef ruleDoc(llvm::StringRef Id);

} // namespace wattlint

#endif
