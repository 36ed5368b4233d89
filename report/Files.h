//===- report/Files.h - small untrusted files, read safely ------*- C++ -*-===//
#ifndef WATTLINT_REPORT_FILES_H
#define WATTLINT_REPORT_FILES_H

#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>

namespace wattlint {

/// The contents of a configuration or baseline file: it must be a regular
/// file (a FIFO or a device is refused before it is opened, so nothing
/// blocks) of at most MaxBytes.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> readSmallFile(llvm::StringRef Path,
                                                                  uint64_t MaxBytes);

} // namespace wattlint

#endif
