//===- onnx/OnnxSource.cpp - an ONNX file as a ModelSource ----------------===//
#include "onnx/OnnxSource.h"
#include "onnx/OnnxReader.h"

namespace wattlint {

OnnxFile::OnnxFile(std::string Path) : Path(std::move(Path)) {}

llvm::Expected<Model> OnnxFile::bind(const DimBindings &Dims) {
  // The parsed message is bound in place and freed: no second copy of it
  // in memory. What-ifs re-bind the IR (ModelSource::rebind).
  llvm::Expected<std::unique_ptr<ParsedOnnxModel>> P = ParsedOnnxModel::open(Path);
  if (!P)
    return P.takeError();
  std::unique_ptr<ParsedOnnxModel> Message = std::move(*P);
  ReadOptions Opts;
  Opts.Dims = Dims;
  Opts.Assume = Dims.Assume;
  return std::move(*Message).take(Opts);
}

} // namespace wattlint
