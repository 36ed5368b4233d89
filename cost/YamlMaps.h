//===- cost/YamlMaps.h - LLVM YAML I/O for string-keyed maps ----*- C++ -*-===//
//
// One CustomMappingTraits for every std::map<std::string, V> the YAML files
// use (targets, runtimes, regions, .wattlint.yaml) and one for sourced numbers,
// so each translation unit sees the same definition.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_COST_YAMLMAPS_H
#define WATTLINT_COST_YAMLMAPS_H

#include "cost/Sourced.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
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

/// A number with its tag and source: {value: 1, tag: V, source: KEY}.
template <> struct MappingTraits<wattlint::Sourced> {
  static void mapping(IO &Io, wattlint::Sourced &S) {
    Io.mapRequired("value", S.Value);
    Io.mapOptional("tag", S.Tag);
    Io.mapOptional("source", S.Source);
    Io.mapOptional("year", S.Year);
    S.Present = true;
  }
};
} // namespace llvm::yaml

namespace wattlint {

/// A user's YAML data file (--target-file, --runtime-file): a regular file
/// of at most 1 MiB, nested shallowly enough for LLVM's recursive YAML
/// parser. A FIFO, a device or a bomb is refused unread.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> readYamlDataFile(llvm::StringRef Path);

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
  // A second document would be read by nothing (a configuration refuses it
  // too). It needs a marker at a line's start ("---", or "..." ending the
  // first): without one (every built-in file) the text is not read again.
  // Counted on a stream of its own: yaml::Input::nextDocument() steps past
  // the end of an empty one.
  auto Marker = [&](llvm::StringRef M) {
    return Text.starts_with(M) || Text.contains(("\n" + M).str()) ||
           Text.contains(("\r" + M).str());
  };
  if (!Marker("---") && !Marker("..."))
    return llvm::Error::success();
  llvm::SourceMgr SM;
  SM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  llvm::yaml::Stream Docs(Text, SM);
  unsigned Count = 0;
  for (auto It = Docs.begin(); It != Docs.end() && Count < 2; ++It)
    ++Count;
  if (Count > 1)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: more than one YAML document", Origin.str().c_str());
  return llvm::Error::success();
}

} // namespace wattlint

#endif
