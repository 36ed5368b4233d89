//===- report/Files.cpp - small untrusted files, read safely --------------===//
#include "report/Files.h"

#include "llvm/Support/FileSystem.h"

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

} // namespace wattlint
