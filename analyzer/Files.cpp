//===- analyzer/Files.cpp - small untrusted files, read safely ------------===//
#include "analyzer/Files.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"

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

unsigned yamlNestingBound(StringRef Text) {
  unsigned Flow = 0, Max = 0;
  SmallVector<StringRef, 0> Lines;
  Text.split(Lines, '\n');
  for (StringRef L : Lines) {
    size_t Indent = L.find_first_not_of(' ');
    if (Indent == StringRef::npos)
      continue;
    unsigned Dashes = 0;
    StringRef Rest = L.drop_front(Indent);
    while (Rest.consume_front("- ") || Rest.consume_front("-\t"))
      ++Dashes, Rest = Rest.ltrim();
    bool Quoted = false;
    char Quote = 0;
    for (char C : Rest) {
      if (Quoted) {
        Quoted = C != Quote;
        continue;
      }
      if (C == '#')
        break;
      if (C == '"' || C == '\'')
        Quoted = true, Quote = C;
      else if (C == '[' || C == '{')
        ++Flow;
      else if ((C == ']' || C == '}') && Flow)
        --Flow;
      Max = std::max<unsigned>(Max, Flow + Dashes + unsigned(std::min<size_t>(Indent, 1u << 20)));
    }
    Max = std::max<unsigned>(Max, Flow + Dashes + unsigned(std::min<size_t>(Indent, 1u << 20)));
  }
  return Max;
}

unsigned bracketNesting(StringRef Text, StringRef Open, StringRef Close) {
  unsigned Depth = 0, Max = 0;
  bool InString = false, Escaped = false;
  for (char C : Text) {
    if (InString) {
      if (Escaped)
        Escaped = false;
      else if (C == '\\')
        Escaped = true;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == '"')
      InString = true;
    else if (Open.contains(C))
      Max = std::max(Max, ++Depth);
    else if (Close.contains(C) && Depth)
      --Depth;
  }
  return Max;
}

} // namespace wattlint
