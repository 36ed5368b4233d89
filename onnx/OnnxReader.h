//===- onnx/OnnxReader.h - ONNX models into the graph IR --------*- C++ -*-===//
//
// Reads a binary .onnx or an ONNX text-format file into wattlint's graph IR:
// binds symbolic dims, runs ONNX's shape inference with data propagation, then
// wattlint's own shape rules for what it leaves unknown. Never opens an
// external-data file and never keeps weight bytes.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ONNX_ONNXREADER_H
#define WATTLINT_ONNX_ONNXREADER_H

#include "analyzer/Graph.h"

#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <string>

namespace wattlint {

struct ReadOptions {
  /// Symbolic dim name -> value (--dim N=8).
  std::map<std::string, int64_t> Dims;
  /// Data-dependent sizes by node name or kind (--assume boxes=100).
  std::map<std::string, int64_t> Assume;
  /// Value for symbolic dims the user did not bind.
  int64_t DefaultDim = 1;
};

/// A model file parsed once (weight payloads seeked over), then bound to
/// dims as often as an analysis needs without reading the file again.
class ParsedOnnxModel {
public:
  ~ParsedOnnxModel();
  /// Reads and parses the model at Path. Errors name the file and what is
  /// wrong.
  static llvm::Expected<std::unique_ptr<ParsedOnnxModel>> open(llvm::StringRef Path);
  /// The IR with Opts' dims bound (checks, shapes, conversion), built from
  /// the parsed message itself: its last use.
  llvm::Expected<Model> take(const ReadOptions &Opts) &&;

private:
  struct Impl;
  explicit ParsedOnnxModel(std::unique_ptr<Impl> I);
  std::unique_ptr<Impl> I;
};

/// The same for a model already in memory (fuzzing, tests); Name stands in
/// for the path in messages. External data is never opened either way.
llvm::Expected<Model> readOnnxModelFromMemory(llvm::StringRef Data, llvm::StringRef Name,
                                              const ReadOptions &Opts);

} // namespace wattlint

#endif
