//===- analyzer/shapes/Recurrent.cpp - recurrent layer shapes -------------===//
//
// LSTM, GRU and RNN: Y, Y_h and Y_c in either layout.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

namespace wattlint {
using namespace shapes;

namespace {

void ruleRecurrent(Ctx &C, unsigned Gates) {
  const Dims *X = C.shape(0), *W = C.shape(1);
  if (!X || !W || X->size() != 3 || W->size() != 3)
    return;
  bool BatchFirst = C.N.attrInt("layout", 0) == 1;
  int64_t T = BatchFirst ? (*X)[1] : (*X)[0], B = BatchFirst ? (*X)[0] : (*X)[1];
  int64_t D = (*W)[0];
  int64_t H = C.N.attrInt("hidden_size", (*W)[1] < 0 ? -1 : (*W)[1] / Gates);
  DType Ty = C.type(0);
  if (BatchFirst)
    C.set(0, {B, T, D, H}, Ty);
  else
    C.set(0, {T, D, B, H}, Ty);
  for (unsigned I = 1; I < 3; ++I) // Y_h, Y_c
    C.set(I, BatchFirst ? Dims{B, D, H} : Dims{D, B, H}, Ty);
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeLSTM(ShapeCtx &C) { ruleRecurrent(C, 4); }
void shapeGRU(ShapeCtx &C) { ruleRecurrent(C, 3); }
void shapeRNN(ShapeCtx &C) { ruleRecurrent(C, 1); }

} // namespace wattlint
