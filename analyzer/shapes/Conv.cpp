//===- analyzer/shapes/Conv.cpp - convolution shapes ----------------------===//
//
// Conv and ConvTranspose. ruleWindow (also pooling's) gives the spatial dims
// of a sliding window; ruleConv is Conv's rule with the weight and the output
// type as parameters (also ConvInteger's and QLinearConv's).
//
//===----------------------------------------------------------------------===//
#include "analyzer/Text.h"
#include "analyzer/shapes/ShapeRuleUtil.h"

#include "llvm/Support/Error.h"

namespace wattlint {
using namespace shapes;

namespace shapes {

/// The lengths of a window's attributes and the auto_pad value the spec
/// allows; pads that are not all zero only where auto_pad leaves them.
static llvm::Error checkWindowAttrs(size_t Sp, const Ints &Strides, const Ints &Dil,
                                    const Ints &Pads, llvm::StringRef Auto) {
  auto Count = [&](const char *Name, size_t Have, size_t Want) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s has %zu entries for %zu spatial dims%s", Name, Have, Sp,
                                   Want == Sp ? "" : " (begin and end of each)");
  };
  if (Strides.size() != Sp)
    return Count("strides", Strides.size(), Sp);
  if (Dil.size() != Sp)
    return Count("dilations", Dil.size(), Sp);
  if (Pads.size() != 2 * Sp)
    return Count("pads", Pads.size(), 2 * Sp);
  if (Auto != "NOTSET" && Auto != "SAME_UPPER" && Auto != "SAME_LOWER" && Auto != "VALID")
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "auto_pad must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, not '%s'",
        printable(Auto, 64).c_str());
  if (Auto != "NOTSET" && llvm::any_of(Pads, [](int64_t P) { return P != 0; }))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "auto_pad %s and pads %s both pad the input; the spec "
                                   "allows one of them",
                                   Auto.str().c_str(), listStr(Pads).c_str());
  return llvm::Error::success();
}

void ruleWindow(Ctx &C, const Dims &X, Dims Kernel, int64_t OutChannels, bool Pool, DType T) {
  size_t Sp = X.size() - 2;
  if (const Attribute *P = C.N.attr("p"); P && C.N.OpType == "LpPool") {
    bool Int = P->K == Attribute::Kind::Int;
    if (!(Int ? P->I > 0 : P->F > 0))
      return C.invalid("p must be positive (the norm's order), not " +
                       (Int ? std::to_string(P->I) : std::to_string(P->F)));
  }
  if (Kernel.size() != Sp)
    return C.invalid("kernel_shape has " + std::to_string(Kernel.size()) + " entries for " +
                     std::to_string(Sp) + " spatial dims");
  Ints Strides = C.N.attrInts("strides").value_or(Ints(Sp, 1));
  Ints Dil = C.N.attrInts("dilations").value_or(Ints(Sp, 1));
  Ints Pads = C.N.attrInts("pads").value_or(Ints(2 * Sp, 0));
  std::string Auto = C.N.attrString("auto_pad", "NOTSET");
  bool Ceil = C.N.attrInt("ceil_mode", 0) != 0;
  if (llvm::Error E = checkWindowAttrs(Sp, Strides, Dil, Pads, Auto))
    return C.invalid(llvm::toString(std::move(E)));
  // The spec's constraints: a model that breaks them is an error, not a
  // window of zero work.
  for (size_t I = 0; I < Sp; ++I) {
    if (Strides[I] <= 0)
      return C.invalid("strides must be positive, not " + std::to_string(Strides[I]));
    if (Dil[I] <= 0)
      return C.invalid("dilations must be positive, not " + std::to_string(Dil[I]));
  }
  for (int64_t P : Pads)
    if (P < 0)
      return C.invalid("pads must be >= 0, not " + std::to_string(P));
  Dims Y = {X[0], OutChannels};
  for (size_t I = 0; I < Sp; ++I) {
    int64_t In = X[2 + I], S = Strides[I];
    if (In < 0 || Kernel[I] < 0) {
      Y.push_back(-1);
      continue;
    }
    if (Kernel[I] == 0)
      return C.invalid("a kernel dim is 0");
    CheckedInt EffC = (CheckedInt(Kernel[I]) - 1) * Dil[I] + 1;
    CheckedInt SpanC = CheckedInt(In) + Pads[I] + Pads[I + Sp] - EffC;
    if (EffC.bad() || SpanC.bad() || In > MaxDim)
      return C.invalid("window arithmetic overflows 64 bits");
    int64_t Eff = EffC.value();
    if (Auto == "SAME_UPPER" || Auto == "SAME_LOWER") {
      Y.push_back(In / S + (In % S != 0));
    } else if (Auto == "VALID") {
      Y.push_back(In >= Eff ? (In - Eff) / S + 1 : 0);
    } else {
      int64_t Span = SpanC.value();
      if (Span < 0)
        return C.invalid("the window (" + std::to_string(Eff) +
                         " with dilation) is larger than the padded input (" +
                         std::to_string(Span + Eff) + ")");
      int64_t O = (Ceil ? Span / S + (Span % S != 0) : Span / S) + 1;
      // A ceil-mode window must start inside the input or left padding.
      if (Ceil && Pool && (O - 1) * S >= In + Pads[I])
        --O;
      Y.push_back(O);
    }
  }
  C.set(0, Y, T == DType::Undefined ? C.type(0) : T);
}

void ruleConv(Ctx &C, unsigned XIdx, unsigned WIdx, DType T) {
  const Dims *X = C.shape(XIdx), *W = C.shape(WIdx);
  if (X && W && (X->size() < 3 || W->size() != X->size()))
    return C.invalid("X of rank " + std::to_string(X->size()) + " and W of rank " +
                     std::to_string(W->size()) + " (they must be equal and at least 3)");
  if (!X || !W) {
    C.setType(0, T);
    return;
  }
  Dims K = C.N.attrInts("kernel_shape").value_or(Dims(W->begin() + 2, W->end()));
  for (size_t I = 0; I < K.size() && I + 2 < W->size(); ++I)
    if ((*W)[2 + I] >= 0 && K[I] != (*W)[2 + I])
      return C.invalid("kernel_shape " + listStr(K) + " does not match the weight's " +
                       listStr(Dims(W->begin() + 2, W->end())));
  int64_t Group = C.N.attrInt("group", 1), Cin = (*X)[1], WIn = (*W)[1], Cout = (*W)[0];
  if (Group <= 0)
    return C.invalid("group must be positive, not " + std::to_string(Group));
  if (Cin >= 0 && WIn >= 0 && (Cin % Group != 0 || Cin / Group != WIn))
    return C.invalid("input channels " + std::to_string(Cin) + " / group " + std::to_string(Group) +
                     " do not match the weight's " + std::to_string(WIn));
  if (Cout >= 0 && Cout % Group != 0)
    return C.invalid("output channels " + std::to_string(Cout) + " are not a multiple of group " +
                     std::to_string(Group));
  // Conv's input 2 is its bias (ConvInteger's a zero point, QLinearConv's
  // a scale).
  if (C.N.OpType == "Conv" && !vectorsOf(C, {2}, Cout, "one bias per output channel"))
    return;
  ruleWindow(C, *X, K, Cout, false, T);
}

} // namespace shapes

namespace {

void ruleConvTranspose(Ctx &C) {
  const Dims *X = C.shape(0), *W = C.shape(1);
  if (X && W && (X->size() < 3 || W->size() != X->size()))
    return C.invalid("X of rank " + std::to_string(X->size()) + " and W of rank " +
                     std::to_string(W->size()) + " (they must be equal and at least 3)");
  if (!X || !W)
    return;
  size_t Sp = X->size() - 2;
  int64_t Group = C.N.attrInt("group", 1);
  if (Group <= 0)
    return C.invalid("group must be positive, not " + std::to_string(Group));
  CheckedInt Cout = CheckedInt((*W)[1]) * Group;
  if (Cout.bad())
    return C.invalid("output channels overflow 64 bits");
  if ((*X)[1] >= 0 && (*W)[0] >= 0 && (*X)[1] != (*W)[0])
    return C.invalid("input channels " + std::to_string((*X)[1]) + " do not match the weight's " +
                     std::to_string((*W)[0]) + " (W is [C, M / group, k...])");
  if ((*X)[1] >= 0 && (*X)[1] % Group != 0)
    return C.invalid("input channels " + std::to_string((*X)[1]) + " are not a multiple of group " +
                     std::to_string(Group));
  if (!vectorsOf(C, {2}, (*W)[1] < 0 ? -1 : Cout.value(), "one bias per output channel"))
    return;
  Dims Y = {(*X)[0], (*W)[1] < 0 ? -1 : Cout.value()};
  Ints Strides = C.N.attrInts("strides").value_or(Ints(Sp, 1));
  Ints Dil = C.N.attrInts("dilations").value_or(Ints(Sp, 1));
  Ints Pads = C.N.attrInts("pads").value_or(Ints(2 * Sp, 0));
  Ints OutPad = C.N.attrInts("output_padding").value_or(Ints(Sp, 0));
  Dims K = C.N.attrInts("kernel_shape").value_or(Dims(W->begin() + 2, W->end()));
  std::string Auto = C.N.attrString("auto_pad", "NOTSET");
  if (llvm::Error E = checkWindowAttrs(Sp, Strides, Dil, Pads, Auto))
    return C.invalid(llvm::toString(std::move(E)));
  if (OutPad.size() != Sp || K.size() != Sp)
    return C.invalid("output_padding and kernel_shape have " + std::to_string(OutPad.size()) +
                     " and " + std::to_string(K.size()) + " entries for " + std::to_string(Sp) +
                     " spatial dims");
  for (size_t I = 0; I < Sp && I + 2 < W->size(); ++I)
    if ((*W)[2 + I] >= 0 && K[I] != (*W)[2 + I])
      return C.invalid("kernel_shape " + listStr(K) + " does not match the weight's " +
                       listStr(Dims(W->begin() + 2, W->end())));
  for (int64_t P : Pads)
    if (P < 0)
      return C.invalid("pads must not be negative, not " + std::to_string(P));
  for (size_t I = 0; I < Sp; ++I)
    if (Strides[I] <= 0 || Dil[I] <= 0)
      return C.invalid(std::string(Strides[I] <= 0 ? "strides" : "dilations") +
                       " must be positive, not " +
                       std::to_string(Strides[I] <= 0 ? Strides[I] : Dil[I]));
  // The spec (and PyTorch): each output_padding below its stride or dilation;
  // more would add output that no input position reaches.
  for (size_t I = 0; I < Sp; ++I)
    if (OutPad[I] < 0 || OutPad[I] >= std::max(Strides[I], Dil[I]))
      return C.invalid("output_padding " + std::to_string(OutPad[I]) + " of spatial axis " +
                       std::to_string(I) + " must be at least 0 and less than its stride (" +
                       std::to_string(Strides[I]) + ") or dilation (" + std::to_string(Dil[I]) +
                       ")");
  if (auto OS = C.N.attrInts("output_shape")) {
    if (OS->size() != Sp && OS->size() != Sp + 2)
      return C.invalid("output_shape has " + std::to_string(OS->size()) + " entries for " +
                       std::to_string(Sp) + " spatial dims");
    for (int64_t D : *OS)
      if (D < 0)
        return C.invalid("output_shape holds " + std::to_string(D) + ", a negative size");
    // The spec derives the pads from it: total_padding = stride * (in - 1) +
    // output_padding + (k - 1) * dilation + 1 - output_shape. Below zero
    // it pads the output as output_padding does, so by less than the stride
    // (or dilation), as ONNX's own test_convtranspose_output_shape and
    // PyTorch's output_size allow; more is output no input position reaches.
    for (size_t I = 0; I < Sp; ++I) {
      int64_t In = (*X)[2 + I], Want = (*OS)[OS->size() - Sp + I];
      if (In < 0 || K[I] < 0)
        continue;
      CheckedInt Most = CheckedInt(Strides[I]) * (CheckedInt(In) - 1) + OutPad[I] +
                        (CheckedInt(K[I]) - 1) * Dil[I] + 1;
      if (Most.bad())
        return C.invalid("output size arithmetic overflows 64 bits");
      // (Checked: at an input of 0 with a huge stride, Most is far below 0.)
      CheckedInt Past = CheckedInt(Want) - Most.value();
      if (Past.bad())
        return C.invalid("output size arithmetic overflows 64 bits");
      int64_t Slack = std::max(Strides[I], Dil[I]) - 1;
      if (Past.value() > Slack)
        return C.invalid("output_shape " + std::to_string(Want) + " of spatial axis " +
                         std::to_string(I) + " is " + std::to_string(Past.value()) +
                         " past what its input, kernel, stride and dilation reach (" +
                         std::to_string(Most.value()) + "); at most " + std::to_string(Slack) +
                         " (the stride or dilation less one) may be added");
    }
    Y.insert(Y.end(), OS->end() - Sp, OS->end());
    C.set(0, Y, C.type(0));
    return;
  }
  for (size_t I = 0; I < Sp; ++I) {
    int64_t In = (*X)[2 + I];
    if (In < 0 || K[I] < 0) {
      Y.push_back(-1);
      continue;
    }
    CheckedInt O = Auto == "SAME_UPPER" || Auto == "SAME_LOWER"
                       ? CheckedInt(In) * Strides[I]
                       : CheckedInt(Strides[I]) * (CheckedInt(In) - 1) + OutPad[I] +
                             (CheckedInt(K[I]) - 1) * Dil[I] + 1 - Pads[I] - Pads[I + Sp];
    if (O.bad())
      return C.invalid("output size arithmetic overflows 64 bits");
    if (O.value() < 0)
      return C.invalid("output size " + std::to_string(O.value()) + " of spatial axis " +
                       std::to_string(I) + " is negative");
    Y.push_back(O.value());
  }
  C.set(0, Y, C.type(0));
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeConv(ShapeCtx &C) { ruleConv(C, 0, 1, C.type(0)); }
void shapeConvTranspose(ShapeCtx &C) { ruleConvTranspose(C); }

} // namespace wattlint
