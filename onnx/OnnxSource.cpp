//===- onnx/OnnxSource.cpp - an ONNX file as a ModelSource ----------------===//
#include "onnx/OnnxSource.h"
#include "onnx/OnnxReader.h"

namespace wattlint {

OnnxFile::OnnxFile(std::string Path) : Path(std::move(Path)) {}
OnnxFile::~OnnxFile() = default;

llvm::Expected<Model> OnnxFile::bind(const DimBindings &Dims) {
  if (!Parsed) {
    llvm::Expected<std::unique_ptr<ParsedOnnxModel>> P = ParsedOnnxModel::open(Path);
    if (!P)
      return P.takeError();
    Parsed = std::move(*P);
  }
  ReadOptions Opts;
  Opts.Dims = Dims;
  return Parsed->bind(Opts);
}

} // namespace wattlint
