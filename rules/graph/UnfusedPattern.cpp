//===- rules/graph/UnfusedPattern.cpp - graph-unfused-pattern -------------===//
//
// Chains that a fused kernel (or an export option) would run in one pass:
//  - Conv -> BatchNormalization: the BatchNorm folds into the Conv's weights;
//  - a 2-D MatMul -> Add of a constant bias: a Gemm applies the bias in its
//    epilogue;
//  - LayerNorm decomposed into ReduceMean -> Sub -> Pow -> ReduceMean -> Add ->
//    Sqrt -> Div: one LayerNormalization reads and writes the tensor once;
//  - GELU decomposed around Erf (Div -> Erf -> Add -> Mul -> Mul): one Gelu.
// The saving is the chain's energy minus the fused op's, priced on the target.
// A pattern the runtime fuses on its own (cost/runtimes: gemm-bias,
// layernorm, gelu) is not reported: that runtime never runs it apart.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

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

/// A consumer of N's first output with op type Op, or null.
const Node *consumerOf(const RuleContext &C, const Graph &G, const Node &N, StringRef Op) {
  if (N.Outputs.empty() || N.Outputs[0] < 0)
    return nullptr;
  for (const Node *U : C.consumers(G, N.Outputs[0]))
    if (U->OpType == Op)
      return U;
  return nullptr;
}

class UnfusedPattern : public Rule {
public:
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    for (size_t I = 0; I < C.P.Nodes.size(); ++I) {
      const NodeProfile &R = C.P.Nodes[I];
      if (R.State != NodeProfile::Status::Costed)
        continue;
      const Graph &G = *R.G;
      const Node &N = *R.N;
      if (N.OpType == "Conv") {
        if (const Node *BN = soleConsumer(C, G, N); BN && BN->OpType == "BatchNormalization")
          report(C, Out, {C.indexOf(BN)}, {}, "Conv -> BatchNormalization is not folded",
                 "fold the BatchNorm into the Conv's weights and bias (export in eval mode, or "
                 "onnxsim / torch.fx fusion)");
      } else if (N.OpType == "MatMul" && !C.T.Rt.fuses("gemm-bias")) {
        const Node *Add = soleConsumer(C, G, N);
        const Dims *A = inShape(G, N, 0);
        if (Add && Add->OpType == "Add" && A && A->size() == 2 && biasOf(G, *Add))
          report(C, Out, {C.indexOf(Add)}, {}, "MatMul + Add of a bias is not a Gemm",
                 "use Gemm (or a fused MatMul with bias epilogue): the bias is added as the "
                 "product is written");
      } else if (N.OpType == "ReduceMean" && !C.T.Rt.fuses("layernorm")) {
        layerNorm(C, Out, G, N);
      } else if (N.OpType == "Erf" && !C.T.Rt.fuses("gelu")) {
        gelu(C, Out, G, N);
      }
    }
    // One export choice repeated in every layer is one finding.
    mergeRepeats(Out);
  }

private:
  static bool biasOf(const Graph &G, const Node &Add) {
    for (int In : Add.Inputs)
      if (In >= 0 && G.value(In).IsInitializer && G.value(In).Shape &&
          G.value(In).Shape->size() <= 1)
        return true;
    return false;
  }

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

  static void layerNorm(const RuleContext &C, std::vector<Finding> &Out, const Graph &G,
                        const Node &Mean1) {
    const Node *Sub = consumerOf(C, G, Mean1, "Sub");
    const Node *Sq = Sub ? consumerOf(C, G, *Sub, "Pow") : nullptr;
    if (Sub && !Sq)
      Sq = consumerOf(C, G, *Sub, "Mul");
    const Node *Mean2 = Sq ? consumerOf(C, G, *Sq, "ReduceMean") : nullptr;
    const Node *Eps = Mean2 ? consumerOf(C, G, *Mean2, "Add") : nullptr;
    const Node *Root = Eps ? consumerOf(C, G, *Eps, "Sqrt") : nullptr;
    const Node *Div = Root ? consumerOf(C, G, *Root, "Div") : nullptr;
    if (!Div || Mean1.Inputs.empty() || Mean1.Inputs[0] < 0)
      return;
    report(C, Out,
           {C.indexOf(&Mean1), C.indexOf(Sub), C.indexOf(Sq), C.indexOf(Mean2), C.indexOf(Eps),
            C.indexOf(Root), C.indexOf(Div)},
           onePass(C, Mean1, G, 8), "LayerNorm decomposed into 7 ops, each a pass over memory",
           "export with opset >= 17 (LayerNormalization) or fuse the chain");
  }

  static void gelu(const RuleContext &C, std::vector<Finding> &Out, const Graph &G,
                   const Node &Erf) {
    const Node *Scale = C.producer(G, Erf.Inputs.empty() ? -1 : Erf.Inputs[0]);
    const Node *Add = consumerOf(C, G, Erf, "Add");
    const Node *Mul1 = Add ? consumerOf(C, G, *Add, "Mul") : nullptr;
    const Node *Mul2 = Mul1 ? consumerOf(C, G, *Mul1, "Mul") : nullptr;
    if (!Scale || (Scale->OpType != "Div" && Scale->OpType != "Mul") || !Add || !Mul1)
      return;
    std::vector<int> Chain = {C.indexOf(Scale), C.indexOf(&Erf), C.indexOf(Add), C.indexOf(Mul1)};
    if (Mul2)
      Chain.push_back(C.indexOf(Mul2));
    report(C, Out, Chain, onePass(C, *Scale, G, 5),
           "GELU decomposed around Erf: each step a pass over memory",
           "export with opset >= 20 (Gelu) or let the runtime fuse it");
  }
};

} // namespace

Expected<std::unique_ptr<Rule>> makeGraphUnfusedPattern(const RuleOptions &) {
  return std::make_unique<UnfusedPattern>();
}

} // namespace wattlint
