//===- analyzer/ops/Detection.cpp - ops whose output size is data ---------===//
//
// The output size of these ops is decided by the data: the shape rules give
// it from the user's --assume or as the worst case the inputs bound
// (Model::Assumptions says which), and the counts below follow it.
//
// NonMaxSuppression, per batch and class of S boxes keeping K of them
// (K = selected rows / (batch x classes), at most S): sorting the scores,
// S x ceil(log2 S) compares; the area of each box, 3 FLOPs; greedy
// suppression, each of the S candidates against the boxes kept so far (at
// most K IoUs, 13 FLOPs each: 4 min/max, 2 subtracts and 2 clamps for the
// intersection, its area, the union and a divide, and the threshold
// compare). torchvision's CUDA kernel fills the whole S x S IoU mask
// instead: up to S/K times more compares, bounded by the same bytes.
// MaxRoiPool: per output element one compare per element of its bin, at the
// worst case (a region as large as the feature map): ceil(H / pooled_h) x
// ceil(W / pooled_w).
// RoiAlign: per output element, sampling_ratio^2 bilinear samples of 11
// FLOPs (4 weights, 4 multiplies, 3 adds) and one divide for the average;
// sampling_ratio 0 (adaptive) counts the worst case, a region the size of
// the feature map: ceil(H / output_height) x ceil(W / output_width) samples.
// It reads 4 feature elements per sample (at most the feature map), the
// regions and their batch indices, and writes its output.
// NonZero and Compress: one compare per element tested. Unique: a sort,
// n x ceil(log2 n) compares.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

#include <algorithm>

namespace wattlint {

bool costNonMaxSuppression(const CostInput &In, OpWork &W) {
  const Dims &Scores = In.inShape(1);
  const Dims &Y = In.outShape(0);
  if (Scores.size() != 3 || Y.size() != 2)
    return ops::fail(W, "NonMaxSuppression needs [batch, classes, boxes] scores");
  uint64_t Groups = uint64_t(Scores[0]) * uint64_t(Scores[1]);
  uint64_t S = uint64_t(Scores[2]);
  if (Groups == 0 || S == 0)
    return true;
  uint64_t K = std::min<uint64_t>(S, (uint64_t(Y[0]) + Groups - 1) / Groups);
  Count PerGroup =
      Count(S) * Count(ops::log2Ceil(S)) + Count(S) * Count(3) + Count(S) * Count(K) * Count(13);
  W.ElementwiseFlops = PerGroup * Count(Groups);
  return true;
}

bool costMaxRoiPool(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0), &Y = In.outShape(0);
  if (X.size() != 4 || Y.size() != 4 || Y[2] <= 0 || Y[3] <= 0)
    return ops::fail(W, "MaxRoiPool needs an [N, C, H, W] input");
  // A region is as large as the map at worst: each bin of it
  // ceil(H/pooled_h) x ceil(W/pooled_w) compares.
  uint64_t BH = (uint64_t(X[2]) + uint64_t(Y[2]) - 1) / uint64_t(Y[2]);
  uint64_t BW = (uint64_t(X[3]) + uint64_t(Y[3]) - 1) / uint64_t(Y[3]);
  W.ElementwiseFlops =
      In.outElems(0) * Count(std::max<uint64_t>(BH, 1)) * Count(std::max<uint64_t>(BW, 1));
  W.Note = "counted at the worst case, regions as large as the feature map";
  return true;
}

bool costRoiAlign(const CostInput &In, OpWork &W) {
  const Dims &X = In.inShape(0);
  if (X.size() != 4)
    return ops::fail(W, "RoiAlign needs an [N, C, H, W] input");
  int64_t OH = In.node().attrInt("output_height", 1), OW = In.node().attrInt("output_width", 1);
  int64_t Ratio = In.node().attrInt("sampling_ratio", 0);
  Count Samples;
  if (Ratio > 0) {
    Samples = Count(uint64_t(Ratio)) * Count(uint64_t(Ratio));
  } else {
    uint64_t SH = (uint64_t(X[2]) + uint64_t(OH) - 1) / uint64_t(OH);
    uint64_t SW = (uint64_t(X[3]) + uint64_t(OW) - 1) / uint64_t(OW);
    Samples = Count(std::max<uint64_t>(SH, 1)) * Count(std::max<uint64_t>(SW, 1));
    W.Note = "sampling_ratio 0 (adaptive): counted at the worst case, regions as large as "
             "the feature map";
  }
  Count Out = In.outElems(0);
  W.ElementwiseFlops = Out * (Samples * Count(11) + Count(1));
  W.CustomBytes = true;
  Count Gathered = Out * Samples * Count(4);
  Count Elems = In.inElems(0), FeatureBytes = In.inBytes(0);
  if (!Gathered.overflowed() && !FeatureBytes.overflowed() && Gathered.value() < Elems.value())
    FeatureBytes = Count(uint64_t(double(FeatureBytes.value()) * double(Gathered.value()) /
                                  double(Elems.value())));
  (In.in(0).IsInitializer ? W.BytesReadWeights : W.BytesReadActivations) += FeatureBytes;
  W.BytesReadActivations += In.inBytes(1) + In.inBytes(2);
  W.BytesWritten = In.outBytes(0);
  return true;
}

bool costNonZero(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.inElems(0);
  return true;
}

bool costCompress(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.inElems(1);
  return true;
}

bool costUnique(const CostInput &In, OpWork &W) {
  Count N = In.inElems(0);
  W.ElementwiseFlops =
      N.overflowed() ? N : N * Count(ops::log2Ceil(std::max<uint64_t>(N.value(), 1)));
  return true;
}

} // namespace wattlint
