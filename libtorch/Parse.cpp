//===- libtorch/Parse.cpp - Clang over the sources, and the index ---------===//
#include "libtorch/Parse.h"
#include "analyzer/Text.h"
#include "libtorch/InterpImpl.h"
#include "libtorch/StubPch.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Sema/Sema.h"
#include "clang/Tooling/Tooling.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <cstring>
#include <map>

using namespace clang;
using namespace llvm;

namespace wattlint {
namespace cxx {

namespace {

struct StubFile {
  const char *Name;
  const char *Text;
};
#include "BoostStubHeaders.inc"
#include "StubHeaders.inc"

/// Where the stub headers live in the virtual file system.
constexpr const char *StubDir = "/wattlint-stubs";
/// The header precompiled, in StubDir: the stubs as a source includes them.
constexpr const char *PchHeader = "wattlint-pch.h";

/// Headers that are not there (OpenCV, argparse, ...) are skipped: only the
/// code that uses them fails to compile, and that is seldom the model.
class SkipMissing : public PPCallbacks {
public:
  explicit SkipMissing(std::vector<std::string> &Skipped) : Skipped(Skipped) {}
  bool FileNotFound(StringRef FileName) override {
    if (!is_contained(Skipped, FileName))
      Skipped.push_back(FileName.str());
    return true;
  }

private:
  std::vector<std::string> &Skipped;
};

/// Skips the bodies of functions in system headers (the standard library,
/// the stubs): the interpreter never runs them, and parsing them is most of
/// the time spent.
class SkipSystemBodies : public ASTConsumer {
public:
  explicit SkipSystemBodies(const SourceManager &SM) : SM(SM) {}
  bool shouldSkipFunctionBody(Decl *D) override { return SM.isInSystemHeader(D->getLocation()); }

private:
  const SourceManager &SM;
};

class ParseAction : public ASTFrontendAction {
public:
  explicit ParseAction(std::vector<std::string> &Skipped) : Skipped(Skipped) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, StringRef) override {
    return std::make_unique<SkipSystemBodies>(CI.getSourceManager());
  }
  bool BeginSourceFileAction(CompilerInstance &CI) override {
    CI.getPreprocessor().addPPCallbacks(std::make_unique<SkipMissing>(Skipped));
    return true;
  }

private:
  std::vector<std::string> &Skipped;
};

/// The class templates among the user's declarations (not the stubs').
class TemplateFinder : public RecursiveASTVisitor<TemplateFinder> {
public:
  std::vector<ClassTemplateDecl *> Found;
  bool VisitClassTemplateDecl(ClassTemplateDecl *D) {
    Found.push_back(D);
    return true;
  }
};

/// Instantiates the constructors and methods of the user's module class
/// templates at every instantiation the program makes. Clang instantiates
/// only what is used, and the uses (make_shared, ModuleHolder) are in
/// headers whose bodies are skipped: without this, BlockImpl<64> would
/// have no constructor to run. Instantiations that make new ones (a
/// template building another) are followed to a fixed point.
void instantiateModuleTemplates(Sema &S, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  TemplateFinder F;
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (!SM.isInSystemHeader(D->getLocation()))
      F.TraverseDecl(D);
  std::set<const FunctionDecl *> Done;
  for (unsigned Round = 0; Round < 8; ++Round) {
    std::vector<FunctionDecl *> Todo;
    for (ClassTemplateDecl *T : F.Found)
      for (ClassTemplateSpecializationDecl *Spec : T->specializations()) {
        // Named but never needed complete (std::make_shared<BlockImpl<64>>).
        if (!Spec->hasDefinition() && !Spec->isInvalidDecl() &&
            Spec->getSpecializationKind() == TSK_Undeclared)
          S.InstantiateClassTemplateSpecialization(Spec->getPointOfInstantiation().isValid()
                                                       ? Spec->getPointOfInstantiation()
                                                       : Spec->getLocation(),
                                                   Spec, TSK_ImplicitInstantiation,
                                                   /*Complain=*/false);
        if (!Spec->hasDefinition() || Spec->isInvalidDecl() || !derivesFromModule(Spec))
          continue;
        for (Decl *D : Spec->getDefinition()->decls()) {
          auto *FD = dyn_cast<FunctionDecl>(D);
          if (FD && !FD->hasBody() && FD->getTemplateInstantiationPattern() &&
              Done.insert(FD).second)
            Todo.push_back(FD);
        }
      }
    if (Todo.empty() && Round > 0)
      return;
    for (FunctionDecl *FD : Todo)
      S.InstantiateFunctionDefinition(FD->getLocation(), FD, /*Recursive=*/true,
                                      /*DefinitionRequired=*/false, /*AtEndOfTU=*/true);
  }
}

/// Parses each translation unit and keeps it: the AST outlives the run.
class KeepAction : public tooling::ToolAction {
public:
  explicit KeepAction(Parsed &P) : P(P) {}
  bool runInvocation(std::shared_ptr<CompilerInvocation> Inv, FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCH,
                     DiagnosticConsumer *Diags) override {
    std::string Pch = Inv->getPreprocessorOpts().ImplicitPCHInclude;
    if (Pch.empty())
      return parse(std::move(Inv), Files, std::move(PCH), Diags);
    // Clang rejects a precompiled header when a header it was built from
    // (the standard library's too) has changed since: the source is then
    // parsed without it, Clang's complaints about it forgotten.
    auto Plain = std::make_shared<CompilerInvocation>(*Inv);
    Plain->getPreprocessorOpts().ImplicitPCHInclude.clear();
    Inv->getHeaderSearchOpts().ModulesValidateSystemHeaders = true;
    size_t Errors = P.Errors.size();
    if (parse(std::move(Inv), Files, PCH, Diags))
      return true;
    P.Errors.resize(Errors);
    P.Syntax.resize(Errors);
    P.RejectedPch.insert(Pch);
    return parse(std::move(Plain), Files, std::move(PCH), Diags);
  }

private:
  Parsed &P;

  bool parse(std::shared_ptr<CompilerInvocation> Inv, FileManager *Files,
             std::shared_ptr<PCHContainerOperations> PCH, DiagnosticConsumer *Diags) {
    auto TU = std::make_unique<ParsedTU>();
    TU->CI = compilerFor(std::move(Inv), Files, std::move(PCH), Diags);
    if (!TU->CI)
      return false;
    CompilerInstance &CI = *TU->CI;
    auto Act = std::make_unique<ParseAction>(P.Skipped);
    if (!Act->BeginSourceFile(CI, CI.getFrontendOpts().Inputs[0]))
      return false;
    if (Error E = Act->Execute()) {
      consumeError(std::move(E));
      Act->EndSourceFile();
      return false;
    }
    if (CI.hasSema())
      instantiateModuleTemplates(CI.getSema(), CI.getASTContext());
    TU->Act = std::move(Act);
    P.TUs.push_back(std::move(TU));
    return true;
  }
};

/// Keeps Clang's errors (with their places) instead of printing them.
class Collector : public DiagnosticConsumer {
public:
  Collector(std::vector<Problem> &Errors, std::vector<bool> &Syntax,
            std::vector<std::pair<SrcLoc, std::string>> &Corrected)
      : Errors(Errors), Syntax(Syntax), Corrected(Corrected) {}
  void HandleDiagnostic(DiagnosticsEngine::Level L, const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(L, Info);
    if (L < DiagnosticsEngine::Error || Errors.size() >= 10000)
      return;
    SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    SrcLoc At;
    if (Info.hasSourceManager() && Info.getLocation().isValid())
      At = toSrcLoc(Info.getSourceManager(), Info.getLocation());
    Errors.push_back({At, std::string(Msg)});
    StringRef Category =
        DiagnosticIDs::getCategoryNameFromID(DiagnosticIDs::getCategoryNumberForDiag(Info.getID()));
    Syntax.push_back(Category == "Parse Issue" || Category == "Lexical or Preprocessor Issue");
    // A typo correction: Clang goes on as if the suggested name had been
    // written, and the AST holds the name the program does not use.
    if (!Info.hasSourceManager() || !StringRef(Msg).contains("; did you mean "))
      return;
    for (const FixItHint &F : Info.getFixItHints())
      if (F.RemoveRange.isValid() && !F.CodeToInsert.empty()) {
        const SourceManager &SM = Info.getSourceManager();
        StringRef Written = Lexer::getSourceText(F.RemoveRange, SM, LangOptions());
        if (!Written.empty())
          Corrected.emplace_back(toSrcLoc(SM, F.RemoveRange.getBegin()), Written.str());
      }
  }

private:
  std::vector<Problem> &Errors;
  std::vector<bool> &Syntax;
  std::vector<std::pair<SrcLoc, std::string>> &Corrected;
};

} // namespace

ParsedTU::ParsedTU() = default;
ParsedTU::~ParsedTU() {
  if (Act)
    Act->EndSourceFile();
  Act.reset();
  CI.reset();
}

Parsed::Parsed() = default;
Parsed::~Parsed() {
  TUs.clear(); // before the files and the diagnostics they use
}

namespace {

/// The largest source or header read (a 1 GiB #embed or a 3 GB source
/// took that much memory, and more).
constexpr uint64_t MaxFileBytes = uint64_t(64) << 20;

/// The real file system, where only regular files and folders can be
/// opened: a header that is a FIFO or a device (the sources are anybody's,
/// in a pull request) would block Clang's read or never end. Clang sees it
/// as missing, and a file above MaxFileBytes as too large.
class RegularFilesOnly : public vfs::ProxyFileSystem {
public:
  RegularFilesOnly() : ProxyFileSystem(vfs::getRealFileSystem()) {}

  ErrorOr<vfs::Status> status(const Twine &Path) override {
    ErrorOr<vfs::Status> S = ProxyFileSystem::status(Path);
    if (S && !S->isRegularFile() && !S->isDirectory())
      return std::make_error_code(std::errc::no_such_file_or_directory);
    if (S && S->isRegularFile() && S->getSize() > MaxFileBytes)
      return std::make_error_code(std::errc::file_too_large);
    return S;
  }

  ErrorOr<std::unique_ptr<vfs::File>> openFileForRead(const Twine &Path) override {
    if (ErrorOr<vfs::Status> S = status(Path); !S)
      return S.getError();
    return ProxyFileSystem::openFileForRead(Path);
  }
};

/// The precompiled stubs for each source that can take them (by its flags
/// and its text), built or read once per set of flags and put in Memory;
/// their virtual paths in Pch, "" for a source parsed without.
std::vector<StubPch> precompileStubs(const std::vector<std::string> &Sources,
                                     const std::vector<std::vector<std::string>> &Commands,
                                     PchRequest Req, vfs::InMemoryFileSystem &Memory,
                                     std::vector<std::string> &Pch,
                                     std::vector<std::string> &Notes) {
  std::vector<StubPch> Made;
  std::map<std::vector<std::string>, std::string> ByFlags;
  for (size_t I = 0; I < Sources.size(); ++I) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Sources[I]);
    if (!Text || !takesStubPch(Commands[I], (*Text)->getBuffer())) {
      Notes.push_back(Sources[I] + ": parsed without the precompiled stubs (a flag, or a "
                                   "directive before its first #include, could change them)");
      continue;
    }
    auto [It, New] = ByFlags.try_emplace(Commands[I]);
    if (New) {
      Req.Args = Commands[I];
      Made.push_back(stubPch(Req));
      Notes.push_back(Made.back().Note);
      if (Made.back().Data) {
        It->second = Made.back().LoadPath;
        Memory.addFile(It->second, 0, std::move(Made.back().Data));
      }
    }
    Pch[I] = It->second;
  }
  return Made;
}

} // namespace

Expected<std::unique_ptr<Parsed>> parseSources(const std::vector<std::string> &Sources,
                                               const std::vector<SourceFlags> &Flags,
                                               HeaderMode Mode, StringRef PchCache) {
  assert(Flags.size() == Sources.size() && "one set of flags per source");
  for (const std::string &S : Sources) {
    if (!sys::fs::is_regular_file(S))
      return createStringError(inconvertibleErrorCode(), "%s: no such source file", S.c_str());
    uint64_t Size = 0;
    if (!sys::fs::file_size(S, Size) && Size > MaxFileBytes)
      return createStringError(inconvertibleErrorCode(),
                               "%s: %llu bytes, more than a model's source holds (64 MiB)",
                               printable(S).c_str(), (unsigned long long)Size);
  }
  std::vector<std::string> Args = {"clang-tool", "-fsyntax-only", "-ferror-limit=0", "-w",
                                   "-resource-dir=" WATTLINT_CLANG_RESOURCE_DIR};
  // The stubs come first on the include path, before any -I of the flags
  // that leads to a real LibTorch.
  if (Mode == HeaderMode::Stubs)
    Args.insert(Args.end(), {"-I", StubDir});
  // LibTorch's headers are system headers however they are found: their
  // function bodies are skipped and their classes are not the user's.
  for (const char *Prefix : {"torch/", "ATen/", "c10/", "caffe2/"})
    Args.push_back(std::string("--system-header-prefix=") + Prefix);
  // The stubs, from memory, over the real file system.
  auto Memory = makeIntrusiveRefCnt<vfs::InMemoryFileSystem>();
  std::string Dir = std::string(StubDir) + "/";
  BLAKE3 Digest;
  auto AddStub = [&](const std::string &Name, const char *Text) {
    Memory->addFile(Dir + Name, 0, MemoryBuffer::getMemBuffer(Text));
    Digest.update(Name);
    Digest.update(StringRef(Text, std::strlen(Text) + 1));
  };
  for (const StubFile *F = StubHeaders; F->Name && Mode == HeaderMode::Stubs; ++F)
    AddStub(std::string("torch/") + F->Name + ".h", F->Text);
  for (const StubFile *F = BoostStubHeaders; F->Name && Mode == HeaderMode::Stubs; ++F)
    AddStub(std::string("boost/") + F->Name + ".hpp", F->Text);
  // The other names a model includes the API by.
  for (const char *Alias :
       {"torch/script.h", "torch/nn.h", "torch/all.h", "torch/extension.h", "torch/nn/module.h",
        "torch/nn/modules.h", "torch/types.h", "ATen/ATen.h"})
    if (Mode == HeaderMode::Stubs)
      AddStub(Alias, "#include <torch/torch.h>\n");
  auto Overlay = makeIntrusiveRefCnt<vfs::OverlayFileSystem>(makeIntrusiveRefCnt<RegularFilesOnly>());
  Overlay->pushOverlay(Memory);
  std::vector<std::vector<std::string>> Commands;
  for (const SourceFlags &F : Flags) {
    std::vector<std::string> &Command = Commands.emplace_back(Args);
    if (none_of(F.Args, [](const std::string &A) { return StringRef(A).starts_with("-std="); }))
      Command.push_back("-std=c++17");
    Command.insert(Command.end(), F.Args.begin(), F.Args.end());
  }
  auto P = std::make_unique<Parsed>();
  std::vector<std::string> Pch(Sources.size());
  std::vector<StubPch> Made;
  if (Mode == HeaderMode::Stubs && !PchCache.empty()) {
    AddStub(PchHeader, "#include <torch/torch.h>\n");
    Made = precompileStubs(Sources, Commands,
                           {{}, Dir + PchHeader, toHex(Digest.final()), PchCache.str(), Overlay},
                           *Memory, Pch, P->PchNotes);
  }
  P->Files = makeIntrusiveRefCnt<FileManager>(FileSystemOptions(), Overlay);
  P->Diags = std::make_unique<Collector>(P->Errors, P->Syntax, P->Corrected);
  KeepAction Keep(*P);
  for (size_t I = 0; I < Sources.size(); ++I) {
    std::vector<std::string> Command = std::move(Commands[I]);
    if (!Pch[I].empty())
      Command.insert(Command.end(), {"-include-pch", Pch[I]});
    Command.push_back("-xc++");
    Command.push_back(Sources[I]);
    tooling::ToolInvocation Inv(std::move(Command), &Keep, P->Files.get(),
                                std::make_shared<PCHContainerOperations>());
    Inv.setDiagnosticConsumer(P->Diags.get());
    if (!Inv.run())
      return createStringError(inconvertibleErrorCode(), "%s: Clang could not parse it",
                               Sources[I].c_str());
  }
  for (const StubPch &M : Made)
    if (P->RejectedPch.count(M.LoadPath)) {
      dropStubPch(M);
      P->PchNotes.push_back("Clang rejected the precompiled stubs (a header they were built "
                            "from has changed): parsed without them, " +
                            M.CachePath + " removed");
    }
  if (Mode == HeaderMode::System)
    for (const std::string &H : P->Skipped)
      if (StringRef(H).starts_with("torch/"))
        return createStringError(inconvertibleErrorCode(),
                                 "%s: <%s> is not on the include path (the real LibTorch headers "
                                 "are found through the include paths of the compilation "
                                 "database or of the compiler flags)",
                                 Sources[0].c_str(), H.c_str());
  return std::move(P);
}

namespace {

/// Walks the user's declarations (not the stubs', not the system's) of one
/// translation unit.
class IndexVisitor : public RecursiveASTVisitor<IndexVisitor> {
public:
  using Base = RecursiveASTVisitor<IndexVisitor>;
  IndexVisitor(ASTContext &Ctx, Index &Ix, std::set<std::string> &Children)
      : Ctx(Ctx), Ix(Ix), Children(Children) {}
  /// Class templates count at their instantiations (BlockImpl<64>).
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    auto *FD = dyn_cast<FunctionDecl>(D);
    auto *RD = dyn_cast<CXXRecordDecl>(D);
    if (FD)
      Fns.push_back(FD);
    if (RD)
      Recs.push_back(RD);
    bool R = Base::TraverseDecl(D);
    if (FD)
      Fns.pop_back();
    if (RD)
      Recs.pop_back();
    return R;
  }

  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (!RD->isThisDeclarationADefinition() || RD->isInvalidDecl() || RD->isDependentType() ||
        !derivesFromModule(RD) || holderOf(RD) || !builtinKind(RD).empty())
      return true;
    std::string Name = moduleClassName(RD);
    ClassInfo &CI = Ix.Classes[Name];
    CI.Name = Name;
    if (!CI.Def)
      CI.Def = RD;
    CI.IsSequential = derivesFrom(RD, "torch::nn::SequentialImpl");
    for (const CXXBaseSpecifier &B : RD->bases()) {
      TypeInfo T = classify(B.getType());
      if (T.K == TypeInfo::Module && !T.Class.empty() && !is_contained(CI.Bases, T.Class))
        CI.Bases.push_back(T.Class);
    }
    for (const CXXMethodDecl *M : RD->methods()) {
      const FunctionDecl *Def = M->getDefinition();
      if (!Def || !Def->hasBody() || isa<CXXDestructorDecl>(M))
        continue;
      if (auto *C = dyn_cast<CXXConstructorDecl>(Def)) {
        if (!is_contained(CI.Ctors, C))
          CI.Ctors.push_back(C);
      } else if (!is_contained(CI.Methods, Def)) {
        CI.Methods.push_back(Def);
      }
    }
    for (const FieldDecl *F : RD->fields()) {
      TypeInfo T = classify(F->getType());
      if ((T.K == TypeInfo::Holder || T.K == TypeInfo::Module) && !T.Class.empty())
        Children.insert(T.Class);
    }
    return true;
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!isa<CXXMethodDecl>(FD) && FD->doesThisDeclarationHaveABody() && FD->getIdentifier() &&
        !FD->isDependentContext()) {
      auto &List = Ix.Functions[FD->getQualifiedNameAsString()];
      if (!is_contained(List, FD))
        List.push_back(FD);
      TypeInfo T = classify(FD->getReturnType());
      if (T.K == TypeInfo::Holder && T.Layer == "Sequential" && FD->getMinRequiredArguments() == 0)
        addSeqRoot(FD->getNameAsString(), nullptr, FD, FD->getLocation());
    }
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    TypeInfo T = classify(E->getType());
    const CXXConstructorDecl *C = E->getConstructor();
    if ((T.K != TypeInfo::Holder && T.K != TypeInfo::Module) || T.Class.empty() ||
        (C && C->isCopyOrMoveConstructor()))
      return true;
    addSite(T.Class, {E->getArgs(), E->getNumArgs()}, T.K == TypeInfo::Module ? C : nullptr,
            E->getBeginLoc());
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    const Expr *Init = VD->getInit();
    if (Init && !Fns.empty() && fromScript(Init))
      FromScript.insert(VD);
    // `RNNLM model(vocab_size, 128, 1024, 1)` where vocab_size comes from a
    // header not here: Clang keeps the arguments, unresolved, and no
    // constructor call. Still the site: the others are known, and --arg binds
    // the rest.
    if (auto *PL = dyn_cast_or_null<ParenListExpr>(VD->getInit()); PL && PL->containsErrors()) {
      TypeInfo T = classify(VD->getType());
      if ((T.K == TypeInfo::Holder || T.K == TypeInfo::Module) && !T.Class.empty())
        addSite(T.Class, {PL->getExprs(), PL->getNumExprs()}, nullptr, VD->getLocation());
    }
    // A global (`nn::Sequential discriminator(...)` at namespace scope, as
    // the C++ frontend tutorial writes it) or a local of a function.
    bool Global = VD->getDeclContext()->isFileContext() && VD->hasGlobalStorage();
    if (isa<ParmVarDecl>(VD) || !Init || inModule() ||
        !(Global || (VD->isLocalVarDecl() && !Fns.empty())))
      return true;
    // A model built in place (`nn::Sequential generator(layers...)`), not the
    // local a builder function fills and returns.
    TypeInfo T = classify(VD->getType());
    TypeInfo Ret = Fns.empty() ? TypeInfo() : classify(Fns.back()->getReturnType());
    const Expr *Built = Init->IgnoreImplicit();
    if (auto *FC = dyn_cast<CXXFunctionalCastExpr>(Built))
      Built = FC->getSubExpr()->IgnoreImplicit();
    auto *CE = dyn_cast<CXXConstructExpr>(Built);
    bool Children = CE && CE->getNumArgs() > 0 &&
                    !(CE->getConstructor() && CE->getConstructor()->isCopyOrMoveConstructor());
    if (T.K != TypeInfo::Holder || !Children || Ret.K == TypeInfo::Holder ||
        Ret.K == TypeInfo::Module)
      return true;
    if (T.Layer == "Sequential")
      addSeqRoot(VD->getNameAsString(), VD, nullptr, VD->getLocation());
    else if (!T.Layer.empty() && T.Class.empty())
      addSeqRoot(VD->getNameAsString(), VD, nullptr, VD->getLocation(), /*Layer=*/true);
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *E) {
    const CXXMethodDecl *MD = E->getMethodDecl();
    if (MD && MD->getIdentifier() && MD->getName() == "forward" && E->getImplicitObjectArgument())
      addForwardCall(E->getImplicitObjectArgument(), {E->getArgs(), E->getNumArgs()},
                     E->getExprLoc());
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *E) {
    // model(x): a holder's operator() runs forward().
    if (E->getOperator() == OO_Call && E->getNumArgs() >= 1)
      addForwardCall(E->getArg(0), {E->getArgs() + 1, E->getNumArgs() - 1}, E->getExprLoc());
    if (E->getOperator() == OO_Equal && E->getNumArgs() == 2)
      assigned(E->getArg(0), E->getArg(1));
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *E) {
    if (E->getOpcode() == BO_Assign)
      assigned(E->getLHS(), E->getRHS());
    return true;
  }

  /// A call Clang could not compile (an argument of a type from a missing
  /// header) keeps its operands here.
  bool VisitRecoveryExpr(RecoveryExpr *E) {
    SmallVector<const Expr *, 8> Operands(E->subExpressions());
    noteScriptUse(Operands);
    return true;
  }

  bool VisitCallExpr(CallExpr *E) {
    noteScriptUse(E);
    const FunctionDecl *FD = E->getDirectCallee();
    if (FD && FD->getQualifiedNameAsString() == "torch::jit::load")
      Ix.ScriptLoads.emplace_back(Fns.empty() ? nullptr : Fns.back(),
                                  toSrcLoc(Ctx.getSourceManager(), E->getBeginLoc()));
    if (!FD || FD->getQualifiedNameAsString() != "std::make_shared")
      return true;
    const TemplateArgumentList *A = FD->getTemplateSpecializationArgs();
    if (!A || A->size() < 1 || A->get(0).getKind() != TemplateArgument::Type)
      return true;
    TypeInfo T = classify(A->get(0).getAsType());
    if (T.K == TypeInfo::Module && !T.Class.empty())
      addSite(T.Class, {E->getArgs(), E->getNumArgs()}, nullptr, E->getBeginLoc());
    return true;
  }

private:
  ASTContext &Ctx;
  Index &Ix;
  std::set<std::string> &Children;
  std::vector<FunctionDecl *> Fns;
  std::vector<CXXRecordDecl *> Recs;

  bool inModule() const {
    for (const CXXRecordDecl *R : Recs)
      if (derivesFromModule(R))
        return true;
    if (!Fns.empty())
      if (auto *M = dyn_cast<CXXMethodDecl>(Fns.back()))
        return derivesFromModule(M->getParent());
    return false;
  }

  /// The locals holding what a TorchScript module computed (`auto features
  /// = backbone.forward(input).toTensor()`), in source order.
  std::set<const VarDecl *> FromScript;

  static bool isScriptModule(QualType T) {
    const CXXRecordDecl *RD = recordOf(T);
    // The plain name first: this is asked of every expression in a call.
    return RD && RD->getIdentifier() && RD->getName() == "Module" &&
           RD->getQualifiedNameAsString() == "torch::jit::script::Module";
  }

  /// Whether E reads a TorchScript module or a local that holds what one
  /// computed (a bounded walk).
  bool fromScript(const Stmt *S, unsigned Depth = 0) const {
    if (!S || Depth > 12)
      return false;
    if (auto *E = dyn_cast<Expr>(S); E && !E->getType().isNull() && isScriptModule(E->getType()))
      return true;
    if (auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
        return FromScript.count(VD) > 0;
    for (const Stmt *C : S->children())
      if (fromScript(C, Depth + 1))
        return true;
    return false;
  }

  void assigned(const Expr *To, const Expr *From) {
    if (const VarDecl *V = heldIn(To); V && !Fns.empty() && fromScript(From))
      FromScript.insert(V);
  }

  /// A call that takes a TorchScript module (or what one computed) and
  /// variables: those variables are used with it (Index::WithScript).
  void noteScriptUse(const CallExpr *E) {
    SmallVector<const Expr *, 8> Operands(E->arguments());
    if (auto *M = dyn_cast<CXXMemberCallExpr>(E))
      Operands.push_back(M->getImplicitObjectArgument());
    noteScriptUse(Operands);
  }
  void noteScriptUse(ArrayRef<const Expr *> Operands) {
    if (Fns.empty() || Ix.WithScript.size() >= 4096)
      return;
    if (none_of(Operands, [&](const Expr *O) { return fromScript(O); }))
      return;
    for (const Expr *O : Operands) {
      // A holder passed by value is a copy of the variable.
      O = O->IgnoreImplicit()->IgnoreParens();
      if (auto *C = dyn_cast<CXXConstructExpr>(O); C && C->getNumArgs() == 1 &&
                                                   C->getConstructor() &&
                                                   C->getConstructor()->isCopyOrMoveConstructor())
        O = C->getArg(0);
      if (const VarDecl *V = heldIn(O); V && !isScriptModule(V->getType()))
        Ix.WithScript.insert(V);
    }
  }

  /// The variable a module is reached through: net, *net, net-> .
  static const VarDecl *heldIn(const Expr *E) {
    for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
      E = E->IgnoreImplicit()->IgnoreParens();
      if (auto *Ref = dyn_cast<DeclRefExpr>(E))
        return dyn_cast<VarDecl>(Ref->getDecl());
      auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      if (!Op || Op->getNumArgs() < 1 ||
          (Op->getOperator() != OO_Arrow && Op->getOperator() != OO_Star))
        return nullptr;
      E = Op->getArg(0);
    }
    return nullptr;
  }

  void addForwardCall(const Expr *Obj, ArrayRef<const Expr *> Args, SourceLocation At) {
    if (inModule() || Fns.empty() || Fns.back()->isDependentContext() ||
        Ix.ForwardCalls.size() >= 256)
      return;
    TypeInfo T = classify(Obj->getType());
    if (T.K != TypeInfo::Holder && T.K != TypeInfo::Module)
      return;
    ForwardCall C;
    C.Class = T.Class;
    C.Var = heldIn(Obj);
    if (C.Class.empty() && !C.Var)
      return;
    C.Args.assign(Args.begin(), Args.end());
    C.In = Fns.back();
    C.Ctx = &Ctx;
    C.At = toSrcLoc(Ctx.getSourceManager(), At);
    Ix.ForwardCalls.push_back(std::move(C));
  }

  void addSeqRoot(std::string Name, const VarDecl *VD, const FunctionDecl *FD, SourceLocation At,
                  bool Layer = false) {
    SrcLoc Loc = toSrcLoc(Ctx.getSourceManager(), At);
    // A global of a header that several sources include: one root.
    if (any_of(Ix.SeqRoots, [&](const SeqRoot &O) {
          return O.Name == Name && O.At.File == Loc.File && O.At.Line == Loc.Line &&
                 O.At.Col == Loc.Col;
        }))
      return;
    SeqRoot R;
    R.Name = std::move(Name);
    R.Layer = Layer;
    R.Var = VD;
    R.Fn = FD;
    R.In = Fns.empty() ? nullptr : Fns.back();
    R.Ctx = &Ctx;
    R.At = std::move(Loc);
    Ix.SeqRoots.push_back(std::move(R));
  }

  void addSite(const std::string &Class, ArrayRef<const Expr *> Args,
               const CXXConstructorDecl *Ctor, SourceLocation At) {
    if (inModule()) {
      Children.insert(Class);
      return;
    }
    Site S;
    S.Class = Class;
    S.Args.assign(Args.begin(), Args.end());
    S.In = Fns.empty() ? nullptr : Fns.back();
    S.Ctx = &Ctx;
    S.Ctor = Ctor;
    S.At = toSrcLoc(Ctx.getSourceManager(), At);
    Ix.Sites.push_back(std::move(S));
  }
};

} // namespace

void buildIndex(Parsed &P, Index &Ix, std::set<std::string> &Children) {
  for (const Problem &E : P.Errors)
    Ix.ErrorsAt.push_back(E.At);
  for (const auto &[At, Written] : P.Corrected)
    Ix.Corrected[{At.File, At.Line, At.Col}] = Written;
  for (const std::unique_ptr<ParsedTU> &TU : P.TUs) {
    ASTContext &Ctx = TU->CI->getASTContext();
    const SourceManager &SM = Ctx.getSourceManager();
    IndexVisitor V(Ctx, Ix, Children);
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (!SM.isInSystemHeader(D->getLocation()))
        V.TraverseDecl(D);
  }
}

} // namespace cxx
} // namespace wattlint
