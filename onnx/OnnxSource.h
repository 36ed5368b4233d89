//===- onnx/OnnxSource.h - an ONNX file as a ModelSource ---------*- C++ -*-===//
#ifndef WATTLINT_ONNX_ONNXSOURCE_H
#define WATTLINT_ONNX_ONNXSOURCE_H

#include "analyzer/ModelSource.h"

#include <memory>
#include <optional>

namespace wattlint {

class ParsedOnnxModel;

/// A binary or text ONNX model at a path, read on the first bind. After
/// that, what-ifs at another batch re-bind the IR's symbolic dims with the
/// shape rules (or, where ONNX's inference was needed, the parsed message):
/// the file is read once.
class OnnxFile : public ModelSource {
public:
  explicit OnnxFile(std::string Path);
  ~OnnxFile() override;
  llvm::StringRef path() const override { return Path; }
  llvm::Expected<Model> bind(const DimBindings &Dims) override;

private:
  std::string Path;
  std::unique_ptr<ParsedOnnxModel> Parsed;
  /// The first bound model, when the shape rules alone resolved it.
  std::optional<Model> Base;
};

} // namespace wattlint

#endif
