//===- cost/Sourced.h - a number with its provenance ------------*- C++ -*-===//
#ifndef WATTLINT_COST_SOURCED_H
#define WATTLINT_COST_SOURCED_H

#include <string>

namespace wattlint {

/// A number with its provenance.
struct Sourced {
  double Value = 0;
  std::string Tag;    // V, S, R, D or E
  std::string Source; // a source key or a derivation
  int Year = 0;       // for grid intensities
  bool Present = false;
  explicit operator bool() const { return Present; }
};

} // namespace wattlint

#endif
