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

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace wattlint {

enum class Severity { Note = 0, Warning = 1, Error = 2 };
const char *severityName(Severity S);
std::optional<Severity> parseSeverity(llvm::StringRef S);

struct Finding {
  std::string Rule;
  Severity Sev = Severity::Warning;
  /// The node the finding is about (-1: the whole model).
  int NodeIndex = -1;
  std::string Node, GraphPath, OpType;
  std::string Message;
  std::vector<std::string> Notes;
  std::string Help;
  double SavingsJ = 0;        // per inference of the bound batch, on the target
  double SavingsFraction = 0; // of the model's energy per inference
};

/// Options of one rule, as strings from the configuration.
using RuleOptions = std::map<std::string, std::string>;

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
  /// Nodes of the same graph reading value Id.
  const std::vector<const Node *> &consumers(const Graph &G, int Id) const;
  /// The node producing value Id in G, or null.
  const Node *producer(const Graph &G, int Id) const;
  double energy(int Index) const { return Index < 0 ? 0 : E.Nodes[Index].EnergyJ; }
  /// A finding about node Index with savings and their share filled in.
  Finding finding(int Index, std::string Message, double SavingsJ) const;
  /// "12.3 mJ (4.1% of the model) on h200".
  std::string savings(double J) const;

private:
  llvm::DenseMap<const Node *, int> Index;
  std::map<std::pair<const Graph *, int>, std::vector<const Node *>> Users;
  std::map<std::pair<const Graph *, int>, const Node *> Producers;
  std::vector<const Node *> None;
};

class Rule {
public:
  virtual ~Rule() = default;
  virtual void check(const RuleContext &C, std::vector<Finding> &Out) const = 0;
};

/// Reads option Name of a rule as a number; an invalid value is an error.
llvm::Expected<double> numberOption(const RuleOptions &O, llvm::StringRef Rule,
                                    llvm::StringRef Name, double Default);

using RuleFactory = llvm::Expected<std::unique_ptr<Rule>> (*)(const RuleOptions &);

struct RuleInfo {
  const char *Id;
  const char *Summary;
  Severity Default;
  RuleFactory Make;
};

/// Every rule, in the order of rules/Rules.def.
llvm::ArrayRef<RuleInfo> allRules();
/// The doc page docs/rules/<id>.md, built into the binary; "" if none.
llvm::StringRef ruleDoc(llvm::StringRef Id);

} // namespace wattlint

#endif
