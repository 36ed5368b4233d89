//===- onnx/OnnxSource.cpp - an ONNX file as a ModelSource ----------------===//
#include "onnx/OnnxSource.h"
#include "onnx/OnnxReader.h"

namespace wattlint {

llvm::Expected<Model> OnnxFile::bind(const DimBindings &Dims) {
  ReadOptions Opts;
  Opts.Dims = Dims;
  return readOnnxModel(Path, Opts);
}

} // namespace wattlint
