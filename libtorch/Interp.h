//===- libtorch/Interp.h - a small interpreter over LibTorch C++ -*- C++ -*-===//
//
// Runs a module's constructor (to build its tree of layers with their
// Options folded to numbers) and its forward() (to emit the graph) over the
// Clang AST, without compiling or running anything: numbers from literals,
// constants, macros, default arguments and constructor parameters bound at
// a construction site; locals, helper functions and methods inlined, loops
// and branches on known values, all within a step budget. What it cannot
// know becomes an Unknown with a place, and a tensor computed from one an
// unknown-op node: never zero.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_LIBTORCH_INTERP_H
#define WATTLINT_LIBTORCH_INTERP_H

#include "libtorch/Emit.h"
#include "libtorch/Value.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace clang {
class ASTContext;
class CXXConstructorDecl;
class CXXRecordDecl;
class Expr;
class FunctionDecl;
class SourceLocation;
class SourceManager;
class Stmt;
class VarDecl;
} // namespace clang

namespace wattlint {
namespace cxx {

/// A place in the AST as the user reads it: the file (relative to the
/// working directory when below it), line and column of the expansion, and
/// a `wattlint: allow` comment on that line or the one above.
SrcLoc toSrcLoc(const clang::SourceManager &SM, clang::SourceLocation L);

/// A module class of the user's (deriving from torch::nn::Module), with the
/// definitions of its constructors and methods found in any translation unit.
struct ClassInfo {
  std::string Name; // qualified
  const clang::CXXRecordDecl *Def = nullptr;
  std::vector<const clang::CXXConstructorDecl *> Ctors;
  std::vector<const clang::FunctionDecl *> Methods;
  /// Derives from torch::nn::SequentialImpl: its body push_back()s children.
  bool IsSequential = false;
  /// Qualified names of the user's module classes it derives from.
  std::vector<std::string> Bases;
};

/// A construction of a user module class: `Net model(10, 20);`,
/// `std::make_shared<NetImpl>(...)`, a holder member initialized in another
/// module.
struct Site {
  std::string Class; // the Impl class
  std::vector<const clang::Expr *> Args;
  const clang::FunctionDecl *In = nullptr; // the enclosing function, if any
  const clang::ASTContext *Ctx = nullptr;
  const clang::CXXConstructorDecl *Ctor = nullptr; // when Clang chose one
  SrcLoc At;
  /// Inside a module class: a child, not a model.
  bool InModule = false;
};

/// A model without a class: a Sequential local of a function no module
/// contains (`nn::Sequential generator(...)` in main()), or a function that
/// returns one (`nn::Sequential create_discriminator()`), or a single
/// built-in layer used as the model (`nn::Linear model(784, 10)` in main()).
struct SeqRoot {
  std::string Name;                        // the variable or function
  const clang::VarDecl *Var = nullptr;     // the local, or
  const clang::FunctionDecl *Fn = nullptr; // the function returning it
  const clang::FunctionDecl *In = nullptr; // the local's function
  const clang::ASTContext *Ctx = nullptr;
  SrcLoc At;
  /// A lone layer: a model only when asked for by name, or when the sources
  /// hold no other.
  bool Layer = false;
};

/// A call of a module's forward() outside the modules (`net->forward(
/// torch::ones({2, 4}))` in main()): where the program shows the input
/// shapes it runs the model on, read as a suggestion, never a default.
struct ForwardCall {
  std::string Class;                   // the user's module class called, or
  const clang::VarDecl *Var = nullptr; // the variable holding the module
  std::vector<const clang::Expr *> Args;
  const clang::FunctionDecl *In = nullptr;
  const clang::ASTContext *Ctx = nullptr;
  SrcLoc At;
};

/// Everything the interpreter may look up, across translation units.
struct Index {
  std::vector<SeqRoot> SeqRoots;
  std::vector<ForwardCall> ForwardCalls;
  /// Where Clang reported errors: a block holding one may have lost a
  /// statement it could not compile.
  std::vector<SrcLoc> ErrorsAt;
  /// The names Clang's typo correction replaced, by where they were
  /// written (file, line, column): the name as written.
  std::map<std::tuple<std::string, unsigned, unsigned>, std::string> Corrected;
  /// torch::jit::load calls, with the function they are in: a TorchScript
  /// module whose layers are not in the source.
  std::vector<std::pair<const clang::FunctionDecl *, SrcLoc>> ScriptLoads;
  /// The variables a call takes together with a TorchScript module or what
  /// one computed (`train(backbone, head)`, `head(features)`): a model made
  /// beside a loaded backbone and run with it, not one that only shares its
  /// function.
  std::set<const clang::VarDecl *> WithScript;
  std::map<std::string, ClassInfo> Classes;
  /// Free functions with a body, by qualified name.
  std::map<std::string, std::vector<const clang::FunctionDecl *>> Functions;
  std::vector<Site> Sites;
  /// The definition of method Name of Class (or of a base class) that takes
  /// NArgs arguments, or null.
  const clang::FunctionDecl *method(llvm::StringRef Class, llvm::StringRef Name,
                                    size_t NArgs) const;
};

class Interp {
public:
  /// Bindings are the user's values for constructor parameters by name; B
  /// receives the nodes of forward().
  Interp(const Index &Ix, GraphBuilder &B, std::map<std::string, Value> Bindings);
  ~Interp();

  /// An instance of user module class Class constructed with Args (a Ctor
  /// Clang chose at the site, if any); paths are assigned from the root.
  Value construct(llvm::StringRef Class, llvm::ArrayRef<Value> Args, const SrcLoc &At,
                  const clang::CXXConstructorDecl *Ctor = nullptr);
  /// Value of an argument at a construction site (evaluated where it is).
  Value evalAt(const clang::Expr *E, const clang::FunctionDecl *In, const clang::ASTContext &Ctx);
  /// The value of a call of FD without arguments (a function returning a
  /// model).
  Value call(const clang::FunctionDecl *FD, const SrcLoc &At);
  /// Runs the forward() of module M on Inputs: the nodes go to the builder.
  Value forward(const Value &M, llvm::ArrayRef<Value> Inputs, const CallSite &C);
  /// Names the submodules of Root as PyTorch's named_modules() does.
  static void assignPaths(Object &Root, const std::string &Prefix, GraphBuilder &B);

  /// Constructor parameters bound, per class: (name, value) in order.
  std::map<std::string, std::vector<std::pair<std::string, Value>>> Bound;
  /// Run-time options read by key (vm["ngf"].as<size_t>()) that no --arg
  /// binds: named holes, in the order first read.
  std::vector<std::string> OptionHoles;
  std::vector<Problem> Problems;

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace cxx
} // namespace wattlint

#endif
