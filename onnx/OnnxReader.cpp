//===- onnx/OnnxReader.cpp - ONNX models into the graph IR ----------------===//
//
// The only file that catches the exceptions ONNX and protobuf throw.
//
//===----------------------------------------------------------------------===//
#include "onnx/OnnxReader.h"
#include "analyzer/Count.h"
#include "analyzer/Files.h"
#include "analyzer/OpCost.h"
#include "analyzer/ShapeRules.h"
#include "analyzer/Text.h"
#include "onnx/LocalFunctions.h"
#include "onnx/Sandbox.h"
#include "onnx/Validate.h"
#include "onnx/WireStrip.h"

#include "onnx/defs/data_type_utils.h"
#include "onnx/defs/parser.h"
#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <climits>
#include <cerrno>
#include <chrono>
#include <poll.h>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>
#include <cstring>

using namespace llvm;

namespace wattlint {

namespace {

/// The newest IR version this reader accepts (ONNX 1.18's IR is 11).
constexpr int64_t MaxIrVersion = 11;
/// Tensors up to this many elements keep their contents (shape arithmetic).
constexpr int64_t MaxConstElements = 4096;
/// Subgraph nesting accepted in binary models.
constexpr unsigned MaxGraphNesting = 60;
/// Protobuf message nesting that allows it (model, graph, node, attribute).
constexpr unsigned MaxMessageDepth = 3 * MaxGraphNesting + 16;
/// Bracket nesting accepted in the text format (subgraphs in subgraphs).
constexpr unsigned MaxTextNesting = 256;
/// The newest default-domain opset the linked ONNX 1.12 knows.
constexpr int64_t OnnxLibMaxOpset = 17;

Error fileError(StringRef Path, const Twine &What) {
  return createStringError(inconvertibleErrorCode(), "%s: %s", Path.str().c_str(),
                           What.str().c_str());
}

/// Text when the head holds no control bytes other than whitespace.
/// True when the first 4 KiB hold no control character but blanks.
bool printableHead(StringRef Data) {
  StringRef Head = Data.take_front(4096);
  if (Head.empty())
    return false;
  for (unsigned char C : Head)
    if (C < 0x09 || (C > 0x0d && C < 0x20) || C == 0x7f)
      return false;
  return true;
}

bool looksLikeText(StringRef Data) {
  if (!printableHead(Data))
    return false;
  StringRef Head = Data.take_front(4096);
  // A text model opens with its header '<' or a graph's name, after blanks
  // and comments. A binary model may open with printable bytes too (its
  // doc_string first: '2', the length, the text), never with those.
  StringRef Rest = Head;
  while (true) {
    Rest = Rest.ltrim();
    if (!Rest.consume_front("#"))
      break;
    size_t End = Rest.find('\n');
    if (End == StringRef::npos)
      return true; // a comment longer than the head: text
    Rest = Rest.drop_front(End + 1);
  }
  return Rest.empty() || Rest[0] == '<' || Rest[0] == '_' || isAlpha(Rest[0]);
}

/// When Data is a Git LFS pointer (a checkout without `git lfs pull`), what to
/// say about it: the oid (hex only, shortened) and the size when it is a number.
std::optional<std::string> describeLfsPointer(StringRef Data) {
  if (!Data.starts_with("version https://git-lfs.github.com/spec/"))
    return std::nullopt;
  std::string Oid, Size;
  SmallVector<StringRef, 8> Lines;
  Data.take_front(1024).split(Lines, '\n'); // the spec caps a pointer at 1024 bytes
  for (StringRef Line : Lines) {
    Line = Line.rtrim('\r');
    uint64_t N;
    if (Line.consume_front("oid sha256:")) {
      StringRef Hex = Line.take_while(isHexDigit);
      if (!Hex.empty())
        Oid = "oid sha256:" + Hex.take_front(12).str() + (Hex.size() > 12 ? "..." : "");
    } else if (Line.consume_front("size ") && !Line.getAsInteger(10, N)) {
      Size = std::to_string(N) + " bytes";
    }
  }
  std::string Facts = Oid.empty() || Size.empty() ? Oid + Size : Oid + ", " + Size;
  return "a Git LFS pointer" + (Facts.empty() ? "" : " (" + Facts + ")") +
         ", not the model: run `git lfs pull`";
}

/// Blanks lines that start with '#', so fixtures can carry lit RUN lines; the
/// ONNX 1.12 text parser has no comments.
std::string stripComments(StringRef Text) {
  std::string Out;
  Out.reserve(Text.size());
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    if (!Line.ltrim().starts_with("#"))
      Out += Line.str();
    Out += '\n';
    Text = Rest;
  }
  return Out;
}

/// Ops whose newer versions change their inputs or attributes in ways that
/// ONNX 1.12's older schema would misread (it falls back to the latest
/// version it knows): axes as an input (Reduce*-18), Split's num_outputs,
/// Pad's axes, Resize's axes and antialias, pooling's new attributes. Such
/// nodes are hidden from ONNX's inference and left to wattlint's rules.
bool changedAfterOnnxLib(StringRef Op) {
  static const char *const Ops[] = {
      "ReduceL1",  "ReduceL2",   "ReduceLogSum", "ReduceLogSumExp", "ReduceMax",
      "ReduceMean", "ReduceMin", "ReduceProd",   "ReduceSumSquare", "Split",
      "Pad",       "Resize",     "LpPool",       "AveragePool",     "MaxPool"};
  return is_contained(Ops, Op);
}

int64_t opsetOf(const onnx::ModelProto &M, StringRef Domain) {
  for (const auto &O : M.opset_import()) {
    StringRef D = O.domain();
    if (D == Domain || (Domain.empty() && D == "ai.onnx") || (Domain == "ai.onnx" && D.empty()))
      return O.version();
  }
  return -1;
}

constexpr const char *HiddenDomain = "wattlint.hidden";

/// ONNX 1.12's inference dereferences parts of the model that a valid model
/// always has; it is skipped (wattlint's rules still run) when one is missing.
/// Subgraph inputs may leave their types to the enclosing node (IR spec).
bool safeForOnnxInference(const onnx::GraphProto &G, std::string &Why, bool Main = true) {
  auto TypeOk = [](const onnx::TypeProto &T) {
    if (T.has_tensor_type())
      return T.tensor_type().elem_type() > 0 && T.tensor_type().elem_type() <= 23;
    return T.value_case() != onnx::TypeProto::VALUE_NOT_SET;
  };
  for (const auto &VI : G.input())
    if (Main ? !VI.has_type() || !TypeOk(VI.type()) : VI.has_type() && !TypeOk(VI.type())) {
      Why = "graph input '" + VI.name() + "' has no valid type";
      return false;
    }
  for (const auto &VI : G.value_info())
    if (VI.has_type() && !TypeOk(VI.type())) {
      Why = "value '" + VI.name() + "' has an invalid type";
      return false;
    }
  for (const auto &T : G.initializer())
    if (T.data_type() <= 0 || T.data_type() > 23 || T.name().empty()) {
      Why = "initializer '" + T.name() + "' has no valid type or name";
      return false;
    }
  for (const auto &N : G.node()) {
    if (N.op_type().empty()) {
      Why = "a node has no op type";
      return false;
    }
    for (const auto &A : N.attribute()) {
      if (A.name().empty() || A.type() == onnx::AttributeProto::UNDEFINED) {
        Why = "node '" + N.name() + "' has an attribute without a name or type";
        return false;
      }
      if ((A.type() == onnx::AttributeProto::GRAPH && !A.has_g()) ||
          (A.type() == onnx::AttributeProto::TENSOR && !A.has_t()))
        Why = "attribute '" + A.name() + "' lacks its value";
      if (!Why.empty())
        return false;
      if (A.has_g() && !safeForOnnxInference(A.g(), Why, false))
        return false;
      for (const auto &Sub : A.graphs())
        if (!safeForOnnxInference(Sub, Why, false))
          return false;
    }
  }
  return true;
}

void hideNewerOps(onnx::GraphProto &G, int64_t Opset, std::vector<onnx::NodeProto *> &Hidden) {
  for (auto &N : *G.mutable_node()) {
    if (Opset > OnnxLibMaxOpset && (N.domain().empty() || N.domain() == "ai.onnx") &&
        changedAfterOnnxLib(N.op_type())) {
      N.set_domain(HiddenDomain);
      Hidden.push_back(&N);
    }
    for (auto &A : *N.mutable_attribute()) {
      if (A.has_g())
        hideNewerOps(*A.mutable_g(), Opset, Hidden);
      for (auto &Sub : *A.mutable_graphs())
        hideNewerOps(Sub, Opset, Hidden);
    }
  }
}

[[noreturn]] void quietExit(int) { _exit(70); }

bool resolved(const Value &V) { return V.Type != DType::Undefined && V.shapeKnown(); }

/// Keeps the entries of Infos that name a value of IR the own rules left
/// unresolved.
void keepUnresolved(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> &Infos,
                    const Graph &IR) {
  int Kept = 0;
  for (int I = 0; I < Infos.size(); ++I) {
    int Id = IR.find(Infos.Get(I).name());
    if (Id >= 0 && !resolved(IR.value(Id)))
      Infos.SwapElements(Kept++, I);
  }
  while (Infos.size() > Kept)
    Infos.RemoveLast();
}

/// Reduces an inferred graph to what applyInferred reads: the value_info and
/// outputs that IR leaves unresolved, and the subgraphs of each node (nodes
/// keep their positions, which are IR's).
void skeletonize(onnx::GraphProto &G, const Graph &IR) {
  G.clear_initializer();
  G.clear_sparse_initializer();
  G.clear_input();
  G.clear_doc_string();
  keepUnresolved(*G.mutable_value_info(), IR);
  keepUnresolved(*G.mutable_output(), IR);
  for (int I = 0; I < G.node_size(); ++I) {
    onnx::NodeProto &N = *G.mutable_node(I);
    google::protobuf::RepeatedPtrField<onnx::AttributeProto> Graphs;
    for (auto &A : *N.mutable_attribute())
      if (A.has_g() && size_t(I) < IR.Nodes.size())
        if (const Graph *Sub = IR.Nodes[I].subgraph(A.name())) {
          skeletonize(*A.mutable_g(), *Sub);
          Graphs.Add()->Swap(&A);
        }
    N.Clear();
    N.mutable_attribute()->Swap(&Graphs);
  }
}

/// Runs ONNX's shape inference on MP in a child process and takes back the
/// inferred types as a skeleton of the graph. ONNX 1.12's inference functions
/// trust their inputs (a GRU whose X is not 3-D crashes it); a child that
/// dies takes only its own copy with it. Returns why it failed, or nullopt.
std::optional<std::string> inferIsolated(onnx::ModelProto &MP, const Graph &IR,
                                        onnx::GraphProto &Skeleton) {
  int Fds[2];
  if (pipe(Fds) != 0)
    return std::string("could not start (pipe)");
  pid_t Pid = fork();
  if (Pid < 0) {
    close(Fds[0]);
    close(Fds[1]);
    return std::string("could not start (fork)");
  }
  if (Pid == 0) {
    close(Fds[0]);
    // Die quietly: a crash here is ONNX's, and the parent reports it.
    for (int Sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGXCPU})
      signal(Sig, quietExit);
    if (!confineChild(Fds[1]))
      _exit(72);
    std::string Out;
    try {
      onnx::ShapeInferenceOptions SIO(/*check_type=*/false, /*error_mode=*/0,
                                      /*enable_data_propagation=*/true);
      onnx::shape_inference::InferShapes(MP, onnx::OpSchemaRegistry::Instance(), SIO);
      skeletonize(*MP.mutable_graph(), IR);
      Out = "M" + MP.graph().SerializeAsString();
    } catch (const std::exception &E) {
      Out = std::string("E") + E.what();
    }
    for (size_t Done = 0; Done < Out.size();) {
      ssize_t N = write(Fds[1], Out.data() + Done, Out.size() - Done);
      if (N <= 0)
        _exit(71);
      Done += size_t(N);
    }
    _exit(0);
  }
  close(Fds[1]);
  std::string In;
  char Buf[1 << 16];
  // A child that neither answers nor exits within the wall-clock limit (its
  // CPU time is capped too) is killed.
  auto Deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2 * SandboxCpuSeconds);
  bool TimedOut = false;
  while (true) {
    auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(
        Deadline - std::chrono::steady_clock::now());
    struct pollfd P = {Fds[0], POLLIN, 0};
    int Ready = Left.count() > 0 ? poll(&P, 1, int(Left.count())) : 0;
    if (Ready < 0 && errno == EINTR)
      continue;
    if (Ready <= 0) {
      TimedOut = Ready == 0;
      break;
    }
    ssize_t N = read(Fds[0], Buf, sizeof(Buf));
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      break;
    In.append(Buf, size_t(N));
  }
  close(Fds[0]);
  if (TimedOut)
    kill(Pid, SIGKILL);
  int Status = 0;
  while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR)
    ;
  if (TimedOut)
    return std::string("took longer than " + std::to_string(2 * SandboxCpuSeconds) +
                       " s and was stopped");
  if (WIFEXITED(Status) && WEXITSTATUS(Status) == 72)
    return std::string("was not run (its sandbox could not be set up)");
  if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0 || In.empty())
    return std::string("crashed on this model (a bug in ONNX 1.12 on malformed input)");
  if (In[0] == 'E')
    return "stopped: " + In.substr(1);
  google::protobuf::io::CodedInputStream Coded(reinterpret_cast<const uint8_t *>(In.data()) + 1,
                                              int(In.size() - 1));
  Coded.SetRecursionLimit(3 * MaxGraphNesting + 16);
  if (!Skeleton.ParseFromCodedStream(&Coded))
    return std::string("returned an unreadable result");
  if (Error E = validateInferred(Skeleton))
    return "returned an invalid result (" + toString(std::move(E)) + ")";
  return std::nullopt;
}

/// Reads small integer or float contents of a tensor, unless external.
void readContents(const onnx::TensorProto &T, DType Type, const Dims &Shape, bool &External,
                  std::optional<std::vector<int64_t>> &Ints,
                  std::optional<std::vector<double>> &Floats) {
  External = T.data_location() == onnx::TensorProto::EXTERNAL;
  if (External)
    return;
  int64_t N = 1;
  for (int64_t D : Shape) {
    if (D < 0 || D > MaxConstElements)
      return;
    N *= D;
    if (N > MaxConstElements)
      return;
  }
  const std::string &Raw = T.raw_data();
  bool HasRaw = T.has_raw_data();
  auto FromRaw = [&](auto Tag, auto &Out) {
    using E = decltype(Tag);
    if (Raw.size() != size_t(N) * sizeof(E))
      return false;
    Out.emplace();
    for (int64_t I = 0; I < N; ++I) {
      E X;
      std::memcpy(&X, Raw.data() + I * sizeof(E), sizeof(E));
      Out->push_back(X);
    }
    return true;
  };
  switch (Type) {
  case DType::I64:
    if (HasRaw)
      FromRaw(int64_t(), Ints);
    else if (T.int64_data_size() == N)
      Ints.emplace(T.int64_data().begin(), T.int64_data().end());
    break;
  case DType::I32:
  case DType::I16:
  case DType::I8:
  case DType::U8:
  case DType::U16:
  case DType::Bool:
    if (HasRaw) {
      if (Type == DType::I32)
        FromRaw(int32_t(), Ints);
      else if (Type == DType::I16)
        FromRaw(int16_t(), Ints);
      else if (Type == DType::U16)
        FromRaw(uint16_t(), Ints);
      else if (Type == DType::I8)
        FromRaw(int8_t(), Ints);
      else
        FromRaw(uint8_t(), Ints);
    } else if (T.int32_data_size() == N) {
      Ints.emplace(T.int32_data().begin(), T.int32_data().end());
    }
    break;
  case DType::F32:
    if (HasRaw)
      FromRaw(float(), Floats);
    else if (T.float_data_size() == N)
      Floats.emplace(T.float_data().begin(), T.float_data().end());
    break;
  case DType::F64:
    if (HasRaw)
      FromRaw(double(), Floats);
    else if (T.double_data_size() == N)
      Floats.emplace(T.double_data().begin(), T.double_data().end());
    break;
  default:
    break;
  }
}

void setType(Value &V, const onnx::TypeProto &T, bool Stated = false) {
  if (!T.has_tensor_type())
    return;
  const auto &TT = T.tensor_type();
  if (TT.elem_type() != 0) {
    V.Type = DType(TT.elem_type());
    V.TypeStated = V.TypeStated || Stated;
  }
  if (!TT.has_shape())
    return;
  Dims D;
  for (const auto &Dim : TT.shape().dim())
    D.push_back(Dim.has_dim_value() && Dim.dim_value() >= 0 ? Dim.dim_value() : -1);
  // Keep a better-known shape already set.
  if (!V.Shape || V.Shape->size() != D.size()) {
    V.Shape = std::move(D);
    return;
  }
  for (size_t I = 0; I < D.size(); ++I)
    if ((*V.Shape)[I] < 0)
      V.Shape.setDim(I, D[I]);
}

/// How declared type T disagrees with what V already holds (an
/// initializer's, or an earlier declaration's, element type, rank or known
/// dims), or "" when it does not.
std::string typeConflict(const Value &V, const onnx::TypeProto &T) {
  if (!T.has_tensor_type())
    return "";
  const auto &TT = T.tensor_type();
  if (TT.elem_type() != 0 && V.Type != DType::Undefined && DType(TT.elem_type()) != V.Type)
    return "declares element type " + dtypeName(DType(TT.elem_type())).str() + " for a " +
           dtypeName(V.Type).str() + " tensor";
  if (!TT.has_shape() || !V.Shape)
    return "";
  if (size_t(TT.shape().dim_size()) != V.Shape->size())
    return "declares rank " + std::to_string(TT.shape().dim_size()) + " for a tensor of rank " +
           std::to_string(V.Shape->size());
  for (int I = 0; I < TT.shape().dim_size(); ++I) {
    const auto &D = TT.shape().dim(I);
    int64_t Have = (*V.Shape)[size_t(I)];
    if (D.has_dim_value() && Have >= 0 && D.dim_value() != Have)
      return "declares dim " + std::to_string(I) + " as " + std::to_string(D.dim_value()) +
             " for a tensor where it is " + std::to_string(Have);
  }
  return "";
}

/// The default domain's schemas (ONNX 1.12's) at the model's opset, by op
/// type, each looked up once: the model's nodes share one opset.
class SchemaCache {
public:
  /// Op's schema: the newest version up to Opset; null when there is none.
  const onnx::OpSchema *get(StringRef Op, int64_t Opset) {
    // Nodes mostly repeat the op before them: compared before hashing.
    if (Last && Last->first() == Op)
      return Last->second;
    auto [It, New] = Map.try_emplace(Op, nullptr);
    if (New)
      It->second =
          onnx::OpSchemaRegistry::Schema(Op.str(), int(std::clamp<int64_t>(Opset, 1, 1 << 20)), "");
    Last = &*It;
    return It->second;
  }

private:
  StringMap<const onnx::OpSchema *> Map;
  const StringMapEntry<const onnx::OpSchema *> *Last = nullptr;
};

class Converter {
public:
  explicit Converter(Model &M) : M(M) {}
  /// The schemas the conversion looked up, for the checks after it.
  SchemaCache &schemas() { return Schemas; }
  Error convertGraph(const onnx::GraphProto &GP, Graph &G, Graph *Parent);
  /// convertGraph in three steps, for a reader that holds one node at a
  /// time: the graph without its nodes (NodeCount of them to come), each
  /// node in order, then the outputs and the order.
  Error beginGraph(const onnx::GraphProto &GP, Graph &G, Graph *Parent, size_t NodeCount);
  Error convertNode(const onnx::NodeProto &NP, Graph &G, unsigned Index);
  Error endGraph(const onnx::GraphProto &GP, Graph &G);

private:
  int useValue(Graph &G, StringRef Name);
  Error checkSchema(const onnx::NodeProto &NP, unsigned Index, StringRef Domain, int64_t Opset);
  SchemaCache Schemas;
  /// The outputs of the last nodes converted: a node mostly reads what one
  /// just before it wrote, found here without hashing the name.
  struct Written {
    const Graph *G = nullptr;
    int Id = -1;
  };
  static constexpr unsigned RecentCount = 8;
  Written Recent[RecentCount];
  unsigned NextRecent = 0;
  Model &M;
};

/// Copies the types and shapes ONNX's inference wrote into GP's value_info
/// (and its subgraphs') onto the converted graph G.
void applyInferred(const onnx::GraphProto &GP, Graph &G) {
  for (const auto &VI : GP.value_info()) {
    int Id = G.find(VI.name());
    if (Id >= 0)
      setType(G.value(Id), VI.type());
  }
  for (const auto &VI : GP.output()) {
    int Id = G.find(VI.name());
    if (Id >= 0)
      setType(G.value(Id), VI.type());
  }
  // GP's nodes were put in G's (topological) order by sortLikeIR.
  for (int I = 0; I < GP.node_size() && size_t(I) < G.Nodes.size(); ++I)
    for (const auto &A : GP.node(I).attribute())
      if (A.has_g())
        if (Graph *Sub = G.Nodes[I].subgraph(A.name()))
          applyInferred(A.g(), *Sub);
}

/// True when every value of G and its subgraphs has a type and a full shape.
bool allResolved(const Graph &G) {
  for (const Value &V : G.Values)
    if (!resolved(V))
      return false;
  for (const Node &N : G.Nodes)
    for (const auto &Sub : N.Subgraphs)
      if (!allResolved(*Sub.second))
        return false;
  return true;
}

/// Puts GP's nodes (and its subgraphs') in the topological order of the
/// converted graph G: ONNX's inference walks nodes in file order and is not
/// safe on an input whose producer comes later.
void sortLikeIR(onnx::GraphProto &GP, const Graph &G) {
  bool InOrder = true;
  for (size_t I = 0; I < G.Nodes.size() && InOrder; ++I)
    InOrder = G.Nodes[I].Index == I;
  if (!InOrder) {
    // On GP's arena, so that swapping moves pointers instead of copying.
    google::protobuf::RepeatedPtrField<onnx::NodeProto> Sorted(GP.GetArena());
    for (const Node &N : G.Nodes)
      Sorted.Add()->Swap(GP.mutable_node(int(N.Index)));
    GP.mutable_node()->Swap(&Sorted);
  }
  for (int I = 0; I < GP.node_size(); ++I)
    for (auto &A : *GP.mutable_node(I)->mutable_attribute())
      if (A.has_g())
        if (const Graph *Sub = G.Nodes[I].subgraph(A.name()))
          sortLikeIR(*A.mutable_g(), *Sub);
}

int Converter::useValue(Graph &G, StringRef Name) {
  for (const Written &W : Recent)
    if (W.G == &G && size_t(W.Id) < G.Values.size() && G.value(W.Id).Name == Name)
      return W.Id;
  int Id = G.find(Name);
  if (Id >= 0)
    return Id;
  // A name from an enclosing graph: import a copy, refreshed by the shape pass.
  for (const Graph *P = G.Parent; P; P = P->Parent) {
    int Outer = P->find(Name);
    if (Outer < 0)
      continue;
    Value Copy = P->value(Outer);
    Copy.IsOuterRef = true;
    Copy.IsGraphInput = false;
    Id = G.getOrAddValue(Name);
    G.value(Id) = std::move(Copy);
    return Id;
  }
  return G.getOrAddValue(Name);
}

/// The newest version of the default domain's operator set that ONNX 1.12
/// knows (17): up to it, its schemas are the spec.
int onnxLibOpset() {
  static const int Known = [] {
    const auto &Map = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
    auto It = Map.find("");
    return It == Map.end() ? 0 : It->second.second;
  }();
  return Known;
}

/// True when A holds the one value field its type names, and no other.
bool holdsItsType(const onnx::AttributeProto &A) {
  using AP = onnx::AttributeProto;
  int Scalars = A.has_i() + A.has_f() + A.has_s() + A.has_t() + A.has_g() + A.has_sparse_tensor() +
                A.has_tp();
  int Lists = (A.ints_size() > 0) + (A.floats_size() > 0) + (A.strings_size() > 0) +
              (A.tensors_size() > 0) + (A.graphs_size() > 0) + (A.sparse_tensors_size() > 0) +
              (A.type_protos_size() > 0);
  bool Own = false;
  switch (A.type()) {
  case AP::INT:
    Own = true, Scalars -= A.has_i();
    break;
  case AP::FLOAT:
    Own = true, Scalars -= A.has_f();
    break;
  case AP::STRING:
    Own = true, Scalars -= A.has_s();
    break;
  case AP::TENSOR:
    Own = A.has_t(), Scalars -= A.has_t();
    break;
  case AP::GRAPH:
    Own = A.has_g(), Scalars -= A.has_g();
    break;
  case AP::SPARSE_TENSOR:
    Own = A.has_sparse_tensor(), Scalars -= A.has_sparse_tensor();
    break;
  case AP::TYPE_PROTO:
    Own = A.has_tp(), Scalars -= A.has_tp();
    break;
  case AP::INTS:
    Own = true, Lists -= A.ints_size() > 0;
    break;
  case AP::FLOATS:
    Own = true, Lists -= A.floats_size() > 0;
    break;
  case AP::STRINGS:
    Own = true, Lists -= A.strings_size() > 0;
    break;
  case AP::TENSORS:
    Own = true, Lists -= A.tensors_size() > 0;
    break;
  case AP::GRAPHS:
    Own = true, Lists -= A.graphs_size() > 0;
    break;
  case AP::SPARSE_TENSORS:
    Own = true, Lists -= A.sparse_tensors_size() > 0;
    break;
  case AP::TYPE_PROTOS:
    Own = true, Lists -= A.type_protos_size() > 0;
    break;
  default:
    break;
  }
  // A scalar int, float or string may be left at its default (0, "").
  return Own && Scalars == 0 && Lists == 0;
}

/// Values the spec allows for an attribute that names a choice: its
/// strings, or 0 and 1 for a flag. A choice outside them would be read as
/// the default (or another mode) and costed as that.
struct Choice {
  const char *Ops; // "Resize" or several, space-separated; "Reduce*" a prefix
  const char *Attr;
  std::initializer_list<const char *> Strings; // empty: a 0/1 flag
};
const Choice Choices[] = {
    {"Pad", "mode", {"constant", "reflect", "edge", "wrap"}},
    {"Resize", "mode", {"nearest", "linear", "cubic"}},
    {"Resize",
     "coordinate_transformation_mode",
     {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
      "tf_half_pixel_for_nn", "tf_crop_and_resize"}},
    {"Resize", "nearest_mode", {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"}},
    {"Resize", "keep_aspect_ratio_policy", {"stretch", "not_larger", "not_smaller"}},
    {"Upsample", "mode", {"nearest", "linear", "bilinear"}},
    {"GridSample", "mode", {"bilinear", "nearest", "bicubic", "linear", "cubic"}},
    {"GridSample", "padding_mode", {"zeros", "border", "reflection"}},
    {"RoiAlign", "mode", {"avg", "max"}},
    {"RoiAlign", "coordinate_transformation_mode", {"half_pixel", "output_half_pixel"}},
    {"BitShift", "direction", {"LEFT", "RIGHT"}},
    {"Gelu", "approximate", {"none", "tanh"}},
    {"LSTM GRU RNN",
     "activations",
     {"Relu", "Tanh", "Sigmoid", "Affine", "LeakyRelu", "ThresholdedRelu", "ScaledTanh",
      "HardSigmoid", "Elu", "Softsign", "Softplus"}},
    {"AveragePool MaxPool LpPool Conv ConvTranspose ConvInteger QLinearConv",
     "auto_pad",
     {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"}},
    {"TopK", "largest", {}},
    {"TopK", "sorted", {}},
    {"Unique", "sorted", {}},
    {"MaxPool", "storage_order", {}},
    {"AveragePool MaxPool LpPool", "ceil_mode", {}},
    {"AveragePool", "count_include_pad", {}},
    {"NonMaxSuppression", "center_point_box", {}},
    {"ConcatFromSequence", "new_axis", {}},
    {"GRU", "linear_before_reset", {}},
    {"LSTM", "input_forget", {}},
    {"LSTM GRU RNN", "layout", {}},
    {"CumSum", "exclusive", {}},
    {"CumSum", "reverse", {}},
    {"Trilu", "upper", {}},
    {"Mod", "fmod", {}},
    {"Reduce* ArgMax ArgMin", "keepdims", {}},
    {"Reduce*", "noop_with_empty_axes", {}},
    {"ArgMax ArgMin", "select_last_index", {}},
    {"Resize", "exclude_outside", {}},
    {"Resize", "antialias", {}},
};

/// The first attribute of NP that names a choice the spec does not allow,
/// with what it allows; "" when there is none.
std::string badChoice(const onnx::NodeProto &NP) {
  if (NP.attribute_size() == 0)
    return "";
  StringRef Op = NP.op_type();
  // The choices by op type, made once ("Reduce*": by prefix, kept apart).
  static const auto ByOp = [] {
    std::pair<StringMap<std::vector<const Choice *>>,
              std::vector<std::pair<StringRef, const Choice *>>>
        Index;
    for (const Choice &C : Choices) {
      SmallVector<StringRef, 8> Ops;
      StringRef(C.Ops).split(Ops, ' ');
      for (StringRef O : Ops)
        if (O.ends_with("*"))
          Index.second.push_back({O.drop_back(), &C});
        else
          Index.first[O].push_back(&C);
    }
    return Index;
  }();
  SmallVector<const Choice *, 8> Apply;
  if (auto It = ByOp.first.find(Op); It != ByOp.first.end())
    Apply.append(It->second.begin(), It->second.end());
  for (const auto &[Prefix, C] : ByOp.second)
    if (Op.starts_with(Prefix))
      Apply.push_back(C);
  for (const Choice *CP : Apply) {
    const Choice &C = *CP;
    for (const auto &A : NP.attribute()) {
      if (A.name() != C.Attr)
        continue;
      std::string Allowed;
      for (const char *V : C.Strings)
        Allowed += (Allowed.empty() ? "" : ", ") + std::string(V);
      if (C.Strings.size() == 0) {
        if (A.type() == onnx::AttributeProto::INT && A.i() != 0 && A.i() != 1)
          return "attribute '" + A.name() + "' is a flag (0 or 1), not " + std::to_string(A.i());
      } else if (A.type() == onnx::AttributeProto::STRING) {
        if (!is_contained(C.Strings, StringRef(A.s())))
          return "attribute '" + A.name() + "' must be one of " + Allowed + ", not '" +
                 printable(A.s(), 32) + "'";
      } else if (A.type() == onnx::AttributeProto::STRINGS) {
        for (const std::string &V : A.strings())
          if (!is_contained(C.Strings, StringRef(V)))
            return "attribute '" + A.name() + "' must name " + Allowed + ", not '" +
                   printable(V, 32) + "'";
      }
    }
  }
  return "";
}

/// A node as its operator's schema (ONNX 1.12's, the newest version up to
/// the node's opset) defines it. Every attribute, in any domain: a name,
/// given once, a type, and the value field that type names (a rule reads an
/// attribute of another type as absent: strides given as floats would be
/// counted as strides of 1). A default-domain operator at an opset ONNX
/// 1.12 knows whole: one that opset has, with only attributes it defines,
/// each of its required ones, and as many inputs and outputs as it takes,
/// none of the required ones left empty. Past that opset the schema is an
/// older version: only its attributes' types are held to it, and an
/// operator wattlint's own table knows only from a later opset is refused.
Error Converter::checkSchema(const onnx::NodeProto &NP, unsigned Index, StringRef Domain,
                             int64_t Opset) {
  auto Fail = [&](const std::string &Why) {
    // Located as the shape rules locate a node: by name, else by index, op
    // type and first output.
    std::string Label = !NP.name().empty()
                            ? NP.name()
                            : "#" + std::to_string(Index) + " " + NP.op_type() + " (" +
                                  (NP.output_size() ? NP.output(0) : std::string()) + ")";
    return createStringError(inconvertibleErrorCode(), "node '%s' (%s): %s",
                             printable(Label, 128).c_str(), printable(NP.op_type(), 64).c_str(),
                             Why.c_str());
  };
  auto Bad = [&](const onnx::AttributeProto &A, const std::string &Why) {
    return Fail("attribute '" + printable(A.name(), 64) + "' " + Why);
  };
  // Names seen (a node may carry 100k: a set past the first few).
  SmallSet<StringRef, 8> Seen;
  for (int I = 0; I < NP.attribute_size(); ++I) {
    const onnx::AttributeProto &A = NP.attribute(I);
    if (A.name().empty())
      return Bad(A, "has no name");
    if (!Seen.insert(A.name()).second)
      return Bad(A, "is given twice");
    if (A.type() == onnx::AttributeProto::UNDEFINED)
      return Bad(A, "has no type");
    if (!holdsItsType(A))
      return Bad(A, "is typed " + onnx::AttributeProto::AttributeType_Name(A.type()) +
                        " but holds another kind of value");
  }
  if (!Domain.empty())
    return Error::success();
  if (std::string Why = badChoice(NP); !Why.empty())
    return Fail(Why);
  StringRef OpName = NP.op_type();
  for (const auto &A : NP.attribute()) {
    // The reductions' axes moved from an attribute to an input (ReduceSum
    // at opset 13, the others at 18: past what ONNX 1.12's schemas know).
    if (A.name() == "axes" && OpName.starts_with("Reduce") &&
        Opset >= (OpName == "ReduceSum" ? 13 : 18))
      return Fail("attribute 'axes' is an input of " + printable(OpName, 64) + " at opset " +
                  std::to_string(Opset));
    // Scatter reductions: none, add and mul; max and min since opset 18.
    if (A.name() == "reduction" && (OpName == "ScatterElements" || OpName == "ScatterND")) {
      StringRef R = A.s();
      bool Known18 = R == "max" || R == "min";
      if (!(R == "none" || R == "add" || R == "mul" || Known18) || (Known18 && Opset < 18))
        return Fail("attribute 'reduction' must be none, add or mul" +
                    std::string(Opset >= 18 ? ", max or min" : " (max and min since opset 18)") +
                    ", not '" + printable(A.s(), 32) + "'");
    }
  }
  const int Known = onnxLibOpset();
  const std::string &Op = NP.op_type();
  const onnx::OpSchema *S = Schemas.get(Op, Opset);
  auto Name = [&] { return printable(Op, 64); };
  if (!S) {
    int64_t Since = 0;
    if (onnx::OpSchemaRegistry::Schema(Op, Known, "")) {
      // The operator's first version (the registry answers the newest up
      // to the version asked for): only on the way to an error.
      for (int V = int(std::max<int64_t>(Opset + 1, 1)); V <= Known && !Since; ++V)
        if (const onnx::OpSchema *First = onnx::OpSchemaRegistry::Schema(Op, V, ""))
          Since = First->since_version();
    } else if (const OpEntry *E = lookupShapeRule("", Op);
               E && !*E->Domain && !lookupOp("", Op, Opset))
      Since = E->SinceVersion;
    if (Since > Opset)
      return Fail(Name() + " is an ai.onnx operator from opset " + std::to_string(Since) +
                  "; the model imports opset " + std::to_string(Opset));
    if (Opset <= Known)
      return Fail("ai.onnx opset " + std::to_string(Opset) + " has no operator " + Name());
    return Error::success(); // newer than ONNX 1.12: wattlint's rules judge it
  }
  // (Named only when a message needs it: most nodes pass.)
  auto Version = [&] { return Name() + "-" + std::to_string(S->since_version()); };
  for (const auto &A : NP.attribute()) {
    auto Def = S->attributes().find(A.name());
    if (Def == S->attributes().end()) {
      if (Opset <= Known)
        return Bad(A, "is not an attribute of " + Version());
      continue;
    }
    if (Def->second.type != A.type())
      return Bad(A, "is " + onnx::AttributeProto::AttributeType_Name(A.type()) + "; " + Version() +
                        " defines it as " +
                        onnx::AttributeProto::AttributeType_Name(Def->second.type));
  }
  if (Opset > Known)
    return Error::success();
  for (const auto &[AttrName, Def] : S->attributes())
    if (Def.required && !llvm::any_of(NP.attribute(), [&, &AttrName = AttrName](const auto &A) {
          return A.name() == AttrName;
        }))
      return Fail(Version() + " requires attribute '" + AttrName + "'");
  auto Arity = [&](const char *What, int Given, int Min, int Max,
                   const std::vector<onnx::OpSchema::FormalParameter> &Formal,
                   const google::protobuf::RepeatedPtrField<std::string> &Names) -> Error {
    if (Given < Min || Given > Max)
      return Fail(Version() + " takes " +
                  (Min == Max ? std::to_string(Min)
                   : Max == std::numeric_limits<int>::max()
                       ? std::to_string(Min) + " or more"
                       : std::to_string(Min) + " to " + std::to_string(Max)) +
                  " " + What + "s; the node has " + std::to_string(Given));
    for (int I = 0; I < Given && I < int(Formal.size()); ++I)
      if (Names.Get(I).empty() && Formal[I].GetOption() == onnx::OpSchema::Single)
        return Fail(What + std::string(" ") + std::to_string(I) + " ('" + Formal[I].GetName() +
                    "') of " + Version() + " is required but left empty");
    return Error::success();
  };
  if (Error E =
          Arity("input", NP.input_size(), S->min_input(), S->max_input(), S->inputs(), NP.input()))
    return E;
  return Arity("output", NP.output_size(), S->min_output(), S->max_output(), S->outputs(),
               NP.output());
}

Error Converter::convertNode(const onnx::NodeProto &NP, Graph &G, unsigned Index) {
  Node N;
  N.Name = NP.name();
  N.OpType = NP.op_type();
  N.Domain = NP.domain() == "ai.onnx" ? "" : NP.domain();
  N.DocString = NP.doc_string();
  N.Index = Index;
  if (N.OpType.empty())
    return createStringError(inconvertibleErrorCode(), "node %u ('%s') has no op type", Index,
                             NP.name().c_str());
  auto It = M.Opsets.find(N.Domain);
  if (It == M.Opsets.end())
    return createStringError(inconvertibleErrorCode(),
                             "node '%s' (%s) uses domain '%s', which the model does not import",
                             NP.name().c_str(), NP.op_type().c_str(), N.Domain.c_str());
  N.OpsetVersion = It->second;
  if (Error E = checkSchema(NP, Index, N.Domain, N.OpsetVersion))
    return E;
  for (const auto &A : NP.attribute()) {
    Attribute At;
    switch (A.type()) {
    case onnx::AttributeProto::INT:
      At.K = Attribute::Kind::Int, At.I = A.i();
      break;
    case onnx::AttributeProto::FLOAT:
      At.K = Attribute::Kind::Float, At.F = A.f();
      break;
    case onnx::AttributeProto::STRING:
      At.K = Attribute::Kind::String, At.S = A.s();
      break;
    case onnx::AttributeProto::INTS:
      At.K = Attribute::Kind::Ints, At.Ints.assign(A.ints().begin(), A.ints().end());
      break;
    case onnx::AttributeProto::FLOATS:
      At.K = Attribute::Kind::Floats, At.Floats.assign(A.floats().begin(), A.floats().end());
      break;
    case onnx::AttributeProto::STRINGS:
      At.K = Attribute::Kind::Strings, At.Strings.assign(A.strings().begin(), A.strings().end());
      break;
    case onnx::AttributeProto::TENSOR: {
      At.K = Attribute::Kind::Tensor;
      const auto &T = A.t();
      At.Tensor.Type = DType(T.data_type());
      At.Tensor.Shape.assign(T.dims().begin(), T.dims().end());
      bool External = false;
      readContents(T, At.Tensor.Type, At.Tensor.Shape, External, At.Tensor.IntData,
                   At.Tensor.FloatData);
      break;
    }
    case onnx::AttributeProto::GRAPH: {
      At.K = Attribute::Kind::Graph;
      auto Sub = std::make_unique<Graph>();
      if (Error E = convertGraph(A.g(), *Sub, &G))
        return E;
      N.Subgraphs.emplace_back(A.name(), std::move(Sub));
      break;
    }
    default:
      At.K = Attribute::Kind::Other;
      break;
    }
    N.Attrs[A.name()] = std::move(At);
  }
  for (const std::string &In : NP.input())
    N.Inputs.push_back(In.empty() ? -1 : useValue(G, In));
  for (const std::string &Out : NP.output()) {
    int Id = Out.empty() ? -1 : G.getOrAddValue(Out);
    N.Outputs.push_back(Id);
    if (Id >= 0)
      Recent[NextRecent++ % RecentCount] = {&G, Id};
  }
  G.Nodes.push_back(std::move(N));
  return Error::success();
}

Error Converter::convertGraph(const onnx::GraphProto &GP, Graph &G, Graph *Parent) {
  if (Error E = beginGraph(GP, G, Parent, size_t(GP.node_size())))
    return E;
  for (int I = 0; I < GP.node_size(); ++I)
    if (Error E = convertNode(GP.node(I), G, unsigned(I)))
      return E;
  return endGraph(GP, G);
}

Error Converter::beginGraph(const onnx::GraphProto &GP, Graph &G, Graph *Parent,
                            size_t NodeCount) {
  G.Name = GP.name();
  G.Parent = Parent;
  // Sized once: growing by doubling holds two copies at the peak.
  G.Nodes.reserve(NodeCount);
  size_t Expected = size_t(GP.initializer_size()) + size_t(GP.input_size()) + NodeCount + 16;
  G.Values.reserve(Expected);
  // The name table too: rehashing a million names as it grows is most of
  // what building it costs.
  if (G.ValueByName.empty())
    G.ValueByName =
        decltype(G.ValueByName)(unsigned(std::min<size_t>(Expected, 1u << 30)));
  for (const auto &T : GP.initializer()) {
    int Id = G.getOrAddValue(T.name());
    Value &V = G.value(Id);
    if (V.IsInitializer)
      return createStringError(inconvertibleErrorCode(), "initializer '%s' is defined twice",
                               T.name().c_str());
    V.IsInitializer = true;
    V.Type = DType(T.data_type());
    Dims D(T.dims().begin(), T.dims().end());
    for (int64_t X : D)
      if (X < 0)
        return createStringError(inconvertibleErrorCode(),
                                 "initializer '%s' has a negative dim", T.name().c_str());
    V.Shape = D;
    std::optional<std::vector<int64_t>> Ints;
    std::optional<std::vector<double>> Floats;
    bool External = false;
    readContents(T, V.Type, D, External, Ints, Floats);
    V.IsExternal = External;
    V.IntData = std::move(Ints);
    V.FloatData = std::move(Floats);
  }
  // A sparse initializer is a weight of its dense shape (runtimes densify
  // it when they load the model); its values are never read.
  for (const auto &S : GP.sparse_initializer()) {
    const onnx::TensorProto &Vals = S.values(), &Idx = S.indices();
    const std::string &Name = Vals.name();
    auto Bad = [&](const std::string &Why) {
      return createStringError(inconvertibleErrorCode(), "sparse initializer '%s' %s",
                               printable(Name, 128).c_str(), Why.c_str());
    };
    if (Name.empty())
      return Bad("has no name (its values tensor names it)");
    if (Vals.dims_size() != 1)
      return Bad("has values of rank " + std::to_string(Vals.dims_size()) + ", not 1");
    int64_t Nnz = Vals.dims(0);
    bool Linear = Idx.dims_size() == 1 && Idx.dims(0) == Nnz;
    bool PerAxis = Idx.dims_size() == 2 && Idx.dims(0) == Nnz && Idx.dims(1) == S.dims_size();
    if (!Linear && !PerAxis)
      return Bad("has indices of dims [" +
                 join(map_range(Idx.dims(), [](int64_t D) { return std::to_string(D); }), ", ") +
                 "] for " + std::to_string(Nnz) + " values of a rank-" +
                 std::to_string(S.dims_size()) + " tensor (the spec allows [NNZ] or [NNZ, rank])");
    if (Idx.data_type() != onnx::TensorProto::INT64)
      return Bad("has indices that are not int64");
    CheckedInt Numel(1);
    for (int64_t D : S.dims())
      Numel = Numel * CheckedInt(D);
    if (!Numel.bad() && Nnz > Numel.value())
      return Bad("has " + std::to_string(Nnz) + " values for " + std::to_string(Numel.value()) +
                 " elements");
    // Indices in the file (not external) are checked as ONNX's checker does:
    // each inside its dim (or the dense size), and linear ones increasing.
    size_t Count = Idx.has_raw_data() ? Idx.raw_data().size() / 8 : size_t(Idx.int64_data_size());
    int64_t Prev = -1;
    for (size_t K = 0; K < Count && !Numel.bad(); ++K) {
      int64_t X = 0;
      if (Idx.has_raw_data())
        std::memcpy(&X, Idx.raw_data().data() + 8 * K, 8);
      else
        X = Idx.int64_data(int(K));
      int64_t Limit = Linear ? int64_t(Numel.value()) : S.dims(int(K % S.dims_size()));
      if (X < 0 || X >= Limit)
        return Bad("has index " + std::to_string(X) + " outside [0, " + std::to_string(Limit) +
                   ")");
      if (Linear && X <= Prev)
        return Bad("has linear indices that do not increase (" + std::to_string(Prev) + ", then " +
                   std::to_string(X) + ")");
      Prev = X;
    }
    int Id = G.getOrAddValue(Name);
    Value &V = G.value(Id);
    if (V.IsInitializer)
      return Bad("is defined twice");
    V.IsInitializer = true;
    V.Type = DType(Vals.data_type());
    V.Shape = Dims(S.dims().begin(), S.dims().end());
    V.IsExternal = Vals.data_location() == onnx::TensorProto::EXTERNAL;
  }
  for (const auto &VI : GP.input()) {
    int Id = G.getOrAddValue(VI.name());
    Value &V = G.value(Id);
    if (!V.IsInitializer) {
      if (V.IsGraphInput)
        return createStringError(inconvertibleErrorCode(), "graph input '%s' is declared twice",
                                 VI.name().c_str());
      V.IsGraphInput = true;
      G.Inputs.push_back(Id);
    }
    if (!V.IsInitializer)
      setType(V, VI.type());
    else if (std::string Why = typeConflict(V, VI.type()); !Why.empty())
      return createStringError(inconvertibleErrorCode(), "graph input '%s' %s (its initializer's)",
                               printable(VI.name(), 128).c_str(), Why.c_str());
  }
  for (const auto &VI : GP.value_info()) {
    Value &V = G.value(G.getOrAddValue(VI.name()));
    if (std::string Why = typeConflict(V, VI.type()); !Why.empty())
      return createStringError(inconvertibleErrorCode(), "value_info of '%s' %s",
                               printable(VI.name(), 128).c_str(), Why.c_str());
    setType(V, VI.type(), /*Stated=*/true);
  }
  return Error::success();
}

namespace {
/// Ops of the default domain ("ai.onnx" is read as "") whose output 0 is
/// always a sequence.
bool makesSequence(const Node &N) {
  static const StringSet<> Ops = {"SequenceEmpty", "SequenceConstruct", "SequenceInsert",
                                  "SequenceErase", "SplitToSequence"};
  return N.Domain.empty() && Ops.count(N.OpType.ref());
}
/// Ops whose outputs may be something other than a tensor: those, the ones
/// that pass a value on or make an optional, and any of another domain.
bool mayMakeNonTensor(const Node &N) {
  static const StringSet<> Ops = {"SequenceMap", "Identity", "If",
                                  "Loop",        "Optional", "OptionalGetElement"};
  return !N.Domain.empty() || makesSequence(N) || Ops.count(N.OpType.ref());
}
} // namespace

Error Converter::endGraph(const onnx::GraphProto &GP, Graph &G) {
  // The node that makes each value (-1: none).
  std::vector<int> Made(G.Values.size(), -1);
  for (size_t I = 0; I < G.Nodes.size(); ++I)
    for (int O : G.Nodes[I].Outputs)
      if (O >= 0 && size_t(O) < Made.size())
        Made[size_t(O)] = int(I);
  auto Producer = [&](int Id) -> const Node * {
    return size_t(Id) < Made.size() && Made[size_t(Id)] >= 0 ? &G.Nodes[size_t(Made[size_t(Id)])]
                                                             : nullptr;
  };
  StringSet<> Seen;
  for (const auto &VI : GP.output()) {
    if (!Seen.insert(VI.name()).second)
      return createStringError(inconvertibleErrorCode(), "graph output '%s' is listed twice",
                               VI.name().c_str());
    int Id = useValue(G, VI.name());
    const Value &V = G.value(Id);
    if (!Producer(Id) && !V.IsInitializer && !V.IsGraphInput && !V.IsOuterRef)
      return createStringError(inconvertibleErrorCode(),
                               "graph output '%s' is produced by no node, input or initializer",
                               printable(VI.name(), 128).c_str());
    if (std::string Why = typeConflict(G.value(Id), VI.type()); !Why.empty())
      return createStringError(inconvertibleErrorCode(), "graph output '%s' %s",
                               printable(VI.name(), 128).c_str(), Why.c_str());
    // A sequence where a tensor is made, or a tensor where a sequence is.
    bool Seq = VI.type().has_sequence_type(), Tensor = VI.type().has_tensor_type();
    if ((Seq || Tensor) && !V.IsGraphInput && !V.IsOuterRef) {
      const Node *P = V.IsInitializer ? nullptr : Producer(Id);
      bool MakesTensor = V.IsInitializer || (P && !mayMakeNonTensor(*P));
      if ((Seq && MakesTensor) || (Tensor && P && makesSequence(*P)))
        return createStringError(
            inconvertibleErrorCode(), "graph output '%s' is declared a %s, but %s makes a %s",
            printable(VI.name(), 128).c_str(), Seq ? "sequence" : "tensor",
            P ? ("its node (" + P->OpType.str() + ")").c_str() : "an initializer",
            Seq ? "tensor" : "sequence");
    }
    setType(G.value(Id), VI.type(), /*Stated=*/true);
    G.Outputs.push_back(Id);
  }
  return G.sortTopologically();
}

/// Binds symbolic dims of the main graph's inputs; clears symbolic dims
/// elsewhere so that inferred values are not merged against stale names.
void bindDims(onnx::ModelProto &MP, const ReadOptions &Opts, Model &M,
              std::map<std::string, std::vector<std::string>> &Symbolic) {
  StringSet<> Initializers;
  for (const auto &T : MP.graph().initializer())
    Initializers.insert(T.name());
  std::map<std::string, int64_t> Used;
  std::vector<std::string> Defaulted;
  for (auto &VI : *MP.mutable_graph()->mutable_input()) {
    if (Initializers.contains(VI.name()) || !VI.type().has_tensor_type() ||
        !VI.type().tensor_type().has_shape())
      continue;
    int Axis = 0;
    std::vector<std::string> &Names = Symbolic[VI.name()];
    Names.assign(VI.type().tensor_type().shape().dim_size(), "");
    for (auto &D : *VI.mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim()) {
      if (!D.has_dim_value()) {
        std::string Name = D.has_dim_param() && !D.dim_param().empty()
                               ? D.dim_param()
                               : VI.name() + "[" + std::to_string(Axis) + "]";
        if (M.BatchDim.empty() && &VI == &MP.graph().input(0) && (Axis == 0 || batchLikeName(Name)))
          M.BatchDim = Name;
        auto It = Opts.Dims.find(Name);
        int64_t V = It != Opts.Dims.end() ? It->second : Opts.DefaultDim;
        if (It == Opts.Dims.end() && !Used.count(Name))
          Defaulted.push_back(Name);
        Used[Name] = V;
        Names[Axis] = Name;
        D.set_dim_value(V);
      }
      ++Axis;
    }
  }
  M.BoundDims.assign(Used.begin(), Used.end());
  M.DefaultedDims = Defaulted;
  // A value_info's shape may state dims of the export's own binding: only
  // its element type is kept (and checked against the op's).
  for (auto &VI : *MP.mutable_graph()->mutable_value_info())
    if (VI.type().has_tensor_type())
      VI.mutable_type()->mutable_tensor_type()->clear_shape();
  for (auto &VI : *MP.mutable_graph()->mutable_output())
    if (VI.type().has_tensor_type() && VI.type().tensor_type().has_shape())
      for (auto &D : *VI.mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim())
        if (D.has_dim_param())
          D.clear_dim_param();
}

Error checkExternalLocations(const onnx::GraphProto &G, StringRef Path);

/// A tensor whose external data would point outside the model's folder.
Error checkExternalTensor(const onnx::TensorProto &T, StringRef Path) {
  if (T.data_location() != onnx::TensorProto::EXTERNAL)
    return Error::success();
  for (const auto &E : T.external_data()) {
    if (E.key() != "location")
      continue;
    StringRef Loc = E.value();
    bool Escapes = sys::path::is_absolute(Loc) || sys::path::is_absolute(Loc, sys::path::Style::windows) ||
                   Loc.contains('\0');
    for (auto It = sys::path::begin(Loc), End = sys::path::end(Loc); It != End; ++It)
      if (*It == "..")
        Escapes = true;
    // A link inside the folder may lead out of it: where the location
    // exists, it is judged by where it resolves (never opened: a FIFO or a
    // device is not read).
    if (!Escapes) {
      SmallString<256> Dir(Path), Full, RealDir, RealFull;
      sys::path::remove_filename(Dir);
      if (Dir.empty())
        Dir = ".";
      Full = Dir;
      sys::path::append(Full, Loc);
      if (!sys::fs::real_path(Full, RealFull) && !sys::fs::real_path(Dir, RealDir))
        Escapes = !StringRef(RealFull).starts_with(RealDir) ||
                  (RealFull.size() > RealDir.size() &&
                   !sys::path::is_separator(RealFull[RealDir.size()]) &&
                   !sys::path::is_separator(RealDir.back()));
    }
    if (Escapes)
      return fileError(Path, "tensor '" + T.name() + "' points its external data at '" + Loc +
                                 "', outside the model's folder; refusing it");
    // Where the file is there (it need not be), the bytes must be in it:
    // never read, only its size from stat (a FIFO or device is no file).
    SmallString<256> Full(Path);
    sys::path::remove_filename(Full);
    sys::path::append(Full, Loc);
    sys::fs::file_status St;
    if (sys::fs::status(Full, St))
      continue;
    if (St.type() != sys::fs::file_type::regular_file)
      return fileError(Path, "tensor '" + printable(T.name(), 128) +
                                 "' points its external data at '" + printable(Loc, 128) +
                                 "', which is not a regular file");
    uint64_t Offset = 0, Length = 0;
    bool HasLength = false, Malformed = false;
    for (const auto &K : T.external_data()) {
      if (K.key() == "offset")
        Malformed |= StringRef(K.value()).getAsInteger(10, Offset);
      if (K.key() == "length")
        Malformed |= !(HasLength = !StringRef(K.value()).getAsInteger(10, Length));
    }
    if (Malformed)
      continue; // validateModel names what is wrong with the entry
    if (!HasLength) {
      Count Bytes = Count(dtypeBits(DType(T.data_type())));
      for (int64_t D : T.dims())
        Bytes *= Count::dim(D);
      Length = Bytes.overflowed() ? UINT64_MAX : (Bytes.value() + 7) / 8;
    }
    if (Offset > St.getSize() || Length > St.getSize() - Offset)
      return fileError(Path, "tensor '" + printable(T.name(), 128) + "' needs bytes " +
                                 std::to_string(Offset) + " to " +
                                 (Length > UINT64_MAX - Offset ? std::string("past 2^64")
                                                               : std::to_string(Offset + Length)) +
                                 " of '" + printable(Loc, 128) + "', which has " +
                                 std::to_string(St.getSize()));
  }
  return Error::success();
}

/// checkExternalLocations for one node's tensors and subgraphs.
Error checkExternalSparse(const onnx::SparseTensorProto &S, StringRef Path) {
  if (Error E = checkExternalTensor(S.values(), Path))
    return E;
  return checkExternalTensor(S.indices(), Path);
}

Error checkExternalInNode(const onnx::NodeProto &N, StringRef Path) {
  return forEachAttributeValue(
      N, [&](const onnx::TensorProto &T, const onnx::AttributeProto &) {
        return checkExternalTensor(T, Path);
      },
      [&](const onnx::SparseTensorProto &S, const onnx::AttributeProto &) {
        return checkExternalSparse(S, Path);
      },
      [&](const onnx::GraphProto &G) { return checkExternalLocations(G, Path); });
}

Error checkExternalLocations(const onnx::GraphProto &G, StringRef Path) {
  for (const auto &T : G.initializer())
    if (Error E = checkExternalTensor(T, Path))
      return E;
  for (const auto &S : G.sparse_initializer())
    if (Error E = checkExternalSparse(S, Path))
      return E;
  for (const auto &N : G.node())
    if (Error E = checkExternalInNode(N, Path))
      return E;
  return Error::success();
}

/// Parses an ONNX text-format model.
Error parseTextData(StringRef Path, StringRef Data, onnx::ModelProto &MP) {
  // ONNX's parser reads a C string: what follows a NUL would be ignored.
  if (size_t Nul = Data.find('\0'); Nul != StringRef::npos)
    return fileError(Path, "not a valid ONNX text model: a NUL byte at offset " + Twine(Nul));
  std::string Text = stripComments(Data);
  // ONNX's text parser recurses per nested graph; refuse depths that could
  // exhaust the stack before it sees them.
  // Brackets inside a quoted string (a doc_string) nest nothing.
  unsigned MaxSeen = bracketNesting(Text, "{[(<", "}])>", BracketSyntax::OnnxText);
  if (MaxSeen > MaxTextNesting)
    return fileError(Path, "nested " + Twine(MaxSeen) + " levels deep; at most " +
                               Twine(MaxTextNesting) + " are accepted");
  onnx::Common::Status Status;
  try {
    Status = onnx::OnnxParser::Parse(MP, Text.c_str());
  } catch (const std::exception &E) { // the parser's number conversions throw
    return fileError(Path, std::string("not a valid ONNX text model: ") + E.what());
  }
  if (!Status.IsOK()) {
    // One line: the parser's message spans several, with context.
    std::string Why = Status.ErrorMessage();
    for (char &C : Why)
      if (C == '\n' || C == '\r')
        C = ' ';
    if (Why.size() > 300)
      Why = Why.substr(0, 300) + "...";
    return fileError(Path, "not a valid ONNX text model: " + Why);
  }
  // The text format may leave the IR version out (then 8); one it states
  // must be positive, as in a binary model.
  if (!MP.has_ir_version())
    MP.set_ir_version(8);
  else if (MP.ir_version() <= 0)
    return fileError(Path, "IR version " + Twine(MP.ir_version()) + " is not a valid version");
  if (!MP.has_graph())
    return fileError(Path, "not an ONNX model (no graph)");
  return Error::success();
}

/// A binary model read a node at a time: the stripped model and where its
/// main graph's nodes lie (the parsed ModelProto holds none of them).
struct NodeStream {
  std::string Bytes;
  std::vector<std::pair<uint32_t, uint32_t>> Nodes;
};

Error notValid(StringRef Path) {
  return fileError(Path, "not a valid ONNX model (protobuf parse failed: truncated, not ONNX, "
                         "or graphs nested deeper than " + Twine(MaxGraphNesting) + ")");
}

/// Parses a stripped model (all of it, or a part as a message of its own at
/// Depth levels below the model) into Msg.
bool parsePart(StringRef Bytes, google::protobuf::MessageLite &Msg, unsigned Depth = 0) {
  google::protobuf::io::CodedInputStream In(reinterpret_cast<const uint8_t *>(Bytes.data()),
                                            int(Bytes.size()));
  In.SetRecursionLimit(int(MaxMessageDepth - Depth));
  return Msg.ParseFromCodedStream(&In) && In.ConsumedEntireMessage();
}

Error parseStripped(StringRef Path, StringRef Bytes, onnx::ModelProto &MP) {
  if (!parsePart(Bytes, MP))
    return notValid(Path);
  if (MP.ir_version() <= 0 || !MP.has_graph())
    return fileError(Path, "not an ONNX model (no IR version or no graph)");
  return Error::success();
}

/// Parses a binary model from Stream without its large tensor payloads. With
/// Streamed, the main graph's nodes are left out of MP and their bytes kept
/// in *Streamed, where the model allows it.
Error parseBinary(StringRef Path, google::protobuf::io::ZeroCopyInputStream &Stream,
                  onnx::ModelProto &MP, std::optional<NodeStream> *Streamed = nullptr) {
  std::optional<StrippedModel> Stripped = stripTensorPayloads(Stream, MaxMessageDepth);
  if (!Stripped)
    return notValid(Path);
  if (Streamed)
    if (std::optional<SplitModel> Split = splitMainGraphNodes(Stripped->Bytes)) {
      Error E = parseStripped(Path, Split->Rest, MP);
      if (!E) {
        Streamed->emplace(NodeStream{std::move(Stripped->Bytes), std::move(Split->Nodes)});
        return Error::success();
      }
      // The whole message says what is wrong, as it would unsplit.
      consumeError(std::move(E));
      MP.Clear();
    }
  return parseStripped(Path, Stripped->Bytes, MP);
}

/// Parses the model at Path into MP (allocated on an arena by the caller).
/// Binary models are streamed: large tensor payloads are seeked over, so
/// neither time nor memory grows with the weights.
Error parseFile(StringRef Path, onnx::ModelProto &MP, std::optional<NodeStream> *Streamed) {
  sys::fs::file_status St;
  if (std::error_code EC = sys::fs::status(Path, St))
    return fileError(Path, "cannot open: " + EC.message());
  if (sys::fs::is_directory(St))
    return fileError(Path, "is a directory, not an ONNX model");
  if (!sys::fs::is_regular_file(St))
    return fileError(Path, "is not a regular file");
  Expected<sys::fs::file_t> FD = sys::fs::openNativeFileForRead(Path);
  if (!FD)
    return fileError(Path, "cannot open: " + toString(FD.takeError()));
  auto Close = make_scope_exit([&] { sys::fs::closeFile(*FD); });
  if (St.getSize() == 0)
    return fileError(Path, "is empty");
  char Head[4096];
  Expected<size_t> HeadSize = sys::fs::readNativeFile(*FD, MutableArrayRef<char>(Head, sizeof(Head)));
  if (!HeadSize)
    return fileError(Path, "cannot read: " + toString(HeadSize.takeError()));
  if (std::optional<std::string> Lfs = describeLfsPointer(StringRef(Head, *HeadSize)))
    return fileError(Path, *Lfs);
  auto ParseText = [&]() -> Error {
    // Text models are small by nature: read whole.
    auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
    if (!Buf)
      return fileError(Path, "cannot read: " + Buf.getError().message());
    return parseTextData(Path, (*Buf)->getBuffer(), MP);
  };
  if (looksLikeText(StringRef(Head, *HeadSize)))
    return ParseText();
  if (St.getSize() > uint64_t(INT_MAX))
    return fileError(Path, "larger than 2 GiB, the protobuf limit for one message");
  if (off_t(::lseek(*FD, 0, SEEK_SET)) != 0)
    return fileError(Path, "cannot seek");
  google::protobuf::io::FileInputStream Stream(*FD, 1 << 16);
  Error E = parseBinary(Path, Stream, MP, Streamed);
  // Printable bytes that are no binary model either (a script, a text
  // model with a typo at its start): the text parser says why.
  if (E && printableHead(StringRef(Head, *HeadSize))) {
    consumeError(std::move(E));
    MP.Clear();
    if (Streamed)
      Streamed->reset();
    return ParseText();
  }
  return E;
}

} // namespace

namespace {
/// The shapes the main graph's value_info states, before the reader drops
/// them (they may state the export's own binding of a symbolic dim), and
/// whether every graph input's dims are fixed in the file (then no binding
/// changes a shape, and a stated dim is a claim to check).
struct StatedShapes {
  std::vector<std::pair<std::string, Dims>> Shapes;
  bool Static = true;
};
StatedShapes statedShapes(const onnx::GraphProto &G) {
  StatedShapes S;
  for (const auto &VI : G.input())
    if (VI.type().has_tensor_type() && VI.type().tensor_type().has_shape())
      for (const auto &D : VI.type().tensor_type().shape().dim())
        S.Static = S.Static && D.has_dim_value();
  for (const auto &VI : G.value_info()) {
    if (!VI.type().has_tensor_type() || !VI.type().tensor_type().has_shape())
      continue;
    Dims D;
    for (const auto &Dim : VI.type().tensor_type().shape().dim())
      D.push_back(Dim.has_dim_value() ? Dim.dim_value() : -1);
    S.Shapes.push_back({VI.name(), std::move(D)});
  }
  return S;
}
/// A value_info that contradicts the shape the ops give its value, or its
/// initializer's: of another rank, or another known dim where no binding
/// changes it (an initializer's never does; an op's in a model whose inputs
/// are all fixed). ONNX's checker and ONNX Runtime refuse such a model.
Error checkStatedShapes(const Graph &G, const StatedShapes &S) {
  for (const auto &[Name, D] : S.Shapes) {
    int Id = G.find(Name);
    if (Id < 0 || !G.value(Id).Shape || (G.value(Id).IsGraphInput && !G.value(Id).IsInitializer))
      continue;
    const Dims &Have = *G.value(Id).Shape;
    bool Fixed = S.Static || G.value(Id).IsInitializer;
    bool Differs = Have.size() != D.size();
    for (size_t K = 0; Fixed && !Differs && K < D.size(); ++K)
      Differs = D[K] >= 0 && Have[K] >= 0 && D[K] != Have[K];
    auto List = [](const Dims &L) {
      return "[" + join(map_range(L, [](int64_t V) { return std::to_string(V); }), ", ") + "]";
    };
    if (Differs)
      return createStringError(inconvertibleErrorCode(), "value_info states %s for '%s', but %s %s",
                               List(D).c_str(), printable(Name, 128).c_str(),
                               G.value(Id).IsInitializer ? "its initializer is" : "its op gives",
                               List(Have).c_str());
  }
  return Error::success();
}
} // namespace

namespace {
Error inferWithOnnx(StringRef Path, onnx::ModelProto &MP, Model &M, SchemaCache &Schemas);
Error checkInputTypes(const Graph &G, SchemaCache &Schemas);

/// The model's header into M: path, IR version, producer, opsets (checked).
Error readHeader(StringRef Path, const onnx::ModelProto &MP, Model &M) {
  M.Path = Path.str();
  M.IrVersion = MP.ir_version();
  M.ProducerName = MP.producer_name();
  M.ProducerVersion = MP.producer_version();
  if (M.IrVersion > MaxIrVersion)
    return fileError(Path, "IR version " + Twine(M.IrVersion) + " is newer than this reader knows (" +
                               Twine(MaxIrVersion) + ")");
  for (const auto &O : MP.opset_import()) {
    std::string D = O.domain() == "ai.onnx" ? "" : O.domain();
    if (O.version() <= 0)
      return fileError(Path, "opset version " + Twine(O.version()) + " for domain '" + D + "'");
    M.Opsets[D] = O.version();
  }
  return Error::success();
}

/// Everything after parsing: checks, dim binding, shape inference, the IR.
Expected<Model> buildModel(StringRef Path, onnx::ModelProto &MP, const ReadOptions &Opts) {
  Model M;
  if (Error E = readHeader(Path, MP, M))
    return std::move(E);
  if (Error E = checkExternalLocations(MP.graph(), Path))
    return std::move(E);
  if (Error E = validateModel(MP))
    return fileError(Path, toString(std::move(E)));
  // Calls of the model's own functions become the functions' nodes, which
  // are then checked as the graph's own.
  if (MP.functions_size()) {
    if (Error E = inlineLocalFunctions(MP))
      return fileError(Path, toString(std::move(E)));
    if (Error E = checkExternalLocations(MP.graph(), Path))
      return std::move(E);
    if (Error E = validateModel(MP))
      return fileError(Path, toString(std::move(E)));
  }

  std::map<std::string, std::vector<std::string>> Symbolic;
  StatedShapes Stated = statedShapes(MP.graph());
  bindDims(MP, Opts, M, Symbolic);
  M.Assume = Opts.Assume;

  // Convert (and so validate: every input defined, no cycle, no duplicate
  // producer) before ONNX's inference, which is not safe on such graphs.
  Converter C(M);
  if (Error E = C.convertGraph(MP.graph(), M.Main, nullptr))
    return fileError(Path, toString(std::move(E)));
  // The symbolic dims stay in the IR, so that it can be bound again.
  for (int Id : M.Main.Inputs)
    if (auto It = Symbolic.find(M.Main.value(Id).Name); It != Symbolic.end())
      M.Main.value(Id).SymDims = It->second;
  recordDeclaredShapes(M);
  sortLikeIR(*MP.mutable_graph(), M.Main);

  // wattlint's own shape rules first: when they resolve every value, ONNX's
  // inference (a forked child and a round trip of the graph) adds nothing.
  if (Error E = inferShapes(M))
    return fileError(Path, toString(std::move(E)));
  if (Error E = checkInputTypes(M.Main, C.schemas()))
    return fileError(Path, toString(std::move(E)));
  if (Error E = checkStatedShapes(M.Main, Stated))
    return fileError(Path, toString(std::move(E)));
  if (allResolved(M.Main))
    return std::move(M);

  if (Error E = inferWithOnnx(Path, MP, M, C.schemas()))
    return std::move(E);
  return std::move(M);
}

/// When wattlint's rules leave values unresolved: ONNX's inference fills in
/// (MP holds every node, in M's order), with the ops it would misread hidden
/// from it, and the own rules run again on what it found.
/// The element type T as ONNX 1.12's schemas name it ("tensor(float)"),
/// interned as they compare it; null for a type it does not know.
onnx::DataType onnxTensorType(DType T) {
  static const std::vector<onnx::DataType> Types = [] {
    static const char *const Names[] = {"",           "float",   "uint8",  "int8",   "uint16",
                                        "int16",      "int32",   "int64",  "string", "bool",
                                        "float16",    "double",  "uint32", "uint64", "complex64",
                                        "complex128", "bfloat16"};
    std::vector<onnx::DataType> V(std::size(Names), nullptr);
    for (size_t I = 1; I < std::size(Names); ++I)
      V[I] = onnx::Utils::DataTypeUtils::ToType(std::string("tensor(") + Names[I] + ")");
    return V;
  }();
  size_t I = size_t(T);
  return I < Types.size() ? Types[I] : nullptr;
}

/// Every default-domain node's inputs whose element type the file declares
/// (graph inputs and initializers), against its operator's type constraints
/// (ONNX 1.12's schemas, at an opset it knows whole): a type the constraint
/// does not allow (an int64 Conv, a float shape for Reshape, a float If
/// condition), or two inputs of one homogeneous constraint with different
/// types (Add of float and int64).
Error checkInputTypes(const Graph &G, SchemaCache &Schemas) {
  const int Known = onnxLibOpset();
  // A Constant's type is the file's too (its tensor attribute's).
  std::vector<bool> FromConstant(G.Values.size());
  for (const Node &N : G.Nodes)
    if (N.OpType == "Constant" && N.Domain.empty())
      for (int O : N.Outputs)
        if (O >= 0)
          FromConstant[size_t(O)] = true;
  for (const Node &N : G.Nodes) {
    for (const auto &[Attr, Sub] : N.Subgraphs)
      if (Error E = checkInputTypes(*Sub, Schemas))
        return E;
    if (!N.Domain.empty() || N.OpsetVersion > Known || N.OpsetVersion < 1)
      continue;
    const onnx::OpSchema *S = Schemas.get(N.OpType, N.OpsetVersion);
    if (!S || S->inputs().empty())
      continue;
    SmallVector<std::pair<const std::string *, DType>, 4> Bound;
    for (size_t I = 0; I < N.Inputs.size(); ++I) {
      if (N.Inputs[I] < 0)
        continue;
      const Value &V = G.value(N.Inputs[I]);
      // Only types the file declares: an exporter's own computed types are
      // not always the spec's (torch 1.13 writes Sqrt of an int64 Cast in
      // RAFT), and a model that runs is not refused for them.
      if (!V.IsGraphInput && !V.IsInitializer && !FromConstant[size_t(N.Inputs[I])])
        continue;
      onnx::DataType T = V.Sequence ? nullptr : onnxTensorType(V.Type);
      if (!T)
        continue;
      const auto &Formal = I < S->inputs().size() ? S->inputs()[I] : S->inputs().back();
      if (I >= S->inputs().size() && Formal.GetOption() != onnx::OpSchema::Variadic)
        continue;
      auto Version = [&] {
        return printable(N.OpType.str(), 64) + "-" + std::to_string(S->since_version());
      };
      auto Fail = [&](const std::string &Why) {
        return createStringError(inconvertibleErrorCode(), "node '%s' (%s): %s",
                                 printable(N.displayName(G), 128).c_str(),
                                 printable(N.OpType.str(), 64).c_str(), Why.c_str());
      };
      const auto &Allowed = Formal.GetTypes();
      if (!Allowed.count(T))
        return Fail("input " + std::to_string(I) + " ('" + Formal.GetName() + "') is " + *T +
                    ", which " + Version() + " does not allow for " + Formal.GetTypeStr());
      if (Formal.GetOption() == onnx::OpSchema::Variadic && !Formal.GetIsHomogeneous())
        continue;
      const std::string *Param = &Formal.GetTypeStr();
      auto B = llvm::find_if(Bound, [&](const auto &P) { return *P.first == *Param; });
      if (B == Bound.end())
        Bound.push_back({Param, V.Type});
      else if (B->second != V.Type)
        return Fail("input " + std::to_string(I) + " ('" + Formal.GetName() + "') is " + *T +
                    " but an earlier input of type " + *Param + " is " +
                    *onnxTensorType(B->second) + "; " + Version() + " takes one type for " +
                    *Param);
    }
  }
  return Error::success();
}

Error inferWithOnnx(StringRef Path, onnx::ModelProto &MP, Model &M, SchemaCache &Schemas) {
  std::vector<onnx::NodeProto *> Hidden;
  int64_t Opset = opsetOf(MP, "");
  hideNewerOps(*MP.mutable_graph(), Opset, Hidden);
  if (!Hidden.empty()) {
    auto *Imp = MP.add_opset_import();
    Imp->set_domain(HiddenDomain);
    Imp->set_version(1);
  }
  std::string Unsafe;
  onnx::GraphProto &Inferred = *google::protobuf::Arena::CreateMessage<onnx::GraphProto>(MP.GetArena());
  if (!safeForOnnxInference(MP.graph(), Unsafe))
    M.Warnings.push_back("ONNX shape inference skipped: " + Unsafe +
                         "; wattlint's own rules fill in");
  else if (std::optional<std::string> Failed = inferIsolated(MP, M.Main, Inferred))
    M.Warnings.push_back("ONNX shape inference " + *Failed + "; wattlint's own rules fill in");
  else {
    applyInferred(Inferred, M.Main);
    M.FrontEndShapes = true;
  }

  if (Error E = inferShapes(M))
    return fileError(Path, toString(std::move(E)));
  if (Error E = checkInputTypes(M.Main, Schemas))
    return fileError(Path, toString(std::move(E)));
  return Error::success();
}

/// buildModel for a model whose main-graph nodes are still bytes in S: the
/// same checks, conversion and inference, one node parsed at a time, so that
/// the parsed message of a large graph is never held whole. Any error
/// returned here is one buildModel would also find; the caller lets the
/// whole message say it (which check comes first is theirs).
Expected<Model> buildStreamed(StringRef Path, onnx::ModelProto &MP, const NodeStream &S,
                              const ReadOptions &Opts) {
  Model M;
  // A model with functions of its own is read whole (buildModel inlines them).
  if (MP.functions_size())
    return createStringError(inconvertibleErrorCode(), "local functions");
  if (Error E = readHeader(Path, MP, M))
    return std::move(E);
  if (Error E = checkExternalLocations(MP.graph(), Path))
    return std::move(E);
  if (Error E = validateModel(MP))
    return std::move(E);

  std::map<std::string, std::vector<std::string>> Symbolic;
  StatedShapes Stated = statedShapes(MP.graph());
  bindDims(MP, Opts, M, Symbolic);
  M.Assume = Opts.Assume;

  Converter C(M);
  onnx::GraphProto &GP = *MP.mutable_graph();
  if (Error E = C.beginGraph(GP, M.Main, nullptr, S.Nodes.size()))
    return std::move(E);
  auto NodeBytes = [&](size_t I) {
    return StringRef(S.Bytes.data() + S.Nodes[I].first, S.Nodes[I].second);
  };
  // One message, cleared and refilled: its strings keep their capacity.
  onnx::NodeProto NP;
  for (size_t I = 0; I < S.Nodes.size(); ++I) {
    if (!parsePart(NodeBytes(I), NP, 2))
      return notValid(Path);
    if (Error E = checkExternalInNode(NP, Path))
      return std::move(E);
    if (Error E = validateNode(NP, int(I)))
      return std::move(E);
    if (Error E = C.convertNode(NP, M.Main, unsigned(I)))
      return std::move(E);
  }
  if (Error E = C.endGraph(GP, M.Main))
    return std::move(E);
  for (int Id : M.Main.Inputs)
    if (auto It = Symbolic.find(M.Main.value(Id).Name); It != Symbolic.end())
      M.Main.value(Id).SymDims = It->second;
  recordDeclaredShapes(M);

  if (Error E = inferShapes(M))
    return std::move(E);
  if (Error E = checkInputTypes(M.Main, C.schemas()))
    return fileError(Path, toString(std::move(E)));
  if (Error E = checkStatedShapes(M.Main, Stated))
    return fileError(Path, toString(std::move(E)));
  if (allResolved(M.Main))
    return std::move(M);

  // ONNX's inference needs the whole graph: the nodes go back into MP.
  GP.mutable_node()->Reserve(int(S.Nodes.size()));
  for (size_t I = 0; I < S.Nodes.size(); ++I)
    if (!parsePart(NodeBytes(I), *GP.add_node(), 2))
      return notValid(Path);
  sortLikeIR(GP, M.Main);
  if (Error E = inferWithOnnx(Path, MP, M, C.schemas()))
    return std::move(E);
  return std::move(M);
}

/// A streamed model into the IR; when anything is wrong with it, the whole
/// message is parsed and read as before, and says what.
Expected<Model> buildFromStream(StringRef Path, onnx::ModelProto &MP, NodeStream &S,
                                const ReadOptions &Opts) {
  {
    Expected<Model> M = buildStreamed(Path, MP, S, Opts);
    if (M)
      return M;
    consumeError(M.takeError());
  }
  MP.Clear();
  if (Error E = parseStripped(Path, S.Bytes, MP))
    return std::move(E);
  S = NodeStream();
  return buildModel(Path, MP, Opts);
}
} // namespace

struct ParsedOnnxModel::Impl {
  std::string Path;
  // An arena frees the whole message at once instead of node by node.
  google::protobuf::Arena Arena;
  onnx::ModelProto *MP = nullptr;
  /// The main graph's nodes, when MP holds none of them.
  std::optional<NodeStream> Stream;
};

ParsedOnnxModel::ParsedOnnxModel(std::unique_ptr<Impl> I) : I(std::move(I)) {}
ParsedOnnxModel::~ParsedOnnxModel() = default;

Expected<std::unique_ptr<ParsedOnnxModel>> ParsedOnnxModel::open(StringRef Path) {
  auto I = std::make_unique<Impl>();
  I->Path = Path.str();
  I->MP = google::protobuf::Arena::CreateMessage<onnx::ModelProto>(&I->Arena);
  if (Error E = parseFile(Path, *I->MP, &I->Stream))
    return std::move(E);
  return std::unique_ptr<ParsedOnnxModel>(new ParsedOnnxModel(std::move(I)));
}

Expected<Model> ParsedOnnxModel::take(const ReadOptions &Opts) && {
  Expected<Model> M = I->Stream ? buildFromStream(I->Path, *I->MP, *I->Stream, Opts)
                                : buildModel(I->Path, *I->MP, Opts);
  // Reading is done: the name index is built again only if something looks
  // a value up by name (a rule), not held through the whole analysis.
  if (M)
    M->Main.dropValueIndex();
  return M;
}



Expected<Model> readOnnxModelFromMemory(StringRef Data, StringRef Name, const ReadOptions &Opts) {
  google::protobuf::Arena Arena;
  onnx::ModelProto &MP = *google::protobuf::Arena::CreateMessage<onnx::ModelProto>(&Arena);
  std::optional<NodeStream> Stream;
  if (Data.empty())
    return fileError(Name, "is empty");
  if (std::optional<std::string> Lfs = describeLfsPointer(Data))
    return fileError(Name, *Lfs);
  if (looksLikeText(Data)) {
    if (Error E = parseTextData(Name, Data, MP))
      return std::move(E);
  } else {
    if (Data.size() > size_t(INT_MAX))
      return fileError(Name, "larger than 2 GiB, the protobuf limit for one message");
    google::protobuf::io::ArrayInputStream In(Data.data(), int(Data.size()));
    if (Error E = parseBinary(Name, In, MP, &Stream))
      return std::move(E);
  }
  if (Stream)
    return buildFromStream(Name, MP, *Stream, Opts);
  return buildModel(Name, MP, Opts);
}

} // namespace wattlint
