//===- analyzer/ops/Recurrent.cpp - LSTM, GRU, RNN ------------------------===//
//
// Every time step, every direction, every batch row. With G gates, hidden size
// H, input size I, T steps, batch B and D directions:
//   MACs = D * T * B * G * H * (I + H)     (input and recurrent gate products)
// Per step, direction and batch row, besides the products (per hidden unit):
//   LSTM: 4 gate sums + 4 bias adds (with B) + 6 peephole mul/add (with P)
//         + 4 for the cell and hidden update; 5 transcendental (3 sigmoid,
//         2 tanh).
//   GRU:  3 gate sums + 3 bias adds (with B) + 1 reset product + 4 for the
//         update; 3 transcendental (2 sigmoid, 1 tanh).
//   RNN:  1 gate sum + 1 bias add (with B); 1 transcendental (tanh).
// `layout` = 1 puts the batch first in X ([B, T, I] instead of [T, B, I]).
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

namespace wattlint {

namespace {
struct RecurrentSpec {
  unsigned Gates;
  unsigned PerUnit;     // elementwise FLOPs per hidden unit and step, no bias
  unsigned BiasPerUnit; // added when B is given
  unsigned PeepholePerUnit;
  unsigned Transcendental;
};

bool costRecurrent(const CostInput &In, OpWork &W, const RecurrentSpec &S) {
  const Dims &X = In.inShape(0), &Wt = In.inShape(1);
  if (X.size() != 3 || Wt.size() != 3)
    return ops::fail(W, In.node().OpType + " needs 3-D X and W");
  bool BatchFirst = In.node().attrInt("layout", 0) == 1;
  int64_t T = BatchFirst ? X[1] : X[0];
  int64_t B = BatchFirst ? X[0] : X[1];
  int64_t I = X[2];
  int64_t D = Wt[0];
  if (Wt[1] % S.Gates != 0)
    return ops::fail(W, In.node().OpType + " weight rows are not a multiple of its gates");
  int64_t H = In.node().attrInt("hidden_size", Wt[1] / S.Gates);
  Count Rows = Count::dim(D) * Count::dim(T) * Count::dim(B);
  Count Units = Rows * Count::dim(H);
  W.Macs = Units * Count(S.Gates) * (Count::dim(I) + Count::dim(H));
  unsigned PerUnit = S.PerUnit;
  if (In.hasInput(3))
    PerUnit += S.BiasPerUnit;
  if (In.numInputs() > 7 && In.hasInput(7))
    PerUnit += S.PeepholePerUnit;
  W.ElementwiseFlops = Units * Count(PerUnit);
  W.TranscendentalFlops = Units * Count(S.Transcendental);
  return true;
}
} // namespace

bool costLSTM(const CostInput &In, OpWork &W) {
  return costRecurrent(In, W, {4, 8, 4, 6, 5});
}

bool costGRU(const CostInput &In, OpWork &W) {
  return costRecurrent(In, W, {3, 8, 3, 0, 3});
}

bool costRNN(const CostInput &In, OpWork &W) {
  return costRecurrent(In, W, {1, 1, 1, 0, 1});
}

} // namespace wattlint
