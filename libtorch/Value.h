//===- libtorch/Value.h - what the C++ interpreter computes with -*- C++ -*-===//
//
// The values of wattlint-cxx's small interpreter over constructors and
// forward(): numbers, lists, Options objects, modules (built-in layers, the
// user's module classes, Sequentials), tensors of the graph being built, and
// Unknown with the reason and the place, so that nothing not understood is
// ever taken for zero. Free of Clang types: the graph builder reads them.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_LIBTORCH_VALUE_H
#define WATTLINT_LIBTORCH_VALUE_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wattlint {
namespace cxx {

/// A place in a C++ source: the file as the user named it, 1-based line and
/// column, and the `wattlint: allow ...` comment on that line or the line
/// above, if any.
struct SrcLoc {
  std::string File;
  unsigned Line = 0, Col = 0;
  std::string Allow;
  bool valid() const { return Line != 0; }
  /// "file:line:col", or "" when unknown.
  std::string str() const;
};

struct Object;
struct OptionsData;

struct Value {
  enum class Kind {
    Unknown, // Text says why, Loc where
    None,    // nullptr, an empty holder, std::nullopt, Slice()'s bounds
    Int,
    Double,
    Bool,
    String,   // a string literal, or a torch::kSame-style enumerator ("kSame")
    List,     // braced lists, ExpandingArray, IntArrayRef, std::vector
    Tuple,    // std::tuple, std::pair
    Options,  // a layer's Options object
    Object,   // a module: built-in layer, user module, Sequential, Functional
    Tensor,   // a value of the graph being built
    Function, // a function named by reference: Text is its qualified name
    Slice,    // torch::indexing::Slice()
    Param,    // a register_parameter/register_buffer tensor: Text its name,
              // Elems its shape (Ints, or one Unknown), Owner its module
  };
  Kind K = Kind::Unknown;
  int64_t I = 0;
  double D = 0;
  std::string Text;
  std::vector<Value> Elems;          // List, Tuple
  std::shared_ptr<OptionsData> Opts; // Options
  std::shared_ptr<Object> Obj;       // Object
  int TensorId = -1;                 // Tensor: the graph value's id
  int Rank = -1;                     // Tensor: -1 when unknown
  bool IsSizeScalar = false;         // Tensor: a 0-d i64 from x.size(d)
  SrcLoc Loc;                        // Unknown: where it arose
  /// Function: the clang::FunctionDecl named, or a lambda's call operator
  /// (opaque here; the interpreter reads them).
  const void *Fn = nullptr;
  const void *Lambda = nullptr;
  /// Param: the module that registered it (its path names the weight) and
  /// whether it is a buffer (register_buffer) rather than a parameter.
  const Object *Owner = nullptr;
  bool IsBuffer = false;

  static Value unknown(std::string Why, SrcLoc Where = {});
  static Value none();
  static Value integer(int64_t V);
  static Value real(double V);
  static Value boolean(bool V);
  static Value string(std::string S);
  static Value list(std::vector<Value> Elems);
  static Value tuple(std::vector<Value> Elems);
  static Value object(std::shared_ptr<Object> O);
  static Value tensor(int Id, int Rank);

  bool isUnknown() const { return K == Kind::Unknown; }
  bool isNumber() const { return K == Kind::Int || K == Kind::Double || K == Kind::Bool; }
  /// As an integer (a Bool as 0/1, a whole Double as itself).
  std::optional<int64_t> asInt() const;
  std::optional<double> asDouble() const;
  std::optional<bool> asBool() const;
  /// A list of integers (a single Int as a one-element list).
  std::optional<std::vector<int64_t>> asInts() const;
  /// The value as written in `modules` output: 5, [2, 2], 0.2, true, ?why.
  std::string str() const;
};

/// An Options object: its fields as set, in the order they were set.
struct OptionsData {
  std::string Type; // "Conv2dOptions", "LSTMOptions", ...
  std::vector<std::pair<std::string, Value>> Fields;
  const Value *get(llvm::StringRef Name) const;
  void set(llvm::StringRef Name, Value V);
};

/// A module instance. Built-in layers (Kind is the layer: "Conv2d"), the
/// user's module classes (Kind "module", Class its name), Sequential and
/// ModuleList (Kind "Sequential"/"ModuleList", Children in order), and
/// Functional (Kind "Functional", Function and its bound trailing arguments).
struct Object {
  std::string Kind;
  std::string Class;
  std::shared_ptr<OptionsData> Opts;
  /// Submodules by registered name (Sequential: "0", "1", ...), in order.
  std::vector<std::pair<std::string, Value>> Children;
  /// Member variables of a user module, by name.
  std::vector<std::pair<std::string, Value>> Fields;
  /// Tensors it registered (register_parameter, register_buffer), in order:
  /// Param values.
  std::vector<Value> Params;
  std::string Function;
  std::vector<Value> BoundArgs;
  /// Functional of a lambda or of the user's function: the
  /// clang::FunctionDecl to run (opaque here).
  const void *Body = nullptr;
  /// Where its hyper-parameters are written: the constructor's argument
  /// list, the member initializer, the push_back argument.
  SrcLoc Loc;
  /// Its path from the root, as PyTorch's named_modules() ("layer1.0.conv1");
  /// "" for the root.
  std::string Path;
  bool PathSet = false;

  bool isLayer() const { return Kind != "module"; }
  Value *field(llvm::StringRef Name);
  void setField(llvm::StringRef Name, Value V);
};

} // namespace cxx
} // namespace wattlint

#endif
