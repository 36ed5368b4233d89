//===- cost/BuiltinFiles.h - YAML files built into the binary ---*- C++ -*-===//
//
// The targets, runtimes and regions wattlint_embed (CMakeLists.txt) writes
// into the binary as arrays of {name, text} ending in {nullptr, nullptr},
// and the lookups by name that resolving one needs: a built-in file's name
// is the name its text gives (a unit test checks), so the one asked for is
// parsed, not all of them.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_COST_BUILTINFILES_H
#define WATTLINT_COST_BUILTINFILES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wattlint {

struct BuiltinFile {
  const char *Name;
  const char *Yaml;
};

/// The file of Files named Name (case-insensitively), or null.
inline const BuiltinFile *findBuiltinFile(const BuiltinFile *Files, llvm::StringRef Name) {
  for (; Files->Name; ++Files)
    if (llvm::StringRef(Files->Name).equals_insensitive(Name))
      return Files;
  return nullptr;
}

/// The names of Files, in order.
inline std::vector<std::string> builtinFileNames(const BuiltinFile *Files) {
  std::vector<std::string> Out;
  for (; Files->Name; ++Files)
    Out.push_back(Files->Name);
  return Out;
}

/// The file of Files named Name parsed by Parse (a BuiltinFile to
/// Expected<T>), or nothing where Files has none of that name.
template <typename T, typename ParseFn>
llvm::Expected<std::optional<T>> parseBuiltinFile(const BuiltinFile *Files, llvm::StringRef Name,
                                                  ParseFn Parse) {
  const BuiltinFile *F = findBuiltinFile(Files, Name);
  if (!F)
    return std::nullopt;
  llvm::Expected<T> V = Parse(*F);
  if (!V)
    return V.takeError();
  return std::optional<T>(std::move(*V));
}

} // namespace wattlint

#endif
