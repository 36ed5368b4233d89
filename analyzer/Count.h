//===- analyzer/Count.h - overflow-checked counts ---------------*- C++ -*-===//
//
// An unsigned 64-bit count that remembers overflow instead of wrapping, so a
// product of absurd dims becomes an error rather than a plausible small number.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ANALYZER_COUNT_H
#define WATTLINT_ANALYZER_COUNT_H

#include <climits>
#include <cstdint>

namespace wattlint {

class Count {
public:
  Count(uint64_t V = 0) : V(V) {}
  /// A dim; a negative (unknown) dim poisons the count.
  static Count dim(int64_t D) {
    Count C(D < 0 ? 0 : uint64_t(D));
    C.Bad = D < 0;
    return C;
  }
  uint64_t value() const { return V; }
  bool overflowed() const { return Bad; }

  friend Count operator*(Count A, Count B) {
    Count R;
    R.Bad = A.Bad || B.Bad || __builtin_mul_overflow(A.V, B.V, &R.V);
    return R;
  }
  friend Count operator+(Count A, Count B) {
    Count R;
    R.Bad = A.Bad || B.Bad || __builtin_add_overflow(A.V, B.V, &R.V);
    return R;
  }
  Count &operator*=(Count B) { return *this = *this * B; }
  Count &operator+=(Count B) { return *this = *this + B; }

private:
  uint64_t V;
  bool Bad = false;
};

/// A signed 64-bit value from a model (folded shape arithmetic) that
/// remembers overflow, division by zero and INT64_MIN / -1 instead of
/// wrapping or trapping: the fold reports the node instead.
class CheckedInt {
public:
  CheckedInt(int64_t V = 0) : V(V) {}
  int64_t value() const { return V; }
  bool bad() const { return Bad; }

  friend CheckedInt operator+(CheckedInt A, CheckedInt B) {
    CheckedInt R;
    R.Bad = A.Bad || B.Bad || __builtin_add_overflow(A.V, B.V, &R.V);
    return R;
  }
  friend CheckedInt operator-(CheckedInt A, CheckedInt B) {
    CheckedInt R;
    R.Bad = A.Bad || B.Bad || __builtin_sub_overflow(A.V, B.V, &R.V);
    return R;
  }
  friend CheckedInt operator*(CheckedInt A, CheckedInt B) {
    CheckedInt R;
    R.Bad = A.Bad || B.Bad || __builtin_mul_overflow(A.V, B.V, &R.V);
    return R;
  }
  /// Truncating division, as C++ and ONNX's integer Div.
  friend CheckedInt operator/(CheckedInt A, CheckedInt B) {
    CheckedInt R;
    R.Bad = A.Bad || B.Bad || B.V == 0 || (A.V == INT64_MIN && B.V == -1);
    R.V = R.Bad ? 0 : A.V / B.V;
    return R;
  }
  friend CheckedInt operator%(CheckedInt A, CheckedInt B) {
    CheckedInt R;
    R.Bad = A.Bad || B.Bad || B.V == 0;
    R.V = R.Bad || B.V == -1 ? 0 : A.V % B.V;
    return R;
  }
  CheckedInt operator-() const { return CheckedInt(0) - *this; }

private:
  int64_t V;
  bool Bad = false;
};

} // namespace wattlint

#endif
