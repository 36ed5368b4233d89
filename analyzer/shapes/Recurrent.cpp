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

/// Gates: weight blocks per direction (LSTM 4, GRU 3, RNN 1); Activations:
/// the functions each direction takes (3, 2, 1). Every operand's shape is
/// the spec's, in either layout: one of another size would be read as
/// another layer.
void ruleRecurrent(Ctx &C, unsigned Gates, unsigned Activations) {
  std::string Dir = C.N.attrString("direction", "forward");
  if (Dir != "forward" && Dir != "reverse" && Dir != "bidirectional")
    return C.invalid("direction must be forward, reverse or bidirectional, not '" +
                     printable(Dir, 64) + "'");
  int64_t Dirs = Dir == "bidirectional" ? 2 : 1;
  if (const Attribute *A = C.N.attr("activations");
      A && A->K == Attribute::Kind::Strings && A->Strings.size() != size_t(Activations * Dirs))
    return C.invalid("activations names " + std::to_string(A->Strings.size()) +
                     " function(s); direction " + Dir + " takes " +
                     std::to_string(Activations * Dirs));
  static const char *const Names[] = {"X", "W", "R"};
  for (unsigned I = 0; I < 3; ++I)
    if (const Dims *S = C.shape(I); S && S->size() != 3)
      return C.invalid("input " + std::to_string(I) + " (" + Names[I] + ") has shape " +
                       listStr(*S) + "; it must have rank 3");
  const Dims *X = C.shape(0), *W = C.shape(1);
  if (!X || !W)
    return;
  bool BatchFirst = C.N.attrInt("layout", 0) == 1;
  int64_t T = BatchFirst ? (*X)[1] : (*X)[0], B = BatchFirst ? (*X)[0] : (*X)[1];
  int64_t D = (*W)[0];
  if (D >= 0 && D != Dirs)
    return C.invalid("W has " + std::to_string(D) + " direction(s) for direction " + Dir);
  D = Dirs;
  if ((*X)[2] >= 0 && (*W)[2] >= 0 && (*X)[2] != (*W)[2])
    return C.invalid("input size " + std::to_string((*X)[2]) + " does not match W's " +
                     std::to_string((*W)[2]));
  int64_t H = C.N.attrInt("hidden_size", (*W)[1] < 0 ? -1 : (*W)[1] / Gates);
  if (H > MaxDim)
    return C.invalid("hidden_size " + std::to_string(H) + " is absurd (above 2^48)");
  CheckedInt Rows = CheckedInt(H) * int64_t(Gates);
  if (C.N.attr("hidden_size") &&
      (H <= 0 || ((*W)[1] >= 0 && (Rows.bad() || Rows.value() != (*W)[1]))))
    return C.invalid("hidden_size " + std::to_string(H) + " does not match W's " +
                     std::to_string((*W)[1]) + " rows for " + std::to_string(Gates) + " gate(s)");
  if (H >= 0 && (*W)[1] >= 0 && (Rows.bad() || Rows.value() != (*W)[1]))
    return C.invalid("W's " + std::to_string((*W)[1]) + " rows are not " + std::to_string(Gates) +
                     " gate(s) of one hidden size");
  // (H is at most 2^48: these products do not overflow.)
  int64_t GH = H < 0 ? -1 : Rows.value(), Bias = H < 0 ? -1 : 2 * Rows.value();
  Dims State = BatchFirst ? Dims{B, D, H} : Dims{D, B, H};
  if (!inputShaped(C, 2, {D, GH, H}, "R") || !inputShaped(C, 3, {D, Bias}, "B") ||
      !inputShaped(C, 4, {B}, "sequence_lens") || !inputShaped(C, 5, State, "initial_h"))
    return;
  if (Gates == 4 &&
      (!inputShaped(C, 6, State, "initial_c") || !inputShaped(C, 7, {D, H < 0 ? -1 : 3 * H}, "P")))
    return;
  DType Ty = C.type(0);
  if (BatchFirst)
    C.set(0, {B, T, D, H}, Ty);
  else
    C.set(0, {T, D, B, H}, Ty);
  for (unsigned I = 1; I < 3; ++I) // Y_h, Y_c
    C.set(I, State, Ty);
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeLSTM(ShapeCtx &C) { ruleRecurrent(C, 4, 3); }
void shapeGRU(ShapeCtx &C) { ruleRecurrent(C, 3, 2); }
void shapeRNN(ShapeCtx &C) { ruleRecurrent(C, 1, 1); }

} // namespace wattlint
