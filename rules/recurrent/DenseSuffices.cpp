//===- rules/recurrent/DenseSuffices.cpp - recurrent-dense-suffices -------===//
//
// An LSTM/GRU/RNN whose recurrence buys nothing: a sequence of length 1, a
// "sequence" made by unsqueezing or reshaping a non-sequential tensor, or a
// short fixed sequence of which only the last state is used (the classic
// sentiment LSTM). The replacement priced: a mean over time and one dense
// layer of the same width.
//
//===----------------------------------------------------------------------===//
#include "rules/RuleUtil.h"

using namespace llvm;

namespace wattlint {
namespace {

/// True when U selects one step of a sequence: its last (Last) or its first,
/// with a constant index (Gather's, or Slice's start).
bool picksStep(const Graph &G, const Node &U, bool Last, int64_t Steps) {
  if (U.OpType != "Gather" && U.OpType != "Slice")
    return false;
  std::optional<int64_t> I = constantIndex(G, U, 1);
  return I && (Last ? (*I == -1 || *I == Steps - 1) : *I == 0);
}

/// True when every use of the full output sequence Y reads only final
/// states: its last step, or, for a bidirectional layer whose features are
/// split in two (libtorch's chunk(2, 2)), the forward half's last step and
/// the backward half's first. Reads gets the nodes that select them;
/// PerDirection says whether the directions were read apart.
bool finalStatesOnly(const RuleContext &C, const Graph &G, const Node &N, int64_t Steps,
                     int64_t Dirs, std::vector<const Node *> &Reads, bool &PerDirection) {
  if (N.Outputs.empty() || N.Outputs[0] < 0)
    return true;
  int Y = N.Outputs[0];
  if (llvm::is_contained(G.Outputs, Y))
    return false;
  for (const Node *U : realConsumers(C, G, Y)) {
    if (picksStep(G, *U, true, Steps)) {
      Reads.push_back(U);
      continue;
    }
    // The directions' features side by side on the last axis, split in two.
    const Dims *In = inShape(G, *U, 0);
    int64_t Rank = In ? int64_t(In->size()) : 0, Axis = U->attrInt("axis", 0);
    if (U->OpType != "Split" || Dirs != 2 || U->Outputs.size() != 2 || Rank == 0 ||
        (Axis < 0 ? Axis + Rank : Axis) != Rank - 1)
      return false;
    PerDirection = true;
    for (unsigned K = 0; K < 2; ++K) {
      if (U->Outputs[K] < 0)
        continue;
      if (llvm::is_contained(G.Outputs, U->Outputs[K]))
        return false;
      for (const Node *V : realConsumers(C, G, U->Outputs[K])) {
        if (!picksStep(G, *V, K == 0, Steps))
          return false;
        Reads.push_back(V);
      }
    }
  }
  return true;
}

class DenseSuffices : public Rule {
public:
  explicit DenseSuffices(double MaxSteps) : MaxSteps(MaxSteps) {}
  void check(const RuleContext &C, std::vector<Finding> &Out) const override {
    for (size_t I = 0; I < C.P.Nodes.size(); ++I) {
      const NodeProfile &R = C.P.Nodes[I];
      const Node &N = *R.N;
      if (R.State != NodeProfile::Status::Costed || R.Family != "recurrent")
        continue;
      const Dims *X = inShape(*R.G, N, 0), *W = inShape(*R.G, N, 1);
      if (!X || !W || X->size() != 3 || W->size() != 3)
        continue;
      bool BatchFirst = N.attrInt("layout", 0) == 1;
      int64_t Steps = BatchFirst ? (*X)[1] : (*X)[0], Batch = BatchFirst ? (*X)[0] : (*X)[1];
      int64_t In = (*X)[2], Dirs = (*W)[0];
      unsigned Gates = N.OpType == "LSTM" ? 4 : N.OpType == "GRU" ? 3 : 1;
      int64_t Hidden = N.attrInt("hidden_size", (*W)[1] / Gates);
      std::string Why;
      std::vector<const Node *> Reads;
      bool PerDirection = false;
      const Node *Src = C.producer(*R.G, N.Inputs[0]);
      if (Steps == 1)
        Why = "runs over a sequence of length 1";
      else if (Src && (Src->OpType == "Unsqueeze" || Src->OpType == "Expand") &&
               inShape(*R.G, *Src, 0) && inShape(*R.G, *Src, 0)->size() <= 2)
        Why = "runs over a 'sequence' made by {source op} of a non-sequential tensor";
      else if (Steps <= MaxSteps && finalStatesOnly(C, *R.G, N, Steps, Dirs, Reads, PerDirection))
        Why = PerDirection
                  ? "runs {steps} sequential steps in both directions but only their final "
                    "states are used"
                  : "runs {steps} sequential steps but only its last state is used";
      else
        continue;
      // The replacement: mean over time (one add per input element, read
      // once) and a dense layer In -> Hidden * Dirs.
      double Elems = double(Steps) * Batch * In;
      NodeWork Mean, Dense;
      Mean.VectorFlops = Elems;
      Mean.Bytes = (Elems + double(Batch) * In) * 4;
      Dense.MatrixFlops = 2.0 * Batch * In * Hidden * Dirs;
      Dense.Bytes = (double(In) * Hidden * Dirs + double(Batch) * (In + Hidden * Dirs)) * 4;
      Mean.Precision = Dense.Precision = C.E.Nodes[I].Precision;
      double Replacement = costWork(C.T, Mean).EnergyJ + costWork(C.T, Dense).EnergyJ;
      // The ops that exist only for the recurrence go with it: the layout
      // change of its input, its initial states, the selection of its last
      // step (each a framework op and a kernel of its own).
      double Own = C.E.Nodes[I].OwnEnergyJ;
      std::vector<int> Satellites;
      auto Only = [&](const Node *P) {
        if (!P || P->Outputs.empty() || P->Outputs[0] < 0)
          return false;
        std::vector<const Node *> Users = realConsumers(C, *R.G, P->Outputs[0]);
        return Users.size() == 1 && Users[0] == &N;
      };
      for (unsigned In : {0u, 5u, 6u})
        if (N.Inputs.size() > In && N.Inputs[In] >= 0)
          if (const Node *P = C.producer(*R.G, N.Inputs[In]);
              P && Only(P) &&
              (P->OpType == "Transpose" || P->OpType == "ConstantOfShape" || P->OpType == "Expand"))
            Satellites.push_back(C.indexOf(P));
      std::vector<const Node *> LastStepReads;
      if (Why.find("state") != std::string::npos)
        LastStepReads = Reads;
      for (const Node *U : LastStepReads)
        Satellites.push_back(C.indexOf(U));
      for (int S : Satellites)
        if (S >= 0)
          Own += C.E.Nodes[size_t(S)].OwnEnergyJ;
      double Saving = Own - Replacement;
      if (Saving <= 0)
        continue;
      Finding F = C.finding(int(I), "{op} " + Why + "; a dense layer can replace it", Saving);
      for (const Node *U : LastStepReads)
        relateLocation(C, F, *U,
                       PerDirection ? "only a final state is read here"
                                    : "only the last step is read here");
      F.Notes.push_back("{op}: {node MACs} MACs over {steps} steps x {directions} direction(s), "
                        "{node energy} on {target}; with the {satellites:g} op(s) that serve it "
                        "(input layout, initial states, last-step selection): {recurrence energy}");
      F.Notes.push_back("replacement: mean over time + Dense({input} -> {output}): {replacement "
                        "MACs:.0f} MACs, {replacement energy}");
      F.Help = "replace the {op} with a mean (or max) over time followed by dense layers (e.g. "
               "embedding mean -> Dense -> ReLU -> Dense)";
      if (Src)
        F.Words["source op"] = Src->OpType;
      F.Measures.insert(F.Measures.end(), {{"satellites", double(Satellites.size()), ""},
                                           {"recurrence energy", Own, "J"},
                                           {"steps", double(Steps), ""},
                                           {"directions", double(Dirs), ""},
                                           {"input", double(In), ""},
                                           {"output", double(Hidden * Dirs), ""},
                                           {"replacement MACs", Dense.MatrixFlops / 2, "MAC"},
                                           {"replacement energy", Replacement, "J"}});
      Out.push_back(std::move(F));
    }
  }

private:
  double MaxSteps;
};

} // namespace

Expected<std::unique_ptr<Rule>> makeRecurrentDenseSuffices(const RuleOptions &O) {
  Expected<double> Max = numberOption(O, "recurrent-dense-suffices", "max_steps", 512);
  if (!Max)
    return Max.takeError();
  return std::make_unique<DenseSuffices>(*Max);
}

} // namespace wattlint
