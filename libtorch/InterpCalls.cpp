//===- libtorch/InterpCalls.cpp - constructions and calls -----------------===//
//
// What the interpreter does at a constructor call (a layer with its Options,
// a user module, a container), a method call (Options setters,
// register_module, push_back, forward), an operator call (holder->, (),
// Tensor arithmetic) and a free call (torch:: functions, std:: helpers, the
// user's helper functions, inlined).
//
//===----------------------------------------------------------------------===//
#include "libtorch/InterpImpl.h"

#include "clang/AST/DeclTemplate.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>

using namespace clang;
using namespace llvm;

namespace wattlint {
namespace cxx {

namespace {

bool sameLoc(const SrcLoc &A, const SrcLoc &B) {
  return A.File == B.File && A.Line == B.Line && A.Col == B.Col;
}

} // namespace

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() ? RD->getDefinition() : RD;
}

/// The Impl of a ModuleHolder<Impl> that RD is or derives from.
const CXXRecordDecl *holderOf(const CXXRecordDecl *RD, unsigned Depth) {
  if (!RD || Depth > 16)
    return nullptr;
  if (auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    if (S->getQualifiedNameAsString() == "torch::nn::ModuleHolder" &&
        S->getTemplateArgs().size() >= 1)
      return recordOf(S->getTemplateArgs()[0].getAsType());
    // The stubs' holders are class templates (torch::nn::Linear is
    // LinearHolder<LinearImpl>), instantiated where the program uses one:
    // one only named has no definition yet, and its argument is the Impl.
    StringRef Name = S->getName();
    if (!S->hasDefinition() && Name.ends_with("Holder") && S->getTemplateArgs().size() == 1 &&
        S->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
        StringRef(S->getQualifiedNameAsString()).starts_with("torch::nn::"))
      return recordOf(S->getTemplateArgs()[0].getAsType());
  }
  if (!RD->hasDefinition())
    return nullptr;
  for (const CXXBaseSpecifier &B : RD->getDefinition()->bases())
    if (const CXXRecordDecl *I = holderOf(recordOf(B.getType()), Depth + 1))
      return I;
  return nullptr;
}

bool derivesFrom(const CXXRecordDecl *RD, StringRef Qualified, unsigned Depth) {
  if (!RD || Depth > 16)
    return false;
  if (RD->getQualifiedNameAsString() == Qualified)
    return true;
  if (!RD->hasDefinition())
    return false;
  for (const CXXBaseSpecifier &B : RD->getDefinition()->bases())
    if (derivesFrom(recordOf(B.getType()), Qualified, Depth + 1))
      return true;
  return false;
}

bool derivesFromModule(const CXXRecordDecl *RD) { return derivesFrom(RD, "torch::nn::Module"); }

std::string moduleClassName(const CXXRecordDecl *RD) {
  if (!isa<ClassTemplateSpecializationDecl>(RD))
    return RD->getQualifiedNameAsString();
  std::string Name;
  raw_string_ostream OS(Name);
  RD->getNameForDiagnostic(OS, RD->getASTContext().getPrintingPolicy(), /*Qualified=*/true);
  return Name;
}

/// "Conv2d" for torch::nn::Conv2dImpl; "" for the user's classes.
std::string builtinKind(const CXXRecordDecl *Impl) {
  std::string Name = Impl->getQualifiedNameAsString();
  StringRef Q = Name;
  if (!Q.consume_front("torch::nn::") || !Q.consume_back("Impl") || Q.contains(':'))
    return "";
  return Q.str();
}

namespace {

/// Fills I for module class Impl: a built-in layer, the user's class, or
/// (for LibTorch's own base classes) nothing a model is made of.
void moduleInfo(const CXXRecordDecl *Impl, TypeInfo &I) {
  std::string K = builtinKind(Impl);
  std::string Q = Impl->getQualifiedNameAsString();
  if (!K.empty())
    I.Layer = K;
  else if (StringRef(Q).starts_with("torch::") || StringRef(Q).starts_with("at::"))
    I.K = TypeInfo::Wrapper;
  else
    I.Class = moduleClassName(Impl);
}

std::vector<std::string> splitFields(StringRef Positional) {
  SmallVector<StringRef, 4> Parts;
  Positional.split(Parts, ',', -1, false);
  std::vector<std::string> R;
  for (StringRef P : Parts)
    R.push_back(P.str());
  return R;
}

} // namespace

TypeInfo classify(QualType T) {
  TypeInfo I;
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return I;
  std::string Q = RD->getQualifiedNameAsString();
  StringRef S = Q;
  if (S == "at::Tensor")
    I.K = TypeInfo::Tensor;
  else if (S.ends_with("basic_string") && S.starts_with("std::"))
    I.K = TypeInfo::String;
  else if (S == "std::optional" || S == "c10::optional" || S == "c10::OptionalArg")
    I.K = TypeInfo::Optional;
  else if (S == "std::vector" || S == "std::array" || S == "c10::ArrayRef" ||
           S == "torch::ExpandingArray" || S == "std::initializer_list" || S == "std::set" ||
           S == "std::unordered_set" || S == "std::deque" || S == "std::list")
    I.K = TypeInfo::Container;
  else if (S == "std::tuple" || S == "std::pair" || S == "torch::nn::NamedAnyModule")
    I.K = TypeInfo::Tuple;
  else if (S == "at::indexing::Slice")
    I.K = TypeInfo::Slice;
  else if (S == "std::function")
    I.K = TypeInfo::Function;
  if (I.K != TypeInfo::Other)
    return I;
  if (S == "std::shared_ptr") {
    auto *Sp = dyn_cast<ClassTemplateSpecializationDecl>(RD);
    const CXXRecordDecl *In = Sp ? recordOf(Sp->getTemplateArgs()[0].getAsType()) : nullptr;
    if (In && derivesFromModule(In)) {
      I.K = TypeInfo::Module;
      moduleInfo(In, I);
    }
    return I;
  }
  if (const CXXRecordDecl *Impl = holderOf(RD)) {
    I.K = TypeInfo::Holder;
    moduleInfo(Impl, I);
    return I;
  }
  if (derivesFromModule(RD)) {
    I.K = TypeInfo::Module;
    moduleInfo(RD, I);
    return I;
  }
  if ((S.starts_with("torch::nn::")) && RD->getName().contains("Options"))
    I.K = TypeInfo::Options;
  else if (S.starts_with("torch::") || S.starts_with("at::") || S.starts_with("c10::"))
    I.K = TypeInfo::Wrapper;
  return I;
}

bool isTensorLike(QualType T, unsigned Depth) {
  // Bounded: a class can reach itself through a base's template argument
  // (a user's module may derive from std::enable_shared_from_this<Self>).
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || Depth > 8)
    return false;
  if (RD->getQualifiedNameAsString() == "at::Tensor")
    return true;
  auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!S || !StringRef(S->getQualifiedNameAsString()).starts_with("std::")) {
    // A struct deriving from a tuple of tensors (LSTMOutput).
    if (RD->hasDefinition())
      for (const CXXBaseSpecifier &B : RD->getDefinition()->bases())
        if (isTensorLike(B.getType(), Depth + 1))
          return true;
    return false;
  }
  for (const TemplateArgument &A : S->getTemplateArgs().asArray()) {
    if (A.getKind() == TemplateArgument::Type && isTensorLike(A.getAsType(), Depth + 1))
      return true;
    if (A.getKind() == TemplateArgument::Pack)
      for (const TemplateArgument &P : A.pack_elements())
        if (P.getKind() == TemplateArgument::Type && isTensorLike(P.getAsType(), Depth + 1))
          return true;
  }
  return false;
}

std::string torchFunctionName(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return "";
  std::string Q = FD->getQualifiedNameAsString();
  StringRef S = Q;
  if (S.starts_with("torch::nn::functional::"))
    return "F::" + FD->getName().str();
  if (S == "torch::nn::TransformerImpl::generate_square_subsequent_mask")
    return FD->getName().str();
  if ((S.starts_with("at::") || S.starts_with("torch::")) && !S.starts_with("torch::nn::"))
    return FD->getName().str();
  return "";
}

const FunctionDecl *Index::method(StringRef Class, StringRef Name, size_t NArgs) const {
  auto It = Classes.find(Class.str());
  if (It == Classes.end())
    return nullptr;
  for (const FunctionDecl *M : It->second.Methods)
    if (M->getName() == Name && M->getMinRequiredArguments() <= NArgs && NArgs <= M->getNumParams())
      return M;
  for (const std::string &B : It->second.Bases)
    if (const FunctionDecl *M = method(B, Name, NArgs))
      return M;
  return nullptr;
}

std::vector<Value> Interp::Impl::evalArgs(ArrayRef<const Expr *> Args) {
  std::vector<Value> R;
  for (const Expr *A : Args)
    R.push_back(eval(A));
  return R;
}

Value Interp::Impl::evalConstruct(const CXXConstructExpr *E) {
  const CXXConstructorDecl *Ctor = E->getConstructor();
  SrcLoc At = loc(E->getBeginLoc());
  TypeInfo I = classify(E->getType());
  if (I.K == TypeInfo::Options && !(Ctor && Ctor->isCopyOrMoveConstructor()))
    return makeOptions(E);
  if (Ctor && Ctor->isCopyOrMoveConstructor() && E->getNumArgs() >= 1) {
    Value V = eval(E->getArg(0));
    if (V.K == Value::Kind::Options)
      V.Opts = std::make_shared<OptionsData>(*V.Opts);
    return V;
  }
  std::vector<const Expr *> ArgEs(E->arg_begin(), E->arg_end());
  // Default arguments of library constructors (allocators) say nothing.
  while (!ArgEs.empty() && isa<CXXDefaultArgExpr>(ArgEs.back()) && I.K != TypeInfo::Slice)
    ArgEs.pop_back();
  std::vector<Value> Args = evalArgs(ArgEs);
  bool List = E->isListInitialization() || E->isStdInitListInitialization();
  if (Ctor && Ctor->getNumParams() == 1) {
    QualType P = Ctor->getParamDecl(0)->getType().getNonReferenceType();
    if (const CXXRecordDecl *RD = recordOf(P))
      List |= RD->getQualifiedNameAsString() == "std::initializer_list";
  }
  return constructType(E->getType(), Ctor, std::move(Args), At, List);
}

Value Interp::Impl::constructType(QualType T, const CXXConstructorDecl *Ctor,
                                  std::vector<Value> Args, const SrcLoc &At, bool ListInit) {
  TypeInfo I = classify(T);
  bool One = Args.size() == 1;
  switch (I.K) {
  case TypeInfo::Holder:
  case TypeInfo::Module:
    if (One && Args[0].K == Value::Kind::None)
      return Value::none();
    if (One && Args[0].K == Value::Kind::Object)
      return Args[0];
    if (!I.Layer.empty())
      return makeLayer(I.Layer, std::move(Args), At);
    return construct(I.Class, Args, At, I.K == TypeInfo::Module ? Ctor : nullptr);
  case TypeInfo::Container:
    if (One && (Args[0].K == Value::Kind::List || !ListInit))
      return Args[0];
    if (Args.size() == 2 && !ListInit) { // std::vector<T>(n, v)
      std::optional<int64_t> N = Args[0].asInt();
      if (!N || *N < 0 || *N > 4096)
        return Value::unknown("a container of a size that is not known", At);
      return Value::list(std::vector<Value>(size_t(*N), Args[1]));
    }
    return Value::list(std::move(Args));
  case TypeInfo::Optional:
  case TypeInfo::Function:
  case TypeInfo::Wrapper:
  case TypeInfo::Tensor:
    if (One)
      return Args[0];
    if (Args.empty())
      return I.K == TypeInfo::Tensor ? Value::unknown("an undefined tensor", At) : Value::none();
    return Value::unknown("a " + T.getAsString() + " built from several values", At);
  case TypeInfo::String:
    return One && Args[0].K == Value::Kind::String ? Args[0] : Value::unknown("a string", At);
  case TypeInfo::Tuple:
    return Value::tuple(std::move(Args));
  case TypeInfo::Slice: {
    Value S;
    S.K = Value::Kind::Slice;
    Args.resize(3, Value::none());
    S.Elems = std::move(Args);
    return S;
  }
  case TypeInfo::Options:
  case TypeInfo::Other:
    break;
  }
  return Value::unknown("a value of type " + T.getAsString(), At);
}

Value Interp::Impl::makeOptions(const CXXConstructExpr *E) {
  auto O = std::make_shared<OptionsData>();
  std::string Type = E->getType().getUnqualifiedType().getAsString();
  O->Type = StringRef(Type).rsplit("::").second.empty() ? Type
                                                        : StringRef(Type).rsplit("::").second.str();
  const CXXConstructorDecl *Ctor = E->getConstructor();
  for (unsigned I = 0; I < E->getNumArgs(); ++I) {
    const Expr *A = E->getArg(I);
    if (isa<CXXDefaultArgExpr>(A) || !Ctor || I >= Ctor->getNumParams())
      continue;
    O->set(Ctor->getParamDecl(I)->getName(), eval(A));
  }
  Value V;
  V.K = Value::Kind::Options;
  V.Opts = std::move(O);
  return V;
}

Value Interp::Impl::makeLayer(StringRef Kind, std::vector<Value> Args, const SrcLoc &At) {
  auto O = std::make_shared<Object>();
  O->Kind = Kind.str();
  O->Loc = At;
  O->Opts = std::make_shared<OptionsData>();
  O->Opts->Type = Kind.str() + "Options";
  if (Kind == "Sequential" || Kind == "ModuleList" || Kind == "ModuleDict") {
    // Sequential({{"conv", Conv2d(...)}, {"relu", ReLU()}}): named children.
    std::vector<Value> Elems = Args;
    if (Elems.size() == 1 && Elems[0].K == Value::Kind::List)
      Elems = Elems[0].Elems;
    bool Named = !Elems.empty() && all_of(Elems, [](const Value &E) {
      return E.K == Value::Kind::Tuple && E.Elems.size() == 2 &&
             E.Elems[0].K == Value::Kind::String;
    });
    for (size_t I = 0; I < (Named ? Elems.size() : Args.size()); ++I)
      O->Children.emplace_back(Named ? Elems[I].Elems[0].Text : std::to_string(I),
                               Named ? Elems[I].Elems[1] : Args[I]);
    return Value::object(O);
  }
  if (Kind == "Functional") {
    // A member left default-constructed: LibTorch refuses it at compile
    // time (FunctionalImpl has no default constructor).
    if (Args.empty())
      return Value::unknown("a torch::nn::Functional made without a function, which LibTorch "
                            "does not compile; give it one: Functional(torch::relu)",
                            At);
    if (Args[0].K != Value::Kind::Function)
      return Value::unknown("a Functional of something that is not a function", At);
    const auto *FD = static_cast<const FunctionDecl *>(Args[0].Fn);
    O->Function = torchFunctionName(FD);
    if (O->Function.empty())
      O->Body = Args[0].Lambda ? Args[0].Lambda : Args[0].Fn;
    O->BoundArgs.assign(Args.begin() + 1, Args.end());
    return Value::object(O);
  }
  if (Args.size() == 1 && Args[0].K == Value::Kind::Options) {
    O->Opts = std::make_shared<OptionsData>(*Args[0].Opts);
    return Value::object(O);
  }
  // Fields LibTorch's constructor takes, then (after a '|') those only
  // Python's signature takes.
  const char *Pos = layerPositional(Kind);
  auto [Cpp, PyOnly] = StringRef(Pos ? Pos : "").split('|');
  std::vector<std::string> Fields = splitFields(Cpp), Extra = splitFields(PyOnly);
  size_t Takes = Fields.size();
  Fields.insert(Fields.end(), Extra.begin(), Extra.end());
  // The stub headers take any arguments; LibTorch's constructors do not.
  std::string Ctor = Takes ? "(" + join(ArrayRef(Fields).take_front(Takes), ", ") + ") or a " +
                                 Kind.str() + "Options"
                           : "only a " + Kind.str() + "Options";
  // One argument not known may be an Options: only numbers, flags and
  // lists are surely positional.
  auto Plain = [](const Value &V) {
    return V.K == Value::Kind::Int || V.K == Value::Kind::Double || V.K == Value::Kind::Bool ||
           V.K == Value::Kind::List;
  };
  bool Positional = Args.size() > 1 || (Args.size() == 1 && Plain(Args[0]));
  std::string Made = "a torch::nn::" + Kind.str() + " made with " + std::to_string(Args.size()) +
                     (Args.size() == 1 ? " argument" : " arguments");
  if (Pos && Positional && Args.size() > Fields.size())
    return Value::unknown(Made + ", which LibTorch does not compile: its constructor takes " + Ctor,
                          At);
  if (Positional && Args.size() > Takes && !Extra.empty())
    Self.Problems.push_back({At, Made +
                                     ", which LibTorch does not compile (its constructor takes " +
                                     Ctor + "); counted as Python's signature reads them (" +
                                     join(ArrayRef(Fields).take_front(Args.size()), ", ") + ")"});
  for (size_t I = 0; I < Args.size(); ++I)
    O->Opts->set(I < Fields.size() ? Fields[I] : "arg" + std::to_string(I), Args[I]);
  return Value::object(O);
}

Value Interp::Impl::construct(StringRef Class, ArrayRef<Value> Args, const SrcLoc &At,
                              const CXXConstructorDecl *Ctor) {
  auto It = Ix.Classes.find(Class.str());
  if (It == Ix.Classes.end())
    return Value::unknown("module class " + Class.str() + " has no definition here", At);
  if (Frames.size() > MaxDepth)
    return Value::unknown("modules nested deeper than the interpreter follows", At);
  const ClassInfo &CI = It->second;
  auto O = std::make_shared<Object>();
  O->Kind = CI.IsSequential ? "Sequential" : "module";
  O->Class = CI.Name;
  O->Loc = At;
  // The constructor: the one Clang chose, else one taking as many arguments.
  const CXXConstructorDecl *Def = nullptr;
  if (Ctor && Ctor->getDefinition())
    Def = cast<CXXConstructorDecl>(Ctor->getDefinition());
  for (const CXXConstructorDecl *C : CI.Ctors)
    if (!Def && !C->isCopyOrMoveConstructor() && C->getMinRequiredArguments() <= Args.size() &&
        Args.size() <= C->getNumParams())
      Def = C;
  // No construction site (or none that compiles): its only constructor, with
  // the parameters --arg binds and the others known only at run time.
  if (!Def && Args.empty()) {
    std::vector<const CXXConstructorDecl *> Own;
    for (const CXXConstructorDecl *C : CI.Ctors)
      if (!C->isCopyOrMoveConstructor())
        Own.push_back(C);
    if (Own.size() == 1)
      Def = Own[0];
  }
  if (Def) {
    runCtor(CI, Def, Args, O);
  } else if (!Args.empty()) {
    return Value::unknown("no constructor of " + CI.Name + " with " + std::to_string(Args.size()) +
                              " argument(s) has a body here",
                          At);
  } else {
    Frame F;
    F.Ctx = &CI.Def->getASTContext();
    F.This = O;
    Frames.push_back(std::move(F));
    initFields(CI.Def);
    Frames.pop_back();
  }
  return Value::object(O);
}

void Interp::Impl::runCtor(const ClassInfo &CI, const CXXConstructorDecl *Ctor,
                           ArrayRef<Value> Args, std::shared_ptr<Object> This) {
  Frame F;
  F.Fn = Ctor;
  F.Ctx = &Ctor->getASTContext();
  F.This = This;
  Frames.push_back(std::move(F));
  bindParams(Ctor, Args, true);
  // A parameter known only at run time is a named hole: said once, here,
  // and what depends on it names it.
  for (const ParmVarDecl *P : Ctor->parameters()) {
    Value &V = top().Vars[P];
    if (!V.isUnknown() || StringRef(V.Text).starts_with("parameter '") ||
        P->getType().getNonReferenceType()->isRecordType())
      continue;
    std::string Name = P->getNameAsString();
    Self.Problems.push_back(
        {V.Loc.valid() ? V.Loc : loc(P->getLocation()),
         "parameter '" + Name + "' of " + CI.Name + " is not known (" + V.Text + ")"});
    V = Value::unknown("parameter '" + Name + "' of " + CI.Name, V.Loc);
  }
  if (!Self.Bound.count(CI.Name)) {
    auto &B = Self.Bound[CI.Name];
    // A parameter of a class type --arg cannot give (a variables_map, a
    // configuration) is no hole: what the model reads from it is.
    for (const ParmVarDecl *P : Ctor->parameters())
      if (!top().Vars[P].isUnknown() || !P->getType().getNonReferenceType()->isRecordType())
        B.emplace_back(P->getName().str(), top().Vars[P]);
  }
  for (const CXXCtorInitializer *Init : Ctor->inits()) {
    if (Init->isBaseInitializer()) {
      auto *CE = dyn_cast<CXXConstructExpr>(Init->getInit()->IgnoreImplicit());
      const CXXRecordDecl *Base = recordOf(QualType(Init->getBaseClass(), 0));
      auto BI = Base ? Ix.Classes.find(moduleClassName(Base)) : Ix.Classes.end();
      if (!CE || BI == Ix.Classes.end())
        continue;
      std::vector<Value> BaseArgs = evalArgs({CE->getArgs(), CE->getNumArgs()});
      const CXXConstructorDecl *BC = CE->getConstructor();
      if (BC && BC->getDefinition())
        runCtor(BI->second, cast<CXXConstructorDecl>(BC->getDefinition()), BaseArgs, This);
      continue;
    }
    if (!Init->isMemberInitializer())
      continue;
    const FieldDecl *FD = Init->getMember();
    Value V = eval(Init->getInit());
    // A member left to its default: at its declaration, not the constructor.
    if (!Init->isWritten() && V.K == Value::Kind::Object &&
        sameLoc(V.Obj->Loc, loc(Init->getInit()->getBeginLoc())))
      V.Obj->Loc = loc(FD->getLocation());
    if (V.K == Value::Kind::Options)
      V.Opts = std::make_shared<OptionsData>(*V.Opts);
    This->setField(FD->getName(), std::move(V));
  }
  exec(Ctor->getBody());
  Frames.pop_back();
}

void Interp::Impl::initFields(const CXXRecordDecl *RD) {
  for (const FieldDecl *FD : RD->fields()) {
    Value V;
    if (const Expr *Init = FD->getInClassInitializer())
      V = eval(Init);
    else
      V = defaultOf(FD->getType(), loc(FD->getLocation()));
    top().This->setField(FD->getName(), std::move(V));
  }
}

void Interp::Impl::bindParams(const FunctionDecl *FD, ArrayRef<Value> Args, bool Ctor) {
  for (unsigned I = 0; I < FD->getNumParams(); ++I) {
    const ParmVarDecl *P = FD->getParamDecl(I);
    Value V;
    auto It = Bindings.find(P->getName().str());
    if (Ctor && It != Bindings.end())
      V = It->second;
    else if (I < Args.size())
      V = Args[I];
    else if (P->hasDefaultArg() && !P->hasUninstantiatedDefaultArg() && !P->hasUnparsedDefaultArg())
      V = eval(P->getDefaultArg());
    else
      V = Value::unknown("parameter '" + P->getNameAsString() + "' of " +
                             FD->getQualifiedNameAsString() +
                             " has no value (no construction site binds it)",
                         loc(P->getLocation()));
    if (V.K == Value::Kind::Options)
      V.Opts = std::make_shared<OptionsData>(*V.Opts);
    top().Vars[P] = std::move(V);
  }
}

Value Interp::Impl::callUser(const FunctionDecl *FD, std::shared_ptr<Object> This,
                             ArrayRef<Value> Args, const std::string &Scope, SourceLocation At) {
  const FunctionDecl *Def = FD ? FD->getDefinition() : nullptr;
  if (!Def && FD) {
    auto It = Ix.Functions.find(FD->getQualifiedNameAsString());
    if (It != Ix.Functions.end())
      for (const FunctionDecl *F : It->second)
        if (F->getNumParams() == FD->getNumParams())
          Def = F;
    if (!Def && This && !This->Class.empty())
      Def = Ix.method(This->Class, FD->getName(), Args.size());
  }
  if (!Def || !Def->hasBody())
    return unknown("'" + (FD ? FD->getQualifiedNameAsString() : std::string("?")) +
                       "' has no body the front end can see",
                   At);
  if (Frames.size() > MaxDepth)
    return unknown("calls nested deeper than the interpreter follows", At);
  Frame F;
  F.Fn = Def;
  F.Ctx = &Def->getASTContext();
  F.This = std::move(This);
  F.Scope = Scope;
  Frames.push_back(std::move(F));
  bindParams(Def, Args, false);
  exec(Def->getBody());
  Value R = top().Ret.value_or(Value::none());
  Frames.pop_back();
  return R;
}

Value Interp::Impl::callModule(const Value &M, ArrayRef<Value> Args, const CallSite &C) {
  if (M.K != Value::Kind::Object)
    return Value::unknown("calls a module that is not known (" + M.str() + ")", C.At);
  Object &O = *M.Obj;
  if (!O.Class.empty())
    if (const FunctionDecl *FD = Ix.method(O.Class, "forward", Args.size()))
      return callUser(FD, M.Obj, Args, O.PathSet ? O.Path : C.Scope, SourceLocation());
  if (O.Kind == "module")
    return Value::unknown(O.Class + " has no forward() taking " + std::to_string(Args.size()) +
                              " argument(s) with a body here",
                          C.At);
  if (O.Kind == "Sequential") {
    if (Args.empty())
      return Value::unknown("a Sequential called without an input", C.At);
    Value V = Args[0];
    for (auto &[Name, Child] : O.Children) {
      Value Next = callModule(Child, {V}, C);
      if (Next.isUnknown() && V.K == Value::Kind::Tensor)
        Next = B.unknownOp(O.Path + "." + Name, {V}, C, "is not understood (" + Next.Text + ")");
      V = Next;
    }
    return V;
  }
  if (O.Kind == "Functional") {
    if (O.Body)
      return callUser(static_cast<const FunctionDecl *>(O.Body), nullptr, Args, C.Scope,
                      SourceLocation());
    std::vector<Value> A(Args.begin(), Args.end());
    A.resize(std::max<size_t>(A.size(), 1));
    A.insert(A.end(), O.BoundArgs.begin(), O.BoundArgs.end());
    CallSite FC = C;
    if (O.Loc.valid())
      FC.At = O.Loc;
    return B.callFunction(O.Function, A, FC);
  }
  if (O.Kind == "ModuleList" || O.Kind == "ModuleDict")
    return Value::unknown("a " + O.Kind + " has no forward()", C.At);
  return B.callLayer(O, Args, C);
}

Value Interp::Impl::unknownCall(const Expr *Call, StringRef Callee, ArrayRef<Value> Args,
                                const Value &Why) {
  Value W = Why;
  if (!W.Loc.valid())
    W.Loc = loc(Call->getExprLoc());
  if (!isTensorLike(Call->getType()))
    return W;
  std::vector<Value> Tensors;
  for (const Value &A : Args) {
    if (A.K == Value::Kind::Tensor)
      Tensors.push_back(A);
    for (const Value &E : A.Elems)
      if (E.K == Value::Kind::Tensor)
        Tensors.push_back(E);
  }
  std::string Text = W.Text.empty() ? "is not understood" : "is not understood (" + W.Text + ")";
  return B.unknownOp(Callee, Tensors, site(Call->getExprLoc()), Text);
}

} // namespace cxx
} // namespace wattlint
