//===- rules/RuleUtil.h - helpers the rules share ---------------*- C++ -*-===//
#ifndef WATTLINT_RULES_RULEUTIL_H
#define WATTLINT_RULES_RULEUTIL_H

#include "analyzer/OpCost.h"
#include "rules/Rule.h"

namespace wattlint {

/// Ops that only relabel a tensor (Reshape, Squeeze, Unsqueeze, Flatten,
/// Identity, Transpose).
bool isRelabel(const Node &N);
/// The non-relabel nodes that read value Id, looking through relabel ops
/// (Shape and Size, which read metadata only, do not count).
std::vector<const Node *> realConsumers(const RuleContext &C, const Graph &G, int Id);
/// The scalar or one-element integer constant in input I of N, if known.
std::optional<int64_t> constantIndex(const Graph &G, const Node &N, unsigned I);
/// Shape of input / output I of N, if known.
const Dims *inShape(const Graph &G, const Node &N, unsigned I);
const Dims *outShape(const Graph &G, const Node &N, unsigned I);
/// Groups of the profile indices Members (nodes of one graph) that are
/// connected through the values they produce and read: a chain with one
/// cause. Each group is in topological order.
std::vector<std::vector<int>> connectedGroups(const RuleContext &C,
                                              const std::vector<int> &Members);
/// A finding on the last node of Group, the others related; its saving is
/// the group's energy.
Finding groupFinding(const RuleContext &C, const std::vector<int> &Group, std::string Message);
/// The work of Group's nodes together.
Work groupWork(const RuleContext &C, const std::vector<int> &Group);
/// Adds Message at N's source location to F's related locations, once per
/// place; nothing when N has no location or shares the place of F's node.
void relateLocation(const RuleContext &C, Finding &F, const Node &N, std::string Message);
/// Merges findings with the same message (one pattern repeated in every
/// layer) into the first: savings add up, the others become related nodes.
void mergeRepeats(std::vector<Finding> &Findings);

} // namespace wattlint

#endif
