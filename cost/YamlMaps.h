//===- cost/YamlMaps.h - LLVM YAML I/O for string-keyed maps ----*- C++ -*-===//
//
// One CustomMappingTraits for every std::map<std::string, V> the YAML files
// use (targets, regions, .wattlint.yaml), so each translation unit sees the
// same definition.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_COST_YAMLMAPS_H
#define WATTLINT_COST_YAMLMAPS_H

#include "llvm/Support/Error.h"
#include "llvm/Support/YAMLTraits.h"

#include <map>
#include <string>

namespace llvm::yaml {
template <typename V> struct CustomMappingTraits<std::map<std::string, V>> {
  static void inputOne(IO &Io, StringRef Key, std::map<std::string, V> &M) {
    Io.mapRequired(Key.str().c_str(), M[Key.str()]);
  }
  static void output(IO &Io, std::map<std::string, V> &M) {
    for (auto &[K, Val] : M)
      Io.mapRequired(K.c_str(), Val);
  }
};
} // namespace llvm::yaml

namespace wattlint {

/// Reads Text into Out with LLVM's YAML I/O; on failure, one error naming
/// Origin and the parser's message (unknown keys included).
template <typename T>
llvm::Error readYaml(llvm::StringRef Text, llvm::StringRef Origin, llvm::StringRef What, T &Out) {
  std::string Diag;
  llvm::yaml::Input In(
      Text, nullptr,
      [](const llvm::SMDiagnostic &D, void *Ctx) {
        *static_cast<std::string *>(Ctx) = D.getMessage().str();
      },
      &Diag);
  In >> Out;
  if (In.error())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: invalid %s: %s",
                                   Origin.str().c_str(), What.str().c_str(),
                                   Diag.empty() ? "malformed YAML" : Diag.c_str());
  return llvm::Error::success();
}

} // namespace wattlint

#endif
