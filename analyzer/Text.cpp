//===- analyzer/Text.cpp - untrusted text made safe, names suggested ------===//
#include "analyzer/Text.h"

#include "llvm/Support/ConvertUTF.h"

#include <algorithm>

using namespace llvm;

namespace wattlint {

std::string printable(StringRef S, size_t MaxBytes) {
  static const char Hex[] = "0123456789abcdef";
  // Most text (names, op types) is printable ASCII that fits: itself.
  if (S.size() <= MaxBytes &&
      std::all_of(S.begin(), S.end(), [](char C) { return C >= 0x20 && C < 0x7f; }))
    return S.str();
  std::string Out;
  const auto *P = reinterpret_cast<const UTF8 *>(S.begin());
  const auto *End = reinterpret_cast<const UTF8 *>(S.end());
  while (P < End) {
    if (Out.size() >= MaxBytes) {
      Out += "...";
      break;
    }
    unsigned Len = getNumBytesForUTF8(*P);
    if (*P < 0x80) {
      if (*P < 0x20 || *P == 0x7f) {
        Out += "\\x";
        Out += Hex[*P >> 4];
        Out += Hex[*P & 15];
      } else {
        Out += char(*P);
      }
      ++P;
      continue;
    }
    // C1 controls (CSI is U+009B) and the bidi overrides, isolates and marks
    // (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C), which reorder
    // what a terminal shows, and the line and paragraph separators (U+2028,
    // U+2029), which break a line where none is seen.
    bool Bidi =
        (Len == 3 && P + 3 <= End && P[0] == 0xe2 &&
         ((P[1] == 0x80 && P[2] >= 0xaa && P[2] <= 0xae) ||
          (P[1] == 0x81 && P[2] >= 0xa6 && P[2] <= 0xa9) ||
          (P[1] == 0x80 && (P[2] == 0x8e || P[2] == 0x8f || P[2] == 0xa8 || P[2] == 0xa9))));
    if (Len == 2 && P + 2 <= End && P[0] == 0xd8 && P[1] == 0x9c) { // U+061C
      Out += "\\xd8\\x9c";
      P += 2;
      continue;
    }
    if (Bidi) {
      for (unsigned K = 0; K < 3; ++K) {
        Out += "\\x";
        Out += Hex[P[K] >> 4];
        Out += Hex[P[K] & 15];
      }
      P += 3;
      continue;
    }
    if (P + Len > End || !isLegalUTF8Sequence(P, P + Len) ||
        (Len == 2 && *P == 0xc2 && P[1] < 0xa0)) { // C1 controls
      Out += "\\x";
      Out += Hex[*P >> 4];
      Out += Hex[*P & 15];
      ++P;
      continue;
    }
    Out.append(reinterpret_cast<const char *>(P), Len);
    P += Len;
  }
  return Out;
}

std::string closestName(StringRef Name, ArrayRef<std::string> Candidates) {
  std::string Lower = Name.lower();
  unsigned Best = ~0u;
  std::string Found;
  for (const std::string &C : Candidates) {
    unsigned D = StringRef(Lower).edit_distance(StringRef(C).lower(), true, Best);
    if (D < Best)
      Best = D, Found = C;
  }
  // As clang's typo correction: at most a third of the name's length, and
  // never a distance that rewrites most of a short name.
  unsigned Limit = unsigned((Name.size() + 2) / 3);
  return Best <= Limit && Best < Name.size() ? Found : "";
}

std::string didYouMean(StringRef Name, ArrayRef<std::string> Candidates) {
  std::string C = closestName(Name, Candidates);
  return C.empty() ? "" : " (did you mean '" + C + "'?)";
}

} // namespace wattlint
