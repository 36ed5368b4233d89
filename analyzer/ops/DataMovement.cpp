//===- analyzer/ops/DataMovement.cpp - ops that only move bytes -----------===//
//
// Transpose, Reshape, Concat, Slice, Pad, Expand, Cast, Tile and their kin: no
// FLOPs; they read their inputs and write their outputs. Shape and Size read
// only metadata. Constant, ConstantOfShape and Range only write. Gather reads
// the indices and the gathered rows (not the whole table), and writes them.
// Col2Im adds every column element into its image position: 1 FLOP per input
// element. Sequence ops move their tensors' bytes (a sequence's bytes are its
// tensors'); SequenceAt reads only the tensor it returns, SequenceLength only
// metadata.
//
//===----------------------------------------------------------------------===//
#include "analyzer/ops/OpFamilies.h"

namespace wattlint {

bool costMove(const CostInput &In, OpWork &W) { return true; }

bool costMetadata(const CostInput &In, OpWork &W) {
  W.CustomBytes = true;
  for (unsigned I = 0; I < In.numOutputs(); ++I)
    if (In.hasOutput(I))
      W.BytesWritten += In.outBytes(I);
  return true;
}

bool costWriteOnly(const CostInput &In, OpWork &W) { return costMetadata(In, W); }

bool costGather(const CostInput &In, OpWork &W) {
  W.CustomBytes = true;
  Count Rows = In.outBytes(0);
  if (In.in(0).IsInitializer)
    W.BytesReadWeights = Rows;
  else
    W.BytesReadActivations = Rows;
  W.BytesReadActivations += In.inBytes(1);
  W.BytesWritten = In.outBytes(0);
  return true;
}

} // namespace wattlint

namespace wattlint {

bool costCol2Im(const CostInput &In, OpWork &W) {
  W.ElementwiseFlops = In.inElems(0);
  return true;
}

bool costSequenceAt(const CostInput &In, OpWork &W) {
  W.CustomBytes = true;
  W.BytesReadActivations = In.outBytes(0) + In.inBytes(1);
  W.BytesWritten = In.outBytes(0);
  return true;
}

namespace ops {

Count valueBytes(const Value &V) {
  if (!V.Sequence)
    return CostInput::bytes(V);
  Count Sum = 0;
  for (const SeqElem &E : *V.Sequence) {
    Value T;
    T.Type = E.Type;
    T.Shape = E.Shape;
    Sum += CostInput::bytes(T);
  }
  return Sum;
}

} // namespace ops
} // namespace wattlint
