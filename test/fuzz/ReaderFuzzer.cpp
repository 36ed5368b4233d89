//===- test/fuzz/ReaderFuzzer.cpp - libFuzzer target for the pipeline -----===//
//
// Feeds arbitrary bytes through the whole of `wattlint profile` and `check`:
// the reader (binary or text), ONNX's and wattlint's shape inference, the cost
// registry, the cost model on the H200, every rule, and the JSON reporter. Any
// input must end in a result or an llvm::Error.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Profile.h"
#include "onnx/OnnxReader.h"
#include "rules/Engine.h"
#include "tools/Report.h"

#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

using namespace wattlint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const Target H200 = llvm::cantFail(resolveTarget("h200", ""));
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
  llvm::Expected<Estimate> E = estimate(*M, *P, H200, CostOptions{});
  if (!E) {
    llvm::consumeError(E.takeError());
    return 0;
  }
  RuleContext C(*M, *P, *E, H200, "");
  llvm::Expected<CheckResult> R = runRules(C, Config{}, "*", "fuzz.onnx", {});
  if (!R)
    llvm::consumeError(R.takeError());
  CostReport Report;
  Report.E = &*E;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeProfileJson(*M, *P, Report, OS);
  return 0;
}
