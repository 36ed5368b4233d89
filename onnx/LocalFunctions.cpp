//===- onnx/LocalFunctions.cpp - model-local functions inlined ------------===//
#include "onnx/LocalFunctions.h"

#include "analyzer/Text.h"

#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace llvm;

namespace wattlint {

namespace {

/// An attribute of N (and of the nodes of N's subgraphs: an If or Loop in
/// a function's body may use the function's attributes too) that refers to
/// one of the call's takes its value, else the function's default; one
/// with neither is left out (the op's default applies).
void resolveReferences(onnx::NodeProto &N,
                       const std::map<std::string, const onnx::AttributeProto *> &Attrs) {
  google::protobuf::RepeatedPtrField<onnx::AttributeProto> Given;
  for (onnx::AttributeProto &A : *N.mutable_attribute()) {
    if (A.ref_attr_name().empty()) {
      Given.Add()->Swap(&A);
      continue;
    }
    auto It = Attrs.find(A.ref_attr_name());
    if (It == Attrs.end())
      continue;
    onnx::AttributeProto &C = *Given.Add();
    C = *It->second;
    C.set_name(A.name());
  }
  N.mutable_attribute()->Swap(&Given);
  for (onnx::AttributeProto &A : *N.mutable_attribute()) {
    if (A.has_g())
      for (onnx::NodeProto &Sub : *A.mutable_g()->mutable_node())
        resolveReferences(Sub, Attrs);
    for (onnx::GraphProto &G : *A.mutable_graphs())
      for (onnx::NodeProto &Sub : *G.mutable_node())
        resolveReferences(Sub, Attrs);
  }
}

using Nodes = google::protobuf::RepeatedPtrField<onnx::NodeProto>;

class Inliner {
public:
  explicit Inliner(const onnx::ModelProto &MP) : MP(MP) {}
  Error index();
  /// The nodes List makes once inlined (MaxInlinedNodes + 1 when more),
  /// counted before any is made; errors for recursion.
  Expected<size_t> size(const Nodes &List);
  Error nodes(Nodes &List);
  /// Whether N calls one of the model's functions.
  bool calls(const onnx::NodeProto &N) const {
    return Functions.count({N.domain(), N.op_type()}) != 0;
  }

private:
  const onnx::ModelProto &MP;
  std::map<std::pair<std::string, std::string>, const onnx::FunctionProto *> Functions;
  /// The functions size() is counting, innermost last.
  std::vector<const onnx::FunctionProto *> Stack;
  std::map<const onnx::FunctionProto *, size_t> Sizes;
  /// The attribute defaults each function declares (IR 9's attribute_proto).
  std::map<const onnx::FunctionProto *, std::vector<onnx::AttributeProto>> Defaults;
  size_t Made = 0;
  unsigned Calls = 0;
  /// The prefix of the function being inlined ("" in the graph).
  std::string Outer;

  Error body(const onnx::NodeProto &Call, const onnx::FunctionProto &F, Nodes &Out);
};

Error fail(const Twine &Msg) { return createStringError(inconvertibleErrorCode(), Msg); }

/// Renames every value of the subgraphs of N's attributes by Rename: names
/// a subgraph captures from the function are the call's, its own are made
/// unique like the body's (one renaming for all keeps the scoping).
template <typename F> void renameSubgraphs(onnx::NodeProto &N, const F &Rename) {
  auto Graph = [&](onnx::GraphProto &G) {
    for (auto *List : {G.mutable_input(), G.mutable_output(), G.mutable_value_info()})
      for (onnx::ValueInfoProto &V : *List)
        V.set_name(Rename(V.name()));
    for (onnx::TensorProto &T : *G.mutable_initializer())
      T.set_name(Rename(T.name()));
    for (onnx::SparseTensorProto &S : *G.mutable_sparse_initializer()) {
      S.mutable_values()->set_name(Rename(S.values().name()));
      S.mutable_indices()->set_name(Rename(S.indices().name()));
    }
    for (onnx::NodeProto &B : *G.mutable_node()) {
      for (std::string &In : *B.mutable_input())
        In = Rename(In);
      for (std::string &O : *B.mutable_output())
        O = Rename(O);
      renameSubgraphs(B, Rename);
    }
  };
  for (onnx::AttributeProto &A : *N.mutable_attribute()) {
    if (A.has_g())
      Graph(*A.mutable_g());
    for (onnx::GraphProto &G : *A.mutable_graphs())
      Graph(G);
  }
}

std::string named(const onnx::FunctionProto &F) {
  return "'" + printable(F.domain().empty() ? F.name() : F.domain() + "." + F.name(), 128) + "'";
}

/// FunctionProto's attribute_proto (field 11, IR 9): attributes with a
/// default value. ONNX 1.12's schema predates it, so protobuf keeps it among
/// the unknown fields; left there, an attribute the call does not give would
/// silently take the op's default instead of the function's.
constexpr int FunctionAttributeProtoField = 11;

Expected<std::vector<onnx::AttributeProto>> attributeDefaults(const onnx::FunctionProto &F) {
  std::vector<onnx::AttributeProto> Out;
  const google::protobuf::UnknownFieldSet &U = F.unknown_fields();
  for (int I = 0; I < U.field_count(); ++I) {
    const google::protobuf::UnknownField &UF = U.field(I);
    if (UF.number() != FunctionAttributeProtoField)
      continue;
    onnx::AttributeProto A;
    if (UF.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED ||
        !A.ParseFromString(UF.length_delimited()))
      return fail("local function " + named(F) +
                  " has an attribute default (attribute_proto) that is not an AttributeProto");
    if (A.name().empty())
      return fail("local function " + named(F) + " has an attribute default with no name");
    // A default is a value: a reference to another attribute, or no type,
    // would leak into the graph the function is inlined into.
    if (!A.ref_attr_name().empty() || A.type() == onnx::AttributeProto::UNDEFINED)
      return fail("local function " + named(F) + "'s attribute default '" +
                  printable(A.name(), 128) + "' " +
                  (A.ref_attr_name().empty() ? "has no type" : "refers to another attribute"));
    // A default graph would be inlined with calls size() never counted.
    if (A.has_g() || A.graphs_size() > 0)
      return fail("local function " + named(F) + "'s attribute '" + printable(A.name(), 128) +
                  "' has a graph as its default; wattlint does not inline those");
    if (is_contained(F.attribute(), A.name()) ||
        any_of(Out, [&](const onnx::AttributeProto &B) { return B.name() == A.name(); }))
      return fail("local function " + named(F) + " declares attribute '" +
                  printable(A.name(), 128) + "' twice");
    Out.push_back(std::move(A));
  }
  return Out;
}

Error Inliner::index() {
  for (const onnx::FunctionProto &F : MP.functions()) {
    if (!Functions.emplace(std::make_pair(F.domain(), F.name()), &F).second)
      return fail("local function " + named(F) + " is defined twice");
    // Its inputs and outputs are names a call binds: each one once (a name
    // given twice would bind to two of the call's values).
    std::set<std::string> Formal;
    for (const auto *List : {&F.input(), &F.output()})
      for (const std::string &Name : *List)
        if (Name.empty() || !Formal.insert(Name).second)
          return fail("local function " + named(F) + " names its input or output '" +
                      printable(Name, 128) + "' " + (Name.empty() ? "empty" : "twice"));
    Expected<std::vector<onnx::AttributeProto>> D = attributeDefaults(F);
    if (!D)
      return D.takeError();
    if (!D->empty())
      Defaults.emplace(&F, std::move(*D));
  }
  return Error::success();
}

Expected<size_t> Inliner::size(const Nodes &List) {
  size_t Total = 0;
  for (const onnx::NodeProto &N : List) {
    for (const onnx::AttributeProto &A : N.attribute()) {
      std::vector<const onnx::GraphProto *> Gs;
      if (A.has_g())
        Gs.push_back(&A.g());
      for (const onnx::GraphProto &G : A.graphs())
        Gs.push_back(&G);
      for (const onnx::GraphProto *G : Gs) {
        Expected<size_t> S = size(G->node());
        if (!S)
          return S.takeError();
        Total = std::min(Total + *S, MaxInlinedNodes + 1);
      }
    }
    auto It = Functions.find({N.domain(), N.op_type()});
    if (It == Functions.end()) {
      Total = std::min(Total + 1, MaxInlinedNodes + 1);
      continue;
    }
    const onnx::FunctionProto &F = *It->second;
    auto Known = Sizes.find(&F);
    if (Known == Sizes.end()) {
      if (is_contained(Stack, &F))
        return fail("local function " + named(F) +
                    " calls itself; ONNX functions may not be recursive");
      if (Stack.size() >= MaxCallDepth)
        return fail("local functions call each other more than " + Twine(MaxCallDepth) +
                    " deep (at " + named(F) + ")");
      Stack.push_back(&F);
      Expected<size_t> S = size(F.node());
      Stack.pop_back();
      if (!S)
        return S.takeError();
      Known = Sizes.emplace(&F, *S).first;
    }
    Total = std::min(Total + Known->second, MaxInlinedNodes + 1);
  }
  return Total;
}

Error Inliner::nodes(Nodes &List) {
  Nodes Out;
  for (onnx::NodeProto &N : List) {
    for (onnx::AttributeProto &A : *N.mutable_attribute()) {
      if (A.has_g())
        if (Error E = nodes(*A.mutable_g()->mutable_node()))
          return E;
      for (onnx::GraphProto &G : *A.mutable_graphs())
        if (Error E = nodes(*G.mutable_node()))
          return E;
    }
    auto It = Functions.find({N.domain(), N.op_type()});
    if (It == Functions.end()) {
      Out.Add()->Swap(&N);
      continue;
    }
    if (Error E = body(N, *It->second, Out))
      return E;
  }
  List.Swap(&Out);
  return Error::success();
}

Error Inliner::body(const onnx::NodeProto &Call, const onnx::FunctionProto &F, Nodes &Out) {
  // size() ran first: recursion and calls deeper than MaxCallDepth were
  // refused there, before any node was made.
  if (Call.input_size() > F.input_size() || Call.output_size() > F.output_size())
    return fail("a call of local function " + named(F) + " has " + Twine(Call.input_size()) +
                " inputs and " + Twine(Call.output_size()) + " outputs; it takes " +
                Twine(F.input_size()) + " and gives " + Twine(F.output_size()));
  // The function's names: its inputs and outputs are the call's (an input
  // the call leaves out is absent, ""), the rest made unique to the call.
  std::map<std::string, std::string> Names;
  for (int I = 0; I < F.input_size(); ++I)
    Names[F.input(I)] = I < Call.input_size() ? Call.input(I) : "";
  // Named after the call (or the function that makes it) and numbered:
  // "two/__Block_0/mm" is node mm of the first Block the call two made.
  std::string Prefix = (Call.name().empty() ? Outer : Call.name() + "/") + "__" + F.name() + "_" +
                       std::to_string(Calls++) + "/";
  for (int I = 0; I < F.output_size(); ++I)
    Names[F.output(I)] =
        I < Call.output_size() && !Call.output(I).empty() ? Call.output(I) : Prefix + F.output(I);
  auto Rename = [&](const std::string &Name) {
    if (Name.empty())
      return Name;
    auto It = Names.find(Name);
    return It != Names.end() ? It->second : Prefix + Name;
  };
  std::map<std::string, const onnx::AttributeProto *> Attrs;
  for (const onnx::AttributeProto &A : Call.attribute())
    Attrs[A.name()] = &A;
  if (auto D = Defaults.find(&F); D != Defaults.end())
    for (const onnx::AttributeProto &A : D->second)
      Attrs.emplace(A.name(), &A); // the call's value wins
  Nodes Body;
  for (const onnx::NodeProto &B : F.node()) {
    if (++Made > MaxInlinedNodes)
      return fail("inlining the model's local functions makes more than " + Twine(MaxInlinedNodes) +
                  " nodes");
    onnx::NodeProto &N = *Body.Add();
    N = B;
    for (std::string &In : *N.mutable_input())
      In = Rename(In);
    for (std::string &O : *N.mutable_output())
      O = Rename(O);
    renameSubgraphs(N, Rename);
    if (!N.name().empty())
      N.set_name(Prefix + N.name());
    resolveReferences(N, Attrs);
  }
  std::string Saved = std::exchange(Outer, Prefix);
  Error E = nodes(Body);
  Outer = std::move(Saved);
  if (E)
    return E;
  for (onnx::NodeProto &N : Body)
    Out.Add()->Swap(&N);
  return Error::success();
}

/// "" for ONNX's default domain however it is spelt.
std::string domainOf(const std::string &D) { return D == "ai.onnx" ? "" : D; }

/// "Split-13", or "no Split" where the opset has none.
std::string schemaName(const onnx::OpSchema *S, const std::string &Op) {
  return S ? printable(Op, 64) + "-" + std::to_string(S->since_version())
           : "no " + printable(Op, 64);
}

/// ONNX's checker: where a function imports ONNX's operators at another
/// version than the model, each of its nodes must be the same operator at
/// both (the body is inlined, and read, at the model's).
Error checkFunctionOpsets(const onnx::ModelProto &MP) {
  // The version of ONNX's operators a model or function imports, or -1.
  auto OnnxOpset = [](const auto &Imports) {
    int64_t V = -1;
    for (const onnx::OperatorSetIdProto &O : Imports)
      if (domainOf(O.domain()).empty())
        V = O.version();
    return V;
  };
  auto Version = [](int64_t V) { return int(std::clamp<int64_t>(V, 1, 1 << 20)); };
  int64_t Model = OnnxOpset(MP.opset_import());
  for (const onnx::FunctionProto &F : MP.functions()) {
    int64_t Own = OnnxOpset(F.opset_import());
    if (Own < 0 || Model < 0 || Own == Model)
      continue;
    for (int K = 0; K < F.node_size(); ++K) {
      const onnx::NodeProto &N = F.node(K);
      if (!domainOf(N.domain()).empty())
        continue;
      const onnx::OpSchema *Fn = onnx::OpSchemaRegistry::Schema(N.op_type(), Version(Own), "");
      const onnx::OpSchema *Md = onnx::OpSchemaRegistry::Schema(N.op_type(), Version(Model), "");
      if ((!Fn && !Md) || (Fn && Md && Fn->since_version() == Md->since_version()))
        continue;
      return fail(
          "local function '" + printable(F.domain(), 64) + "." + printable(F.name(), 64) +
          "' imports ONNX's opset " + Twine(Own) + " and the model opset " + Twine(Model) +
          ": its node " +
          (N.name().empty() ? "#" + std::to_string(K) : "'" + printable(N.name(), 64) + "'") +
          " is " + schemaName(Fn, N.op_type()) + " in the one and " + schemaName(Md, N.op_type()) +
          " in the other; ONNX requires them to agree");
    }
  }
  return Error::success();
}

} // namespace

Error inlineLocalFunctions(onnx::ModelProto &MP) {
  if (MP.functions_size() == 0)
    return Error::success();
  if (Error E = checkFunctionOpsets(MP))
    return E;
  Inliner I(MP);
  if (Error E = I.index())
    return E;
  // A call names its function by domain, which the model imports as any
  // other (the function's own imports serve the calls in its body).
  std::set<std::string> Imported;
  for (const onnx::OperatorSetIdProto &O : MP.opset_import())
    Imported.insert(O.domain());
  for (const onnx::NodeProto &N : MP.graph().node()) {
    if (I.calls(N) && !Imported.count(N.domain()))
      return fail("a call of local function '" + printable(N.domain(), 64) + "." +
                  printable(N.op_type(), 64) + "' uses domain '" + printable(N.domain(), 64) +
                  "', which the model does not import");
  }
  Expected<size_t> Size = I.size(MP.graph().node());
  if (!Size)
    return Size.takeError();
  if (*Size > MaxInlinedNodes)
    return fail("inlining the model's local functions makes more than " + Twine(MaxInlinedNodes) +
                " nodes");
  if (Error E = I.nodes(*MP.mutable_graph()->mutable_node()))
    return E;
  MP.clear_functions();
  return Error::success();
}

} // namespace wattlint
