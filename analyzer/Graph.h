//===- analyzer/Graph.h - wattlint's graph IR -------------------*- C++ -*-===//
//
// The graph IR every front end produces and every analysis reads: values with
// element type and (possibly partial) shape, nodes with op type, domain,
// attributes and subgraphs. It holds no weight bytes, only the small integer and
// float constants that shape arithmetic needs.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ANALYZER_GRAPH_H
#define WATTLINT_ANALYZER_GRAPH_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Error.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wattlint {

/// Element types, numbered as ONNX's TensorProto.DataType.
enum class DType : int32_t {
  Undefined = 0,
  F32 = 1,
  U8 = 2,
  I8 = 3,
  U16 = 4,
  I16 = 5,
  I32 = 6,
  I64 = 7,
  String = 8,
  Bool = 9,
  F16 = 10,
  F64 = 11,
  U32 = 12,
  U64 = 13,
  C64 = 14,
  C128 = 15,
  BF16 = 16,
  F8E4M3FN = 17,
  F8E4M3FNUZ = 18,
  F8E5M2 = 19,
  F8E5M2FNUZ = 20,
  U4 = 21,
  I4 = 22,
  F4E2M1 = 23,
};

/// Storage size of one element in bits (4-bit types pack two to a byte); 0 when
/// the size is unknown (strings, undefined).
unsigned dtypeBits(DType T);
/// Short lower-case name: "f32", "bf16", "i64".
llvm::StringRef dtypeName(DType T);
bool isFloat(DType T);

/// A tensor shape: rank and dims, a dim of -1 is unknown.
using Dims = std::vector<int64_t>;

/// One tensor of a sequence value: its type, shape and, for a small integer
/// tensor, its contents.
struct SeqElem {
  DType Type = DType::Undefined;
  std::optional<Dims> Shape;
  std::optional<std::vector<int64_t>> IntData;
};

/// An optional value kept out of line: a null pointer when absent, so that a
/// field most values leave empty costs 8 bytes instead of sizeof(optional<T>)
/// (a million-value graph is 24 MB less per such field). Reads and writes
/// like std::optional; copies are deep.
template <typename T> class Boxed {
public:
  Boxed() = default;
  Boxed(std::nullopt_t) {}
  Boxed(T V) : P(std::make_unique<T>(std::move(V))) {}
  Boxed(const std::optional<T> &O) : P(O ? std::make_unique<T>(*O) : nullptr) {}
  Boxed(std::optional<T> &&O) : P(O ? std::make_unique<T>(std::move(*O)) : nullptr) {}
  Boxed(const Boxed &O) : P(O.P ? std::make_unique<T>(*O.P) : nullptr) {}
  Boxed(Boxed &&O) noexcept = default;
  Boxed &operator=(const Boxed &O) {
    if (this != &O)
      P = O.P ? std::make_unique<T>(*O.P) : nullptr;
    return *this;
  }
  Boxed &operator=(Boxed &&O) noexcept = default;

  bool has_value() const { return P != nullptr; }
  explicit operator bool() const { return P != nullptr; }
  T &operator*() { return *P; }
  const T &operator*() const { return *P; }
  T *operator->() { return P.get(); }
  const T *operator->() const { return P.get(); }
  T &value() { return *P; }
  const T &value() const { return *P; }
  template <typename... Args> T &emplace(Args &&...A) {
    P = std::make_unique<T>(std::forward<Args>(A)...);
    return *P;
  }
  void reset() { P.reset(); }
  operator std::optional<T>() const { return P ? std::optional<T>(*P) : std::nullopt; }

  friend bool operator==(const Boxed &A, const Boxed &B) {
    return A.P && B.P ? *A.P == *B.P : !A.P && !B.P;
  }
  friend bool operator!=(const Boxed &A, const Boxed &B) { return !(A == B); }

private:
  std::unique_ptr<T> P;
};

/// A vector most values or nodes leave empty, kept out of line: a null
/// pointer when empty (8 bytes instead of 24). Reads like a std::vector
/// (its iterators are pointers); copies are deep.
template <typename T> class BoxedVector {
public:
  using value_type = T;
  using iterator = T *;
  using const_iterator = const T *;
  BoxedVector() = default;
  BoxedVector(std::vector<T> V) { *this = std::move(V); }
  BoxedVector(const BoxedVector &O)
      : P(O.empty() ? nullptr : std::make_unique<std::vector<T>>(*O.P)) {}
  BoxedVector(BoxedVector &&O) noexcept = default;
  BoxedVector &operator=(const BoxedVector &O) {
    if (this != &O)
      P = O.empty() ? nullptr : std::make_unique<std::vector<T>>(*O.P);
    return *this;
  }
  BoxedVector &operator=(BoxedVector &&O) noexcept = default;
  BoxedVector &operator=(std::vector<T> V) {
    P = V.empty() ? nullptr : std::make_unique<std::vector<T>>(std::move(V));
    return *this;
  }

  T *begin() { return P ? P->data() : nullptr; }
  T *end() { return P ? P->data() + P->size() : nullptr; }
  const T *begin() const { return P ? P->data() : nullptr; }
  const T *end() const { return P ? P->data() + P->size() : nullptr; }
  size_t size() const { return P ? P->size() : 0; }
  bool empty() const { return !P || P->empty(); }
  T &operator[](size_t I) { return (*P)[I]; }
  const T &operator[](size_t I) const { return (*P)[I]; }
  T &front() { return P->front(); }
  const T &front() const { return P->front(); }
  T &back() { return P->back(); }
  const T &back() const { return P->back(); }
  void push_back(T V) { vec().push_back(std::move(V)); }
  template <typename... Args> T &emplace_back(Args &&...A) {
    return vec().emplace_back(std::forward<Args>(A)...);
  }
  void clear() { P.reset(); }

private:
  std::vector<T> &vec() {
    if (!P)
      P = std::make_unique<std::vector<T>>();
    return *P;
  }
  std::unique_ptr<std::vector<T>> P;
};

/// A sequence value's tensors, shared and never changed: a null pointer
/// for the many values that are no sequence (8 bytes where a shared_ptr is
/// 16). Reads like the shared_ptr it boxes; a copy shares the tensors.
class SequenceRef {
public:
  using List = std::vector<SeqElem>;
  SequenceRef() = default;
  SequenceRef(std::shared_ptr<const List> S) { *this = std::move(S); }
  SequenceRef(const SequenceRef &O) { *this = O; }
  SequenceRef(SequenceRef &&) noexcept = default;
  SequenceRef &operator=(const SequenceRef &O) {
    if (this != &O)
      P = O.P ? std::make_unique<std::shared_ptr<const List>>(*O.P) : nullptr;
    return *this;
  }
  SequenceRef &operator=(SequenceRef &&) noexcept = default;
  SequenceRef &operator=(std::shared_ptr<const List> S) {
    P = S ? std::make_unique<std::shared_ptr<const List>>(std::move(S)) : nullptr;
    return *this;
  }
  explicit operator bool() const { return P != nullptr; }
  const List &operator*() const { return **P; }
  const List *operator->() const { return P->get(); }
  void reset() { P.reset(); }
  friend bool operator==(const SequenceRef &S, std::nullptr_t) { return !S; }
  friend bool operator!=(const SequenceRef &S, std::nullptr_t) { return bool(S); }

private:
  std::unique_ptr<std::shared_ptr<const List>> P;
};

/// A value's shape: absent when even the rank is unknown, else one shared,
/// never-changed copy of its dims, kept once for the life of the process
/// (as InternedString keeps op types): 8 bytes a value and no allocation of
/// its own, where a std::optional<Dims> is 32 bytes and a heap block (a
/// million [1, 64] values share one copy). Reads like a
/// std::optional<Dims> that cannot be changed in place: assign a new shape,
/// or setDim() one dim.
class ShapeRef {
public:
  ShapeRef() = default;
  ShapeRef(std::nullopt_t) {}
  ShapeRef(const Dims &D) : P(intern(D)) {}
  ShapeRef(std::initializer_list<int64_t> L) : ShapeRef(Dims(L)) {}
  ShapeRef(const std::optional<Dims> &O) : P(O ? intern(*O) : nullptr) {}
  ShapeRef &operator=(std::nullopt_t) {
    P = nullptr;
    return *this;
  }

  bool has_value() const { return P != nullptr; }
  explicit operator bool() const { return P != nullptr; }
  const Dims &operator*() const { return *P; }
  const Dims *operator->() const { return P; }
  const Dims &value() const { return *P; }
  void reset() { P = nullptr; }
  /// This shape with dim K set to D (K below the rank).
  void setDim(size_t K, int64_t D);
  operator std::optional<Dims>() const { return P ? std::optional<Dims>(*P) : std::nullopt; }

  friend bool operator==(const ShapeRef &A, const ShapeRef &B) { return A.P == B.P; }
  friend bool operator!=(const ShapeRef &A, const ShapeRef &B) { return A.P != B.P; }

private:
  /// The one copy of D, never freed.
  static const Dims *intern(const Dims &D);
  const Dims *P = nullptr;
};

struct Value {
  /// The flags are bits beside Type (a million-value graph is 8 MB smaller);
  /// they start false.
  Value()
      : IsInitializer(false), IsGraphInput(false), IsExternal(false), IsOuterRef(false),
        IsBuffer(false), IsWorstCase(false), TypeStated(false) {}

  std::string Name;
  /// Empty when even the rank is unknown.
  ShapeRef Shape;
  DType Type = DType::Undefined;
  bool IsInitializer : 1;
  bool IsGraphInput : 1;
  /// Data stored outside the model file (never opened).
  bool IsExternal : 1;
  /// A subgraph's copy of a value of an enclosing graph (refreshed from it).
  bool IsOuterRef : 1;
  /// An initializer that is state, not trained (a C++ model's
  /// register_buffer): counted as buffers, apart from the parameters.
  bool IsBuffer : 1;
  /// The shape (or contents) holds a worst case the analysis assumed for a
  /// size only the data decides (an Assumption), or derives from one: a dim
  /// there bounds the run-time one instead of equalling it, so a mismatch
  /// with another dim is no proof the model is invalid.
  bool IsWorstCase : 1;
  /// The element type is the file's word for an op's output (a graph
  /// output's or a value_info's declaration): the op must make that type.
  bool TypeStated : 1;
  /// Known contents of small integer tensors (shape arithmetic), flattened.
  Boxed<std::vector<int64_t>> IntData;
  /// Known contents of small float tensors (e.g. Resize scales).
  Boxed<std::vector<double>> FloatData;
  /// Main-graph inputs: per axis, the name of a symbolic dim ("" for a fixed
  /// one). The symbolic dims stay in the IR; bindSymbolicDims() binds them.
  BoxedVector<std::string> SymDims;
  /// The shape the front end declared, before any inference (symbolic dims
  /// unknown): what a re-binding starts from.
  ShapeRef Declared;

  /// A sequence value (SequenceConstruct, SplitToSequence, ...): its tensors,
  /// when their number is known (null otherwise). Shared and never changed,
  /// so that passing a sequence on copies nothing. Shape stays empty: a
  /// sequence has none.
  SequenceRef Sequence;

  /// True when the rank and every dim are known.
  bool shapeKnown() const;
  /// True for a sequence of known length whose tensors' shapes are all known.
  bool sequenceKnown() const;
  /// Element count of a known shape; nullopt if unknown or on overflow.
  std::optional<uint64_t> numElements() const;
};

struct Graph;

/// A tensor attribute (Constant's value, ConstantOfShape's fill): type, dims
/// and, for small tensors, the contents.
struct TensorConst {
  DType Type = DType::Undefined;
  Dims Shape;
  std::optional<std::vector<int64_t>> IntData;
  std::optional<std::vector<double>> FloatData;
};

/// One attribute; only the fields its kind uses are set.
struct Attribute {
  enum class Kind { Int, Float, String, Ints, Floats, Strings, Graph, Tensor, Other };
  Kind K = Kind::Other;
  int64_t I = 0;
  double F = 0;
  std::string S;
  std::vector<int64_t> Ints;
  std::vector<double> Floats;
  std::vector<std::string> Strings;
  TensorConst Tensor;
};

/// A node's input or output value ids: 16 bytes, inline up to two (the
/// common node allocates nothing for them; a million-node graph is 32 MB
/// smaller than with a SmallVector<int, 4> per list). Reads like a vector
/// (its iterators are pointers); copies are deep, moves never allocate.
class ValueIds {
public:
  using value_type = int;
  using iterator = int *;
  using const_iterator = const int *;
  ValueIds() = default;
  ValueIds(std::initializer_list<int> L) { assign(L.begin(), L.end()); }
  template <typename It> ValueIds(It B, It E) { assign(B, E); }
  ValueIds(const ValueIds &O) { assign(O.begin(), O.end()); }
  ValueIds(ValueIds &&O) noexcept { take(O); }
  ValueIds &operator=(const ValueIds &O) {
    if (this != &O)
      assign(O.begin(), O.end());
    return *this;
  }
  ValueIds &operator=(ValueIds &&O) noexcept {
    if (this != &O) {
      release();
      take(O);
    }
    return *this;
  }
  ValueIds &operator=(std::initializer_list<int> L) {
    assign(L.begin(), L.end());
    return *this;
  }
  ~ValueIds() { release(); }

  int *begin() { return data(); }
  int *end() { return data() + Size; }
  const int *begin() const { return data(); }
  const int *end() const { return data() + Size; }
  int *data() { return Cap > InlineCap ? Heap : Inline; }
  const int *data() const { return Cap > InlineCap ? Heap : Inline; }
  size_t size() const { return Size; }
  bool empty() const { return Size == 0; }
  int &operator[](size_t I) { return data()[I]; }
  int operator[](size_t I) const { return data()[I]; }
  int &front() { return data()[0]; }
  int front() const { return data()[0]; }
  int &back() { return data()[Size - 1]; }
  int back() const { return data()[Size - 1]; }
  void clear() { Size = 0; }
  void push_back(int V) {
    if (Size == Cap)
      grow(Cap * 2);
    data()[Size++] = V;
  }
  void resize(size_t N, int V = 0) {
    if (N > Cap)
      grow(N);
    for (size_t I = Size; I < N; ++I)
      data()[I] = V;
    Size = static_cast<uint32_t>(N);
  }
  template <typename It> void assign(It B, It E) {
    clear();
    size_t N = static_cast<size_t>(std::distance(B, E));
    if (N > Cap)
      grow(N);
    for (int *D = data(); B != E; ++B)
      D[Size++] = *B;
  }
  void assign(std::initializer_list<int> L) { assign(L.begin(), L.end()); }
  friend bool operator==(const ValueIds &A, const ValueIds &B) {
    return std::equal(A.begin(), A.end(), B.begin(), B.end());
  }
  friend bool operator!=(const ValueIds &A, const ValueIds &B) { return !(A == B); }

private:
  static constexpr uint32_t InlineCap = 2;
  void grow(size_t N) {
    int *P = new int[N];
    std::copy(begin(), end(), P);
    release();
    Heap = P;
    Cap = static_cast<uint32_t>(N);
  }
  void release() {
    if (Cap > InlineCap)
      delete[] Heap;
  }
  void take(ValueIds &O) {
    std::memcpy(Inline, O.Inline, sizeof(Inline)); // Heap included
    Size = O.Size;
    Cap = O.Cap;
    O.Size = 0;
    O.Cap = InlineCap;
  }
  union {
    int Inline[InlineCap] = {};
    int *Heap;
  };
  static_assert(sizeof(Inline) >= sizeof(Heap), "Inline must cover Heap");
  uint32_t Size = 0;
  uint32_t Cap = InlineCap;
};

/// A node's attributes by name: a std::map allocated on the first attribute,
/// so that the many nodes without attributes (Add, Relu) cost 8 bytes for
/// it instead of 48.
class AttrMap {
public:
  using Map = std::map<std::string, Attribute>;
  using const_iterator = Map::const_iterator;
  AttrMap() = default;
  AttrMap(const AttrMap &O) : M(O.M && !O.M->empty() ? std::make_unique<Map>(*O.M) : nullptr) {}
  AttrMap(AttrMap &&) noexcept = default;
  AttrMap &operator=(const AttrMap &O) {
    if (this != &O)
      M = O.M && !O.M->empty() ? std::make_unique<Map>(*O.M) : nullptr;
    return *this;
  }
  AttrMap &operator=(AttrMap &&) noexcept = default;

  Attribute &operator[](const std::string &Name) {
    if (!M)
      M = std::make_unique<Map>();
    return (*M)[Name];
  }
  const_iterator find(const std::string &Name) const { return map().find(Name); }
  size_t count(const std::string &Name) const { return map().count(Name); }
  const_iterator begin() const { return map().begin(); }
  const_iterator end() const { return map().end(); }
  size_t size() const { return M ? M->size() : 0; }
  bool empty() const { return !M || M->empty(); }

private:
  const Map &map() const {
    static const Map Empty;
    return M ? *M : Empty;
  }
  std::unique_ptr<Map> M;
};

/// A string most nodes leave empty (a doc string, a source location): a
/// null pointer when empty, 8 bytes instead of a std::string's 32.
class RareString {
public:
  RareString() = default;
  explicit RareString(llvm::StringRef S) { assign(S); }
  explicit RareString(const std::string &S) { assign(S); }
  explicit RareString(const char *S) { assign(S); }
  RareString(const RareString &O) { assign(O); }
  RareString(RareString &&) noexcept = default;
  RareString &operator=(const RareString &O) {
    if (this != &O)
      assign(O);
    return *this;
  }
  RareString &operator=(RareString &&) noexcept = default;
  RareString &operator=(llvm::StringRef S) {
    assign(S);
    return *this;
  }
  RareString &operator=(const std::string &S) { return *this = llvm::StringRef(S); }
  RareString &operator=(const char *S) { return *this = llvm::StringRef(S); }

  bool empty() const { return !P; }
  size_t size() const { return P ? P->size() : 0; }
  const std::string &str() const {
    static const std::string Empty;
    return P ? *P : Empty;
  }
  const char *c_str() const { return str().c_str(); }
  operator llvm::StringRef() const { return str(); }
  operator const std::string &() const { return str(); }
  friend bool operator==(const RareString &A, const RareString &B) { return A.str() == B.str(); }
  friend bool operator==(const RareString &A, llvm::StringRef B) { return A.str() == B; }
  friend bool operator==(llvm::StringRef A, const RareString &B) { return A == B.str(); }
  friend bool operator!=(const RareString &A, const RareString &B) { return !(A == B); }
  friend bool operator!=(const RareString &A, llvm::StringRef B) { return !(A == B); }
  friend bool operator!=(llvm::StringRef A, const RareString &B) { return !(A == B); }

private:
  void assign(llvm::StringRef S) { P = S.empty() ? nullptr : std::make_unique<std::string>(S); }
  std::unique_ptr<std::string> P;
};

/// A place in a model's source and what it says there ("only the last step
/// is read here"): a compiler's note, a SARIF related location.
struct SourceNote {
  std::string File;
  unsigned Line = 0, Column = 0; // from 1; Column 0: unknown
  std::string Message;
  /// "file:line:col" (":col" left out when unknown), as Node::Location.
  std::string place() const;
};
/// A symbolic dim's name that says batch: N, B, batch, batch_size, bs (any
/// case).
bool batchLikeName(llvm::StringRef Name);

/// Location ("file:line:col", as Node::Location) with Message; nullopt
/// unless the file is named and line and column are positive numbers.
std::optional<SourceNote> sourceNote(llvm::StringRef Location, std::string Message);

/// A string from the small set that many nodes share (op types, domains),
/// kept once for the life of the process: 8 bytes a node instead of a
/// std::string's 32, and no copy per node. Reads like a const std::string.
class InternedString {
public:
  InternedString() = default;
  explicit InternedString(llvm::StringRef S) : P(intern(S)) {}
  explicit InternedString(const std::string &S) : P(intern(S)) {}
  InternedString(const char *S) : P(intern(S)) {}
  InternedString &operator=(llvm::StringRef S) {
    P = intern(S);
    return *this;
  }
  InternedString &operator=(const std::string &S) { return *this = llvm::StringRef(S); }
  InternedString &operator=(const char *S) { return *this = llvm::StringRef(S); }

  const std::string &str() const { return P ? *P : emptyString(); }
  operator const std::string &() const { return str(); }
  operator llvm::StringRef() const { return str(); }
  /// For fmt, which formats what converts to a string_view.
  operator std::string_view() const { return str(); }
  llvm::StringRef ref() const { return str(); }
  bool empty() const { return !P; }
  size_t size() const { return P ? P->size() : 0; }
  const char *c_str() const { return str().c_str(); }

  friend bool operator==(const InternedString &A, const InternedString &B) { return A.P == B.P; }
  friend bool operator==(const InternedString &A, llvm::StringRef B) { return A.ref() == B; }
  friend bool operator==(llvm::StringRef A, const InternedString &B) { return A == B.ref(); }
  friend bool operator==(const InternedString &A, const std::string &B) { return A.str() == B; }
  friend bool operator==(const std::string &A, const InternedString &B) { return A == B.str(); }
  friend bool operator==(const InternedString &A, const char *B) { return A.ref() == B; }
  friend bool operator==(const char *A, const InternedString &B) { return B.ref() == A; }
  template <typename T> friend bool operator!=(const InternedString &A, const T &B) {
    return !(A == B);
  }
  friend bool operator!=(llvm::StringRef A, const InternedString &B) { return !(A == B); }
  friend bool operator!=(const std::string &A, const InternedString &B) { return !(A == B); }
  friend bool operator!=(const char *A, const InternedString &B) { return !(A == B); }
  friend std::string operator+(const std::string &A, const InternedString &B) {
    return A + B.str();
  }
  friend std::string operator+(std::string &&A, const InternedString &B) {
    return std::move(A) + B.str();
  }
  friend std::string operator+(const char *A, const InternedString &B) { return A + B.str(); }
  friend std::string operator+(const InternedString &A, const std::string &B) {
    return A.str() + B;
  }
  friend std::string operator+(const InternedString &A, const char *B) { return A.str() + B; }
  template <typename Stream> friend Stream &operator<<(Stream &OS, const InternedString &S) {
    OS << S.str();
    return OS;
  }

private:
  /// The one copy of S (null for ""), never freed.
  static const std::string *intern(llvm::StringRef S);
  static const std::string &emptyString();
  const std::string *P = nullptr;
};

struct Node {
  std::string Name;
  InternedString OpType;
  InternedString Domain; // "" for the default ONNX domain
  /// Opset version the model imports for this node's domain.
  int64_t OpsetVersion = 0;
  /// Value ids in the owning graph (outer-scope values are imported into it);
  /// -1 marks an omitted optional input or output.
  ValueIds Inputs;
  ValueIds Outputs;
  AttrMap Attrs;
  /// Subgraphs by attribute name (If: then_branch/else_branch, Loop/Scan: body).
  BoxedVector<std::pair<std::string, std::unique_ptr<Graph>>> Subgraphs;
  RareString DocString;
  /// Where the front end found the node in the model's source, as
  /// "file:line:col" (the C++ front end); "" when it knows none.
  RareString Location;
  /// Position in the graph's node list as read.
  unsigned Index = 0;

  const Attribute *attr(llvm::StringRef N) const;
  int64_t attrInt(llvm::StringRef N, int64_t Default) const;
  double attrFloat(llvm::StringRef N, double Default) const;
  std::string attrString(llvm::StringRef N, llvm::StringRef Default) const;
  /// The ints of attribute N, or nullopt when it is absent.
  std::optional<std::vector<int64_t>> attrInts(llvm::StringRef N) const;
  Graph *subgraph(llvm::StringRef AttrName) const;
  /// Name for messages: the node's name, or "#index OpType (first output)".
  std::string displayName(const struct Graph &G) const;
  /// displayName() appended to Out (a profile names every unnamed node).
  void appendDisplayName(llvm::SmallVectorImpl<char> &Out, const struct Graph &G) const;
};

struct Graph {
  std::string Name;
  std::vector<Value> Values;
  std::vector<Node> Nodes; // topologically sorted once read
  std::vector<int> Inputs;  // graph inputs that are not initializers
  std::vector<int> Outputs;
  /// Value ids by name; the entries live in one allocator, not one
  /// allocation per value. Empty after dropValueIndex() until find() or
  /// getOrAddValue() builds it again from Values.
  mutable llvm::StringMap<int, llvm::BumpPtrAllocator> ValueByName;
  /// The graph enclosing this subgraph, or null for the main graph.
  Graph *Parent = nullptr;

  /// The id of the value named N, creating an empty one if needed.
  int getOrAddValue(llvm::StringRef N);
  /// The id of the value named N, or -1.
  int find(llvm::StringRef N) const;
  /// Frees ValueByName (a million-value graph's is ~50 MB) once reading
  /// is done; the next find() or getOrAddValue() builds it again.
  void dropValueIndex();
  Value &value(int Id) { return Values[Id]; }
  const Value &value(int Id) const { return Values[Id]; }
  /// Reorders Nodes topologically; fails on a cycle or an input nothing
  /// produces.
  llvm::Error sortTopologically();
  /// Points every subgraph's Parent at its enclosing graph again (a moved
  /// Model leaves them pointing at the old place).
  void relinkSubgraphs();

private:
  /// Builds ValueByName from Values where it was dropped (the first value
  /// of a name wins, as getOrAddValue() keeps it).
  void indexValues() const;
};

/// A size that only running the model decides (the boxes NonMaxSuppression
/// keeps, NonZero's count, a Loop's steps under a run-time condition): the
/// value the analysis used, the user's or the worst case the node's inputs
/// bound, and what that bound is.
struct Assumption {
  /// The node's name for messages (as Node::displayName) and its op.
  std::string Node, Op;
  /// What the value counts, also the --assume key for every such node:
  /// "boxes", "nonzero", "k", "selected", "unique", "steps".
  std::string Kind;
  /// The value costed; -1 when neither the user nor the inputs bound it (the
  /// node's outputs stay unresolved).
  int64_t Value = -1;
  /// True when the user gave the value (by node name or kind).
  bool Stated = false;
  /// The worst case and where it comes from ("max_output_boxes_per_class 100
  /// x 90 classes x 1 image"), or why there is none.
  std::string Bound;
  /// True when the model file states the value (the output shape declared
  /// for the node), which is then the value costed.
  bool FromFile = false;
};

struct Model {
  std::string Path;
  int64_t IrVersion = 0;
  std::string ProducerName;
  std::string ProducerVersion;
  /// Opset version per domain ("" is the default domain).
  std::map<std::string, int64_t> Opsets;
  Graph Main;
  /// Symbolic dims with the value used and whether the user bound them.
  std::vector<std::pair<std::string, int64_t>> BoundDims;
  std::vector<std::string> DefaultedDims;
  /// The batch, if any: the symbolic name of the first input's first dim,
  /// else of its first dim named as a batch (batchLikeName: a
  /// sequence-first [T, N] input).
  std::string BatchDim;
  /// Non-fatal messages from reading (shape inference, unknown domains).
  std::vector<std::string> Warnings;
  /// True when some shapes came from the front end's own inference (ONNX's),
  /// which bindSymbolicDims() cannot redo: re-bind through the front end.
  bool FrontEndShapes = false;
  /// True once recordDeclaredShapes() ran: the IR can be re-bound.
  bool DeclaredShapes = false;
  /// The user's values for data-dependent quantities (--assume KEY=N), by
  /// node name or kind (see Assumption); read by the shape rules.
  std::map<std::string, int64_t> Assume;
  /// Every data-dependent quantity the shape rules met, as last bound.
  std::vector<Assumption> Assumptions;
  /// Places in the source that concern every finding on a node with a
  /// location (the C++ front end: the construction site that bound the
  /// model's hyper-parameters).
  std::vector<SourceNote> SourceNotes;
  /// Where the front end made an initializer that no node may read, by
  /// name ("file:line:col": a C++ layer registered but never called), for
  /// the finding that names it.
  std::map<std::string, std::string> InitializerPlaces;
  /// The `wattlint: allow ...` comment at such a place, by "file:line:col":
  /// it suppresses a finding located there that has no node (a node's own
  /// comment is in its DocString).
  std::map<std::string, std::string> AllowAt;
};

/// A deep copy (subgraphs included), for binding one graph at several dims.
Model cloneModel(const Model &M);
/// Records every value's shape as declared (before inference); the named
/// symbolic dims of main-graph inputs are recorded as unknown.
void recordDeclaredShapes(Model &M);

} // namespace wattlint

#endif
