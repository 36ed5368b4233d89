//===- libtorch/InterpImpl.h - the interpreter's internals -------*- C++ -*-===//
//
// Shared by Interp.cpp (statements, plain expressions, construction) and
// InterpCalls.cpp (calls: torch:: functions, module calls, methods).
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_LIBTORCH_INTERPIMPL_H
#define WATTLINT_LIBTORCH_INTERPIMPL_H

#include "libtorch/Interp.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

#include <optional>

namespace wattlint {
namespace cxx {

/// One function being run: its locals, `this`, and how it ends.
struct Frame {
  const clang::FunctionDecl *Fn = nullptr;
  const clang::ASTContext *Ctx = nullptr;
  std::shared_ptr<Object> This;
  std::map<const clang::VarDecl *, Value> Vars;
  std::optional<Value> Ret;
  bool Break = false, Continue = false;
  /// The module path of the forward() being run (node names).
  std::string Scope;
};

/// What a C++ type is to the interpreter.
struct TypeInfo {
  enum Kind {
    Other,
    Tensor,
    Holder,    // ModuleHolder<XImpl> (a layer's or a user module's holder)
    Module,    // an Impl class, or std::shared_ptr of one
    Options,   // a layer's Options
    String,    // std::string
    Optional,  // std::optional, c10::optional
    Container, // std::vector, std::array, ArrayRef, ExpandingArray, initializer_list
    Tuple,     // std::tuple, std::pair
    Slice,     // torch::indexing::Slice
    Wrapper,   // other stub types built from one value (Scalar, TensorIndex, ...)
    Function,  // std::function
  };
  Kind K = Other;
  std::string Layer; // a built-in layer: "Conv2d"
  std::string Class; // a user module: the Impl's qualified name
};
TypeInfo classify(clang::QualType T);
/// The class a type names (through references and pointers), defined.
const clang::CXXRecordDecl *recordOf(clang::QualType T);
/// The Impl of the ModuleHolder<Impl> that RD is or derives from, or null.
const clang::CXXRecordDecl *holderOf(const clang::CXXRecordDecl *RD, unsigned Depth = 0);
/// RD is, or derives from, the class of qualified name Qualified.
bool derivesFrom(const clang::CXXRecordDecl *RD, llvm::StringRef Qualified, unsigned Depth = 0);
bool derivesFromModule(const clang::CXXRecordDecl *RD);
/// The name a user module class is known by: qualified, with the template
/// arguments of a class template's instantiation ("BlockImpl<64>").
std::string moduleClassName(const clang::CXXRecordDecl *RD);
/// "Conv2d" for torch::nn::Conv2dImpl; "" for any other class.
std::string builtinKind(const clang::CXXRecordDecl *Impl);
/// True for at::Tensor and tuples and vectors of it.
bool isTensorLike(clang::QualType T, unsigned Depth = 0);
/// The name of a torch:: function as GraphBuilder::callFunction knows it
/// ("relu", "F::relu"), or "" when FD is not one.
std::string torchFunctionName(const clang::FunctionDecl *FD);

struct Interp::Impl {
  Interp &Self;
  const Index &Ix;
  GraphBuilder &B;
  std::map<std::string, Value> Bindings;
  std::vector<Frame> Frames;
  uint64_t Steps = 0;
  bool Stopped = false;
  /// Running forward(): a registered parameter read is a weight of the graph.
  bool InForward = false;
  std::set<const clang::VarDecl *> Evaluating;

  static constexpr uint64_t MaxSteps = 200000;
  static constexpr size_t MaxDepth = 48;

  Impl(Interp &Self, const Index &Ix, GraphBuilder &B, std::map<std::string, Value> Bindings)
      : Self(Self), Ix(Ix), B(B), Bindings(std::move(Bindings)) {}

  Frame &top() { return Frames.back(); }
  /// The running function's AST context; null outside any function.
  const clang::ASTContext *ctx() const { return Frames.empty() ? nullptr : Frames.back().Ctx; }
  SrcLoc loc(clang::SourceLocation L);
  CallSite site(clang::SourceLocation L);
  Value unknown(const std::string &Why, clang::SourceLocation L);
  /// Why a call of D named at NameLoc is not counted, when Clang's typo
  /// correction put D there: the stubs lack the name written, and D (of
  /// the stubs or the standard library) is Clang's guess, not the program.
  struct Guess {
    std::string Written; // the name in the source
    Value Why;
  };
  std::optional<Guess> corrected(const clang::NamedDecl *D, clang::SourceLocation NameLoc);
  void problem(clang::SourceLocation L, const std::string &Msg);
  /// Ends the running function with an Unknown result (a branch or loop on
  /// a value not known): what follows is not analyzed, never guessed.
  void stop(const Value &Why);

  // Interp.cpp
  Value eval(const clang::Expr *E);
  std::optional<Value> fold(const clang::Expr *E);
  Value evalDeclRef(const clang::DeclRefExpr *E);
  Value lookupVar(const clang::VarDecl *VD, clang::SourceLocation At);
  Value evalVarInit(const clang::VarDecl *VD, clang::SourceLocation At);
  Value evalMember(const clang::MemberExpr *E);
  /// In forward(), the registered parameters in V (or its elements) as the
  /// graph's weights; V itself otherwise.
  Value materialize(Value V);
  Value evalUnary(const clang::UnaryOperator *E);
  Value evalBinary(const clang::BinaryOperator *E);
  /// + - * / with a size read from a tensor (x.size(1) * 4): i64 graph
  /// arithmetic; nullopt when neither side is one.
  std::optional<Value> sizeArith(clang::BinaryOperatorKind Op, const Value &X, const Value &Y,
                                 clang::SourceLocation At);
  Value evalCast(const clang::CastExpr *E);
  Value evalList(const clang::InitListExpr *E);
  void assign(const clang::Expr *LHS, Value V);
  void exec(const clang::Stmt *S);
  /// Where C's source holds a statement Clang left out of the AST (it did
  /// not compile), and how many of C's statements come before it; an
  /// invalid location when none is; computed once per block.
  std::pair<clang::SourceLocation, size_t> dropped(const clang::CompoundStmt *C);
  std::map<const clang::CompoundStmt *, std::pair<clang::SourceLocation, size_t>> Dropped;
  void execIf(const clang::IfStmt *S);
  void execFor(const clang::ForStmt *S);
  void execSwitch(const clang::SwitchStmt *S);
  void execRangeFor(const clang::CXXForRangeStmt *S);
  void execWhile(const clang::Expr *Cond, const clang::Stmt *Body, bool Do);
  void declare(const clang::VarDecl *VD);
  std::optional<bool> condition(const clang::Expr *E);
  Value defaultOf(clang::QualType T, const SrcLoc &At);

  // InterpCalls.cpp
  Value evalConstruct(const clang::CXXConstructExpr *E);
  Value constructType(clang::QualType T, const clang::CXXConstructorDecl *Ctor,
                      std::vector<Value> Args, const SrcLoc &At, bool ListInit);
  Value makeLayer(llvm::StringRef Kind, std::vector<Value> Args, const SrcLoc &At);
  Value makeOptions(const clang::CXXConstructExpr *E);
  Value construct(llvm::StringRef Class, llvm::ArrayRef<Value> Args, const SrcLoc &At,
                  const clang::CXXConstructorDecl *Ctor);
  void runCtor(const ClassInfo &CI, const clang::CXXConstructorDecl *Ctor,
               llvm::ArrayRef<Value> Args, std::shared_ptr<Object> This);
  void initFields(const clang::CXXRecordDecl *RD);
  std::vector<Value> evalArgs(llvm::ArrayRef<const clang::Expr *> Args);
  Value evalCall(const clang::CallExpr *E);
  Value evalMemberCall(const clang::CXXMemberCallExpr *E);
  /// The run-time option Key: the user's --arg Key=VALUE, else a named hole.
  Value option(const std::string &Key, clang::SourceLocation At);
  Value evalOperatorCall(const clang::CXXOperatorCallExpr *E);
  std::optional<Value> callStd(const clang::CallExpr *E, const clang::FunctionDecl *FD,
                               std::vector<Value> &A);
  Value callMethod(const Value &Obj, const clang::Expr *ObjE, const clang::CXXMethodDecl *MD,
                   std::vector<Value> &A, const clang::Expr *Call);
  /// A method of a module: register_module, push_back, forward, the user's.
  Value callModuleMethod(const Value &Obj, const clang::CXXMethodDecl *MD, std::vector<Value> &A,
                         clang::SourceLocation At);
  Value callModule(const Value &M, llvm::ArrayRef<Value> Args, const CallSite &C);
  Value callUser(const clang::FunctionDecl *FD, std::shared_ptr<Object> This,
                 llvm::ArrayRef<Value> Args, const std::string &Scope, clang::SourceLocation At);
  void bindParams(const clang::FunctionDecl *FD, llvm::ArrayRef<Value> Args, bool Ctor);
  /// The tensor an unknown call on tensors stands for (an unknown-op node),
  /// when the call's type is a tensor; Why otherwise.
  Value unknownCall(const clang::Expr *Call, llvm::StringRef Callee, llvm::ArrayRef<Value> Args,
                    const Value &Why);
};

} // namespace cxx
} // namespace wattlint

#endif
