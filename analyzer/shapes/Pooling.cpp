//===- analyzer/shapes/Pooling.cpp - pooling and resampling shapes --------===//
//
// Windowed and global pooling, Resize / Upsample and GridSample.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <cmath>

namespace wattlint {
using namespace shapes;

namespace {

void rulePool(Ctx &C) {
  const Dims *X = C.shape(0);
  auto K = C.N.attrInts("kernel_shape");
  if (!X || !K || X->size() < 3)
    return;
  ruleWindow(C, *X, *K, (*X)[1], true);
  if (C.hasOut(1) && C.hasOut(0) && C.out(0).Shape)
    C.set(1, *C.out(0).Shape, DType::I64);
}

void ruleResize(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  Ints Axes;
  if (auto A = C.N.attrInts("axes"); A && !A->empty()) {
    std::optional<Ints> Norm = axesIn(C, *A, X->size());
    if (!Norm)
      return;
    Axes = std::move(*Norm);
  } else {
    for (size_t I = 0; I < X->size(); ++I)
      Axes.push_back(int64_t(I));
  }
  Dims Y = *X;
  bool Upsample = C.N.OpType == "Upsample";
  unsigned ScalesIdx = Upsample ? 1 : 2, SizesIdx = 3;
  // (An empty sizes or scales tensor stands for one not given.)
  auto Given = [&](unsigned I) {
    const Dims *S = C.shape(I);
    return S && prodDims(*S, 0, S->size()) != 0;
  };
  if (!Upsample && Given(ScalesIdx) && Given(SizesIdx))
    return C.invalid("gives both scales and sizes; a Resize takes one of them");
  // Since opset 11 one of them "MUST be specified": absent or empty both.
  auto Absent = [&](unsigned I) {
    const Dims *S = C.has(I) ? C.shape(I) : nullptr;
    return !C.has(I) || (S && prodDims(*S, 0, S->size()) == 0);
  };
  if (!Upsample && C.N.OpsetVersion >= 11 && Absent(ScalesIdx) && Absent(SizesIdx) &&
      !C.N.attr("scales"))
    return C.invalid("gives neither scales nor sizes; a Resize takes one of them");
  if (!Upsample && C.N.OpsetVersion < 19 &&
      C.N.attrString("coordinate_transformation_mode", "") == "half_pixel_symmetric")
    return C.invalid("coordinate_transformation_mode half_pixel_symmetric came with opset 19; "
                     "the node is at " +
                     std::to_string(C.N.OpsetVersion));
  if (!Upsample && C.has(SizesIdx) && C.ints(SizesIdx) && !C.ints(SizesIdx)->empty()) {
    const Ints &S = *C.ints(SizesIdx);
    if (S.size() != Axes.size())
      return C.invalid("sizes has " + std::to_string(S.size()) + " entries for " +
                       std::to_string(Axes.size()) + " axes");
    for (size_t I = 0; I < Axes.size(); ++I) {
      if (S[I] < 0 || S[I] > MaxDim)
        return C.invalid("sizes must be from 0 to 2^48, not " + std::to_string(S[I]));
      Y[Axes[I]] = S[I];
    }
    // Resize-18's keep_aspect_ratio_policy: one scale for every axis, the
    // least (not_larger) or the greatest (not_smaller) of sizes[i] / X's
    // dim, each output dim round_int(scale * dim), halves rounded up.
    std::string Policy = C.N.attrString("keep_aspect_ratio_policy", "stretch");
    if (Policy != "stretch" && Policy != "not_larger" && Policy != "not_smaller")
      return C.invalid(
          "keep_aspect_ratio_policy must be stretch, not_larger or not_smaller, not '" + Policy +
          "'");
    if (Policy != "stretch") {
      double Scale = 0;
      bool Known = true, Have = false;
      for (size_t I = 0; I < Axes.size(); ++I) {
        int64_t In = (*X)[size_t(Axes[I])];
        if (In <= 0) {
          Known = Known && In == 0;
          continue;
        }
        double R = double(S[I]) / double(In);
        Scale = !Have ? R : Policy == "not_larger" ? std::min(Scale, R) : std::max(Scale, R);
        Have = true;
      }
      for (int64_t A : Axes) {
        int64_t In = (*X)[size_t(A)];
        if (!Known || In < 0) {
          Y[size_t(A)] = -1;
          continue;
        }
        // Bounded before the conversion: a scale of 2^48 on a dim of 2^48
        // is no int64_t.
        double D = std::floor(Scale * double(In) + 0.5);
        if (D > double(MaxDim))
          return C.invalid("keep_aspect_ratio_policy " + Policy +
                           " scales an output dim above 2^48");
        Y[size_t(A)] = int64_t(D);
      }
    }
    C.set(0, Y, C.type(0));
    return;
  }
  std::vector<double> Scales;
  if (auto F = C.N.attr("scales"); F && F->K == Attribute::Kind::Floats)
    Scales = F->Floats;
  else if (C.has(ScalesIdx) && C.in(ScalesIdx).FloatData)
    Scales = *C.in(ScalesIdx).FloatData;
  if (!Scales.empty() && Scales.size() != Axes.size())
    return C.invalid("scales has " + std::to_string(Scales.size()) + " entries for " +
                     std::to_string(Axes.size()) + " axes");
  if (Scales.empty())
    return;
  for (size_t I = 0; I < Axes.size(); ++I) {
    int64_t A = Axes[I];
    if (!(Scales[I] > 0) || !std::isfinite(Scales[I]))
      return C.invalid("scales must be positive and finite, not " + std::to_string(Scales[I]));
    if (Upsample && Scales[I] < 1)
      return C.invalid("scales must be at least 1 (Upsample does not shrink), not " +
                       std::to_string(Scales[I]));
    if (Scales[I] > 3.4e38)
      return C.invalid("scales must be float32 values, not " + std::to_string(Scales[I]));
    // In float32, as runtimes compute it (scales are float32): 10 x 0.7f
    // is 7 there, 6.99... in double.
    double D = std::floor(double(float(Y[A]) * float(Scales[I])));
    if (Y[A] >= 0 && D > double(MaxDim))
      return C.invalid("output dim " + std::to_string(D) + " is absurd (above 2^48)");
    if (Y[A] >= 0)
      Y[A] = int64_t(D);
  }
  C.set(0, Y, C.type(0));
}

/// GridSample: X [N, C, D1..Dr] sampled at grid [N, O1..Or, r] gives
/// [N, C, O1..Or] (r = 2 since opset 16, any r since 20).
void ruleGridSample(Ctx &C) {
  const Dims *X = C.shape(0), *G = C.shape(1);
  // The modes were renamed with opset 20 (bilinear -> linear, bicubic ->
  // cubic): each opset knows its own names.
  bool New = C.N.OpsetVersion >= 20;
  std::string Mode = C.N.attrString("mode", New ? "linear" : "bilinear");
  if (!(Mode == "nearest" || Mode == (New ? "linear" : "bilinear") ||
        Mode == (New ? "cubic" : "bicubic")))
    return C.invalid(
        "mode must be " +
        std::string(New ? "linear, nearest or cubic" : "bilinear, nearest or bicubic") +
        " at opset " + std::to_string(C.N.OpsetVersion) + ", not '" + Mode + "'");
  std::string Padding = C.N.attrString("padding_mode", "zeros");
  if (Padding != "zeros" && Padding != "border" && Padding != "reflection")
    return C.invalid("padding_mode must be zeros, border or reflection, not '" + Padding + "'");
  C.setType(0, C.type(0));
  if (!X || !G)
    return;
  if (X->size() < 3 || G->size() != X->size())
    return C.invalid("the grid has rank " + std::to_string(G->size()) + " and X rank " +
                     std::to_string(X->size()) + ": they must be equal and at least 3");
  if (C.N.OpsetVersion < 20 && X->size() != 4)
    return C.invalid("X has rank " + std::to_string(X->size()) +
                     "; GridSample-16 samples 4-D "
                     "inputs (N-D ones came with opset 20)");
  int64_t Sp = int64_t(X->size()) - 2;
  if (G->back() >= 0 && G->back() != Sp)
    return C.invalid("the grid's last dim is " + std::to_string(G->back()) + ", not X's " +
                     std::to_string(Sp) + " spatial dims");
  int64_t N = (*X)[0] >= 0 ? (*X)[0] : (*G)[0];
  if ((*X)[0] >= 0 && (*G)[0] >= 0 && (*X)[0] != (*G)[0])
    return C.invalid("X has batch " + std::to_string((*X)[0]) + ", the grid " +
                     std::to_string((*G)[0]));
  Dims Y = {N, (*X)[1]};
  Y.insert(Y.end(), G->begin() + 1, G->end() - 1);
  C.set(0, Y, C.type(0));
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapePool(ShapeCtx &C) { rulePool(C); }
void shapeGlobalPool(ShapeCtx &C) {
  if (const Dims *X = C.shape(0); X && X->size() >= 2) {
    Dims Y = *X;
    std::fill(Y.begin() + 2, Y.end(), 1);
    C.set(0, Y, C.type(0));
  }
}
void shapeAdaptivePool(ShapeCtx &C) {
  // [N, C, I...] -> [N, C, output_size...], one positive size per spatial dim.
  std::optional<std::vector<int64_t>> Out = C.N.attrInts("output_size");
  if (!Out)
    return C.invalid("no output_size");
  for (int64_t O : *Out)
    if (O <= 0 || O > shapes::MaxDim)
      return C.invalid("output_size " + shapes::listStr(*Out) +
                       " must hold positive sizes, at most 2^48");
  const Dims *X = C.shape(0);
  if (!X)
    return;
  if (X->size() != Out->size() + 2)
    return C.invalid("output_size " + shapes::listStr(*Out) + " for an input of rank " +
                     std::to_string(X->size()));
  Dims Y = {(*X)[0], (*X)[1]};
  Y.insert(Y.end(), Out->begin(), Out->end());
  C.set(0, Y, C.type(0));
}
void shapeResize(ShapeCtx &C) { ruleResize(C); }
void shapeGridSample(ShapeCtx &C) { ruleGridSample(C); }

} // namespace wattlint
