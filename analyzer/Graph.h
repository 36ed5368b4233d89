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
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
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

struct Value {
  std::string Name;
  DType Type = DType::Undefined;
  /// Empty when even the rank is unknown.
  std::optional<Dims> Shape;
  bool IsInitializer = false;
  bool IsGraphInput = false;
  /// Data stored outside the model file (never opened).
  bool IsExternal = false;
  /// A subgraph's copy of a value of an enclosing graph (refreshed from it).
  bool IsOuterRef = false;
  /// An initializer that is state, not trained (a C++ model's
  /// register_buffer): counted as buffers, apart from the parameters.
  bool IsBuffer = false;
  /// Known contents of small integer tensors (shape arithmetic), flattened.
  std::optional<std::vector<int64_t>> IntData;
  /// Known contents of small float tensors (e.g. Resize scales).
  std::optional<std::vector<double>> FloatData;
  /// Main-graph inputs: per axis, the name of a symbolic dim ("" for a fixed
  /// one). The symbolic dims stay in the IR; bindSymbolicDims() binds them.
  std::vector<std::string> SymDims;
  /// The shape the front end declared, before any inference (symbolic dims
  /// unknown): what a re-binding starts from.
  std::optional<Dims> Declared;

  /// A sequence value (SequenceConstruct, SplitToSequence, ...): its tensors,
  /// when their number is known (null otherwise). Shared and never changed,
  /// so that passing a sequence on copies nothing. Shape stays empty: a
  /// sequence has none.
  std::shared_ptr<const std::vector<SeqElem>> Sequence;

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

/// A node's input or output value ids: inline up to four, so that the
/// common node allocates nothing for them (a million-node graph is a
/// million fewer allocations per list).
/// Moves are noexcept (they never allocate), so that a vector of nodes
/// moves its nodes when it grows.
struct ValueIds : llvm::SmallVector<int, 4> {
  using SmallVector::SmallVector;
  ValueIds() = default;
  ValueIds(const ValueIds &) = default;
  ValueIds(ValueIds &&O) noexcept : SmallVector(std::move(O)) {}
  ValueIds &operator=(const ValueIds &) = default;
  ValueIds &operator=(ValueIds &&O) noexcept {
    SmallVector::operator=(std::move(O));
    return *this;
  }
};

struct Node {
  std::string Name;
  std::string OpType;
  std::string Domain; // "" for the default ONNX domain
  /// Opset version the model imports for this node's domain.
  int64_t OpsetVersion = 0;
  /// Value ids in the owning graph (outer-scope values are imported into it);
  /// -1 marks an omitted optional input or output.
  ValueIds Inputs;
  ValueIds Outputs;
  std::map<std::string, Attribute> Attrs;
  /// Subgraphs by attribute name (If: then_branch/else_branch, Loop/Scan: body).
  std::vector<std::pair<std::string, std::unique_ptr<Graph>>> Subgraphs;
  std::string DocString;
  /// Where the front end found the node in the model's source, as
  /// "file:line:col" (the C++ front end); "" when it knows none.
  std::string Location;
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
};

struct Graph {
  std::string Name;
  std::vector<Value> Values;
  std::vector<Node> Nodes; // topologically sorted once read
  std::vector<int> Inputs;  // graph inputs that are not initializers
  std::vector<int> Outputs;
  llvm::StringMap<int> ValueByName;
  /// The graph enclosing this subgraph, or null for the main graph.
  Graph *Parent = nullptr;

  /// The id of the value named N, creating an empty one if needed.
  int getOrAddValue(llvm::StringRef N);
  /// The id of the value named N, or -1.
  int find(llvm::StringRef N) const;
  Value &value(int Id) { return Values[Id]; }
  const Value &value(int Id) const { return Values[Id]; }
  /// Reorders Nodes topologically; fails on a cycle or an input nothing
  /// produces.
  llvm::Error sortTopologically();
  /// Points every subgraph's Parent at its enclosing graph again (a moved
  /// Model leaves them pointing at the old place).
  void relinkSubgraphs();
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
  /// The symbolic name of the first input's first dim (the batch), if any.
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
};

/// A deep copy (subgraphs included), for binding one graph at several dims.
Model cloneModel(const Model &M);
/// Records every value's shape as declared (before inference); the named
/// symbolic dims of main-graph inputs are recorded as unknown.
void recordDeclaredShapes(Model &M);

} // namespace wattlint

#endif
