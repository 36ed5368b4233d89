//===- tools/Format.h - numbers with their units written out ----*- C++ -*-===//
#ifndef WATTLINT_TOOLS_FORMAT_H
#define WATTLINT_TOOLS_FORMAT_H

#include "analyzer/Graph.h"

#include <cstdint>
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
/// "[1, 64, 112, 112]", unknown dims as "?", unknown rank as "?".
std::string formatShape(const std::optional<Dims> &S);
/// formatShape(S) appended to Out.
void appendShape(std::string &Out, const std::optional<Dims> &S);

} // namespace wattlint

#endif
