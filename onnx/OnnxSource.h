//===- onnx/OnnxSource.h - an ONNX file as a ModelSource ---------*- C++ -*-===//
#ifndef WATTLINT_ONNX_ONNXSOURCE_H
#define WATTLINT_ONNX_ONNXSOURCE_H

#include "analyzer/ModelSource.h"

#include <memory>

namespace wattlint {

class ParsedOnnxModel;

/// A binary or text ONNX model at a path, read and parsed on the first bind
/// and re-bound from the parsed message after that (what-ifs at another
/// batch do not read the file again).
class OnnxFile : public ModelSource {
public:
  explicit OnnxFile(std::string Path);
  ~OnnxFile() override;
  llvm::StringRef path() const override { return Path; }
  llvm::Expected<Model> bind(const DimBindings &Dims) override;

private:
  std::string Path;
  std::unique_ptr<ParsedOnnxModel> Parsed;
};

} // namespace wattlint

#endif
