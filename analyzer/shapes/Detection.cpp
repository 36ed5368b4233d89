//===- analyzer/shapes/Detection.cpp - data-dependent sizes ---------------===//
//
// NonMaxSuppression, RoiAlign, NonZero, Compress and Unique: a size that only
// running the model decides is the user's assumption or the worst case.
//
//===----------------------------------------------------------------------===//
#include "analyzer/shapes/ShapeRuleUtil.h"

#include <set>
#include <tuple>

namespace wattlint {
using namespace shapes;

namespace {

/// "what" for a shape's element count: "every element of the [2, 3] input".
std::string everyElement(const Dims &X) { return "every element of the " + listStr(X) + " input"; }

void ruleNonMaxSuppression(Ctx &C) {
  const Dims *Boxes = C.shape(0), *Scores = C.shape(1);
  if (Boxes && (Boxes->size() != 3 || ((*Boxes)[2] >= 0 && (*Boxes)[2] != 4)))
    return C.invalid("boxes must be [batch, boxes, 4], not " + listStr(*Boxes));
  if (Scores && Scores->size() != 3)
    return C.invalid("scores must be [batch, classes, boxes], not " + listStr(*Scores));
  if (Boxes && Scores)
    for (auto [B, S, What] : {std::tuple{0, 0, "batch"}, std::tuple{1, 2, "boxes"}})
      if ((*Boxes)[B] >= 0 && (*Scores)[S] >= 0 && (*Boxes)[B] != (*Scores)[S])
        return C.invalid(std::string(What) + " differ: boxes " + listStr(*Boxes) + ", scores " +
                         listStr(*Scores));
  // max_output_boxes_per_class absent (or 0 or less) selects nothing.
  const Ints *Max = C.ints(2);
  if (Max && Max->size() != 1)
    return C.invalid("max_output_boxes_per_class must hold one value, not " +
                     std::to_string(Max->size()));
  if (!C.has(2) || (Max && (*Max)[0] <= 0)) {
    C.set(0, {0, 3}, DType::I64);
    return;
  }
  int64_t Worst = -1;
  std::string Bound = "the boxes or scores are unresolved";
  if (Boxes && Scores && (*Scores)[0] >= 0 && (*Scores)[1] >= 0 && (*Scores)[2] >= 0) {
    int64_t PerClass = Max ? std::min((*Max)[0], (*Scores)[2]) : (*Scores)[2];
    CheckedInt W = CheckedInt((*Scores)[0]) * (*Scores)[1] * PerClass;
    if (W.bad())
      return C.invalid("batch x classes x boxes overflows 64 bits");
    Worst = W.value();
    Bound = std::to_string(PerClass) + " per class (" +
            (Max && (*Max)[0] < (*Scores)[2]
                 ? "max_output_boxes_per_class"
                 : "every box: " + std::to_string((*Scores)[2]) + " of them") +
            ") x " + std::to_string((*Scores)[1]) + " class(es) x " +
            std::to_string((*Scores)[0]) + " batch";
  }
  C.set(0, {C.assume("boxes", Worst, Bound), 3}, DType::I64);
}

void ruleNonZero(Ctx &C) {
  const Dims *X = C.shape(0);
  if (!X)
    return;
  int64_t Rank = int64_t(X->size()), N = prodDims(*X, 0, X->size());
  // A constant input: the indices themselves (shape arithmetic reads them).
  if (const Ints *V = C.ints(0); V && int64_t(V->size()) == N) {
    Ints Idx;
    int64_t Hits = 0;
    for (int64_t E : *V)
      Hits += E != 0;
    if (Hits * Rank <= int64_t(MaxFolded)) {
      Idx.assign(size_t(Hits * Rank), 0);
      int64_t J = 0;
      for (int64_t F = 0; F < N; ++F) {
        if ((*V)[F] == 0)
          continue;
        for (int64_t K = Rank - 1, R = F; K >= 0; --K) {
          Idx[K * Hits + J] = R % (*X)[K];
          R /= (*X)[K];
        }
        ++J;
      }
      C.setInts(0, std::move(Idx), {Rank, Hits});
    }
    C.set(0, {Rank, Hits}, DType::I64);
    return;
  }
  C.set(0, {Rank, C.assume("nonzero", N, N < 0 ? "the input is unresolved" : everyElement(*X))},
        DType::I64);
}

/// The optional "axis" of Compress and Unique, whose absence means the
/// flattened input: the axis (-1 when absent) and the length it selects
/// from; false (the node invalid) when the axis is out of range.
bool optionalAxis(Ctx &C, const Dims &X, int64_t &Axis, int64_t &Len) {
  Axis = -1;
  Len = prodDims(X, 0, X.size());
  if (!C.N.attr("axis"))
    return true;
  Axis = axisOf(C, C.N.attrInt("axis", 0), X.size());
  if (Axis < 0)
    return false;
  Len = X[Axis];
  return true;
}

/// X with the selected axis (or the flattened input) of length N.
Dims withAxisLength(const Dims &X, int64_t Axis, int64_t N) {
  Dims Y = Axis >= 0 ? X : Dims{0};
  Y[Axis >= 0 ? Axis : 0] = N;
  return Y;
}

void ruleCompress(Ctx &C) {
  const Dims *X = C.shape(0), *Cond = C.shape(1);
  if (Cond && Cond->size() != 1)
    return C.invalid("condition must be 1-D, not " + listStr(*Cond));
  int64_t Axis, Len;
  if (!X || !optionalAxis(C, *X, Axis, Len))
    return;
  if (Cond && (*Cond)[0] >= 0 && Len >= 0 && (*Cond)[0] > Len)
    return C.invalid("condition has " + std::to_string((*Cond)[0]) + " entries for " +
                     std::to_string(Len) + " slices");
  int64_t Kept;
  if (const Ints *V = C.ints(1)) {
    Kept = 0;
    for (int64_t E : *V)
      Kept += E != 0;
  } else {
    int64_t Worst = Cond && (*Cond)[0] >= 0 ? (*Cond)[0] : Len;
    Kept = C.assume("selected", Worst,
                    Worst < 0 ? "the input is unresolved"
                              : "every one of the " + std::to_string(Worst) + " slices");
  }
  C.set(0, withAxisLength(*X, Axis, Kept), C.type(0));
}

void ruleUnique(Ctx &C) {
  const Dims *X = C.shape(0);
  int64_t Axis, Len;
  if (!X || !optionalAxis(C, *X, Axis, Len))
    return;
  int64_t U;
  if (const Ints *V = C.ints(0); V && Axis < 0 && int64_t(V->size()) == Len) {
    U = int64_t(std::set<int64_t>(V->begin(), V->end()).size());
  } else {
    U = C.assume("unique", Len,
                 Len < 0 ? "the input is unresolved"
                         : (Axis >= 0 ? "every one of the " + std::to_string(Len) + " slices"
                              : everyElement(*X)));
  }
  C.set(0, withAxisLength(*X, Axis, U), C.type(0));
  C.set(1, {U}, DType::I64);
  C.set(2, {Len}, DType::I64);
  C.set(3, {U}, DType::I64);
}

void ruleRoiAlign(Ctx &C) {
  const Dims *X = C.shape(0), *Rois = C.shape(1), *Idx = C.shape(2);
  if (X && X->size() != 4)
    return C.invalid("X must be [N, C, H, W], not " + listStr(*X));
  if (Rois && (Rois->size() != 2 || ((*Rois)[1] >= 0 && (*Rois)[1] != 4)))
    return C.invalid("rois must be [num_rois, 4], not " + listStr(*Rois));
  if (Idx && Idx->size() != 1)
    return C.invalid("batch_indices must be [num_rois], not " + listStr(*Idx));
  if (Rois && Idx && (*Rois)[0] >= 0 && (*Idx)[0] >= 0 && (*Rois)[0] != (*Idx)[0])
    return C.invalid("rois " + listStr(*Rois) + " and batch_indices " + listStr(*Idx) +
                     " differ in num_rois");
  int64_t H = C.N.attrInt("output_height", 1), W = C.N.attrInt("output_width", 1);
  if (H <= 0 || W <= 0 || H > MaxDim || W > MaxDim)
    return C.invalid("output_height and output_width must be positive, not " +
                     std::to_string(H) + " and " + std::to_string(W));
  if (C.N.attrInt("sampling_ratio", 0) < 0)
    return C.invalid("sampling_ratio must not be negative");
  int64_t R = Rois ? (*Rois)[0] : Idx ? (*Idx)[0] : -1;
  C.set(0, {R, X ? (*X)[1] : -1, H, W}, C.type(0));
}

/// MaxRoiPool: X [N, C, H, W] and rois [num_rois, 5] (batch index, x1, y1,
/// x2, y2) to [num_rois, C, pooled_shape...].
void ruleMaxRoiPool(Ctx &C) {
  const Dims *X = C.shape(0), *Rois = C.shape(1);
  if (X && X->size() != 4)
    return C.invalid("X must be [N, C, H, W], not " + listStr(*X));
  if (Rois && (Rois->size() != 2 || ((*Rois)[1] >= 0 && (*Rois)[1] != 5)))
    return C.invalid("rois must be [num_rois, 5], not " + listStr(*Rois));
  std::optional<std::vector<int64_t>> P = C.N.attrInts("pooled_shape");
  if (!P || P->size() != 2 || (*P)[0] <= 0 || (*P)[1] <= 0 || (*P)[0] > MaxDim || (*P)[1] > MaxDim)
    return C.invalid("pooled_shape must be two positive sizes, at most 2^48");
  if (!(C.N.attrFloat("spatial_scale", 1.0) > 0))
    return C.invalid("spatial_scale must be positive");
  C.set(0, {Rois ? (*Rois)[0] : -1, X ? (*X)[1] : -1, (*P)[0], (*P)[1]}, C.type(0));
}

} // namespace

// ---- Ops.def's Shape column -------------------------------------------------

void shapeNonMaxSuppression(ShapeCtx &C) { ruleNonMaxSuppression(C); }
void shapeRoiAlign(ShapeCtx &C) { ruleRoiAlign(C); }
void shapeMaxRoiPool(ShapeCtx &C) { ruleMaxRoiPool(C); }
void shapeNonZero(ShapeCtx &C) { ruleNonZero(C); }
void shapeCompress(ShapeCtx &C) { ruleCompress(C); }
void shapeUnique(ShapeCtx &C) { ruleUnique(C); }

} // namespace wattlint
