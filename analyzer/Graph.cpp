//===- analyzer/Graph.cpp - wattlint's graph IR ---------------------------===//
#include "analyzer/Graph.h"
#include "analyzer/Count.h"

#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <charconv>
#include <unordered_set>

using namespace llvm;

namespace wattlint {

unsigned dtypeBits(DType T) {
  switch (T) {
  case DType::Bool:
  case DType::U8:
  case DType::I8:
  case DType::F8E4M3FN:
  case DType::F8E4M3FNUZ:
  case DType::F8E5M2:
  case DType::F8E5M2FNUZ:
    return 8;
  case DType::U16:
  case DType::I16:
  case DType::F16:
  case DType::BF16:
    return 16;
  case DType::F32:
  case DType::I32:
  case DType::U32:
    return 32;
  case DType::F64:
  case DType::I64:
  case DType::U64:
  case DType::C64:
    return 64;
  case DType::C128:
    return 128;
  case DType::U4:
  case DType::I4:
  case DType::F4E2M1:
    return 4;
  case DType::String:
  case DType::Undefined:
    return 0;
  }
  return 0;
}

StringRef dtypeName(DType T) {
  switch (T) {
  case DType::Undefined:
    return "?";
  case DType::F32:
    return "f32";
  case DType::U8:
    return "u8";
  case DType::I8:
    return "i8";
  case DType::U16:
    return "u16";
  case DType::I16:
    return "i16";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  case DType::String:
    return "string";
  case DType::Bool:
    return "bool";
  case DType::F16:
    return "f16";
  case DType::F64:
    return "f64";
  case DType::U32:
    return "u32";
  case DType::U64:
    return "u64";
  case DType::C64:
    return "c64";
  case DType::C128:
    return "c128";
  case DType::BF16:
    return "bf16";
  case DType::F8E4M3FN:
    return "f8e4m3fn";
  case DType::F8E4M3FNUZ:
    return "f8e4m3fnuz";
  case DType::F8E5M2:
    return "f8e5m2";
  case DType::F8E5M2FNUZ:
    return "f8e5m2fnuz";
  case DType::U4:
    return "u4";
  case DType::I4:
    return "i4";
  case DType::F4E2M1:
    return "f4e2m1";
  }
  return "?";
}

bool isFloat(DType T) {
  switch (T) {
  case DType::F32:
  case DType::F16:
  case DType::F64:
  case DType::BF16:
  case DType::F8E4M3FN:
  case DType::F8E4M3FNUZ:
  case DType::F8E5M2:
  case DType::F8E5M2FNUZ:
  case DType::F4E2M1:
    return true;
  default:
    return false;
  }
}

bool Value::shapeKnown() const {
  if (!Shape)
    return false;
  for (int64_t D : *Shape)
    if (D < 0)
      return false;
  return true;
}

bool Value::sequenceKnown() const {
  if (!Sequence)
    return false;
  for (const SeqElem &E : *Sequence) {
    if (!E.Shape)
      return false;
    for (int64_t D : *E.Shape)
      if (D < 0)
        return false;
  }
  return true;
}

std::optional<uint64_t> Value::numElements() const {
  if (!shapeKnown())
    return std::nullopt;
  Count N = 1;
  for (int64_t D : *Shape)
    N = N * Count(D);
  if (N.overflowed())
    return std::nullopt;
  return N.value();
}

const Attribute *Node::attr(StringRef N) const {
  auto It = Attrs.find(N.str());
  return It == Attrs.end() ? nullptr : &It->second;
}

int64_t Node::attrInt(StringRef N, int64_t Default) const {
  const Attribute *A = attr(N);
  return A && A->K == Attribute::Kind::Int ? A->I : Default;
}

double Node::attrFloat(StringRef N, double Default) const {
  const Attribute *A = attr(N);
  if (!A)
    return Default;
  if (A->K == Attribute::Kind::Float)
    return A->F;
  if (A->K == Attribute::Kind::Int)
    return double(A->I);
  return Default;
}

std::string Node::attrString(StringRef N, StringRef Default) const {
  const Attribute *A = attr(N);
  return A && A->K == Attribute::Kind::String ? A->S : Default.str();
}

std::optional<std::vector<int64_t>> Node::attrInts(StringRef N) const {
  const Attribute *A = attr(N);
  if (!A)
    return std::nullopt;
  if (A->K == Attribute::Kind::Ints)
    return A->Ints;
  if (A->K == Attribute::Kind::Int)
    return std::vector<int64_t>{A->I};
  return std::nullopt;
}

Graph *Node::subgraph(StringRef AttrName) const {
  for (const auto &[Name, G] : Subgraphs)
    if (Name == AttrName)
      return G.get();
  return nullptr;
}

bool batchLikeName(StringRef Name) {
  std::string L = Name.lower();
  return L == "n" || L == "b" || L == "batch" || L == "batch_size" || L == "bs";
}

std::string SourceNote::place() const {
  std::string P = File + ":" + std::to_string(Line);
  return Column ? P + ":" + std::to_string(Column) : P;
}

std::optional<SourceNote> sourceNote(StringRef Location, std::string Message) {
  auto [Rest, ColText] = Location.rsplit(':');
  auto [File, LineText] = Rest.rsplit(':');
  SourceNote N;
  if (File.empty() || LineText.getAsInteger(10, N.Line) || ColText.getAsInteger(10, N.Column) ||
      N.Line == 0 || N.Column == 0)
    return std::nullopt;
  N.File = File.str();
  N.Message = std::move(Message);
  return N;
}

const Dims *ShapeRef::intern(const Dims &D) {
  struct Hash {
    size_t operator()(const Dims &D) const { return llvm::hash_combine_range(D.begin(), D.end()); }
  };
  // Never freed, as the interned strings: the distinct shapes of the models
  // read, pointed at by their values. Values mostly repeat a recent shape
  // (a layer's outputs, its input's): the last four are checked before the
  // table.
  static auto *Shapes = new std::unordered_set<Dims, Hash>();
  static const Dims *Recent[4] = {};
  static unsigned Next = 0;
  for (const Dims *R : Recent)
    if (R && *R == D)
      return R;
  const Dims *P = &*Shapes->insert(D).first;
  Recent[Next++ % 4] = P;
  return P;
}

void ShapeRef::setDim(size_t K, int64_t D) {
  if ((*P)[K] == D)
    return;
  Dims New = *P;
  New[K] = D;
  P = intern(New);
}

const std::string *InternedString::intern(StringRef S) {
  if (S.empty())
    return nullptr;
  // Never freed: the few op types and domains of the models read, pointed
  // at by their nodes. Nodes mostly repeat a recent op (Conv, Relu, Conv):
  // the last four are checked before the table.
  static StringMap<std::unique_ptr<std::string>> *Strings =
      new StringMap<std::unique_ptr<std::string>>();
  static const std::string *Recent[4] = {};
  static unsigned Next = 0;
  for (const std::string *R : Recent)
    if (R && *R == S)
      return R;
  std::unique_ptr<std::string> &Slot = (*Strings)[S];
  if (!Slot)
    Slot = std::make_unique<std::string>(S);
  Recent[Next++ % 4] = Slot.get();
  return Slot.get();
}

const std::string &InternedString::emptyString() {
  static const std::string *Empty = new std::string();
  return *Empty;
}

void Node::appendDisplayName(SmallVectorImpl<char> &Out, const Graph &G) const {
  if (!Name.empty()) {
    Out.append(Name.begin(), Name.end());
    return;
  }
  Out.push_back('#');
  char Digits[16];
  auto [End, Ec] = std::to_chars(Digits, Digits + sizeof(Digits), Index);
  Out.append(Digits, End);
  Out.push_back(' ');
  Out.append(OpType.str().begin(), OpType.str().end());
  for (int O : Outputs)
    if (O >= 0) {
      const std::string &V = G.value(O).Name;
      Out.append({' ', '('});
      Out.append(V.begin(), V.end());
      Out.push_back(')');
      break;
    }
}

std::string Node::displayName(const Graph &G) const {
  if (!Name.empty())
    return Name;
  SmallString<64> S;
  appendDisplayName(S, G);
  return std::string(S.str());
}

namespace {

void copyGraph(const Graph &From, Graph &To, Graph *Parent) {
  To.Name = From.Name;
  To.Values = From.Values;
  To.Inputs = From.Inputs;
  To.Outputs = From.Outputs;
  To.dropValueIndex(); // a dropped one is built from Values when needed
  for (const auto &E : From.ValueByName)
    To.ValueByName.try_emplace(E.getKey(), E.getValue());
  To.Parent = Parent;
  To.Nodes.clear();
  To.Nodes.reserve(From.Nodes.size());
  for (const Node &N : From.Nodes) {
    Node C;
    C.Name = N.Name;
    C.OpType = N.OpType;
    C.Domain = N.Domain;
    C.OpsetVersion = N.OpsetVersion;
    C.Inputs = N.Inputs;
    C.Outputs = N.Outputs;
    C.Attrs = N.Attrs;
    C.DocString = N.DocString;
    C.Index = N.Index;
    C.Location = N.Location;
    To.Nodes.push_back(std::move(C));
  }
  // Subgraphs point at their parent graph: copy them once the node list of
  // To is in place.
  for (size_t I = 0; I < From.Nodes.size(); ++I)
    for (const auto &[Attr, Sub] : From.Nodes[I].Subgraphs) {
      auto Copy = std::make_unique<Graph>();
      copyGraph(*Sub, *Copy, &To);
      To.Nodes[I].Subgraphs.emplace_back(Attr, std::move(Copy));
    }
}

void recordGraph(Graph &G, bool Main) {
  for (Value &V : G.Values) {
    V.Declared = V.Shape;
    if (!Main || !V.Declared)
      continue;
    for (size_t K = 0; K < V.SymDims.size() && K < V.Declared->size(); ++K)
      if (!V.SymDims[K].empty())
        V.Declared.setDim(K, -1);
  }
  for (Node &N : G.Nodes)
    for (auto &[Attr, Sub] : N.Subgraphs)
      recordGraph(*Sub, false);
}

} // namespace

Model cloneModel(const Model &M) {
  Model C;
  C.Path = M.Path;
  C.IrVersion = M.IrVersion;
  C.ProducerName = M.ProducerName;
  C.ProducerVersion = M.ProducerVersion;
  C.Opsets = M.Opsets;
  copyGraph(M.Main, C.Main, nullptr);
  C.BoundDims = M.BoundDims;
  C.DefaultedDims = M.DefaultedDims;
  C.BatchDim = M.BatchDim;
  C.Warnings = M.Warnings;
  C.FrontEndShapes = M.FrontEndShapes;
  C.DeclaredShapes = M.DeclaredShapes;
  C.Assume = M.Assume;
  C.Assumptions = M.Assumptions;
  C.SourceNotes = M.SourceNotes;
  C.InitializerPlaces = M.InitializerPlaces;
  C.AllowAt = M.AllowAt;
  return C;
}

void recordDeclaredShapes(Model &M) {
  recordGraph(M.Main, true);
  M.DeclaredShapes = true;
}

void Graph::relinkSubgraphs() {
  for (Node &N : Nodes)
    for (auto &[Attr, Sub] : N.Subgraphs) {
      Sub->Parent = this;
      Sub->relinkSubgraphs();
    }
}

void Graph::indexValues() const {
  if (!ValueByName.empty() || Values.empty())
    return;
  ValueByName = std::remove_reference_t<decltype(ValueByName)>(unsigned(Values.size()));
  for (size_t I = 0; I < Values.size(); ++I)
    ValueByName.try_emplace(Values[I].Name, int(I));
}

void Graph::dropValueIndex() { ValueByName = std::remove_reference_t<decltype(ValueByName)>(); }

int Graph::getOrAddValue(StringRef N) {
  indexValues();
  // One hash lookup for a new name, not two.
  auto [It, Added] = ValueByName.try_emplace(N, int(Values.size()));
  if (!Added)
    return It->second;
  Values.emplace_back();
  Values.back().Name = N.str();
  return It->second;
}

int Graph::find(StringRef N) const {
  indexValues();
  auto It = ValueByName.find(N);
  return It == ValueByName.end() ? -1 : It->second;
}

Error Graph::sortTopologically() {
  // Kahn's algorithm over value ids; a value is ready when it is a graph input,
  // an initializer, an outer-scope value, or produced by an emitted node.
  std::vector<int> Producer(Values.size(), -1);
  for (unsigned I = 0; I < Nodes.size(); ++I)
    for (int O : Nodes[I].Outputs) {
      if (O < 0)
        continue;
      if (Producer[O] >= 0)
        return createStringError(inconvertibleErrorCode(),
                                 "graph '%s': value '%s' is produced by two nodes", Name.c_str(),
                                 Values[O].Name.c_str());
      if (Values[O].IsInitializer || Values[O].IsGraphInput)
        return createStringError(
            inconvertibleErrorCode(),
            "graph '%s': node output '%s' redefines a graph input or initializer", Name.c_str(),
            Values[O].Name.c_str());
      Producer[O] = int(I);
    }
  // The users of each produced value, as one array sliced by offsets (a
  // vector per value costs an allocation per node on large graphs).
  std::vector<unsigned> Missing(Nodes.size(), 0);
  std::vector<unsigned> UserStart(Values.size() + 1, 0);
  for (unsigned I = 0; I < Nodes.size(); ++I)
    for (int In : Nodes[I].Inputs) {
      if (In < 0)
        continue;
      const Value &V = Values[In];
      if (Producer[In] >= 0) {
        ++Missing[I];
        ++UserStart[In + 1];
        continue;
      }
      if (!V.IsInitializer && !V.IsGraphInput && !V.IsOuterRef)
        return createStringError(
            inconvertibleErrorCode(),
            "graph '%s': node '%s' reads '%s', which no node, input or initializer produces",
            Name.c_str(), Nodes[I].displayName(*this).c_str(), V.Name.c_str());
    }
  for (size_t V = 0; V < Values.size(); ++V)
    UserStart[V + 1] += UserStart[V];
  std::vector<unsigned> UserList(UserStart.back()), Fill(UserStart.begin(), UserStart.end() - 1);
  for (unsigned I = 0; I < Nodes.size(); ++I)
    for (int In : Nodes[I].Inputs)
      if (In >= 0 && Producer[In] >= 0)
        UserList[Fill[In]++] = I;
  Fill = {};
  std::vector<unsigned> Order, Ready;
  Order.reserve(Nodes.size());
  for (unsigned I = Nodes.size(); I-- > 0;)
    if (Missing[I] == 0)
      Ready.push_back(I);
  // Keep the file's order where it is already valid: pop the lowest index.
  std::vector<unsigned> Heap(Ready.begin(), Ready.end());
  auto Cmp = [](unsigned A, unsigned B) { return A > B; };
  std::make_heap(Heap.begin(), Heap.end(), Cmp);
  while (!Heap.empty()) {
    std::pop_heap(Heap.begin(), Heap.end(), Cmp);
    unsigned N = Heap.back();
    Heap.pop_back();
    Order.push_back(N);
    for (int O : Nodes[N].Outputs) {
      if (O < 0)
        continue;
      for (unsigned K = UserStart[O]; K < UserStart[O + 1]; ++K)
        if (unsigned U = UserList[K]; --Missing[U] == 0) {
          Heap.push_back(U);
          std::push_heap(Heap.begin(), Heap.end(), Cmp);
        }
    }
  }
  if (Order.size() != Nodes.size()) {
    for (unsigned I = 0; I < Nodes.size(); ++I)
      if (Missing[I] != 0)
        return createStringError(inconvertibleErrorCode(),
                                 "graph '%s' has a cycle through node '%s'", Name.c_str(),
                                 Nodes[I].displayName(*this).c_str());
  }
  // Nodes[K] becomes Nodes[Order[K]], in place: each cycle of the
  // permutation is rotated once (no second copy of the nodes).
  for (unsigned K = 0; K < Order.size(); ++K) {
    if (Order[K] == K || Order[K] == ~0u)
      continue;
    Node Held = std::move(Nodes[K]);
    unsigned To = K;
    while (Order[To] != K) {
      unsigned From = Order[To];
      Nodes[To] = std::move(Nodes[From]);
      Order[To] = ~0u;
      To = From;
    }
    Nodes[To] = std::move(Held);
    Order[To] = ~0u;
  }
  return Error::success();
}

} // namespace wattlint
