//===- analyzer/Text.cpp - untrusted text made safe, names suggested ------===//
#include "analyzer/Text.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <cstring>

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

namespace {

/// The code point escaped at P (0 if none), its length in Len; -1 when the
/// bytes left may still become one.
long escapedAt(const unsigned char *P, const unsigned char *End, unsigned &Len) {
  size_t Left = size_t(End - P);
  if (*P == 0x7f)
    return Len = 1, 0x7f;
  if (*P == 0xc2 || *P == 0xd8) {
    if (Left < 2)
      return -1;
    Len = 2;
    if (*P == 0xc2 && P[1] >= 0x80 && P[1] <= 0x9f)
      return P[1];
    return *P == 0xd8 && P[1] == 0x9c ? 0x061c : 0;
  }
  if (*P != 0xe2)
    return 0;
  if (Left < 3)
    return Left == 2 && P[1] != 0x80 && P[1] != 0x81 ? 0 : -1;
  Len = 3;
  long C = 0x2000 + ((P[1] & 0x3f) << 6) + (P[2] & 0x3f);
  bool Escape = (P[1] == 0x80 && (C == 0x200e || C == 0x200f || (C >= 0x2028 && C <= 0x202e))) ||
                (P[1] == 0x81 && C >= 0x2066 && C <= 0x2069);
  return Escape ? C : 0;
}

} // namespace

TerminalSafeStream::~TerminalSafeStream() {
  flush();
  To.write(Held, NumHeld);
  To.flush();
}

void TerminalSafeStream::write_impl(const char *Ptr, size_t Size) {
  Pos += Size;
  std::string Joined;
  if (NumHeld) {
    Joined.assign(Held, NumHeld);
    Joined.append(Ptr, Size);
    Ptr = Joined.data(), Size = Joined.size();
    NumHeld = 0;
  }
  const auto *P = reinterpret_cast<const unsigned char *>(Ptr), *End = P + Size;
  const auto *Run = P; // bytes not yet written through
  while (P < End) {
    // Eight bytes at a time while none is 0x7f or above (most of any output;
    // adding 1 to 0x7f sets the top bit).
    for (uint64_t W; End - P >= 8; P += 8) {
      std::memcpy(&W, P, 8);
      if ((W | (W + 0x0101010101010101ull)) & 0x8080808080808080ull)
        break;
    }
    if (P == End)
      break;
    if (*P < 0x7f || (*P >= 0x80 && *P != 0xc2 && *P != 0xd8 && *P != 0xe2)) {
      ++P;
      continue;
    }
    unsigned Len = 1;
    long C = escapedAt(P, End, Len);
    if (C < 0) { // cut by the buffer: kept for the next write
      To.write(reinterpret_cast<const char *>(Run), size_t(P - Run));
      NumHeld = unsigned(End - P);
      std::memcpy(Held, P, NumHeld);
      return;
    }
    if (C == 0) {
      ++P;
      continue;
    }
    To.write(reinterpret_cast<const char *>(Run), size_t(P - Run));
    To << format("\\u%04lx", C);
    P += Len;
    Run = P;
  }
  To.write(reinterpret_cast<const char *>(Run), size_t(End - Run));
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
