//===- analyzer/OpRegistry.cpp - lookup in the operator table -------------===//
#include "analyzer/ops/OpFamilies.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

using namespace llvm;

namespace wattlint {

static const OpEntry Table[] = {
#define OP(Domain, OpType, Since, MinInputs, Fn, Shape, Family)                                    \
  {Domain, OpType, Since, MinInputs, Fn, Shape, Family},
#include "analyzer/ops/Ops.def"
};

ArrayRef<OpEntry> allOps() { return Table; }

/// Rows by op type, built on first use: a model costs one hash lookup a node.
static const StringMap<SmallVector<const OpEntry *, 2>> &byOp() {
  static const StringMap<SmallVector<const OpEntry *, 2>> ByOp = [] {
    StringMap<SmallVector<const OpEntry *, 2>> M;
    for (const OpEntry &E : Table)
      M[E.OpType].push_back(&E);
    return M;
  }();
  return ByOp;
}

/// The rows of OpType, or null. Graphs repeat a few op types (Conv, Relu,
/// Conv, Add): the last four answers are compared before hashing the name.
static const SmallVector<const OpEntry *, 2> *rowsOf(StringRef OpType) {
  struct Answer {
    std::string Op;
    const SmallVector<const OpEntry *, 2> *Rows = nullptr;
    bool Set = false;
  };
  static Answer Last[4];
  static unsigned Next = 0;
  for (const Answer &A : Last)
    if (A.Set && A.Op == OpType)
      return A.Rows;
  auto It = byOp().find(OpType);
  Answer &A = Last[Next++ % 4];
  A.Op = OpType.str();
  A.Rows = It == byOp().end() ? nullptr : &It->second;
  A.Set = true;
  return A.Rows;
}

const OpEntry *lookupShapeRule(StringRef Domain, StringRef OpType) {
  if (Domain == "ai.onnx")
    Domain = "";
  const SmallVector<const OpEntry *, 2> *Rows = rowsOf(OpType);
  if (!Rows)
    return nullptr;
  for (const OpEntry *E : *Rows)
    if (Domain == E->Domain)
      return E;
  return Rows->front();
}

const OpEntry *lookupOp(StringRef Domain, StringRef OpType, int64_t OpsetVersion) {
  if (Domain == "ai.onnx")
    Domain = "";
  const SmallVector<const OpEntry *, 2> *Rows = rowsOf(OpType);
  if (!Rows)
    return nullptr;
  const OpEntry *Best = nullptr;
  for (const OpEntry *P : *Rows) {
    const OpEntry &E = *P;
    if (Domain != E.Domain)
      continue;
    // Ops outside the default domain carry their own versions; accept any.
    if (!Domain.empty() || E.SinceVersion <= OpsetVersion)
      if (!Best || E.SinceVersion > Best->SinceVersion)
        Best = &E;
  }
  return Best;
}

Count CostInput::elems(const Dims &D) {
  Count N = 1;
  for (int64_t X : D)
    N *= Count::dim(X);
  return N;
}

Count CostInput::bytes(const Value &V) {
  if (!V.Shape)
    return Count::dim(-1);
  unsigned Bits = dtypeBits(V.Type);
  Count BitCount = elems(*V.Shape) * Count(Bits == 0 ? 8 : Bits);
  if (BitCount.overflowed())
    return BitCount;
  // Round up to whole bytes for the 4-bit types.
  return Count((BitCount.value() + 7) / 8);
}

namespace ops {

Count product(const Dims &D, size_t From, size_t To) {
  Count N = 1;
  if (To > D.size())
    To = D.size();
  for (size_t I = From; I < To; ++I)
    N *= Count::dim(D[I]);
  return N;
}

bool fail(OpWork &W, const std::string &Why) {
  W.Note = Why;
  return false;
}

int64_t normAxis(int64_t Axis, size_t Rank) {
  int64_t R = int64_t(Rank);
  if (Axis < -R || Axis >= R)
    return -1;
  return Axis < 0 ? Axis + R : Axis;
}

uint64_t log2Ceil(uint64_t N) {
  uint64_t D = 0;
  while (D < 63 && (uint64_t(1) << D) < N)
    ++D;
  return D;
}

std::optional<int64_t> dftAxis(const Node &N, bool HasAxisInput,
                               const std::vector<int64_t> *AxisValue) {
  if (N.OpsetVersion < 20)
    return N.attrInt("axis", 1);
  if (!HasAxisInput)
    return -2;
  if (!AxisValue || AxisValue->size() != 1)
    return std::nullopt;
  return AxisValue->front();
}

bool convMacs(const Dims &X, const Dims &Wt, const Dims &Y, Count &Macs) {
  if (X.size() < 3 || Wt.size() != X.size() || Y.size() != X.size())
    return false;
  Macs = Count::dim(Y[0]) * Count::dim(Y[1]) * product(Y, 2) * Count::dim(Wt[1]) *
         product(Wt, 2);
  return true;
}

bool matmulMacs(const Dims &A, const Dims &Y, Count &Macs) {
  if (A.empty())
    return false;
  // Y's elements already span the broadcast batch, M and N; each is a dot
  // product over K, A's last dim (A's only dim when A is a vector).
  Macs = CostInput::elems(Y) * Count::dim(A.back());
  return true;
}

} // namespace ops
} // namespace wattlint
