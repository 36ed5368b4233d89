//===- tools/Format.cpp - numbers with their units written out ------------===//
#include "tools/Format.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>
#include <iterator>

namespace wattlint {

void appendFixed(std::string &Out, double V, int Prec) {
  static const uint64_t Scale[] = {1, 10, 100, 1000};
  if (Prec < 0 || Prec > 3 || !(V >= 0) || !(V < 1e12)) {
    fmt::format_to(std::back_inserter(Out), FMT_COMPILE("{:.{}f}"), V, Prec);
    return;
  }
  // X is V * 10^Prec to within an ulp or two (X < 2^50); only a fraction
  // that close to one half could round either way.
  double X = V * double(Scale[Prec]);
  double Floor = std::floor(X), Frac = X - Floor;
  uint64_t N = uint64_t(Floor) + (Frac > 0.5 ? 1 : 0);
  if (std::fabs(Frac - 0.5) < 1e-9 + X * 1e-15) {
    // An exact tie (the product has no rounding error and ends in .5: V
    // is 0.125 at two digits) rounds to even, as fmt does; fmt decides
    // the near ones.
    if (Frac != 0.5 || std::fma(V, double(Scale[Prec]), -X) != 0) {
      fmt::format_to(std::back_inserter(Out), FMT_COMPILE("{:.{}f}"), V, Prec);
      return;
    }
    N = uint64_t(Floor) + (uint64_t(Floor) & 1);
  }
  char Buf[32];
  char *End = Buf + sizeof(Buf), *P = End;
  for (int D = 0; D < Prec; ++D, N /= 10)
    *--P = char('0' + N % 10);
  if (Prec)
    *--P = '.';
  do {
    *--P = char('0' + N % 10);
    N /= 10;
  } while (N);
  Out.append(P, End);
}

namespace {
/// V with three significant digits (V below 1000), then the rest, appended
/// to Out (a million-row table formats millions of these).
void threeDigits(std::string &Out, double V, const char *Sep = "", const char *Prefix = "",
                 const char *Unit = "") {
  appendFixed(Out, V, V >= 100 ? 0 : V >= 10 ? 1 : 2);
  Out += Sep;
  Out += Prefix;
  Out += Unit;
}
} // namespace

std::string joules(double J) {
  if (J < 0)
    return "-" + joules(-J);
  if (J == 0)
    return "0 J";
  if (J >= 1)
    return fmt::format(FMT_COMPILE("{:.3g} J"), J);
  if (J >= 1e-3)
    return fmt::format(FMT_COMPILE("{:.3g} mJ"), J * 1e3);
  return fmt::format(FMT_COMPILE("{:.3g} uJ"), J * 1e6);
}

void appendSI(std::string &Out, double V, const char *Unit) {
  static const char *const Big[] = {"", "k", "M", "G", "T", "P", "E"};
  static const char *const Small[] = {"", "m", "u", "n", "p"};
  // A count without a unit reads "11.7M"; with one, "4.09 GMAC".
  const char *Sep = Unit[0] ? " " : "";
  if (V < 0) {
    Out += '-';
    V = -V;
  }
  if (V == 0) {
    Out += '0';
    Out += Sep;
    Out += Unit;
    return;
  }
  unsigned I = 0;
  while (std::fabs(V) >= 999.5 && I + 1 < sizeof(Big) / sizeof(Big[0])) {
    V /= 1000;
    ++I;
  }
  if (I == 0 && std::fabs(V) < 1 && Unit[0]) {
    // Times and energies below one unit: "3.77 ms", "82.6 mJ".
    unsigned J = 0;
    while (std::fabs(V) < 0.9995 && J + 1 < sizeof(Small) / sizeof(Small[0])) {
      V *= 1000;
      ++J;
    }
    threeDigits(Out, V, Sep, Small[J], Unit);
    return;
  }
  if (I == 0 && V == std::floor(V)) {
    appendFixed(Out, V, 0);
    Out += Sep;
    Out += Unit;
    return;
  }
  threeDigits(Out, V, Sep, Big[I], Unit);
}

std::string formatSI(double V, const char *Unit) {
  std::string S;
  appendSI(S, V, Unit);
  return S;
}

void appendBytes(std::string &Out, uint64_t B) {
  static const char *const Prefix[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (B < 1024) {
    fmt::format_to(std::back_inserter(Out), FMT_COMPILE("{} B"), B);
    return;
  }
  double V = double(B);
  unsigned I = 0;
  while (V >= 1023.5 && I + 1 < sizeof(Prefix) / sizeof(Prefix[0])) {
    V /= 1024;
    ++I;
  }
  threeDigits(Out, V, " ", Prefix[I]);
}

std::string formatBytes(uint64_t B) {
  std::string S;
  appendBytes(S, B);
  return S;
}

void appendShape(std::string &Out, const Dims *S) {
  if (!S) {
    Out += '?';
    return;
  }
  Out += '[';
  for (size_t I = 0; I < S->size(); ++I) {
    if (I)
      Out += ", ";
    if ((*S)[I] < 0)
      Out += '?';
    else
      fmt::format_to(std::back_inserter(Out), FMT_COMPILE("{}"), (*S)[I]);
  }
  Out += ']';
}

} // namespace wattlint
