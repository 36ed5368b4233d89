//===- libtorch/Frontend.h - C++ LibTorch sources as models ----*- C++ -*-===//
//
// The LibTorch C++ front end: parses the given sources with Clang against
// built-in stub LibTorch headers or the real ones, with each source's flags
// from a compilation database or given (missing third-party headers skipped),
// finds the module classes and their construction sites across the
// translation units, runs each model's constructor and forward() through
// the interpreter, and hands each model on as a ModelSource whose nodes
// carry file:line:col. Nothing of Clang leaks out of this header.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_LIBTORCH_FRONTEND_H
#define WATTLINT_LIBTORCH_FRONTEND_H

#include "analyzer/ModelSource.h"
#include "libtorch/CompileFlags.h"
#include "libtorch/Emit.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace wattlint {
namespace cxx {

struct RootRef;

struct FrontendOptions {
  std::vector<std::string> Sources;
  /// Compiler flags given as such (include paths, defines): appended to
  /// the compilation database's, or alone.
  std::vector<std::string> ExtraArgs;
  /// Flags were given as such (even none): no compile_commands.json is
  /// looked for above the sources.
  bool ExplicitFlags = false;
  /// The folder holding compile_commands.json; "" to look above the first
  /// source.
  std::string BuildDir;
  HeaderMode Headers = HeaderMode::Stubs;
  /// The folder the precompiled stub headers are cached in; "" to parse
  /// without them. Unused with the real headers.
  std::string PchCache;
  /// Input shapes: "x=[N,1,28,28]" by forward()'s parameter name, or
  /// "[N,1,28,28]" for the parameters in order.
  std::vector<std::string> Inputs;
  /// Constructor parameters bound by name: "hidden_size=128".
  std::vector<std::string> Args;
  /// The model class to analyze (holder or Impl name); "" for every root.
  std::string Model;
};

/// A module or layer of a model as the constructor built it.
struct LayerEntry {
  std::string Path;    // "conv1", "features.0"
  std::string Kind;    // "Conv2d", or the user's module class
  std::string Options; // folded: "in_channels=1 out_channels=10 kernel_size=5"
  SrcLoc At;
};

/// A model: a module class that no other module contains.
struct ModelEntry {
  std::string Class;
  std::string Path; // the model's name in reports: its source file
  SrcLoc At;        // the class
  SrcLoc Site;      // the construction used (invalid: none, defaults)
  std::vector<std::pair<std::string, std::string>> Bindings; // ctor parameters
  /// Constructor parameters known only at run time (named holes).
  std::vector<std::string> Holes;
  /// Run-time options the model reads by key (vm["ngf"]) that no --arg
  /// binds (named holes).
  std::vector<std::string> OptionHoles;
  std::vector<std::string> ForwardParams;
  std::vector<InputSpec> Inputs; // as resolved (Origin says from where)
  /// Input shapes the program itself runs the model on (a call of its
  /// forward() outside the modules, on a tensor of a size the source
  /// fixes): suggestions, never defaults. Each: the --input values, where.
  std::vector<std::pair<std::vector<std::string>, SrcLoc>> Suggested;
  std::vector<LayerEntry> Layers;
  /// Empty when the model can be costed; else why not (no input shape).
  std::string NotBuilt;
  /// NotBuilt is an input's missing shape (which Suggested may supply).
  bool NeedsInput = false;
};

struct Discovery {
  std::vector<ModelEntry> Models;
  /// The user's module classes used inside others.
  std::vector<std::string> Children;
  /// Everything not resolved, with its place.
  std::vector<Problem> Problems;
  std::vector<std::string> SkippedHeaders;
  /// Where the compiler flags came from, when it may surprise (a database
  /// found by itself, flags inferred from another file's entry).
  std::vector<std::string> FlagNotes;
  /// What became of the precompiled stub headers (read, built, rejected).
  std::vector<std::string> PchNotes;
  /// Clang errors outside the models (main(), data loading): ignored.
  unsigned IgnoredErrors = 0;
};

class Project {
public:
  /// Parses, discovers and interprets. Errors: a source that cannot be
  /// read, a model class that does not compile, no module class at all.
  static llvm::Expected<std::unique_ptr<Project>> open(const FrontendOptions &O);
  ~Project();
  const Discovery &discovery() const { return D; }
  /// One ModelSource per model (the one FrontendOptions::Model names);
  /// fails when a model has no input shape (the first such in discovery()).
  llvm::Expected<std::vector<std::unique_ptr<ModelSource>>> models();

  struct State;

private:
  Project();
  llvm::Error checkErrors();
  void build(const RootRef &R, const FrontendOptions &O,
             const std::map<std::string, Value> &Bindings, const std::vector<InputSpec> &Specs);
  Discovery D;
  std::vector<std::unique_ptr<Model>> Built;
  std::unique_ptr<State> S;
};

/// Fn's result, run on a thread of a 512 MiB stack (a process's own may be
/// smaller than Clang's 8 MiB, and Clang's parser recurses on a long chain
/// of unary operators): Clang's semantic checks move to fresh stacks as
/// they near the end of one, and the interpreter stops evaluating there, so
/// a deeply nested source is an error or an unknown value, not a crash.
int runOnLargeStack(llvm::function_ref<int()> Fn);

} // namespace cxx
} // namespace wattlint

#endif
