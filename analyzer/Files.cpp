//===- analyzer/Files.cpp - small untrusted files, read safely ------------===//
#include "analyzer/Files.h"
#include "analyzer/Text.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

#include <algorithm>

using namespace llvm;

namespace wattlint {

Expected<std::unique_ptr<MemoryBuffer>> readSmallFile(StringRef Path, uint64_t MaxBytes) {
  sys::fs::file_status St;
  if (std::error_code EC = sys::fs::status(Path, St))
    return createStringError(EC, "%s: cannot read: %s", Path.str().c_str(), EC.message().c_str());
  if (!sys::fs::is_regular_file(St))
    return createStringError(inconvertibleErrorCode(), "%s: not a regular file",
                             Path.str().c_str());
  if (St.getSize() > MaxBytes)
    return createStringError(inconvertibleErrorCode(), "%s: larger than %llu bytes",
                             Path.str().c_str(), (unsigned long long)MaxBytes);
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(Buf.getError(), "%s: cannot read: %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  if ((*Buf)->getBufferSize() > MaxBytes) // it grew since
    return createStringError(inconvertibleErrorCode(), "%s: larger than %llu bytes",
                             Path.str().c_str(), (unsigned long long)MaxBytes);
  return std::move(*Buf);
}

namespace {
/// Walks N's children at most Limit levels below Depth; returns the deepest
/// level reached (Limit + 1 at most). Each collection is iterated to its end
/// before its parent moves on, so LLVM's Node::skip never recurses.
unsigned nodeDepth(yaml::Node *N, unsigned Depth, unsigned Limit, std::string &Alias) {
  if (!N || Depth > Limit)
    return Depth;
  if (auto *A = dyn_cast<yaml::AliasNode>(N); A && Alias.empty())
    Alias = A->getName().str();
  unsigned Max = Depth;
  if (auto *Seq = dyn_cast<yaml::SequenceNode>(N)) {
    for (yaml::Node &Child : *Seq) {
      Max = std::max(Max, nodeDepth(&Child, Depth + 1, Limit, Alias));
      if (Max > Limit)
        return Max;
    }
  } else if (auto *Map = dyn_cast<yaml::MappingNode>(N)) {
    for (yaml::KeyValueNode &KV : *Map) {
      Max = std::max(Max, nodeDepth(KV.getKey(), Depth + 1, Limit, Alias));
      if (Max > Limit)
        return Max;
      Max = std::max(Max, nodeDepth(KV.getValue(), Depth + 1, Limit, Alias));
      if (Max > Limit)
        return Max;
    }
  }
  return Max;
}

/// How deep the collections nest, walked at most Limit + 1 levels deep; a
/// syntax error ends the walk (the real parse reports it). Alias: the
/// first alias met ("*name"), which the readers do not resolve.
unsigned yamlNesting(StringRef Text, unsigned Limit, std::string &Alias) {
  SourceMgr SM;
  SM.setDiagHandler([](const SMDiagnostic &, void *) {}, nullptr);
  yaml::Stream Stream(Text, SM, /*ShowColors=*/false);
  unsigned Max = 0;
  for (yaml::Document &D : Stream) {
    Max = std::max(Max, nodeDepth(D.getRoot(), 1, Limit, Alias));
    // Stop before the document iterator skips what the walk left unread.
    if (Max > Limit || Stream.failed())
      return Max;
  }
  return Max;
}

/// LLVM's parser recurses once per empty flow entry in a row and once per
/// document end marker in a row: the longest run of commas (with nothing
/// but blanks and comments between them) and the number of "..." lines,
/// counted generously: commas in comments and strings count, and after a
/// '#' nothing breaks a run, comment or not.
size_t recursiveTokenRun(StringRef Text) {
  size_t Commas = 0, Ends = 0, Max = 0;
  bool LineStart = true, Comment = false;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '\n') {
      LineStart = true, Comment = false;
      continue;
    }
    if (LineStart && Text.substr(I).starts_with("...")) {
      Max = std::max(Max, ++Ends);
      I += 2;
      LineStart = false;
      continue;
    }
    LineStart = false;
    Comment = Comment || C == '#';
    if (C == ',')
      Max = std::max(Max, ++Commas);
    else if (!Comment && C != ' ' && C != '\t' && C != '\r')
      Commas = 0;
  }
  return Max;
}
} // namespace

Error checkYamlBounds(StringRef Path, StringRef Text, unsigned MaxNesting) {
  constexpr size_t MaxRun = 64;
  if (size_t Run = recursiveTokenRun(Text); Run > MaxRun)
    return createStringError(inconvertibleErrorCode(),
                             "%s: %zu empty flow entries or document end markers; at most %zu "
                             "are accepted",
                             Path.str().c_str(), Run, MaxRun);
  std::string Alias;
  if (yamlNesting(Text, MaxNesting, Alias) > MaxNesting)
    return createStringError(inconvertibleErrorCode(), "%s: nested more than %u levels deep",
                             Path.str().c_str(), MaxNesting);
  // (LLVM's readers see an alias as a node of its own, not its anchor's
  // value: said plainly instead of "unknown node kind".)
  if (!Alias.empty())
    return createStringError(inconvertibleErrorCode(),
                             "%s: YAML aliases (*%s) are not supported; write the value out",
                             Path.str().c_str(), printable(Alias, 64).c_str());
  return Error::success();
}

unsigned bracketNesting(StringRef Text, StringRef Open, StringRef Close, BracketSyntax Syntax) {
  const bool Onnx = Syntax == BracketSyntax::OnnxText;
  unsigned Depth = 0, Max = 0;
  bool InString = false, InComment = false, Escaped = false;
  char Prev = 0;
  for (char C : Text) {
    char Before = Prev;
    Prev = C;
    if (InComment) {
      InComment = C != '\n';
      continue;
    }
    if (InString) {
      if (Escaped)
        Escaped = false;
      else if (C == '\\' && !Onnx)
        Escaped = true;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == '"')
      InString = true;
    else if (C == '#' && Onnx)
      InComment = true;
    else if (Open.contains(C))
      Max = std::max(Max, ++Depth);
    else if (Close.contains(C) && Depth && !(Onnx && C == '>' && Before == '='))
      --Depth;
  }
  return Max;
}

} // namespace wattlint
