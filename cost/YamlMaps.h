//===- cost/YamlMaps.h - LLVM YAML I/O for string-keyed maps ----*- C++ -*-===//
//
// One CustomMappingTraits for every std::map<std::string, V> the YAML files
// use (targets, regions, .wattlint.yaml), so each translation unit sees the
// same definition.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_COST_YAMLMAPS_H
#define WATTLINT_COST_YAMLMAPS_H

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

#endif
