//===- tools/reporters/Markdown.cpp - Markdown for pull requests ----------===//
#include "tools/reporters/Markdown.h"

#include "analyzer/Text.h"

#include <fmt/format.h>

#include <cmath>

using namespace llvm;

namespace wattlint {

std::string mdText(StringRef S, size_t Max) {
  std::string Out;
  for (char C : printable(S, Max)) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '|':
    case '#':
    case '~':
    case '!':
    case '(':
    case ')':
    case '{':
    case '}':
    case '@':
    case ':':
      Out += '\\';
      Out += C;
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

std::string mdCode(StringRef S, size_t Max) {
  std::string Out;
  // A table cell ends at '|' even inside a code span unless escaped (GFM).
  for (char C : printable(S, Max))
    Out += C == '`' ? std::string("'") : C == '|' ? std::string("\\|") : std::string(1, C);
  return Out;
}

std::string signedPercent(double Pct) {
  if (std::isinf(Pct))
    return Pct > 0 ? "new" : "gone";
  if (!std::isfinite(Pct) || std::fabs(Pct) < 0.05)
    return "0%";
  return fmt::format("{:+.1f}%", Pct);
}

std::string fitToLimit(size_t Limit, size_t FirstCap,
                       function_ref<std::string(size_t Cap)> Render) {
  size_t Cap = FirstCap;
  std::string Text = Render(Cap);
  while (Text.size() > Limit && Cap > 0) {
    Cap /= 2;
    Text = Render(Cap);
  }
  return Text;
}

} // namespace wattlint
