//===- tools/Format.h - numbers with their units written out ----*- C++ -*-===//
#ifndef WATTLINT_TOOLS_FORMAT_H
#define WATTLINT_TOOLS_FORMAT_H

#include "analyzer/Graph.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace wattlint {

/// Three significant digits with a decimal SI prefix: "4.09 GMAC", "8.18 GFLOP".
std::string formatSI(double V, const char *Unit);
/// formatSI(V, Unit) appended to Out.
void appendSI(std::string &Out, double V, const char *Unit);
/// Bytes with a binary prefix: "97.6 MiB".
std::string formatBytes(uint64_t B);
/// formatBytes(B) appended to Out.
void appendBytes(std::string &Out, uint64_t B);
/// Joules with three significant digits: "1.23 J", "4.56 mJ", "7.89 uJ".
std::string joules(double J);
/// V with Prec (0 to 3) digits after the point, as fmt's "{:.Nf}" writes
/// it, appended to Out: digits by integer arithmetic where the rounding is
/// clear, fmt where V lies within rounding error of a tie (or is negative,
/// huge or not finite). A million-row table formats millions of these.
void appendFixed(std::string &Out, double V, int Prec);
/// "[1, 64, 112, 112]" appended to Out, unknown dims as "?", unknown rank
/// (null) as "?".
void appendShape(std::string &Out, const Dims *S);

/// The texts one column of a writer made for its recent numbers, by the
/// number's bits (16 slots in pairs, the bits hashed to a pair, the pair's
/// older text replaced): a model's repeated layers repeat their rows'
/// numbers, and formatting a number is most of what a million-row table or
/// profile costs.
class NumberMemo {
public:
  /// The text of the number whose bits are Key: Make(std::string &Out)
  /// appends it to an empty Out when it is not remembered (at most 39
  /// characters are remembered; a longer text is made each time).
  template <typename MakeFn> llvm::StringRef text(uint64_t Key, MakeFn Make) {
    unsigned Pair = unsigned((Key * 0x9e3779b97f4a7c15ull) >> 61);
    for (unsigned Way = 0; Way < 2; ++Way) {
      const Slot &S = Slots[2 * Pair + Way];
      if (S.Len && S.Key == Key) {
        Older[Pair] = !Way;
        return llvm::StringRef(S.Text, S.Len - 1);
      }
    }
    Slot &S = Slots[2 * Pair + Older[Pair]];
    Older[Pair] = !Older[Pair];
    Scratch.clear();
    Make(Scratch);
    if (Scratch.size() < sizeof(S.Text)) {
      std::memcpy(S.Text, Scratch.data(), Scratch.size());
      S.Key = Key;
      S.Len = unsigned(Scratch.size()) + 1;
    }
    return Scratch;
  }
  static uint64_t key(double V) {
    uint64_t B;
    std::memcpy(&B, &V, sizeof(B));
    return B;
  }

private:
  struct Slot {
    uint64_t Key = 0;
    unsigned Len = 0; // the text's length + 1; 0: empty
    char Text[40];
  };
  Slot Slots[16];
  bool Older[8] = {}; // per pair, the way to replace next
  std::string Scratch;
};

} // namespace wattlint

#endif
