//===- libtorch/InterpMethods.cpp - method, operator and free calls -------===//
#include "libtorch/InterpImpl.h"

#include "clang/AST/DeclTemplate.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace clang;
using namespace llvm;

namespace wattlint {
namespace cxx {

namespace {

/// Tensor arithmetic operators by the name callFunction knows them.
const char *tensorOperator(OverloadedOperatorKind Op) {
  switch (Op) {
  case OO_Plus:
  case OO_PlusEqual:
    return "+";
  case OO_Minus:
  case OO_MinusEqual:
    return "-";
  case OO_Star:
  case OO_StarEqual:
    return "*";
  case OO_Slash:
  case OO_SlashEqual:
    return "/";
  case OO_EqualEqual:
    return "==";
  case OO_ExclaimEqual:
    return "!=";
  case OO_Less:
    return "<";
  case OO_Greater:
    return ">";
  case OO_LessEqual:
    return "<=";
  case OO_GreaterEqual:
    return ">=";
  default:
    return nullptr;
  }
}

/// A numeric std:: function of one or two numbers.
std::optional<Value> stdMath(StringRef Name, ArrayRef<Value> A) {
  if (A.empty() || !A[0].isNumber())
    return std::nullopt;
  double X = *A[0].asDouble();
  if ((Name == "min" || Name == "max") && A.size() == 2 && A[1].isNumber()) {
    bool Less = *A[0].asDouble() < *A[1].asDouble();
    return (Name == "min") == Less ? A[0] : A[1];
  }
  if (Name == "pow" && A.size() == 2 && A[1].isNumber())
    return Value::real(std::pow(X, *A[1].asDouble()));
  double R = StringSwitch<double>(Name)
                 .Case("sqrt", std::sqrt(X))
                 .Case("log2", std::log2(X))
                 .Case("log", std::log(X))
                 .Case("exp", std::exp(X))
                 .Case("sin", std::sin(X))
                 .Case("cos", std::cos(X))
                 .Case("floor", std::floor(X))
                 .Case("ceil", std::ceil(X))
                 .Case("round", std::round(X))
                 .Case("abs", std::fabs(X))
                 .Default(NAN);
  if (std::isnan(R))
    return std::nullopt;
  if (Name == "abs" && A[0].K == Value::Kind::Int)
    return Value::integer(A[0].I < 0 ? -A[0].I : A[0].I);
  return Value::real(R);
}

} // namespace

std::optional<Value> Interp::Impl::callStd(const CallExpr *E, const FunctionDecl *FD,
                                           std::vector<Value> &A) {
  StringRef Name = FD->getName();
  const TemplateArgumentList *T = FD->getTemplateSpecializationArgs();
  if (Name == "get" && T && T->size() >= 1 && !A.empty()) {
    if (A[0].K == Value::Kind::Tensor)
      return A[0];
    if (T->get(0).getKind() != TemplateArgument::Integral)
      return Value::unknown("std::get by type", loc(E->getExprLoc()));
    uint64_t I = T->get(0).getAsIntegral().getZExtValue();
    if ((A[0].K == Value::Kind::Tuple || A[0].K == Value::Kind::List) && I < A[0].Elems.size())
      return A[0].Elems[I];
    return A[0].isUnknown() ? A[0] : unknown("std::get of " + A[0].str(), E->getExprLoc());
  }
  if (Name == "make_shared" && T && T->size() >= 1 && T->get(0).getKind() == TemplateArgument::Type)
    return constructType(T->get(0).getAsType(), nullptr, A, loc(E->getBeginLoc()), false);
  if (Name == "make_tuple" || Name == "make_pair" || Name == "tie" || Name == "forward_as_tuple")
    return Value::tuple(A);
  if ((Name == "move" || Name == "forward" || Name == "ref" || Name == "cref") && A.size() == 1)
    return A[0];
  if (Name == "to_string" && A.size() == 1 && A[0].isNumber())
    return Value::string(A[0].str());
  return stdMath(Name, A);
}

Value Interp::Impl::evalCall(const CallExpr *E) {
  const FunctionDecl *FD = E->getDirectCallee();
  std::vector<const Expr *> ArgEs(E->arg_begin(), E->arg_end());
  if (!FD) {
    Value Callee = eval(E->getCallee());
    std::vector<Value> A = evalArgs(ArgEs);
    if (Callee.K == Value::Kind::Function && (Callee.Lambda || Callee.Fn))
      return callUser(static_cast<const FunctionDecl *>(Callee.Lambda ? Callee.Lambda : Callee.Fn),
                      nullptr, A, top().Scope, E->getExprLoc());
    if (Callee.K == Value::Kind::Object)
      return callModule(Callee, A, site(E->getExprLoc()));
    return unknownCall(E, "call", A, unknown("a call through a value not known", E->getExprLoc()));
  }
  std::string Q = FD->getQualifiedNameAsString();
  std::vector<Value> A = evalArgs(ArgEs);
  if (auto *Ref = dyn_cast<DeclRefExpr>(E->getCallee()->IgnoreParenImpCasts()))
    if (std::optional<Guess> G = corrected(FD, Ref->getLocation()))
      return unknownCall(E, G->Written, A, G->Why);
  if (StringRef(Q).starts_with("std::"))
    if (std::optional<Value> R = callStd(E, FD, A))
      return *R;
  // sqrt(x) and friends of <math.h>: declared in the global namespace.
  if (!FD->getDefinition() && FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    if (std::optional<Value> R = stdMath(FD->getName(), A))
      return *R;
  // torch::nn::init::normal_(W) and friends: values, not shapes or work.
  if (StringRef(Q).starts_with("torch::nn::init::"))
    return A.empty() ? Value::none() : A[0];
  // torch::load(module, path) fills weights in: the architecture stays.
  if (Q == "torch::load" || Q == "torch::save")
    return Value::none();
  std::string T = torchFunctionName(FD);
  if (!T.empty()) {
    bool InPlace = StringRef(T).ends_with("_") && !A.empty();
    Value R =
        B.callFunction(InPlace ? StringRef(T).drop_back() : StringRef(T), A, site(E->getExprLoc()));
    if (InPlace)
      assign(ArgEs[0], R);
    return R;
  }
  if (FD->getDefinition() || Ix.Functions.count(Q)) {
    Value R = callUser(FD, top().This && isa<CXXMethodDecl>(FD) ? top().This : nullptr, A,
                       top().Scope, E->getExprLoc());
    if (!R.isUnknown() || !isTensorLike(E->getType()))
      return R;
    return unknownCall(E, Q, A, R);
  }
  return unknownCall(E, Q, A,
                     unknown("'" + Q + "' has no body the front end can see", E->getExprLoc()));
}

namespace {

/// The text of a string literal ("ngf" in vm["ngf"]), through the
/// conversions to std::string around it.
std::optional<std::string> literalText(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (auto *S = dyn_cast<clang::StringLiteral>(E))
      return S->isOrdinary() || S->isUTF8() ? std::optional<std::string>(S->getString().str())
                                            : std::nullopt;
    if (auto *C = dyn_cast<CXXConstructExpr>(E); C && C->getNumArgs() >= 1)
      E = C->getArg(0);
    else if (auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else
      return std::nullopt;
  }
  return std::nullopt;
}

/// The key of a run-time option read: vm["ngf"].as<size_t>() (Boost's
/// program_options), result["ngf"].as<int>() (cxxopts), config["ngf"]
/// .get<int>() and config.at("ngf").get<int>() (JSON).
std::optional<std::string> optionKey(const CXXMethodDecl *MD, const Expr *ObjE) {
  StringRef Name = MD->getName();
  if (Name != "as" && Name != "get" && Name != "as_int64" && Name != "as_double" &&
      Name != "as_bool")
    return std::nullopt;
  const Expr *Obj = ObjE->IgnoreImplicit()->IgnoreParens();
  if (auto *Op = dyn_cast<CXXOperatorCallExpr>(Obj);
      Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
    return literalText(Op->getArg(1));
  if (auto *At = dyn_cast<CXXMemberCallExpr>(Obj);
      At && At->getMethodDecl() && At->getMethodDecl()->getName() == "at" && At->getNumArgs() == 1)
    return literalText(At->getArg(0));
  return std::nullopt;
}

} // namespace

Value Interp::Impl::option(const std::string &Key, SourceLocation At) {
  auto It = Bindings.find(Key);
  if (It != Bindings.end())
    return It->second;
  if (!is_contained(Self.OptionHoles, Key))
    Self.OptionHoles.push_back(Key);
  return unknown("option '" + Key + "' is known only at run time", At);
}

Value Interp::Impl::evalMemberCall(const CXXMemberCallExpr *E) {
  const CXXMethodDecl *MD = E->getMethodDecl();
  const Expr *ObjE = E->getImplicitObjectArgument();
  if (!MD || !ObjE)
    return unknown("a call through a member pointer", E->getExprLoc());
  // A size the program reads from its command line or a configuration.
  if (std::optional<std::string> Key = optionKey(MD, ObjE))
    return option(*Key, E->getExprLoc());
  Value Obj = eval(ObjE);
  std::vector<const Expr *> ArgEs(E->arg_begin(), E->arg_end());
  std::vector<Value> A = evalArgs(ArgEs);
  auto *Callee = dyn_cast<MemberExpr>(E->getCallee()->IgnoreParens());
  std::optional<Guess> G = Callee ? corrected(MD, Callee->getMemberLoc()) : std::nullopt;
  Value R = G ? G->Why : callMethod(Obj, ObjE, MD, A, E);
  if (!R.isUnknown())
    return R;
  std::vector<Value> All = {Obj};
  All.insert(All.end(), A.begin(), A.end());
  return unknownCall(E, G ? StringRef(G->Written) : MD->getName(), All, R);
}

namespace {

/// Reads of a container of numbers (a vector, an array, a set, an
/// IntArrayRef) whose answer is known from its elements: slice(), and
/// find()/count() with begin()/end() as positions.
std::optional<Value> listMethod(const Value &L, StringRef Name, ArrayRef<Value> A) {
  int64_t N = int64_t(L.Elems.size());
  if (Name == "begin")
    return Value::integer(0);
  if (Name == "end")
    return Value::integer(N);
  if (Name == "vec" && A.empty())
    return L;
  if (Name == "slice" && !A.empty()) {
    std::optional<int64_t> From = A[0].asInt();
    std::optional<int64_t> Len = A.size() > 1 ? A[1].asInt() : std::optional<int64_t>(N);
    if (!From || !Len || *From < 0 || *Len < 0 || *From > N)
      return std::nullopt;
    int64_t To = std::min(N, *From + *Len);
    return Value::list(std::vector<Value>(L.Elems.begin() + *From, L.Elems.begin() + To));
  }
  if ((Name == "find" || Name == "count") && A.size() == 1) {
    std::optional<int64_t> Key = A[0].asInt();
    if (!Key)
      return std::nullopt;
    for (int64_t I = 0; I < N; ++I) {
      std::optional<int64_t> E = L.Elems[size_t(I)].asInt();
      if (!E)
        return std::nullopt; // an element not known might be the one
      if (*E == *Key)
        return Value::integer(Name == "find" ? I : 1);
    }
    return Value::integer(Name == "find" ? N : 0);
  }
  return std::nullopt;
}

} // namespace

Value Interp::Impl::callMethod(const Value &Obj, const Expr *ObjE, const CXXMethodDecl *MD,
                               std::vector<Value> &A, const Expr *Call) {
  std::string Name = MD->getNameAsString();
  SourceLocation At = Call->getExprLoc();
  if (isa<CXXConversionDecl>(MD))
    return Obj.K == Value::Kind::Object ? Value::boolean(true)
           : Obj.K == Value::Kind::None ? Value::boolean(false)
                                        : Obj;
  switch (Obj.K) {
  case Value::Kind::Options: {
    if (A.empty()) {
      const Value *V = Obj.Opts->get(Name);
      return V ? *V : unknown("option '" + Name + "' at its default", At);
    }
    // LibTorch 1.4 and older names.
    std::string Field = Name == "layers" ? "num_layers" : Name == "with_bias" ? "bias" : Name;
    Obj.Opts->set(Field, A[0]);
    return Obj;
  }
  case Value::Kind::Object:
    break;
  case Value::Kind::Param: {
    // In the constructor: initialized in place, or asked its sizes.
    std::optional<std::vector<int64_t>> Dims = Value::list(Obj.Elems).asInts();
    if (StringRef(Name).ends_with("_") || Name == "set_requires_grad")
      return Obj;
    if (Name == "dim" && Dims)
      return Value::integer(int64_t(Dims->size()));
    if (Name == "size" && Dims && !A.empty() && A[0].asInt()) {
      int64_t D = *A[0].asInt(), R = int64_t(Dims->size());
      if (D < 0)
        D += R;
      if (D >= 0 && D < R)
        return Value::integer((*Dims)[size_t(D)]);
    }
    if (Name == "sizes" && Dims)
      return Value::list(Obj.Elems);
    return unknown("'" + Name + "' of " + Obj.str() + " outside forward()", At);
  }
  case Value::Kind::Tensor: {
    if (Name == "device" || Name == "dtype" || Name == "options" || Name == "scalar_type")
      return Value::none(); // where and as what it runs: no work
    if (Name == "dim")
      return Obj.Rank >= 0 ? Value::integer(Obj.Rank) : unknown("the rank of a tensor", At);
    // Outside forward(), a tensor made by a factory (torch::randn({4, 1}) * 5)
    // has the shape written there: `nn::Linear(W.size(0), 1)`.
    if (!InForward && (Name == "size" || Name == "sizes"))
      if (std::optional<std::vector<int64_t>> Shape = B.factoryShape(Obj)) {
        int64_t R = int64_t(Shape->size());
        std::optional<int64_t> D = A.empty() ? std::nullopt : A[0].asInt();
        if (Name == "sizes") {
          std::vector<Value> Sizes;
          for (int64_t N : *Shape)
            Sizes.push_back(Value::integer(N));
          return Value::list(std::move(Sizes));
        }
        if (D && *D < 0)
          *D += R;
        if (D && *D >= 0 && *D < R)
          return Value::integer((*Shape)[size_t(*D)]);
      }
    std::vector<Value> Args = {Obj};
    Args.insert(Args.end(), A.begin(), A.end());
    if (Name == "sizes") {
      if (Obj.Rank < 0)
        return unknown("the sizes of a tensor whose rank is not known", At);
      std::vector<Value> Sizes;
      for (int I = 0; I < Obj.Rank; ++I)
        Sizes.push_back(B.callFunction("size", {Obj, Value::integer(I)}, site(At)));
      return Value::list(std::move(Sizes));
    }
    bool InPlace = StringRef(Name).ends_with("_");
    Value R =
        B.callFunction(InPlace ? StringRef(Name).drop_back() : StringRef(Name), Args, site(At));
    if (InPlace)
      assign(ObjE, R);
    return R;
  }
  case Value::Kind::List:
    if (Name == "push_back" || Name == "emplace_back") {
      Value L = Obj;
      L.Elems.insert(L.Elems.end(), A.begin(), A.end());
      assign(ObjE, L);
      return Value::none();
    }
    if (Name == "size")
      return Value::integer(int64_t(Obj.Elems.size()));
    if (Name == "empty")
      return Value::boolean(Obj.Elems.empty());
    if ((Name == "back" || Name == "front") && !Obj.Elems.empty())
      return Name == "back" ? Obj.Elems.back() : Obj.Elems.front();
    if (Name == "at" && !A.empty() && A[0].asInt() && size_t(*A[0].asInt()) < Obj.Elems.size())
      return Obj.Elems[*A[0].asInt()];
    if (std::optional<Value> R = listMethod(Obj, Name, A))
      return *R;
    return unknown("'" + Name + "' on a list", At);
  case Value::Kind::String:
    if (Name == "empty")
      return Value::boolean(Obj.Text.empty());
    if (Name == "size" || Name == "length")
      return Value::integer(int64_t(Obj.Text.size()));
    return unknown("'" + Name + "' on a string", At);
  case Value::Kind::None:
    if (Name == "is_empty")
      return Value::boolean(true);
    return unknown("'" + Name + "' on an empty module holder", At);
  case Value::Kind::Unknown:
    return Obj;
  default:
    return unknown("'" + Name + "' on " + Obj.str(), At);
  }
  return callModuleMethod(Obj, MD, A, At);
}

Value Interp::Impl::callModuleMethod(const Value &Obj, const CXXMethodDecl *MD,
                                     std::vector<Value> &A, SourceLocation At) {
  std::string Name = MD->getNameAsString();
  Object &O = *Obj.Obj;
  if ((Name == "register_module" || Name == "replace_module") && A.size() == 2 &&
      A[0].K == Value::Kind::String) {
    auto It = llvm::find_if(O.Children, [&](const auto &C) { return C.first == A[0].Text; });
    if (It != O.Children.end())
      It->second = A[1];
    else
      O.Children.emplace_back(A[0].Text, A[1]);
    return A[1];
  }
  if ((Name == "register_parameter" || Name == "register_buffer") && A.size() >= 2 &&
      A[0].K == Value::Kind::String) {
    // A tensor of the module's own: its shape from the factory that made it.
    Value P;
    P.K = Value::Kind::Param;
    P.Text = A[0].Text;
    P.Owner = &O;
    P.IsBuffer = Name == "register_buffer";
    P.Loc = loc(At);
    if (A[1].K == Value::Kind::Param)
      P.Elems = A[1].Elems;
    else if (std::optional<std::vector<int64_t>> S = B.factoryShape(A[1]))
      for (int64_t D : *S)
        P.Elems.push_back(Value::integer(D));
    else
      P.Elems.push_back(unknown("the shape of '" + A[0].Text + "' (" + A[1].str() + ")", At));
    if (P.Elems.size() == 1 && P.Elems[0].isUnknown())
      problem(At, "the shape of " + std::string(P.IsBuffer ? "buffer" : "parameter") + " '" +
                      A[0].Text + "' is not known: its weight is not counted");
    auto It = llvm::find_if(O.Params, [&](const Value &Q) { return Q.Text == P.Text; });
    if (It != O.Params.end())
      *It = P;
    else
      O.Params.push_back(P);
    // The tensor registered is the member that held it (register_buffer
    // returns the same tensor): `pe = ...; register_buffer("pe", pe);`
    // makes the member read the buffer, not the constructor's arithmetic.
    if (A[1].K == Value::Kind::Tensor)
      for (auto &[Field, V] : O.Fields)
        if (V.K == Value::Kind::Tensor && V.TensorId == A[1].TensorId)
          V = P;
    return P;
  }
  if (Name == "forward")
    return callModule(Obj, A, site(At));
  if (Name == "push_back" && (A.size() == 1 || (A.size() == 2 && A[0].K == Value::Kind::String))) {
    O.Children.emplace_back(A.size() == 2 ? A[0].Text : std::to_string(O.Children.size()),
                            A.back());
    return Value::none();
  }
  if (O.Kind == "ModuleDict") {
    // update({{"cls", Linear(8, 10).ptr()}}), insert(key, module),
    // contains(key): children by name.
    auto Put = [&](const Value &Key, const Value &M) {
      auto It = llvm::find_if(O.Children, [&](const auto &C) { return C.first == Key.Text; });
      if (It != O.Children.end())
        It->second = M;
      else
        O.Children.emplace_back(Key.Text, M);
    };
    if (Name == "update" && A.size() == 1 && A[0].K == Value::Kind::List) {
      for (const Value &E : A[0].Elems) {
        if (E.K != Value::Kind::Tuple || E.Elems.size() != 2 || E.Elems[0].K != Value::Kind::String)
          return unknown("a ModuleDict update that is not known", At);
        Put(E.Elems[0], E.Elems[1]);
      }
      return Value::none();
    }
    if (Name == "insert" && A.size() == 2 && A[0].K == Value::Kind::String) {
      Put(A[0], A[1]);
      return A[1];
    }
    if (Name == "contains" && A.size() == 1 && A[0].K == Value::Kind::String)
      return Value::boolean(
          llvm::any_of(O.Children, [&](const auto &C) { return C.first == A[0].Text; }));
    if (Name == "size")
      return Value::integer(int64_t(O.Children.size()));
  }
  if (Name == "is_training")
    return Value::boolean(false); // inference
  if (Name == "generate_square_subsequent_mask" && O.Kind == "Transformer")
    return B.callFunction(Name, A, site(At));
  if (Name == "is_empty")
    return Value::boolean(false);
  if (Name == "ptr" || Name == "get" || Name == "as")
    return Obj;
  if (Name == "size" && (O.Kind == "Sequential" || O.Kind == "ModuleList"))
    return Value::integer(int64_t(O.Children.size()));
  if (Name == "train" || Name == "eval" || Name == "to" || Name == "zero_grad" || Name == "apply" ||
      Name == "pretty_print")
    return Value::none();
  if (O.Kind == "module" || !O.Class.empty())
    return callUser(MD, Obj.Obj, A, O.PathSet ? O.Path : top().Scope, At);
  return unknown("'" + Name + "' of a " + O.Kind, At);
}

Value Interp::Impl::evalOperatorCall(const CXXOperatorCallExpr *E) {
  OverloadedOperatorKind Op = E->getOperator();
  SourceLocation At = E->getExprLoc();
  if (Op == OO_Equal) {
    Value V = eval(E->getArg(1));
    if (V.K == Value::Kind::Options)
      V.Opts = std::make_shared<OptionsData>(*V.Opts);
    assign(E->getArg(0), V);
    return V;
  }
  if (Op == OO_Arrow || (Op == OO_Star && E->getNumArgs() == 1))
    return eval(E->getArg(0));
  std::vector<const Expr *> ArgEs(E->arg_begin(), E->arg_end());
  std::vector<Value> A = evalArgs(ArgEs);
  Value R;
  bool Tensor = any_of(A, [](const Value &V) { return V.K == Value::Kind::Tensor; });
  const char *TOp = tensorOperator(Op);
  if (Op == OO_Call) {
    std::vector<Value> Rest(A.begin() + 1, A.end());
    if (A[0].K == Value::Kind::Function && (A[0].Lambda || A[0].Fn))
      R = callUser(static_cast<const FunctionDecl *>(A[0].Lambda ? A[0].Lambda : A[0].Fn), nullptr,
                   Rest, top().Scope, At);
    else
      R = callModule(A[0], Rest, site(At));
  } else if (TOp && Tensor && A.size() == 2) {
    R = B.callFunction(TOp, A, site(At));
    if (Op == OO_PlusEqual || Op == OO_MinusEqual || Op == OO_StarEqual || Op == OO_SlashEqual)
      assign(ArgEs[0], R);
  } else if (Op == OO_Minus && A.size() == 1 && Tensor) {
    R = B.callFunction("neg", A, site(At));
  } else if (Op == OO_Subscript && A.size() == 2) {
    std::optional<int64_t> I = A[1].asInt();
    if (A[0].K == Value::Kind::Tensor)
      R = B.callFunction("[]", A, site(At));
    else if (A[0].K == Value::Kind::List && I && *I >= 0 && size_t(*I) < A[0].Elems.size())
      R = A[0].Elems[*I];
    else if (A[0].K == Value::Kind::Object && I && *I >= 0 &&
             size_t(*I) < A[0].Obj->Children.size())
      R = A[0].Obj->Children[*I].second;
    else if (A[0].K == Value::Kind::Object && A[1].K == Value::Kind::String) {
      // A ModuleDict's module by name.
      const auto &Ch = A[0].Obj->Children;
      auto It = llvm::find_if(Ch, [&](const auto &C) { return C.first == A[1].Text; });
      R = It != Ch.end() ? It->second : unknown("no module named '" + A[1].Text + "'", At);
    } else
      R = unknown("an element that is not known", At);
  } else if ((Op == OO_EqualEqual || Op == OO_ExclaimEqual) && A.size() == 2 &&
             A[0].K == Value::Kind::String && A[1].K == Value::Kind::String) {
    R = Value::boolean((A[0].Text == A[1].Text) == (Op == OO_EqualEqual));
  } else if ((Op == OO_EqualEqual || Op == OO_ExclaimEqual) && A.size() == 2 &&
             A[0].K == Value::Kind::Int && A[1].K == Value::Kind::Int) {
    // Positions in a container (find() against end()).
    R = Value::boolean((A[0].I == A[1].I) == (Op == OO_EqualEqual));
  } else if (Op == OO_LessLess || Op == OO_GreaterGreater) {
    R = Value::none(); // streams
  } else {
    R = unknown(std::string("operator") + getOperatorSpelling(Op), At);
  }
  if (R.isUnknown())
    return unknownCall(E, std::string("operator") + getOperatorSpelling(Op), A, R);
  return R;
}

} // namespace cxx
} // namespace wattlint
