//===- test/fuzz/ReaderFuzzer.cpp - libFuzzer target for the pipeline -----===//
//
// Feeds arbitrary bytes through the whole of `wattlint profile` and `check`:
// the reader (binary or text), ONNX's and wattlint's shape inference, the cost
// registry, the cost model on the H200, every rule, and the JSON reporter. Any
// input must end in a result or an llvm::Error.
//
//===----------------------------------------------------------------------===//
#include "onnx/OnnxReader.h"
#include "report/Analysis.h"
#include "tools/reporters/Reporters.h"

#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

using namespace wattlint;

namespace {
/// The fuzzer's bytes as a model source.
class MemorySource : public ModelSource {
public:
  explicit MemorySource(llvm::StringRef Data) : Data(Data) {}
  llvm::StringRef path() const override { return "fuzz.onnx"; }
  llvm::Expected<Model> bind(const DimBindings &Dims) override {
    ReadOptions Opts;
    Opts.Dims = Dims;
    return readOnnxModelFromMemory(Data, "fuzz.onnx", Opts);
  }

private:
  llvm::StringRef Data;
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const Session *S = [] {
    Flags F;
    F.Dims = {"N=3"};
    return new Session(llvm::cantFail(makeSession(F, Config())));
  }();
  MemorySource Src(llvm::StringRef(reinterpret_cast<const char *>(Data), Size));
  AnalyzeOptions O;
  O.RunRules = true;
  llvm::Expected<Analysis> A = analyze(Src, *S, O);
  if (!A) {
    llvm::consumeError(A.takeError());
    return 0;
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeProfile(ProfileFormat::json, *A, ProfileView(), OS);
  writeCheck(CheckFormat::text, llvm::ArrayRef<Analysis>(*A), CheckRun(), OS);
  return 0;
}
