//===- rules/shape/MisalignedDims.cpp - shape-misaligned-dims -------------===//
//
// MatMul/Gemm/Conv whose contraction or output dims are not multiples of the
// matrix units' tile (8 for fp16/bf16, 16 for int8/fp8), e.g. a 50257-word
// vocabulary. Priced at the node's precision when it is 16-bit or narrower,
// else at `precision` (default bf16, where the tile matters): the saving is
// the node's energy with misaligned_efficiency minus with the full rate.
//
// Only products with a weight (initializer) operand are reported.
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

using namespace llvm;

namespace wattlint {
namespace {

class MisalignedDims : public Rule {
public:
  MisalignedDims(std::string Precision, double MinMacs)
      : Precision(std::move(Precision)), MinMacs(MinMacs) {}
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    for (size_t I = 0; I < C.P.Nodes.size(); ++I) {
      const NodeProfile &R = C.P.Nodes[I];
      if (R.W.Macs == 0 || double(R.W.Macs) < MinMacs || R.State != NodeProfile::Status::Costed)
        continue;
      std::string P = C.E.Nodes[I].Precision.str();
      if (precisionBits(P) > 16)
        P = Precision;
      unsigned Bits = precisionBits(P);
      // Weights are the model's choice; activation x activation products
      // (attention over a given sequence length) are the input's.
      if (R.N->Inputs.size() < 2 || R.N->Inputs[1] < 0 ||
          !R.G->value(R.N->Inputs[1]).IsInitializer || !misalignedContraction(*R.G, *R.N, Bits))
        continue;
      std::optional<NodeWork> W = nodeWork(R, C.T, P);
      if (!W)
        continue;
      NodeWork Aligned = *W;
      Aligned.Misaligned = false;
      double Saving = costWork(C.T, *W).EnergyJ - costWork(C.T, Aligned).EnergyJ;
      // Memory-bound at this batch, the tile's cost hides behind the weight
      // traffic; it is still there in the compute time, which the note prices.
      NodeWork ComputeOnly = *W, ComputeOnlyAligned = Aligned;
      ComputeOnly.Bytes = ComputeOnlyAligned.Bytes = 0;
      double ComputePenalty =
          costWork(C.T, ComputeOnly).EnergyJ - costWork(C.T, ComputeOnlyAligned).EnergyJ;
      if (Saving <= 0 && ComputePenalty <= 0)
        continue;
      const Dims *Wt = inShape(*R.G, *R.N, 1);
      std::string Shape;
      for (size_t K = 0; Wt && K < Wt->size(); ++K)
        Shape += (K ? "x" : "") + std::to_string((*Wt)[K]);
      int64_t Tile = Bits <= 8 ? 16 : 8;
      Finding F = C.finding(int(I),
                            "weight {shape} has dims that are not multiples of {tile}, the matrix "
                            "units' tile at {precision}",
                            Saving);
      F.Notes.push_back("{node MACs} MACs; at {precision} this node costs {energy as is} with the "
                        "dims as they are, {energy padded} padded");
      if (Saving <= 0)
        F.Notes.push_back(
            "memory-bound at this batch: the off-tile shape adds {compute penalty} of "
            "compute that the weight traffic hides; it shows at larger batches");
      F.Help = "pad the dims to a multiple of {tile} (e.g. a vocabulary of 50257 to 50304) and "
               "ignore the extra outputs";
      if (Saving <= 0)
        F.Help += " ({compute penalty} of compute per inference once compute-bound)";
      F.Words["shape"] = Shape;
      F.Words["precision"] = P;
      F.Measures.insert(F.Measures.end(), {{"tile", double(Tile), ""},
                                           {"energy as is", costWork(C.T, *W).EnergyJ, "J"},
                                           {"energy padded", costWork(C.T, Aligned).EnergyJ, "J"},
                                           {"compute penalty", ComputePenalty, "J"}});
      Out.push_back(std::move(F));
    }
  }

private:
  std::string Precision;
  double MinMacs;
};

} // namespace

Expected<std::unique_ptr<Rule>> makeShapeMisalignedDims(const RuleOptions &O) {
  std::string P = stringOption(O, "precision", "bf16");
  if (P != "bf16" && P != "fp16" && P != "fp8" && P != "int8")
    return createStringError(inconvertibleErrorCode(),
                             "option 'precision' of rule 'shape-misaligned-dims' must be bf16, "
                             "fp16, fp8 or int8");
  Expected<double> MinMacs = numberOption(O, "shape-misaligned-dims", "min_macs", 1e6);
  if (!MinMacs)
    return MinMacs.takeError();
  return std::make_unique<MisalignedDims>(P, *MinMacs);
}

} // namespace wattlint
