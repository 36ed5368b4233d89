//===- analyzer/shapes/ShapeRuleUtil.h - what shape rules share -*- C++ -*-===//
//
// The context a shape rule reads and writes (ShapeCtx), and the helpers that
// more than one family of rules under analyzer/shapes/ uses. Internal to the
// analyzer: the pass is analyzer/ShapeRules.h.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ANALYZER_SHAPES_SHAPERULEUTIL_H
#define WATTLINT_ANALYZER_SHAPES_SHAPERULEUTIL_H

#include "analyzer/Count.h"
#include "analyzer/ShapeRules.h"
#include "analyzer/ops/OpFamilies.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace wattlint {

namespace shapes {
/// Folded constants stay small; shapes are what they are for.
constexpr size_t MaxFolded = 4096;
/// Sequences longer than this are left unknown.
constexpr size_t MaxSeqLength = 1024;
/// A dim above this is not a shape anybody runs (2^48 elements on one axis).
constexpr int64_t MaxDim = int64_t(1) << 48;

using Ints = std::vector<int64_t>;
} // namespace shapes

/// What a shape rule reads and writes: one node of a graph.
struct ShapeCtx {
  Graph &G;
  Node &N;
  /// Sequence tensors the pass may still create (a bound on memory: a model
  /// of many SequenceInserts would otherwise grow quadratically).
  size_t *SeqBudget = nullptr;
  /// The model: the user's assumptions, and where the data-dependent sizes
  /// met are recorded (null in a pass that records none).
  Model *M = nullptr;
  /// A size that only running the model decides (Assumption::Kind): the
  /// user's value (by the node's name, then by Kind), else Worst, the bound
  /// the inputs give (-1: none); recorded so the output says what was used.
  int64_t assume(const char *Kind, int64_t Worst, std::string Bound) {
    Assumed = true;
    if (!M)
      return Worst;
    Assumption A{N.displayName(G), N.OpType, Kind, Worst, false, std::move(Bound)};
    if (std::optional<int64_t> U = userAssumption(*M, A.Node, Kind))
      A.Value = *U, A.Stated = true;
    int64_t V = A.Value;
    M->Assumptions.push_back(std::move(A));
    return V;
  }
  /// Set by assume(): the node's outputs hold a worst case (or the user's
  /// value), and a dim the file states for them may well be the real one.
  bool Assumed = false;
  /// True when the value assume() last returned is the user's, not a bound.
  bool userAssumed() const { return M && !M->Assumptions.empty() && M->Assumptions.back().Stated; }
  /// True when an input's shape holds or derives from a worst case
  /// (Value::IsWorstCase): checks that compare its dims must not refuse it.
  bool worstCase() const {
    for (int I : N.Inputs)
      if (I >= 0 && G.value(I).IsWorstCase)
        return true;
    return false;
  }
  /// Set when the node's inputs make a shape that no valid model has.
  std::string Invalid = {};
  void invalid(const std::string &Why) {
    if (Invalid.empty())
      Invalid = Why;
  }
  bool has(unsigned I) const { return I < N.Inputs.size() && N.Inputs[I] >= 0; }
  bool hasOut(unsigned I) const { return I < N.Outputs.size() && N.Outputs[I] >= 0; }
  /// Input I, or an empty value (nothing known) when the node omits it: a
  /// model may leave out any input, a required one included.
  Value &in(unsigned I) {
    if (has(I))
      return G.value(N.Inputs[I]);
    AbsentIn = Value();
    return AbsentIn;
  }
  Value AbsentIn = {};
  /// Output I, or a scratch value when the node omits it (writes vanish).
  Value &out(unsigned I) {
    if (!hasOut(I)) {
      Scratch = Value();
      return Scratch;
    }
    return G.value(N.Outputs[I]);
  }
  Value Scratch = {};
  const Dims *shape(unsigned I) { return has(I) && in(I).Shape ? &*in(I).Shape : nullptr; }
  const shapes::Ints *ints(unsigned I) {
    return has(I) && in(I).IntData ? &*in(I).IntData : nullptr;
  }
  /// Sets output I's shape (only where unknown) and its type if unset.
  void set(unsigned I, Dims D, DType T = DType::Undefined) {
    if (!hasOut(I))
      return;
    Value &V = out(I);
    if (V.Type == DType::Undefined && T != DType::Undefined)
      V.Type = T;
    else
      typeStated(V, T);
    for (int64_t &X : D) {
      if (X > shapes::MaxDim)
        invalid("output dim " + std::to_string(X) + " is absurd (above 2^48)");
      if (X < 0 || X > shapes::MaxDim)
        X = -1;
    }
    // A shape the file states for the output (a graph output's declared
    // type) is kept where the op leaves a dim unknown; one the op
    // contradicts is a model no runtime runs, not a count to take on trust.
    bool Contradicts = V.Shape && V.Shape->size() != D.size();
    if (!V.Shape || Contradicts) {
      if (!V.shapeKnown())
        V.Shape = std::move(D);
      else if (!Assumed && !worstCase())
        stated(V, D);
      return;
    }
    for (size_t K = 0; K < D.size(); ++K) {
      int64_t File = (*V.Shape)[K];
      if (File < 0) {
        V.Shape.setDim(K, D[K]);
        continue;
      }
      if (D[K] < 0 || D[K] == File)
        continue;
      // The op and the file disagree on dim K.
      if (Assumed && File > D[K] && !userAssumed())
        return stated(V, D); // above the worst case: no run makes it
      if (Assumed)
        statedCount(V, D[K], File);
      else if (!worstCase())
        return stated(V, D);
    }
  }
  /// A data-dependent count the file states for output V (File) where the
  /// node assumed Worst: the assumption records the count costed.
  void statedCount(const Value &V, int64_t Worst, int64_t File);
  /// Records the error for an output whose stated shape the op contradicts
  /// (reported when the rule finds nothing more specific).
  void stated(const Value &V, const Dims &D);
  std::string Contradiction = {};
  /// Why the node is invalid, or "".
  const std::string &why() const { return Invalid.empty() ? Contradiction : Invalid; }
  void setType(unsigned I, DType T) {
    if (hasOut(I) && out(I).Type == DType::Undefined)
      out(I).Type = T;
    else if (hasOut(I))
      typeStated(out(I), T);
  }
  /// Records the error for an output whose element type, as the file
  /// states it (a graph output, a value_info), is not the one the op makes
  /// (T; Undefined: the op does not say).
  void typeStated(const Value &V, DType T);
  DType type(unsigned I) { return has(I) ? in(I).Type : DType::Undefined; }
  void setInts(unsigned I, shapes::Ints V, Dims Shape) {
    if (!hasOut(I) || V.size() > shapes::MaxFolded)
      return;
    set(I, Shape, DType::I64);
    out(I).IntData = std::move(V);
  }
};

namespace shapes {

using Ctx = ShapeCtx;

// ---- axes, dims and messages ------------------------------------------------

/// Axis (negative: from the end) normalized against Rank: in [-Rank, Rank),
/// or in [-Rank, Rank] when OrEnd (an axis that may also name the end, as
/// Flatten's). Out of range, the node is invalid ("axis A is out of range for
/// rank R") and the result -1. Every rule that reads an axis goes through
/// this (or axisOfInput, axesIn, axisMask): an axis no valid model has is an
/// error, not an unknown shape.
int64_t axisOf(Ctx &C, int64_t Axis, size_t Rank, bool OrEnd = false);
/// Input 0's shape X and the node's "axis" attribute (Default when absent)
/// normalized against X's rank (axisOf); false when X is unknown or the axis
/// out of range.
bool axisOfInput(Ctx &C, const Dims *&X, int64_t &Axis, int64_t Default = 0);
/// A list of axes normalized against Rank, in its order (axisOf); one named
/// twice (-1 and Rank - 1 included) also makes the node invalid ("axes [1,
/// -1] name axis 1 twice"). Nullopt when the node is invalid.
std::optional<Ints> axesIn(Ctx &C, const Ints &Axes, size_t Rank);
/// Which of Rank axes Axes names (axesIn); nullopt when the node is invalid.
std::optional<std::vector<bool>> axisMask(Ctx &C, const Ints &Axes, size_t Rank);
/// The axes of a Reduce* / Squeeze / Unsqueeze: the "axes" attribute, else
/// input InputIdx (since opset 13 / 18), else none (empty); nullopt when the
/// input is given but not known.
std::optional<Ints> axesOf(Ctx &C, unsigned InputIdx);
/// Checks that each of Inputs, where given and of known shape, is a vector
/// of Length elements (a bias, a scale, a running statistic), naming the
/// first that is not (C.invalid); false then. Length < 0: not checked.
bool vectorsOf(Ctx &C, std::initializer_list<unsigned> Inputs, int64_t Length, const char *Of);
/// Checks that input I, where given and of known shape, has Want's rank and
/// its dims where both are known (-1 in Want: any), naming it What
/// (C.invalid); false when it does not.
bool inputShaped(Ctx &C, unsigned I, const Dims &Want, const char *What);
/// Product of D[From..To); -1 when a dim is unknown or the product is above
/// MaxDim.
int64_t prodDims(const Dims &D, size_t From, size_t To);
/// A list of numbers for messages: "[1, 2, 3]".
std::string listStr(const Ints &V);

// ---- small known contents ---------------------------------------------------

/// True when every dim of S is known and S has at most MaxFolded elements
/// (and no dim above it): a tensor small enough to fold.
bool smallShape(const Dims &S);
/// Row-major strides of a small shape.
Ints stridesOf(const Dims &S);
/// Offsets 0, Stride, 2 * Stride, ... of the N positions of one axis.
Ints axisOffsets(int64_t N, int64_t Stride, int64_t First = 0);

/// Folds a rearrangement of known data (transpose, slice, gather, tile,
/// broadcast): output element (i_0, ..., i_r-1), in row-major order, reads
/// Data[Off[0][i_0] + ... + Off[r-1][i_r-1]]; nullopt when the result is not
/// small or an offset falls outside Data.
template <class T>
std::optional<std::vector<T>> gatherFlat(const std::vector<T> &Data, const std::vector<Ints> &Off) {
  size_t N = 1;
  for (const Ints &O : Off) {
    if (O.size() > MaxFolded)
      return std::nullopt;
    N *= O.size();
    if (N > MaxFolded)
      return std::nullopt;
  }
  std::vector<T> R;
  R.reserve(N);
  std::vector<size_t> Idx(Off.size(), 0);
  for (size_t E = 0; E < N; ++E) {
    int64_t Flat = 0;
    for (size_t K = 0; K < Off.size(); ++K)
      Flat += Off[K][Idx[K]];
    if (Flat < 0 || size_t(Flat) >= Data.size())
      return std::nullopt;
    R.push_back(Data[size_t(Flat)]);
    for (size_t K = Off.size(); K-- > 0;) {
      if (++Idx[K] < Off[K].size())
        break;
      Idx[K] = 0;
    }
  }
  return R;
}

/// Input I's contents when they are known, small and match its known shape.
const Ints *knownData(Ctx &C, unsigned I);
/// Input I's known contents broadcast to the small shape Out.
std::optional<Ints> broadcastData(Ctx &C, unsigned I, const Dims &Out);
/// Input I's known contents as numbers (floats, or integers widened), when
/// small and matching its known shape.
std::optional<std::vector<double>> knownNumbers(Ctx &C, unsigned I);
/// V as a tensor of type T holds it: rounded to the nearest float32, float16
/// or bfloat16 (ties to even; infinite past the type's range), as is for
/// float64. A fold of a float32 op rounds each result so: a chain folds to
/// the value a runtime computes in float32 (10 x 0.7f is exactly 7 there,
/// 6.99... in double).
double roundToType(double V, DType T);
/// Input I's known numbers broadcast to the small shape Out.
std::optional<std::vector<double>> broadcastNumbers(Ctx &C, unsigned I, const Dims &Out);

// ---- rules more than one family uses ----------------------------------------

/// Output 0 has input 0's shape and type.
void sameAsInput(Ctx &C);
/// sameAsInput for an op that works along its "axis" attribute (Default when
/// absent), which must name an axis of input 0 (Softmax, LpNormalization).
void sameAlongAxis(Ctx &C, int64_t Default);

/// Output spatial dims of Conv / pooling; Kernel from the attribute or W,
/// the output's element type T (Undefined: X's) (Conv.cpp).
void ruleWindow(Ctx &C, const Dims &X, Dims Kernel, int64_t OutChannels, bool Pool,
                DType T = DType::Undefined);
/// Conv with X and W at inputs XIdx and WIdx and output type T (Conv.cpp;
/// also ConvInteger's and QLinearConv's).
void ruleConv(Ctx &C, unsigned XIdx, unsigned WIdx, DType T);
/// MatMul with output type T (MatMul.cpp; also the quantized products').
void ruleMatMul(Ctx &C, DType T);

/// The shape of a concatenation of Parts along Axis: the other dims must
/// agree; the sum is checked. Sets C.Invalid and returns nullopt on a
/// mismatch (ConcatSplit.cpp; also ConcatFromSequence's).
std::optional<Dims> concatShape(Ctx &C, const std::vector<const Dims *> &Parts, size_t Axis);

/// Known contents of a concatenation: for each row of the dims before Axis,
/// each part's slab in turn. Nullopt unless every part is known and small.
template <class T>
std::optional<std::vector<T>> concatData(const std::vector<const Dims *> &Shapes,
                                         const std::vector<const std::vector<T> *> &Data,
                                         size_t Axis, const Dims &Y) {
  if (!smallShape(Y) || llvm::any_of(Data, [](const std::vector<T> *V) { return !V; }))
    return std::nullopt;
  int64_t Rows = prodDims(Y, 0, Axis);
  std::vector<T> R;
  for (int64_t Row = 0; Row < Rows; ++Row)
    for (size_t I = 0; I < Data.size(); ++I) {
      int64_t Slab = prodDims(*Shapes[I], Axis, Shapes[I]->size());
      if (Slab < 0 || int64_t(Data[I]->size()) < (Row + 1) * Slab)
        return std::nullopt;
      R.insert(R.end(), Data[I]->begin() + Row * Slab, Data[I]->begin() + (Row + 1) * Slab);
    }
  return R;
}

/// The sizes Split or SplitToSequence cut a dim of Dim elements into (Dim may
/// be unknown when Sizes are given): checked against Dim, each >= 0
/// (ConcatSplit.cpp, as are the two below).
bool checkSplitSizes(Ctx &C, const Ints &Sizes, int64_t Dim);
/// Part Index of X cut along Axis at [First, First + Size): its shape, and
/// its contents when X's are known.
SeqElem splitPart(Ctx &C, size_t Axis, int64_t First, int64_t Size, bool KeepAxis);
/// Equal parts of a dim of Dim elements, the last one smaller (Split-18's
/// num_outputs, SplitToSequence's scalar split).
Ints equalParts(int64_t Dim, int64_t Parts, int64_t Chunk);

} // namespace shapes
} // namespace wattlint

#endif
