//===- rules/attention/MaterializedScores.cpp -----------------------------===//
//
// attention-materialized-scores: attention computed as MatMul -> (scale,
// mask) -> Softmax -> MatMul writes the L x S score matrix to memory and reads
// it back, per head. A fused attention kernel (FlashAttention, SDPA, ONNX
// Attention) keeps the scores on chip. Reported when S >= min_seq (default
// 256). The saving: the Softmax and scale/mask nodes, and the score traffic of
// the two MatMuls.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

using namespace llvm;

namespace wattlint {
namespace {

bool isScoreOp(const Node &N) {
  static const char *const Ops[] = {"Mul", "Div", "Add", "Where", "Cast", "Dropout"};
  return is_contained(Ops, StringRef(N.OpType));
}

class MaterializedScores : public Rule {
public:
  explicit MaterializedScores(double MinSeq) : MinSeq(MinSeq) {}
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    for (size_t I = 0; I < C.P.Nodes.size(); ++I) {
      const NodeProfile &R = C.P.Nodes[I];
      if (R.N->OpType != "Softmax" || R.State != NodeProfile::Status::Costed)
        continue;
      const Graph &G = *R.G;
      const Dims *S = inShape(G, *R.N, 0);
      if (!S || S->size() < 2 || double(S->back()) < MinSeq)
        continue;
      // Back to the MatMul that made the scores, through scale and mask.
      std::vector<int> Chain = {int(I)};
      const Node *P = C.producer(G, R.N->Inputs[0]);
      while (P && isScoreOp(*P) && Chain.size() < 8) {
        Chain.push_back(C.indexOf(P));
        P = P->Inputs.empty() || P->Inputs[0] < 0 ? nullptr : C.producer(G, P->Inputs[0]);
      }
      if (!P || P->OpType != "MatMul")
        continue;
      bool FeedsMatMul = false;
      for (const Node *U : realConsumers(C, G, R.N->Outputs[0]))
        FeedsMatMul |= U->OpType == "MatMul";
      if (!FeedsMatMul)
        continue;
      double Saving = 0;
      for (int J : Chain)
        Saving += C.energy(J);
      // The first MatMul writes the scores and the second reads them.
      NodeWork Traffic;
      Traffic.Bytes = 2.0 * double(CostInput::bytes(G.value(R.N->Inputs[0])).value());
      Traffic.Kernels = 0;
      Traffic.Precision = C.E.Nodes[I].Precision.empty() ? "fp32" : C.E.Nodes[I].Precision;
      Saving += costWork(C.T, Traffic).EnergyJ;
      Finding F = C.finding(int(I),
                            "attention materializes a {rows}x{columns} score matrix per head "
                            "(MatMul -> Softmax -> MatMul)",
                            Saving);
      F.Notes.push_back("scores: {score bytes} bytes written and read back; {chain nodes} node(s) "
                        "between the products, {chain energy} on {target}");
      F.Measures.insert(
          F.Measures.end(),
          {{"rows", double((*S)[S->size() - 2]), ""},
           {"columns", double(S->back()), ""},
           {"score bytes", double(CostInput::bytes(G.value(R.N->Inputs[0])).value()), "B"},
           {"chain nodes", double(Chain.size()), ""},
           {"chain energy", Saving, "J"}});
      F.Help = "use a fused attention kernel (torch scaled_dot_product_attention / FlashAttention, "
               "ONNX Attention-23, com.microsoft MultiHeadAttention)";
      Out.push_back(std::move(F));
    }
  }

private:
  double MinSeq;
};

} // namespace

Expected<std::unique_ptr<Rule>> makeAttentionMaterializedScores(const RuleOptions &O) {
  Expected<double> MinSeq = numberOption(O, "attention-materialized-scores", "min_seq", 256);
  if (!MinSeq)
    return MinSeq.takeError();
  return std::make_unique<MaterializedScores>(*MinSeq);
}

} // namespace wattlint
