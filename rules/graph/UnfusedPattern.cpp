//===- rules/graph/UnfusedPattern.cpp - graph-unfused-pattern -------------===//
//
// Chains that a fused kernel (or an export option) would run in one pass:
//  - Conv -> BatchNormalization: the BatchNorm folds into the Conv's weights;
//  - a 2-D MatMul -> Add of a constant bias: a Gemm applies the bias in its
//    epilogue;
//  - LayerNorm decomposed into ReduceMean -> Sub -> Pow -> ReduceMean -> Add ->
//    Sqrt -> Div: one LayerNormalization reads and writes the tensor once;
//  - GELU decomposed around Erf (Div -> Erf -> Add -> Mul -> Mul): one Gelu.
// The last three are found by the cost model's fusion matchers
// (cost/Fusion.h, matchPatterns), the ones that decide what a runtime runs
// as one kernel: a chain the rule reports is exactly a chain a fusing
// runtime would run fused. A pattern the runtime fuses on its own
// (cost/runtimes: gemm-bias, layernorm, gelu) is not reported: that runtime
// never runs it apart. The saving is the chain's energy minus the fused op's,
// priced on the target.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"
#include "cost/Fusion.h"

using namespace llvm;

namespace wattlint {
namespace {

/// The only consumer of N's first output, or null.
const Node *soleConsumer(const RuleContext &C, const Graph &G, const Node &N) {
  if (N.Outputs.empty() || N.Outputs[0] < 0 || is_contained(G.Outputs, N.Outputs[0]))
    return nullptr;
  const auto &Users = C.consumers(G, N.Outputs[0]);
  return Users.size() == 1 ? Users[0] : nullptr;
}

class UnfusedPattern : public Rule {
public:
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    for (size_t I = 0; I < C.P.Nodes.size(); ++I) {
      const NodeProfile &R = C.P.Nodes[I];
      if (R.State != NodeProfile::Status::Costed || R.N->OpType != "Conv")
        continue;
      if (const Node *BN = soleConsumer(C, *R.G, *R.N); BN && BN->OpType == "BatchNormalization")
        report(C, Out, {C.indexOf(BN)}, {}, "Conv -> BatchNormalization is not folded",
               "fold the BatchNorm into the Conv's weights and bias (export in eval mode, or "
               "onnxsim / torch.fx fusion)");
    }
    // The cost model's own matchers (cost/Fusion.h), for the patterns this
    // runtime does not fuse: what it would run as one kernel, it runs apart.
    std::vector<StringRef> Unfused;
    for (StringRef Pattern : {"gemm-bias", "layernorm", "gelu"})
      if (!C.T.Rt.fuses(Pattern))
        Unfused.push_back(Pattern);
    FusionPlan Plan = matchPatterns(C.P, Unfused);
    for (const FusedGroup &G : Plan.Groups) {
      const NodeProfile &First = C.P.Nodes[size_t(G.Members.front())];
      if (G.Pattern == "gemm-bias") {
        // A Gemm takes a 2-D A: the fix this finding offers.
        const Dims *A = inShape(*First.G, *First.N, 0);
        if (A && A->size() == 2)
          report(C, Out, {G.Members.back()}, {}, "MatMul + Add of a bias is not a Gemm",
                 "use Gemm (or a fused MatMul with bias epilogue): the bias is added as the "
                 "product is written");
      } else if (G.Pattern == "layernorm") {
        report(C, Out, G.Members, onePass(C, *First.N, *First.G, 8),
               "LayerNorm decomposed into " + std::to_string(G.Members.size()) +
                   " ops, each a pass over memory",
               "export with opset >= 17 (LayerNormalization) or fuse the chain");
      } else if (G.Pattern == "gelu") {
        report(C, Out, G.Members, onePass(C, *First.N, *First.G, 5),
               "GELU decomposed around Erf: each step a pass over memory",
               "export with opset >= 20 (Gelu) or let the runtime fuse it");
      }
    }
    // One export choice repeated in every layer is one finding.
    mergeRepeats(Out);
  }

private:
  /// Reports a chain; Fused (when given) is the fused op's work.
  static void report(const RuleContext &C, std::vector<Finding> &Out, std::vector<int> Chain,
                     std::optional<NodeWork> Fused, const std::string &What,
                     const std::string &Fix) {
    double Energy = 0;
    for (int I : Chain)
      Energy += C.energy(I);
    double FusedJ = Fused ? costWork(C.T, *Fused).EnergyJ : 0;
    double Saving = Energy - FusedJ;
    if (Chain.empty() || Chain[0] < 0 || Saving <= 0)
      return;
    Finding F = C.finding(Chain[0], What, Saving);
    for (size_t I = 1; I < Chain.size(); ++I)
      if (Chain[I] >= 0)
        F.Related.push_back(Chain[I]);
    F.Notes.push_back(Fused ? "{nodes} node(s), {energy} on {target}; fused: {fused energy}"
                            : "{nodes} node(s), {energy} on {target}");
    F.Measures.insert(F.Measures.end(), {{"nodes", double(Chain.size()), ""},
                                         {"energy", Energy, "J"},
                                         {"fused energy", FusedJ, "J"}});
    F.Help = Fix;
    Out.push_back(std::move(F));
  }

  /// One pass over X reading and writing it: the fused op's work.
  static NodeWork onePass(const RuleContext &C, const Node &N, const Graph &G,
                          double FlopsPerElement) {
    NodeWork W;
    const Value &X = G.value(N.Inputs[0]);
    double Elems = double(X.numElements().value_or(0));
    W.VectorFlops = Elems * FlopsPerElement;
    W.Bytes = 2 * Elems * std::max(1u, dtypeBits(X.Type)) / 8;
    int Index = C.indexOf(&N);
    W.Precision =
        Index >= 0 && !C.E.Nodes[Index].Precision.empty() ? C.E.Nodes[Index].Precision : "fp32";
    return W;
  }
};

} // namespace

Expected<std::unique_ptr<Rule>> makeGraphUnfusedPattern(const RuleOptions &) {
  return std::make_unique<UnfusedPattern>();
}

} // namespace wattlint
