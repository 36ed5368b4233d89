//===- onnx/OnnxSource.cpp - an ONNX file as a ModelSource ----------------===//
#include "onnx/OnnxSource.h"
#include "analyzer/ShapeRules.h"
#include "onnx/OnnxReader.h"

namespace wattlint {

OnnxFile::OnnxFile(std::string Path) : Path(std::move(Path)) {}
OnnxFile::~OnnxFile() = default;

llvm::Expected<Model> OnnxFile::bind(const DimBindings &Dims) {
  // The IR keeps its symbolic dims: bind them again with the shape rules,
  // unless some shapes came from ONNX's own inference, which runs on the
  // parsed message.
  if (Base) {
    Model M = cloneModel(*Base);
    if (llvm::Error E = bindSymbolicDims(M, Dims))
      return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s", Path.c_str(),
                                     llvm::toString(std::move(E)).c_str());
    return std::move(M);
  }
  if (!Parsed) {
    llvm::Expected<std::unique_ptr<ParsedOnnxModel>> P = ParsedOnnxModel::open(Path);
    if (!P)
      return P.takeError();
    Parsed = std::move(*P);
  }
  ReadOptions Opts;
  Opts.Dims = Dims;
  llvm::Expected<Model> M = Parsed->bind(Opts);
  if (M && !M->FrontEndShapes) {
    Base = cloneModel(*M);
    Parsed.reset();
  }
  return M;
}

} // namespace wattlint
