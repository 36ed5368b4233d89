//===- analyzer/shapes/Recurrent.cpp - recurrent layer shapes -------------===//
//
// LSTM, GRU and RNN: Y, Y_h and Y_c in either layout.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Text.h"
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
  std::string Dir = C.N.attrString("direction", "forward");
  if (Dir != "forward" && Dir != "reverse" && Dir != "bidirectional")
    return C.invalid("direction must be forward, reverse or bidirectional, not '" +
                     printable(Dir, 64) + "'");
  if (D >= 0 && D != (Dir == "bidirectional" ? 2 : 1))
    return C.invalid("W has " + std::to_string(D) + " direction(s) for direction " + Dir);
  if ((*X)[2] >= 0 && (*W)[2] >= 0 && (*X)[2] != (*W)[2])
    return C.invalid("input size " + std::to_string((*X)[2]) + " does not match W's " +
                     std::to_string((*W)[2]));
  int64_t H = C.N.attrInt("hidden_size", (*W)[1] < 0 ? -1 : (*W)[1] / Gates);
  CheckedInt Rows = CheckedInt(H) * int64_t(Gates);
  if (C.N.attr("hidden_size") &&
      (H <= 0 || ((*W)[1] >= 0 && (Rows.bad() || Rows.value() != (*W)[1]))))
    return C.invalid("hidden_size " + std::to_string(H) + " does not match W's " +
                     std::to_string((*W)[1]) + " rows for " + std::to_string(Gates) + " gate(s)");
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
