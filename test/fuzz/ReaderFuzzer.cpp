//===- test/fuzz/ReaderFuzzer.cpp - libFuzzer target for the pipeline -----===//
//
// Feeds arbitrary bytes through the whole of `wattlint profile`: the reader
// (binary or text), ONNX's and wattlint's shape inference, the cost registry
// and the JSON reporter. Any input must end in a model or an llvm::Error.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Profile.h"
#include "onnx/OnnxReader.h"
#include "tools/Report.h"

#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

using namespace wattlint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ReadOptions Opts;
  Opts.Dims["N"] = 3;
  llvm::Expected<Model> M = readOnnxModelFromMemory(
      llvm::StringRef(reinterpret_cast<const char *>(Data), Size), "fuzz.onnx", Opts);
  if (!M) {
    llvm::consumeError(M.takeError());
    return 0;
  }
  llvm::Expected<Profile> P = profileModel(*M);
  if (!P) {
    llvm::consumeError(P.takeError());
    return 0;
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeProfileJson(*M, *P, OS);
  return 0;
}
