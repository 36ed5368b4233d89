//===- analyzer/ModelSource.h - where a model's graph comes from -*- C++ -*-===//
//
// The seam between front ends (ONNX, LibTorch C++) and the one analysis
// pipeline: a source is opened once, then bound to dims as often as the
// analysis needs (the model as deployed, and what-ifs at another batch).
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ANALYZER_MODELSOURCE_H
#define WATTLINT_ANALYZER_MODELSOURCE_H

#include "analyzer/Graph.h"

#include "llvm/Support/Error.h"

#include <map>
#include <string>

namespace wattlint {

/// Symbolic dim name -> value.
/// What the user binds: the symbolic dims of the inputs (--dim NAME=N), and
/// in Assume the data-dependent sizes that only running the model decides
/// (--assume KEY=N, by node name or kind; see Assumption).
struct DimBindings : std::map<std::string, int64_t> {
  DimBindings() = default;
  DimBindings(std::initializer_list<value_type> Dims) : map(Dims) {}
  explicit DimBindings(std::map<std::string, int64_t> Dims) : map(std::move(Dims)) {}
  std::map<std::string, int64_t> Assume;
};

class ModelSource {
public:
  virtual ~ModelSource() = default;
  /// The model's path (or name) as the user gave it, for messages.
  virtual llvm::StringRef path() const = 0;
  /// The graph with Dims bound (unbound symbolic dims default to 1 and are
  /// listed in Model::DefaultedDims). Errors name the model and what is wrong.
  virtual llvm::Expected<Model> bind(const DimBindings &Dims) = 0;
  /// The same model bound again at other dims (a what-if): by default a copy
  /// of Bound whose symbolic dims bindSymbolicDims() re-binds, or bind()
  /// where Bound's shapes came from the front end's own inference or its
  /// declared shapes were not recorded.
  virtual llvm::Expected<Model> rebind(const Model &Bound, const DimBindings &Dims);
};

} // namespace wattlint

#endif
