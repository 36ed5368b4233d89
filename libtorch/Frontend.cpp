//===- libtorch/Frontend.cpp - from C++ sources to models ------------------===//
//
// Roots (module classes no other module contains), their construction sites
// and constructor bindings, their input shapes (flags or `wattlint: input`
// comments), the interpretation of constructor and forward(), and each
// model as a ModelSource.
//
//===----------------------------------------------------------------------===//
#include "libtorch/Frontend.h"
#include "libtorch/InterpImpl.h"
#include "libtorch/Parse.h"

#include "analyzer/ShapeRules.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Stack.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <pthread.h>
#include <set>

using namespace clang;
using namespace llvm;

namespace wattlint {
namespace cxx {

/// A model's root: a module class, or a Sequential built outside modules.
struct RootRef {
  std::string Name;
  const ClassInfo *CI = nullptr;
  const SeqRoot *Seq = nullptr;
};

struct Project::State {
  std::unique_ptr<Parsed> P;
  Index Ix;
  std::set<std::string> Children;
  /// Per model of the discovery, its index in Built, or -1.
  std::vector<int> BuiltIndex;
  /// The user named the model: one that cannot be built is an error.
  bool Explicit = false;
  /// Semantic errors in the models' code: reported with every model.
  std::vector<Problem> CompileProblems;
};

namespace {

/// A module class's name as its holder is written without namespaces:
/// "ResNet<ResidualBlock>" for "resnet::ResNetImpl<resnet::ResidualBlockImpl>".
std::string holderSpelling(StringRef Name) {
  std::string Out, Word;
  auto Flush = [&](char Next) {
    // A qualifier is dropped; an Impl suffix is dropped from every name.
    if (Next != ':' && StringRef(Word).ends_with("Impl") && Word.size() > 4)
      Word.resize(Word.size() - 4);
    if (Next != ':')
      Out += Word;
    Word.clear();
  };
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (isAlnum(C) || C == '_') {
      Word += C;
      continue;
    }
    Flush(C);
    if (C == ':') {
      ++I; // "::"
      continue;
    }
    if (C != ' ')
      Out += C;
  }
  Flush('\0');
  return Out;
}

/// A C++ model as a ModelSource: the graph is built once; binding a dim
/// only runs the shape rules again.
class CxxSource : public ModelSource {
public:
  CxxSource(std::string Path, const Model &Built) : Path(std::move(Path)), Built(Built) {}
  StringRef path() const override { return Path; }
  Expected<Model> bind(const DimBindings &Dims) override {
    Model M = cloneModel(Built);
    // cloneModel leaves the source locations behind: copied node by node.
    for (size_t I = 0; I < M.Main.Nodes.size(); ++I)
      M.Main.Nodes[I].Location = Built.Main.Nodes[I].Location;
    if (Error E = bindSymbolicDims(M, Dims))
      return createStringError(inconvertibleErrorCode(), "%s: %s", Path.c_str(),
                               toString(std::move(E)).c_str());
    return std::move(M);
  }
  Expected<Model> rebind(const Model &, const DimBindings &Dims) override { return bind(Dims); }

private:
  std::string Path;
  const Model &Built;
};

/// NAME=VALUE constructor bindings (numbers and true/false).
Expected<std::map<std::string, Value>> parseBindings(ArrayRef<std::string> Args) {
  std::map<std::string, Value> R;
  for (const std::string &A : Args) {
    auto [Name, Text] = StringRef(A).split('=');
    Name = Name.trim();
    Text = Text.trim();
    int64_t I = 0;
    double D = 0;
    if (Name.empty() || Text.empty())
      return createStringError(inconvertibleErrorCode(), "'%s' is not NAME=VALUE", A.c_str());
    if (!Text.getAsInteger(10, I))
      R[Name.str()] = Value::integer(I);
    else if (Text == "true" || Text == "false")
      R[Name.str()] = Value::boolean(Text == "true");
    else if (!Text.getAsDouble(D))
      R[Name.str()] = Value::real(D);
    else
      return createStringError(inconvertibleErrorCode(),
                               "'%s': the value of %s is not a number or true/false", A.c_str(),
                               Name.str().c_str());
  }
  return R;
}

/// A path as toSrcLoc writes it: relative to the working directory below it.
std::string normalized(StringRef Path) {
  SmallString<256> Abs(Path);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, true);
  SmallString<256> Cwd;
  if (!sys::fs::current_path(Cwd)) {
    std::string Prefix = std::string(Cwd) + "/";
    if (StringRef(Abs).starts_with(Prefix))
      return StringRef(Abs).drop_front(Prefix.size()).str();
  }
  return std::string(Abs);
}

struct Range {
  std::string File;
  unsigned Begin, End;
};

Range rangeOf(const Decl *D) {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  SrcLoc B = toSrcLoc(SM, D->getBeginLoc()), E = toSrcLoc(SM, D->getEndLoc());
  return {B.File, B.Line, E.Line};
}

/// The places of a module class's code: its definition and the out-of-line
/// definitions of its constructors and methods.
std::vector<Range> rangesOf(const ClassInfo &CI) {
  std::vector<Range> R = {rangeOf(CI.Def)};
  for (const CXXConstructorDecl *C : CI.Ctors)
    R.push_back(rangeOf(C));
  for (const FunctionDecl *M : CI.Methods)
    R.push_back(rangeOf(M));
  return R;
}

/// `// wattlint: input x=[N,1,28,28]` comments in or just above Places (a
/// class and its forward(), a Sequential's declaration).
std::vector<InputSpec> commentInputs(ArrayRef<const Decl *> Places,
                                     std::vector<Problem> &Problems) {
  std::vector<InputSpec> R;
  std::set<std::pair<std::string, unsigned>> Seen;
  for (const Decl *D : Places) {
    const SourceManager &SM = D->getASTContext().getSourceManager();
    SourceLocation B = SM.getExpansionLoc(D->getBeginLoc());
    bool Invalid = false;
    StringRef Text = SM.getBufferData(SM.getFileID(B), &Invalid);
    if (Invalid)
      continue;
    Range Rg = rangeOf(D);
    SmallVector<StringRef, 0> Lines;
    Text.split(Lines, '\n');
    for (unsigned L = Rg.Begin > 3 ? Rg.Begin - 3 : 1; L <= Rg.End && L <= Lines.size(); ++L) {
      StringRef Row = Lines[L - 1];
      size_t At = Row.find("wattlint: input ");
      if (At == StringRef::npos || !Seen.insert({Rg.File, L}).second)
        continue;
      SmallVector<StringRef, 2> Specs;
      Row.substr(At + 16).rtrim(" \t\r*/").split(Specs, ';', -1, false);
      for (StringRef Spec : Specs) {
        Expected<InputSpec> S = parseInputSpec(Spec);
        SrcLoc Where;
        Where.File = Rg.File;
        Where.Line = L;
        Where.Col = unsigned(At + 1);
        if (!S) {
          Problems.push_back({Where, toString(S.takeError())});
          continue;
        }
        S->Origin = Where.str();
        R.push_back(std::move(*S));
      }
    }
  }
  return R;
}

/// The layers and submodules of a module instance, depth first.
void listLayers(const Object &O, std::vector<LayerEntry> &Out, std::set<const Object *> &Seen) {
  // Its own tensors first, as named_parameters() and named_buffers() name
  // them.
  for (const Value &P : O.Params) {
    LayerEntry E;
    E.Path = O.Path.empty() ? P.Text : O.Path + "." + P.Text;
    E.Kind = P.IsBuffer ? "buffer" : "parameter";
    E.Options = Value::list(P.Elems).str();
    E.At = P.Loc;
    Out.push_back(std::move(E));
  }
  auto Visit = [&](const Value &V) {
    if (V.K != Value::Kind::Object || !Seen.insert(V.Obj.get()).second)
      return;
    const Object &C = *V.Obj;
    LayerEntry E;
    E.Path = C.Path;
    E.Kind = C.Kind == "module" ? C.Class : C.Kind;
    E.At = C.Loc;
    if (C.Kind == "Functional")
      E.Options = C.Function.empty() ? "<lambda>" : C.Function;
    for (const Value &A : C.BoundArgs)
      E.Options += " " + A.str();
    if (C.isLayer() && C.Kind != "Functional" && C.Opts)
      for (const auto &[Name, FV] : C.Opts->Fields)
        E.Options += (E.Options.empty() ? "" : " ") + Name + "=" + FV.str();
    Out.push_back(std::move(E));
    listLayers(C, Out, Seen);
  };
  for (const auto &[Name, V] : O.Children)
    Visit(V);
  for (const auto &[Name, V] : O.Fields)
    Visit(V);
}

} // namespace

Project::Project() = default;
Project::~Project() = default;

Expected<std::unique_ptr<Project>> Project::open(const FrontendOptions &O) {
  Expected<std::map<std::string, Value>> Bindings = parseBindings(O.Args);
  if (!Bindings)
    return Bindings.takeError();
  std::vector<InputSpec> Specs;
  for (const std::string &I : O.Inputs) {
    Expected<InputSpec> S = parseInputSpec(I);
    if (!S)
      return S.takeError();
    S->Origin = "--input";
    Specs.push_back(std::move(*S));
  }
  std::unique_ptr<Project> Pr(new Project());
  Pr->S = std::make_unique<State>();
  State &St = *Pr->S;
  Expected<CompileFlags> Flags =
      compileFlags(O.Sources, {O.BuildDir, O.ExtraArgs, O.ExplicitFlags});
  if (!Flags)
    return Flags.takeError();
  Expected<std::unique_ptr<Parsed>> P =
      parseSources(O.Sources, Flags->PerSource, O.Headers, O.PchCache);
  if (!P)
    return P.takeError();
  Pr->D.FlagNotes = std::move(Flags->Notes);
  Pr->D.PchNotes = (*P)->PchNotes;
  St.P = std::move(*P);
  buildIndex(*St.P, St.Ix, St.Children);
  Pr->D.SkippedHeaders = St.P->Skipped;

  // Roots: module classes nothing else contains, Sequentials built outside
  // any module (or the one asked for).
  std::vector<RootRef> Roots;
  auto Asked = [&](StringRef Name) {
    // A class template's instantiation by its name with or without its
    // arguments: "Tower" or "TowerImpl<Small>" for TowerImpl<Small>, and by
    // its holder's name as the program writes it, namespaces left out:
    // "ResNet<ResidualBlock>" for resnet::ResNetImpl<resnet::ResidualBlock>.
    StringRef Plain = Name.take_until([](char C) { return C == '<'; });
    for (StringRef N : {Name, Plain})
      if (N == O.Model || N == O.Model + "Impl" || N.ends_with("::" + O.Model) ||
          N.ends_with("::" + O.Model + "Impl"))
        return true;
    return holderSpelling(Name) == holderSpelling(O.Model);
  };
  for (const auto &[Name, CI] : St.Ix.Classes) {
    if (St.Children.count(Name))
      Pr->D.Children.push_back(Name);
    if (O.Model.empty() ? !St.Children.count(Name) : Asked(Name))
      Roots.push_back({Name, &CI, nullptr});
  }
  for (const SeqRoot &R : St.Ix.SeqRoots)
    if (O.Model.empty() ? !R.Layer : Asked(R.Name))
      Roots.push_back({R.Name, nullptr, &R});
  // A program whose model is one layer (`nn::Linear model(784, 10)`).
  if (Roots.empty() && O.Model.empty())
    for (const SeqRoot &R : St.Ix.SeqRoots)
      if (R.Layer)
        Roots.push_back({R.Name, nullptr, &R});
  std::string Srcs = join(O.Sources, ", ");
  if (Roots.empty()) {
    if (!O.Model.empty()) {
      std::vector<std::string> Names;
      for (const auto &[Name, CI] : St.Ix.Classes)
        Names.push_back(Name);
      return createStringError(inconvertibleErrorCode(),
                               "%s: no module class '%s' (module classes: %s)", Srcs.c_str(),
                               O.Model.c_str(), Names.empty() ? "none" : join(Names, ", ").c_str());
    }
    if (!St.P->Errors.empty())
      return createStringError(inconvertibleErrorCode(),
                               "%s: error: %s (%zu error(s); no torch::nn::Module class could be "
                               "read)",
                               St.P->Errors[0].At.str().c_str(), St.P->Errors[0].Message.c_str(),
                               St.P->Errors.size());
    return createStringError(inconvertibleErrorCode(), "%s: no torch::nn::Module class found",
                             Srcs.c_str());
  }
  if (Error E = Pr->checkErrors())
    return std::move(E);
  for (const RootRef &R : Roots)
    Pr->build(R, O, *Bindings, Specs);
  // Several models from one file: told apart by their class.
  std::map<std::string, unsigned> PathUses;
  for (const ModelEntry &M : Pr->D.Models)
    ++PathUses[M.Path];
  for (ModelEntry &M : Pr->D.Models)
    if (PathUses[M.Path] > 1)
      M.Path += "#" + M.Class;
  Pr->S->Explicit = !O.Model.empty();
  for (size_t I = 0; I < Pr->D.Models.size(); ++I)
    if (int B = St.BuiltIndex[I]; B >= 0)
      Pr->Built[B]->Path = Pr->D.Models[I].Path;
  return std::move(Pr);
}

Error Project::checkErrors() {
  // A model's own code must parse: broken syntax is not guessed at. A
  // semantic error there (a part of the API the stubs lack) leaves an
  // unknown where it is, reported. Errors elsewhere (main(), data loading
  // with headers not here) do not matter.
  std::vector<Range> Ranges;
  for (const auto &[Name, CI] : S->Ix.Classes)
    for (const Range &R : rangesOf(CI))
      Ranges.push_back(R);
  const std::vector<Problem> &Errors = S->P->Errors;
  for (size_t I = 0; I < Errors.size(); ++I) {
    const Problem &E = Errors[I];
    bool InModel = any_of(Ranges, [&](const Range &R) {
      return E.At.File == R.File && E.At.Line >= R.Begin && E.At.Line <= R.End;
    });
    if (!InModel) {
      ++D.IgnoredErrors;
      continue;
    }
    if (!S->P->Syntax[I]) {
      S->CompileProblems.push_back(
          {E.At, "does not compile against the LibTorch API wattlint-cxx knows: " + E.Message});
      continue;
    }
    return createStringError(inconvertibleErrorCode(),
                             "%s: error: %s (the model's code must parse; %zu error(s) in all)",
                             E.At.str().c_str(), E.Message.c_str(), Errors.size());
  }
  return Error::success();
}

namespace {

/// The model's name in reports: the given source that defines its
/// constructor (else its class, or its Sequential), or the first source.
std::string modelPath(const RootRef &R, ArrayRef<std::string> Sources) {
  std::string File = R.Seq                 ? R.Seq->At.File
                     : R.CI->Ctors.empty() ? rangeOf(R.CI->Def).File
                                           : rangeOf(R.CI->Ctors[0]).File;
  for (const std::string &S : Sources)
    if (normalized(S) == File)
      return S;
  return Sources.empty() ? File : Sources[0];
}

/// The shape of each of forward()'s parameters: by name, then in order,
/// from the flags, then from comments in the source.
std::vector<std::optional<InputSpec>> resolveInputs(const std::vector<std::string> &Params,
                                                    const std::vector<InputSpec> &Flags,
                                                    const std::vector<InputSpec> &Comments,
                                                    const std::string &Class,
                                                    std::vector<Problem> &Problems) {
  std::vector<std::optional<InputSpec>> R(Params.size());
  for (const std::vector<InputSpec> *From : {&Flags, &Comments}) {
    size_t Next = 0;
    for (const InputSpec &S : *From) {
      if (S.Name.empty()) {
        while (Next < R.size() && R[Next])
          ++Next;
        if (Next < R.size())
          R[Next++] = S;
        continue;
      }
      auto It = find(Params, S.Name);
      if (It == Params.end()) {
        Problems.push_back({SrcLoc(), S.Origin + ": forward() of " + Class + " has no parameter '" +
                                          S.Name + "' (its parameters: " + join(Params, ", ") +
                                          ")"});
        continue;
      }
      std::optional<InputSpec> &Slot = R[It - Params.begin()];
      if (!Slot)
        Slot = S;
    }
  }
  return R;
}

} // namespace

namespace {

/// The root module of R, constructed where the program constructs it.
Value constructRoot(const RootRef &R, const Index &Ix, Interp &I, ModelEntry &E) {
  if (R.Seq) {
    E.Site = R.Seq->At;
    if (R.Seq->Var)
      return I.evalAt(R.Seq->Var->getInit(), R.Seq->In, *R.Seq->Ctx);
    return I.call(R.Seq->Fn, R.Seq->At);
  }
  const Site *Use = nullptr;
  for (const Site &St : Ix.Sites)
    if (St.Class == R.Name && !Use)
      Use = &St;
  std::vector<Value> Args;
  if (Use) {
    for (const Expr *A : Use->Args)
      Args.push_back(I.evalAt(A, Use->In, *Use->Ctx));
    E.Site = Use->At;
  }
  Value Root = I.construct(R.Name, Args, Use ? Use->At : E.At, Use ? Use->Ctor : nullptr);
  for (const auto &[N, V] : I.Bound[R.Name]) {
    E.Bindings.emplace_back(N, V.str());
    if (V.isUnknown())
      E.Holes.push_back(N);
  }
  return Root;
}

/// The braced list of sizes an argument is made from ({2, 4} as an
/// IntArrayRef), through the conversions around it.
const InitListExpr *bracedSizes(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (auto *L = dyn_cast<InitListExpr>(E))
      return L;
    if (auto *C = dyn_cast<CXXConstructExpr>(E); C && C->getNumArgs() >= 1)
      E = C->getArg(0);
    else if (auto *IL = dyn_cast<CXXStdInitializerListExpr>(E))
      E = IL->getSubExpr();
    else if (auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else
      return nullptr;
  }
  return nullptr;
}

/// The shape of the tensor E, where the program fixes it: made by
/// torch::ones/zeros/rand/randn/empty/full/randint({...}), or by
/// x.view({...}) or x.reshape({...}), directly or through a local. The
/// first size may be one the source does not fix (a batch read from the
/// data, -1 in a view): the symbolic dim N.
std::optional<InputSpec> shapeInCode(const Expr *E, Interp &I, const FunctionDecl *In,
                                     const ASTContext &Ctx, unsigned Depth = 0) {
  if (!E || Depth > 4)
    return std::nullopt;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (auto *C = dyn_cast<CXXConstructExpr>(E); C && C->getNumArgs() == 1)
    return shapeInCode(C->getArg(0), I, In, Ctx, Depth + 1);
  if (auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
    return VD && VD->isLocalVarDecl() && !isa<ParmVarDecl>(VD)
               ? shapeInCode(VD->getInit(), I, In, Ctx, Depth + 1)
               : std::nullopt;
  }
  const InitListExpr *Sizes = nullptr;
  bool Long = false;
  if (auto *M = dyn_cast<CXXMemberCallExpr>(E); M && M->getMethodDecl()) {
    StringRef Name = M->getMethodDecl()->getName();
    if ((Name == "view" || Name == "reshape") && M->getNumArgs() == 1)
      Sizes = bracedSizes(M->getArg(0));
    else if (Name == "to" || Name == "contiguous" || Name == "detach")
      return shapeInCode(M->getImplicitObjectArgument(), I, In, Ctx, Depth + 1);
  } else if (auto *Call = dyn_cast<CallExpr>(E); Call && Call->getDirectCallee()) {
    std::string Q = Call->getDirectCallee()->getQualifiedNameAsString();
    StringRef Name = StringRef(Q).rsplit("::").second;
    bool Factory = StringRef(Q).starts_with("torch::") || StringRef(Q).starts_with("at::");
    if (Factory &&
        (Name == "ones" || Name == "zeros" || Name == "rand" || Name == "randn" ||
         Name == "empty" || Name == "full") &&
        Call->getNumArgs() >= 1)
      Sizes = bracedSizes(Call->getArg(0));
    // randint(high, sizes) or randint(low, high, sizes): float unless
    // told otherwise, in C++ as in every factory.
    for (unsigned K = 1; Factory && Name == "randint" && K < Call->getNumArgs() && !Sizes; ++K)
      Sizes = bracedSizes(Call->getArg(K));
    for (unsigned K = 1; Factory && Sizes && K < Call->getNumArgs(); ++K) {
      Value D = I.evalAt(Call->getArg(K), In, Ctx);
      Long |= D.K == Value::Kind::String &&
              (D.Text == "kLong" || D.Text == "kInt64" || D.Text == "Long");
    }
  }
  if (!Sizes || Sizes->getNumInits() == 0 || Sizes->getNumInits() > 8)
    return std::nullopt;
  InputSpec S;
  S.Type = Long ? DType::I64 : DType::F32;
  for (unsigned K = 0; K < Sizes->getNumInits(); ++K) {
    const Expr *El = Sizes->getInit(K);
    std::optional<int64_t> N = I.evalAt(El, In, Ctx).asInt();
    if (N && *N > 0) {
      S.Dims.push_back(std::to_string(*N));
      continue;
    }
    // Only the batch may be left to the user: a size inferred from data
    // elsewhere (view({batch, -1})) is not a suggestion.
    if (K != 0 || (N && *N != -1))
      return std::nullopt;
    S.Dims.push_back("N");
  }
  return S;
}

/// A local made by a call of Fn (`auto d = create_discriminator();`).
bool madeBy(const VarDecl *V, const FunctionDecl *Fn) {
  const Expr *E = V && Fn ? V->getInit() : nullptr;
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (auto *Call = dyn_cast<CallExpr>(E))
      return Call->getDirectCallee() &&
             Call->getDirectCallee()->getCanonicalDecl() == Fn->getCanonicalDecl();
    auto *C = dyn_cast<CXXConstructExpr>(E);
    E = C && C->getNumArgs() == 1 ? C->getArg(0) : nullptr;
  }
  return false;
}

/// The input shapes of R's forward() (parameters Params) at the calls the
/// program makes of it, evaluated in a scratch graph (a size read from a
/// tensor made there must not add nodes to the model's).
std::vector<std::pair<std::vector<std::string>, SrcLoc>>
suggestedInputs(const RootRef &R, const std::vector<std::string> &Params, const Index &Ix,
                const std::map<std::string, Value> &Bindings) {
  std::vector<std::pair<std::vector<std::string>, SrcLoc>> Out;
  Model Scratch;
  GraphBuilder B(Scratch);
  Interp I(Ix, B, Bindings);
  for (const ForwardCall &C : Ix.ForwardCalls) {
    bool Calls =
        R.Seq ? C.Var && (C.Var == R.Seq->Var || madeBy(C.Var, R.Seq->Fn)) : C.Class == R.Name;
    if (!Calls || C.Args.size() != Params.size() || Params.empty() || Out.size() >= 3)
      continue;
    std::vector<std::string> Specs;
    for (size_t K = 0; K < Params.size(); ++K) {
      std::optional<InputSpec> S = shapeInCode(C.Args[K], I, C.In, *C.Ctx);
      if (!S)
        break;
      S->Name = Params[K];
      Specs.push_back(inputSpecText(*S));
    }
    if (Specs.size() == Params.size() &&
        none_of(Out, [&](const auto &O) { return O.first == Specs; }))
      Out.emplace_back(std::move(Specs), C.At);
  }
  return Out;
}

/// forward()'s parameters and the declarations input comments may be at.
std::vector<std::string> forwardParams(const RootRef &R, const Index &Ix,
                                       std::vector<const Decl *> &Places) {
  std::vector<std::string> Params;
  if (R.Seq) {
    Places.push_back(R.Seq->Var ? static_cast<const Decl *>(R.Seq->Var) : R.Seq->Fn);
    return {"input"};
  }
  Places.push_back(R.CI->Def);
  const FunctionDecl *Fwd = nullptr;
  for (size_t N = 0; N < 8 && !Fwd; ++N)
    Fwd = Ix.method(R.Name, "forward", N);
  // A subclass of SequentialImpl without its own forward() runs its
  // children in order, as a Sequential does.
  if (!Fwd && R.CI->IsSequential)
    return {"input"};
  if (!Fwd)
    return Params;
  Places.push_back(Fwd);
  for (const ParmVarDecl *P : Fwd->parameters())
    Params.push_back(P->getNameAsString());
  return Params;
}

} // namespace

void Project::build(const RootRef &R, const FrontendOptions &O,
                    const std::map<std::string, Value> &Bindings,
                    const std::vector<InputSpec> &Specs) {
  ModelEntry E;
  E.Class = R.Name;
  E.At = R.Seq ? R.Seq->At
               : toSrcLoc(R.CI->Def->getASTContext().getSourceManager(), R.CI->Def->getLocation());
  E.Path = modelPath(R, O.Sources);
  Model M;
  GraphBuilder B(M);
  Interp I(S->Ix, B, Bindings);
  Value Root = constructRoot(R, S->Ix, I, E);
  std::set<const Object *> Seen;
  if (Root.K == Value::Kind::Object && R.Seq && R.Seq->Layer) {
    // A lone layer is its own only layer.
    Object Holder;
    Holder.Children.emplace_back(R.Name, Root);
    listLayers(Holder, E.Layers, Seen);
    for (LayerEntry &L : E.Layers)
      if (L.Path.empty())
        L.Path = R.Name;
  } else if (Root.K == Value::Kind::Object) {
    listLayers(*Root.Obj, E.Layers, Seen);
  } else {
    I.Problems.push_back({E.At, R.Name + " could not be constructed: " + Root.Text});
  }
  // A model made in a function that also loads a TorchScript module (a
  // pretrained backbone and a head of its own) and run with it: only the
  // part in the source is here, which is said. A model that only shares the
  // function (a tutorial's independent examples) is not told so.
  if (R.Seq && R.Seq->In && (!R.Seq->Var || S->Ix.WithScript.count(R.Seq->Var)))
    for (const auto &[In, At] : S->Ix.ScriptLoads)
      if (In == R.Seq->In)
        I.Problems.push_back({At, "a TorchScript module is loaded here at run time: its layers "
                                  "are not in the source and not counted with " +
                                      R.Name + "; profile an ONNX export of it with wattlint"});
  std::vector<const Decl *> Places;
  E.ForwardParams = forwardParams(R, S->Ix, Places);
  std::vector<InputSpec> Comments = commentInputs(Places, I.Problems);
  std::vector<std::optional<InputSpec>> Ins =
      resolveInputs(E.ForwardParams, Specs, Comments, R.Name, I.Problems);
  E.Suggested = suggestedInputs(R, E.ForwardParams, S->Ix, Bindings);
  if (Root.K != Value::Kind::Object)
    E.NotBuilt = R.Name + " could not be constructed";
  else if (R.CI && !R.CI->IsSequential && Places.size() < 2)
    E.NotBuilt = R.Name + " has no forward() with a body here";
  for (size_t K = 0; K < Ins.size() && E.NotBuilt.empty(); ++K)
    if (!Ins[K]) {
      E.NotBuilt = "forward(" + join(E.ForwardParams, ", ") + ") of " + R.Name +
                   " needs the shape of '" + E.ForwardParams[K] + "'";
      E.NeedsInput = true;
    }
  int Index = -1;
  if (E.NotBuilt.empty()) {
    std::vector<Value> Inputs;
    for (size_t K = 0; K < Ins.size(); ++K) {
      Ins[K]->Name = E.ForwardParams[K];
      E.Inputs.push_back(*Ins[K]);
      Inputs.push_back(B.addInput(E.ForwardParams[K], *Ins[K]));
    }
    Value Out = I.forward(Root, Inputs, CallSite{E.At, ""});
    // The layers and tensors forward() has not called yet: the model holds
    // their weights all the same (parameters do not depend on how far the
    // analysis went). When forward() was followed to its end, no node reads
    // them; when it was not, the unresolved rest of it may, and does here.
    B.addUncalledLayers(*Root.Obj);
    if (Out.isUnknown())
      Out = B.unresolvedTail(R.Name + "::forward", {Out.Loc.valid() ? Out.Loc : E.At, ""},
                             "is not followed to its end (" + Out.Text + ")");
    B.addOutput(Out);
    if (Error Err = B.finish())
      E.NotBuilt = toString(std::move(Err));
    else
      Index = int(Built.size());
  }
  // Every problem once, in order, in the model's warnings too.
  std::set<std::string> Said;
  for (const std::vector<Problem> *List : {&S->CompileProblems, &I.Problems, &B.Problems})
    for (const Problem &P : *List) {
      std::string Text = (P.At.valid() ? P.At.str() + ": " : "") + P.Message;
      if (!Said.insert(Text).second)
        continue;
      D.Problems.push_back(P);
      M.Warnings.push_back(Text);
    }
  if (Index >= 0 && E.Site.valid() && !E.Bindings.empty()) {
    std::vector<std::string> Bound;
    for (const auto &[N, V] : E.Bindings)
      Bound.push_back(N + "=" + V);
    M.SourceNotes.push_back({E.Site.File, E.Site.Line, E.Site.Col,
                             "hyper-parameters bound here: " + join(Bound, ", ")});
  }
  if (Index >= 0) {
    M.Path = E.Path;
    Built.push_back(std::make_unique<Model>(std::move(M)));
  }
  S->BuiltIndex.push_back(Index);
  E.OptionHoles = I.OptionHoles;
  D.Models.push_back(std::move(E));
}

Expected<std::vector<std::unique_ptr<ModelSource>>> Project::models() {
  // Models that cannot be costed (no input shape) are left out when others
  // can be, unless the user named the model; the error names the first.
  std::vector<std::unique_ptr<ModelSource>> R;
  const ModelEntry *Failed = nullptr;
  for (size_t I = 0; I < D.Models.size(); ++I) {
    const ModelEntry &E = D.Models[I];
    if (!E.NotBuilt.empty()) {
      Failed = Failed ? Failed : &E;
      continue;
    }
    R.push_back(std::make_unique<CxxSource>(E.Path, *Built[S->BuiltIndex[I]]));
  }
  if (Failed && (R.empty() || S->Explicit))
    return createStringError(inconvertibleErrorCode(), "%s: %s", Failed->Path.c_str(),
                             Failed->NotBuilt.c_str());
  return std::move(R);
}

int runOnLargeStack(llvm::function_ref<int()> Fn) {
  struct Job {
    llvm::function_ref<int()> Fn;
    int Rc = 2;
  } J{Fn};
  auto Run = [](void *Arg) -> void * {
    auto *J = static_cast<Job *>(Arg);
    clang::noteBottomOfStack();
    J->Rc = J->Fn();
    return nullptr;
  };
  // 512 MiB of address space (pages are taken only as used): Clang's
  // parser and semantic checks recurse on a long chain of unary operators
  // or a million-term sum without moving to a fresh stack. Where the
  // process may not reserve that much (ulimit -v), less, else here.
  for (size_t Size : {size_t(512) << 20, size_t(64) << 20}) {
    pthread_attr_t Attr;
    pthread_t Thread;
    if (pthread_attr_init(&Attr) != 0)
      break;
    bool Started =
        pthread_attr_setstacksize(&Attr, Size) == 0 && pthread_create(&Thread, &Attr, Run, &J) == 0;
    pthread_attr_destroy(&Attr);
    if (Started) {
      pthread_join(Thread, nullptr);
      return J.Rc;
    }
  }
  Run(&J);
  return J.Rc;
}

} // namespace cxx
} // namespace wattlint
