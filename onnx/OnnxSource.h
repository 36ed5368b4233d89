//===- onnx/OnnxSource.h - an ONNX file as a ModelSource ---------*- C++ -*-===//
#ifndef WATTLINT_ONNX_ONNXSOURCE_H
#define WATTLINT_ONNX_ONNXSOURCE_H

#include "analyzer/ModelSource.h"

namespace wattlint {

/// A binary or text ONNX model at a path. What-ifs at another batch re-bind
/// the IR's symbolic dims with the shape rules (ModelSource::rebind), without
/// the file; only a model whose shapes needed ONNX's own inference is read
/// again.
class OnnxFile : public ModelSource {
public:
  explicit OnnxFile(std::string Path);
  llvm::StringRef path() const override { return Path; }
  llvm::Expected<Model> bind(const DimBindings &Dims) override;

private:
  std::string Path;
};

} // namespace wattlint

#endif
