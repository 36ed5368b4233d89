//===- libtorch/Emit.cpp - the graph builder: values, nodes, functions ----===//
//
// The core of GraphBuilder (names, values, constants, pruning) and the
// torch:: functions and Tensor methods; the layers are in EmitLayers.cpp.
//
//===----------------------------------------------------------------------===//
#include "libtorch/Emit.h"
#include "analyzer/ShapeRules.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace llvm;

namespace wattlint {
namespace cxx {

namespace {

/// Splits a tuple's elements at the commas outside brackets.
std::vector<StringRef> tupleElements(StringRef Inner) {
  std::vector<StringRef> Out;
  int Depth = 0;
  size_t Start = 0;
  for (size_t I = 0; I < Inner.size(); ++I) {
    if (Inner[I] == '[' || Inner[I] == '(')
      ++Depth;
    else if (Inner[I] == ']' || Inner[I] == ')')
      --Depth;
    else if (Inner[I] == ',' && Depth == 0) {
      Out.push_back(Inner.slice(Start, I).trim());
      Start = I + 1;
    }
  }
  Out.push_back(Inner.drop_front(Start).trim());
  return Out;
}

} // namespace

std::string inputSpecText(const InputSpec &S) {
  std::string T = S.Name.empty() ? "" : S.Name + "=";
  if (!S.Elems.empty()) {
    std::vector<std::string> Parts;
    for (const InputSpec &E : S.Elems)
      Parts.push_back(inputSpecText(E));
    return T + "(" + join(Parts, ",") + ")";
  }
  if (S.Type != DType::F32)
    T += dtypeName(S.Type).str();
  return T + "[" + join(S.Dims, ",") + "]";
}

Expected<InputSpec> parseInputSpec(StringRef Text) {
  // Tuples in tuples are read by recursion: their nesting is bounded first
  // (an LSTM's ((h, c), x) is 2 deep).
  constexpr int MaxNesting = 16;
  int Depth = 0, Deepest = 0;
  for (char Ch : Text) {
    Depth += Ch == '(' ? 1 : Ch == ')' ? -1 : 0;
    Deepest = std::max(Deepest, Depth);
  }
  if (Deepest > MaxNesting)
    return createStringError(inconvertibleErrorCode(),
                             "input '%s': tuples nested more than %d deep",
                             Text.take_front(64).str().c_str(), MaxNesting);
  InputSpec S;
  StringRef Rest = Text.trim();
  // A name is what comes before an '=' ahead of the dims: x=[...],
  // x=i64[...]; without one the spec is positional: [...], i64[...].
  size_t Eq = Rest.find('='), Dims = Rest.find_first_of("[(");
  if (Eq != StringRef::npos && (Dims == StringRef::npos || Eq < Dims)) {
    auto [Name, Shape] = Rest.split('=');
    S.Name = Name.trim().str();
    Rest = Shape.trim();
  }
  if (Eq != StringRef::npos && S.Name.empty())
    return createStringError(inconvertibleErrorCode(),
                             "input '%s' is not NAME=[DIMS] or [DIMS] (e.g. x=[N,1,28,28])",
                             Text.str().c_str());
  if (Rest.starts_with("(")) {
    if (!Rest.ends_with(")") || Rest.size() < 3)
      return createStringError(inconvertibleErrorCode(),
                               "input '%s': a tuple is its elements in parentheses, e.g. "
                               "hx=([1,N,H],[1,N,H])",
                               Text.str().c_str());
    for (StringRef E : tupleElements(Rest.drop_front().drop_back())) {
      Expected<InputSpec> Elem = parseInputSpec(E);
      if (!Elem)
        return Elem.takeError();
      if (!Elem->Name.empty())
        return createStringError(inconvertibleErrorCode(),
                                 "input '%s': a tuple's elements have no names",
                                 Text.str().c_str());
      S.Elems.push_back(std::move(*Elem));
    }
    return S;
  }
  size_t Open = Rest.find('[');
  if (Open == StringRef::npos || !Rest.ends_with("]"))
    return createStringError(inconvertibleErrorCode(),
                             "input '%s' needs its dims in brackets, e.g. x=[N,1,28,28]",
                             Text.str().c_str());
  StringRef Type = Rest.take_front(Open).trim();
  if (!Type.empty()) {
    S.Type = StringSwitch<DType>(Type)
                 .Case("f32", DType::F32)
                 .Case("f16", DType::F16)
                 .Case("bf16", DType::BF16)
                 .Case("i64", DType::I64)
                 .Case("i32", DType::I32)
                 .Default(DType::Undefined);
    if (S.Type == DType::Undefined)
      return createStringError(inconvertibleErrorCode(),
                               "input '%s': element type '%s' is not f32, f16, bf16, i64 or i32",
                               Text.str().c_str(), Type.str().c_str());
  }
  SmallVector<StringRef, 8> Parts;
  Rest.drop_front(Open + 1).drop_back().split(Parts, ',');
  for (StringRef P : Parts) {
    P = P.trim();
    int64_t V = 0;
    bool Number = !P.getAsInteger(10, V);
    bool Name = !P.empty() && (isAlpha(P[0]) || P[0] == '_') &&
                all_of(P, [](char Ch) { return isAlnum(Ch) || Ch == '_'; });
    if ((Number && (V <= 0 || V > (int64_t(1) << 40))) || (!Number && !Name))
      return createStringError(inconvertibleErrorCode(),
                               "input '%s': dim '%s' is neither a positive size nor a name",
                               Text.str().c_str(), P.str().c_str());
    S.Dims.push_back(P.str());
  }
  return S;
}

GraphBuilder::GraphBuilder(Model &M) : M(M), G(M.Main) {
  M.IrVersion = 9;
  M.ProducerName = "wattlint-cxx";
  M.Opsets[""] = EmitOpset;
  G.Name = "main_graph";
}

std::string GraphBuilder::uniqueName(StringRef Base) {
  unsigned N = NameUses[Base.str()]++;
  std::string Name = N == 0 ? Base.str() : Base.str() + "_" + std::to_string(N);
  // A name the user's scopes made already taken: count on.
  while (G.find(Name + "_output_0") >= 0 || G.find(Name) >= 0)
    Name = Base.str() + "_" + std::to_string(NameUses[Base.str()]++);
  return Name;
}

int GraphBuilder::newValue(StringRef Name, DType T) {
  int Id = G.getOrAddValue(Name);
  G.value(Id).Type = T;
  return Id;
}

int GraphBuilder::weight(StringRef Name, const std::optional<Dims> &Shape) {
  // A layer called twice reads the same weights: one initializer.
  if (int Id = G.find(Name); Id >= 0)
    return Id;
  int Id = newValue(Name, DType::F32);
  wattlint::Value &V = G.value(Id);
  V.IsInitializer = true;
  V.Shape = Shape;
  return Id;
}

int GraphBuilder::constInts(const Dims &Shape, const std::vector<int64_t> &Data) {
  int Id = newValue("onnx::Constant_" + std::to_string(Constants++), DType::I64);
  wattlint::Value &V = G.value(Id);
  V.IsInitializer = true;
  V.Shape = Shape;
  V.IntData = Data;
  return Id;
}

int GraphBuilder::constFloats(const std::vector<double> &V) {
  unsigned N = node("Constant", {}, 1, CallSite(), true);
  Attribute A;
  A.K = Attribute::Kind::Floats;
  A.Floats = V;
  at(N).Attrs["value_floats"] = std::move(A);
  return at(N).Outputs[0];
}

int GraphBuilder::constFloat(double F) {
  // A Constant node, not an initializer: a literal is not a parameter.
  unsigned N = node("Constant", {}, 1, CallSite(), true);
  setFloat(N, "value_float", F);
  return at(N).Outputs[0];
}

/// A module path ("layer1.0.conv1") as PyTorch's exporter scopes node names:
/// one level per module on the path, each named from its last atom that is
/// not a number ("/layer1/layer1.0/conv1"; "/0" for a root Sequential's
/// first child). A module list (Lists) is never called itself, so it has
/// no level of its own: "/enc/layers.0", not "/enc/layers/layers.0".
static std::string exportScope(StringRef Path, const std::set<std::string> &Lists) {
  std::string Scope;
  if (Path.empty())
    return Scope;
  SmallVector<StringRef, 8> Atoms;
  Path.split(Atoms, '.');
  for (size_t End = 1; End <= Atoms.size(); ++End) {
    if (Lists.count(join(ArrayRef(Atoms).take_front(End), ".")))
      continue;
    size_t Begin = End;
    while (Begin > 0 && all_of(Atoms[Begin - 1], isDigit))
      --Begin;
    Begin = Begin > 0 ? Begin - 1 : 0;
    Scope += "/" + join(ArrayRef(Atoms).slice(Begin, End - Begin), ".");
  }
  return Scope;
}

unsigned GraphBuilder::node(StringRef Op, const std::vector<int> &In, unsigned NOut,
                            const CallSite &C, bool Prune) {
  // Made by a constructor: named apart, so that forward()'s nodes are
  // numbered as the exporter numbers them.
  std::string Scope = (Setup ? "/__init__" : "") + exportScope(C.Scope, Lists);
  Node N;
  N.Name = uniqueName(Scope + "/" + Op.str());
  N.OpType = Op.str();
  N.OpsetVersion = EmitOpset;
  N.Inputs.assign(In.begin(), In.end());
  N.Index = unsigned(G.Nodes.size());
  for (unsigned I = 0; I < NOut; ++I)
    N.Outputs.push_back(newValue(N.Name + "_output_" + std::to_string(I), DType::F32));
  N.Location = C.At.str();
  if (!C.At.Allow.empty())
    N.DocString = C.At.Allow;
  G.Nodes.push_back(std::move(N));
  Prunable.push_back(Prune || Setup);
  return unsigned(G.Nodes.size() - 1);
}

Value GraphBuilder::out(unsigned N, unsigned I, int Rank, DType T) {
  int Id = at(N).Outputs[I];
  G.value(Id).Type = T;
  return Value::tensor(Id, Rank);
}

void GraphBuilder::setInts(unsigned N, StringRef Attr, const std::vector<int64_t> &V) {
  Attribute A;
  A.K = Attribute::Kind::Ints;
  A.Ints = V;
  at(N).Attrs[Attr.str()] = std::move(A);
}

void GraphBuilder::setInt(unsigned N, StringRef Attr, int64_t V) {
  Attribute A;
  A.K = Attribute::Kind::Int;
  A.I = V;
  at(N).Attrs[Attr.str()] = std::move(A);
}

void GraphBuilder::setFloat(unsigned N, StringRef Attr, double V) {
  Attribute A;
  A.K = Attribute::Kind::Float;
  A.F = V;
  at(N).Attrs[Attr.str()] = std::move(A);
}

void GraphBuilder::setString(unsigned N, StringRef Attr, StringRef V) {
  Attribute A;
  A.K = Attribute::Kind::String;
  A.S = V.str();
  at(N).Attrs[Attr.str()] = std::move(A);
}

Value GraphBuilder::addInput(StringRef Name, const InputSpec &S) {
  if (!S.Elems.empty()) {
    // A tuple: one graph input per element, hx.0, hx.1, ...
    std::vector<Value> Elems;
    for (size_t I = 0; I < S.Elems.size(); ++I)
      Elems.push_back(addInput((Name + "." + Twine(I)).str(), S.Elems[I]));
    return Value::tuple(std::move(Elems));
  }
  int Id = newValue(Name, S.Type);
  wattlint::Value &V = G.value(Id);
  V.IsGraphInput = true;
  Dims Shape;
  for (const std::string &D : S.Dims) {
    int64_t N = 0;
    bool Number = !StringRef(D).getAsInteger(10, N);
    Shape.push_back(Number ? N : -1);
    V.SymDims.push_back(Number ? "" : D);
    if (!Number && M.BatchDim.empty() && G.Inputs.empty() &&
        (Shape.size() == 1 || batchLikeName(D)))
      M.BatchDim = D;
  }
  V.Shape = Shape;
  G.Inputs.push_back(Id);
  return Value::tensor(Id, int(Shape.size()));
}

void GraphBuilder::addOutput(const Value &V) {
  if (V.K == Value::Kind::Tensor) {
    if (!is_contained(G.Outputs, V.TensorId))
      G.Outputs.push_back(V.TensorId);
    return;
  }
  for (const Value &E : V.Elems)
    addOutput(E);
}

Value GraphBuilder::unknownOp(StringRef Callee, ArrayRef<Value> Args, const CallSite &C,
                              StringRef Why) {
  std::vector<int> In;
  for (const Value &A : Args)
    if (A.K == Value::Kind::Tensor)
      In.push_back(A.TensorId);
  Problems.push_back({C.At, "'" + Callee.str() + "' " + Why.str() +
                                "; its result and everything computed from it are not costed"});
  std::string Op = Callee.str();
  std::replace(Op.begin(), Op.end(), ':', '_');
  unsigned N = node(Op, In, 1, C);
  at(N).OpType = Callee.str();
  at(N).Domain = "libtorch";
  M.Opsets["libtorch"] = 1;
  at(N).OpsetVersion = 1;
  return out(N, 0, -1);
}

Value GraphBuilder::unresolvedTail(StringRef Callee, const CallSite &C, StringRef Why) {
  // Reads by any node, and by the nodes finish() keeps (not those made only
  // to shape a weight or a size).
  std::vector<unsigned> Uses(G.Values.size(), 0);
  std::vector<bool> Kept(G.Values.size(), false);
  for (size_t K = 0; K < G.Nodes.size(); ++K)
    for (int I : G.Nodes[K].Inputs)
      if (I >= 0) {
        ++Uses[I];
        Kept[I] = Kept[I] || !Prunable[K];
      }
  std::vector<Value> Loose;
  for (size_t K = 0; K < G.Nodes.size(); ++K)
    if (!Prunable[K])
      for (int O : G.Nodes[K].Outputs)
        if (O >= 0 && Uses[O] == 0)
          Loose.push_back(Value::tensor(O, -1));
  for (int In : G.Inputs)
    if (Uses[In] == 0)
      Loose.push_back(Value::tensor(In, -1));
  // The weights of the layers the rest would call (addUncalledLayers): no
  // kept node reads them (their integer constants are not weights).
  for (size_t K = 0; K < G.Values.size(); ++K)
    if (G.Values[K].IsInitializer && G.Values[K].Type == DType::F32 && !Kept[K])
      Loose.push_back(Value::tensor(int(K), -1));
  // Part of forward(), though made after it returned: named as its nodes
  // are, and never dropped.
  bool WasSetup = Setup;
  Setup = false;
  Value Tail = unknownOp(Callee, Loose, C, Why);
  Setup = WasSetup;
  return Tail;
}

Value GraphBuilder::parameter(const Value &P) {
  assert(P.K == Value::Kind::Param && "not a registered tensor");
  std::string Name = P.Text;
  if (P.Owner && P.Owner->PathSet && !P.Owner->Path.empty())
    Name = P.Owner->Path + "." + Name;
  std::optional<Dims> Shape;
  if (std::optional<std::vector<int64_t>> S = Value::list(P.Elems).asInts())
    Shape = *S;
  int Id = weight(Name, Shape);
  G.value(Id).IsBuffer = P.IsBuffer;
  return Value::tensor(Id, Shape ? int(Shape->size()) : -1);
}

std::optional<std::vector<int64_t>> GraphBuilder::factoryShape(const Value &T) const {
  if (T.K != Value::Kind::Tensor || T.TensorId < 0)
    return std::nullopt;
  SetupShapes S;
  for (unsigned K = 0; K < G.Nodes.size(); ++K)
    for (int O : G.Nodes[K].Outputs)
      if (O >= 0)
        S.Producer.emplace(O, K);
  return setupShape(T.TensorId, 0, S);
}

std::optional<std::vector<int64_t>> GraphBuilder::setupShape(int Id, unsigned Depth,
                                                             SetupShapes &Memo) const {
  // The tensors a constructor computes before registering them: factories
  // (zeros({L, D})), scaled by literals, reshaped (unsqueeze_(0),
  // transpose_(0, 1)), and a rotary table's arithmetic (arange, outer,
  // cat, cos, sin). The analysis proper sees only the registered shape.
  using Shape = std::vector<int64_t>;
  if (Id < 0 || Depth > 64 || ++Memo.Steps > 4096)
    return std::nullopt;
  if (auto K = Memo.Known.find(Id); K != Memo.Known.end())
    return K->second;
  std::optional<Shape> R = setupShapeOf(Id, Depth, Memo);
  Memo.Known[Id] = R;
  return R;
}

std::optional<std::vector<int64_t>> GraphBuilder::setupShapeOf(int Id, unsigned Depth,
                                                               SetupShapes &Memo) const {
  using Shape = std::vector<int64_t>;
  const wattlint::Value &V = G.value(Id);
  if (V.IsInitializer)
    return V.Shape ? std::optional<Shape>(*V.Shape) : std::nullopt;
  auto It = Memo.Producer.find(Id);
  if (It == Memo.Producer.end())
    return std::nullopt;
  const Node &N = G.Nodes[It->second];
  auto In = [&](size_t K) -> std::optional<Shape> {
    return K < N.Inputs.size() ? setupShape(N.Inputs[K], Depth + 1, Memo) : std::nullopt;
  };
  auto Literal = [&](size_t K) -> std::optional<double> {
    if (K >= N.Inputs.size() || N.Inputs[K] < 0)
      return std::nullopt;
    auto PI = Memo.Producer.find(N.Inputs[K]);
    const Node *P = PI == Memo.Producer.end() ? nullptr : &G.Nodes[PI->second];
    if (!P || P->OpType != "Constant")
      return std::nullopt;
    if (const Attribute *A = P->attr("value_float"))
      return A->F;
    if (const Attribute *A = P->attr("value_int"))
      return double(A->I);
    return std::nullopt;
  };
  StringRef Op = N.OpType;
  if (Op == "Constant") {
    if (N.attr("value_float") || N.attr("value_int"))
      return Shape{};
    if (const Attribute *A = N.attr("value_floats"))
      return Shape{int64_t(A->Floats.size())};
    if (const Attribute *A = N.attr("value_ints"))
      return Shape{int64_t(A->Ints.size())};
    return std::nullopt;
  }
  if (Op == "ConstantOfShape") {
    const wattlint::Value &S = G.value(N.Inputs[0]);
    return S.IntData ? std::optional<Shape>(*S.IntData) : std::nullopt;
  }
  if (is_contained({"Cos", "Sin", "Exp", "Log", "Sqrt", "Neg", "Abs", "Reciprocal", "Sigmoid",
                    "Tanh", "Relu", "Cast", "Floor", "Ceil", "Erf", "Identity", "Trilu"},
                   Op))
    return In(0);
  if (is_contained({"Add", "Sub", "Mul", "Div", "Pow", "Max", "Min"}, Op)) {
    std::optional<Shape> A = In(0), B = In(1);
    return A && B ? broadcast({&*A, &*B}) : std::nullopt;
  }
  if (Op == "Range") {
    std::optional<double> Start = Literal(0), Limit = Literal(1), Delta = Literal(2);
    if (!Start || !Limit || !Delta || *Delta == 0)
      return std::nullopt;
    double Count = std::ceil((*Limit - *Start) / *Delta);
    if (!(Count >= 0) || Count > double(int64_t(1) << 40))
      return std::nullopt;
    return Shape{int64_t(Count)};
  }
  if (Op == "Einsum") {
    const Attribute *E = N.attr("equation");
    std::optional<Shape> A = In(0), B = In(1);
    if (!E || E->S != "i,j->ij" || !A || !B || A->size() != 1 || B->size() != 1)
      return std::nullopt;
    return Shape{(*A)[0], (*B)[0]};
  }
  if (Op == "Concat") {
    const Attribute *Ax = N.attr("axis");
    std::optional<Shape> R = In(0);
    if (!Ax || !R)
      return std::nullopt;
    int64_t A = Ax->I < 0 ? Ax->I + int64_t(R->size()) : Ax->I;
    if (A < 0 || A >= int64_t(R->size()))
      return std::nullopt;
    for (size_t K = 1; K < N.Inputs.size(); ++K) {
      std::optional<Shape> S = In(K);
      if (!S || S->size() != R->size())
        return std::nullopt;
      (*R)[size_t(A)] += (*S)[size_t(A)];
    }
    return R;
  }
  std::optional<Shape> S = In(0);
  if (!S)
    return std::nullopt;
  int64_t R = int64_t(S->size());
  if (Op == "Transpose") {
    const Attribute *P = N.attr("perm");
    if (!P || int64_t(P->Ints.size()) != R)
      return std::nullopt;
    Shape Out;
    for (int64_t D : P->Ints) {
      if (D < 0 || D >= R)
        return std::nullopt;
      Out.push_back((*S)[size_t(D)]);
    }
    return Out;
  }
  if (Op != "Unsqueeze" && Op != "Squeeze")
    return std::nullopt;
  const wattlint::Value *Axes =
      N.Inputs.size() == 2 && N.Inputs[1] >= 0 ? &G.value(N.Inputs[1]) : nullptr;
  if (!Axes || !Axes->IntData || Axes->IntData->size() != 1)
    return std::nullopt;
  int64_t A = (*Axes->IntData)[0];
  if (Op == "Unsqueeze") {
    A = A < 0 ? A + R + 1 : A;
    if (A < 0 || A > R)
      return std::nullopt;
    S->insert(S->begin() + A, 1);
  } else {
    A = A < 0 ? A + R : A;
    if (A < 0 || A >= R || (*S)[size_t(A)] != 1)
      return std::nullopt;
    S->erase(S->begin() + A);
  }
  return S;
}

Value GraphBuilder::asTensor(const Value &V, const CallSite &C) {
  if (V.K == Value::Kind::Tensor)
    return V;
  if (V.K == Value::Kind::Param)
    return parameter(V);
  if (V.K == Value::Kind::Int && V.I >= 0 && V.I < (int64_t(1) << 53))
    return Value::tensor(constFloat(double(V.I)), 0);
  if (V.K == Value::Kind::Double)
    return Value::tensor(constFloat(V.D), 0);
  return unknownOp("tensor", {}, C, "is not a tensor the front end can follow (" + V.str() + ")");
}

int GraphBuilder::shapeInput(const Value &List, const CallSite &C) {
  if (std::optional<std::vector<int64_t>> Ints = List.asInts())
    return constInts({int64_t(Ints->size())}, *Ints);
  if (List.K != Value::Kind::List)
    return -1;
  // Sizes read from tensors: one i64 vector built as the exporter does.
  std::vector<int> Parts;
  for (const Value &E : List.Elems) {
    if (E.K == Value::Kind::Int) {
      Parts.push_back(constInts({1}, {E.I}));
      continue;
    }
    if (E.K != Value::Kind::Tensor || E.Rank != 0)
      return -1;
    unsigned N = node("Unsqueeze", {E.TensorId, constInts({1}, {0})}, 1, C, true);
    Parts.push_back(out(N, 0, 1, DType::I64).TensorId);
  }
  unsigned N = node("Concat", Parts, 1, C, true);
  setInt(N, "axis", 0);
  return out(N, 0, 1, DType::I64).TensorId;
}

Error GraphBuilder::finish() {
  std::vector<unsigned> Uses(G.Values.size(), 0);
  for (const Node &N : G.Nodes)
    for (int I : N.Inputs)
      if (I >= 0)
        ++Uses[I];
  for (int O : G.Outputs)
    ++Uses[O];
  // Plumbing nobody reads goes, from the end so that chains go whole.
  std::vector<bool> Dead(G.Nodes.size(), false);
  for (size_t K = G.Nodes.size(); K-- > 0;) {
    const Node &N = G.Nodes[K];
    bool Used = any_of(N.Outputs, [&](int O) { return O >= 0 && Uses[O] > 0; });
    if (!Prunable[K] || Used)
      continue;
    Dead[K] = true;
    for (int I : N.Inputs)
      if (I >= 0)
        --Uses[I];
  }
  // Keep the values something still refers to, and every weight.
  std::vector<Node> Kept;
  for (size_t K = 0; K < G.Nodes.size(); ++K)
    if (!Dead[K])
      Kept.push_back(std::move(G.Nodes[K]));
  std::vector<bool> Live(G.Values.size(), false);
  for (const Node &N : Kept)
    for (const auto *L : {&N.Inputs, &N.Outputs})
      for (int I : *L)
        if (I >= 0)
          Live[I] = true;
  for (const auto *L : {&G.Inputs, &G.Outputs})
    for (int I : *L)
      Live[I] = true;
  for (size_t I = 0; I < G.Values.size(); ++I)
    Live[I] = Live[I] || (G.Values[I].IsInitializer && G.Values[I].Type == DType::F32);
  std::vector<int> NewId(G.Values.size(), -1);
  std::vector<wattlint::Value> Values;
  G.ValueByName.clear();
  for (size_t I = 0; I < G.Values.size(); ++I)
    if (Live[I]) {
      NewId[I] = int(Values.size());
      G.ValueByName[G.Values[I].Name] = NewId[I];
      Values.push_back(std::move(G.Values[I]));
    }
  G.Values = std::move(Values);
  auto Remap = [&](auto &L) {
    for (int &I : L)
      I = I < 0 ? -1 : NewId[I];
  };
  for (Node &N : Kept) {
    Remap(N.Inputs);
    Remap(N.Outputs);
  }
  Remap(G.Inputs);
  Remap(G.Outputs);
  for (size_t K = 0; K < Kept.size(); ++K)
    Kept[K].Index = unsigned(K);
  G.Nodes = std::move(Kept);
  if (Error E = G.sortTopologically())
    return E;
  // Ops that move data keep its type (an index into an i64 tensor of
  // lengths is i64, not the f32 the emitters default to): in graph order,
  // from the input whose data they move.
  static const StringMap<unsigned> Moves = {
      {"Gather", 0},    {"Slice", 0},   {"Reshape", 0}, {"Squeeze", 0}, {"Unsqueeze", 0},
      {"Transpose", 0}, {"Flatten", 0}, {"Expand", 0},  {"Tile", 0},    {"Concat", 0},
      {"Identity", 0},  {"Split", 0},   {"Where", 1}};
  for (const Node &N : G.Nodes)
    if (auto It = Moves.find(N.OpType); It != Moves.end() && N.Domain.empty() &&
                                        It->second < N.Inputs.size() && N.Inputs[It->second] >= 0)
      for (int O : N.Outputs)
        if (O >= 0)
          G.value(O).Type = G.value(N.Inputs[It->second]).Type;
  recordDeclaredShapes(M);
  return Error::success();
}

} // namespace cxx
} // namespace wattlint
