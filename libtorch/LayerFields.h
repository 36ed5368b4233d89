//===- libtorch/LayerFields.h - reading a layer's options -------*- C++ -*-===//
//
// Shared by the layer emitters (EmitLayers.cpp, EmitNormAct.cpp): a layer's
// Options fields with their defaults, each unknown one a problem at the
// layer.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_LIBTORCH_LAYERFIELDS_H
#define WATTLINT_LIBTORCH_LAYERFIELDS_H

#include "libtorch/Emit.h"

#include <optional>
#include <string>
#include <vector>

namespace wattlint {
namespace cxx {

/// Reads a layer's options: a field left out takes its default, one that is
/// set but not known (or not a size) makes the layer unresolved, with a
/// problem at the layer.
class Fields {
public:
  Fields(const Object &L, std::vector<Problem> &P) : L(L), P(P) {}
  bool Ok = true;

  std::optional<int64_t> integer(llvm::StringRef F, std::optional<int64_t> Default = std::nullopt) {
    const Value *V = L.Opts ? L.Opts->get(F) : nullptr;
    if (!V || V->K == Value::Kind::None) {
      if (!Default)
        fail(F, V);
      return Default;
    }
    std::optional<int64_t> I = V->asInt();
    if (!I)
      fail(F, V);
    return I;
  }
  std::optional<std::vector<int64_t>> spatial(llvm::StringRef F, unsigned D,
                                              std::optional<int64_t> Default) {
    const Value *V = L.Opts ? L.Opts->get(F) : nullptr;
    if (!V || V->K == Value::Kind::None) {
      if (!Default) {
        fail(F, V);
        return std::nullopt;
      }
      return std::vector<int64_t>(D, *Default);
    }
    std::optional<std::vector<int64_t>> I = V->asInts();
    if (I && I->size() == 1)
      I = std::vector<int64_t>(D, (*I)[0]);
    if (!I || I->size() != D) {
      fail(F, V);
      return std::nullopt;
    }
    return I;
  }
  bool flag(llvm::StringRef F, bool Default) {
    const Value *V = L.Opts ? L.Opts->get(F) : nullptr;
    if (!V)
      return Default;
    std::optional<bool> B = V->asBool();
    if (!B)
      fail(F, V);
    return B.value_or(Default);
  }
  double real(llvm::StringRef F, double Default) {
    const Value *V = L.Opts ? L.Opts->get(F) : nullptr;
    if (!V || V->K == Value::Kind::None)
      return Default;
    std::optional<double> D = V->asDouble();
    if (!D)
      fail(F, V);
    return D.value_or(Default);
  }
  /// Sizes must be positive; anything else makes the layer unresolved.
  void positive(std::initializer_list<std::optional<int64_t>> Vs) {
    for (const std::optional<int64_t> &V : Vs)
      if (V && (*V <= 0 || *V > (int64_t(1) << 40))) {
        P.push_back({L.Loc, name() + ": a size of " + std::to_string(*V) + " is not valid"});
        Ok = false;
      }
  }
  std::string name() const {
    return (L.Path.empty() ? std::string("layer") : L.Path) + " (" + L.Kind + ")";
  }

private:
  const Object &L;
  std::vector<Problem> &P;
  void fail(llvm::StringRef F, const Value *V) {
    Ok = false;
    std::string Why = !V ? "not set" : V->isUnknown() ? V->Text : V->str();
    P.push_back({L.Loc, name() + ": " + F.str() + " is not known (" + Why + ")"});
  }
};

inline std::vector<int64_t> twice(const std::vector<int64_t> &V) {
  std::vector<int64_t> R = V;
  R.insert(R.end(), V.begin(), V.end());
  return R;
}

} // namespace cxx
} // namespace wattlint

#endif
