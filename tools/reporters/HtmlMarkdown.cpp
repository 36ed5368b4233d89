//===- tools/reporters/HtmlMarkdown.cpp - text made safe for HTML ---------===//
//
// Escaping of untrusted text, numbers for SVG attributes, and the small
// Markdown converter that renders the rule docs (docs/rules/*.md) inside the
// review report: the subset those pages use, nothing more.
//
//===----------------------------------------------------------------------===//
#include "tools/reporters/Html.h"

#include "analyzer/Text.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <fmt/format.h>

#include <cmath>

using namespace llvm;

namespace wattlint {
namespace html {

namespace {

/// & < > " ' as character references; any control character left (the
/// Markdown path does not go through printable()) as U+FFFD.
std::string entities(StringRef S) {
  std::string Out;
  Out.reserve(S.size());
  for (char C : S) {
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
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    default:
      if ((static_cast<unsigned char>(C) < 0x20 && C != '\t') || C == 0x7f)
        Out += "\xEF\xBF\xBD";
      else
        Out.push_back(C);
    }
  }
  return Out;
}

bool isContinuationByte(char C) { return (static_cast<unsigned char>(C) & 0xc0) == 0x80; }

/// Inline Markdown: `code`, **bold**, [text](target) as "text (target)".
std::string inlineMd(StringRef S) {
  std::string Out;
  while (!S.empty()) {
    if (S.front() == '`') {
      size_t End = S.find('`', 1);
      if (End != StringRef::npos) {
        Out += "<code>" + entities(S.slice(1, End)) + "</code>";
        S = S.drop_front(End + 1);
        continue;
      }
    }
    if (S.starts_with("**")) {
      size_t End = S.find("**", 2);
      if (End != StringRef::npos && End > 2) {
        Out += "<strong>" + inlineMd(S.slice(2, End)) + "</strong>";
        S = S.drop_front(End + 2);
        continue;
      }
    }
    if (S.front() == '[') {
      size_t Mid = S.find("](");
      size_t End = Mid == StringRef::npos ? Mid : S.find(')', Mid);
      if (End != StringRef::npos && !S.slice(1, Mid).contains(']')) {
        // Links stay text: the page loads and links to nothing outside it.
        Out +=
            inlineMd(S.slice(1, Mid)) + " (<code>" + entities(S.slice(Mid + 2, End)) + "</code>)";
        S = S.drop_front(End + 1);
        continue;
      }
    }
    size_t Next = S.find_first_of("`*[", 1);
    Out += entities(S.take_front(Next));
    S = S.drop_front(std::min(Next, S.size()));
  }
  return Out;
}

bool isFence(StringRef L) { return L.ltrim().starts_with("```"); }

unsigned headingLevel(StringRef L) {
  size_t N = 0;
  while (N < L.size() && L[N] == '#')
    ++N;
  return N >= 1 && N <= 6 && N < L.size() && L[N] == ' ' ? N : 0;
}

/// The text after a list marker ("- ", "* ", "+ ", "12. "), if L starts an
/// item; Ordered says which kind.
std::optional<StringRef> listItem(StringRef L, bool &Ordered) {
  StringRef T = L.ltrim();
  if (T.size() >= 2 && (T[0] == '-' || T[0] == '*' || T[0] == '+') && T[1] == ' ') {
    Ordered = false;
    return T.drop_front(2).trim();
  }
  size_t Digits = 0;
  while (Digits < T.size() && isDigit(T[Digits]))
    ++Digits;
  if (Digits && Digits + 1 < T.size() && T[Digits] == '.' && T[Digits + 1] == ' ') {
    Ordered = true;
    return T.drop_front(Digits + 2).trim();
  }
  return std::nullopt;
}

bool isTableRow(StringRef L) { return L.trim().starts_with("|"); }

std::vector<StringRef> tableCells(StringRef L) {
  L = L.trim();
  L.consume_front("|");
  L.consume_back("|");
  // Split on the bars outside `code`.
  std::vector<StringRef> Out;
  bool InCode = false;
  size_t Start = 0;
  for (size_t I = 0; I < L.size(); ++I) {
    if (L[I] == '`')
      InCode = !InCode;
    if (L[I] == '|' && !InCode) {
      Out.push_back(L.slice(Start, I).trim());
      Start = I + 1;
    }
  }
  Out.push_back(L.drop_front(Start).trim());
  return Out;
}

bool isSeparatorRow(StringRef L) {
  return isTableRow(L) && L.trim().find_first_not_of("|-: ") == StringRef::npos;
}

void writeTable(ArrayRef<StringRef> Rows, std::string &Out) {
  Out += "<table class=\"md\">";
  size_t Body = 0;
  if (Rows.size() >= 2 && isSeparatorRow(Rows[1])) {
    Out += "<thead><tr>";
    for (StringRef C : tableCells(Rows[0]))
      Out += "<th>" + inlineMd(C) + "</th>";
    Out += "</tr></thead>";
    Body = 2;
  }
  Out += "<tbody>";
  for (StringRef R : Rows.drop_front(Body)) {
    Out += "<tr>";
    for (StringRef C : tableCells(R))
      Out += "<td>" + inlineMd(C) + "</td>";
    Out += "</tr>";
  }
  Out += "</tbody></table>\n";
}

} // namespace

std::string esc(StringRef S, size_t MaxBytes) { return entities(printable(S, MaxBytes)); }

std::string escTail(StringRef S, size_t MaxChars) {
  std::string P = printable(S, 4096);
  size_t Chars = 0;
  for (char C : P)
    Chars += !isContinuationByte(C);
  if (Chars <= MaxChars)
    return entities(P);
  // Keep the last MaxChars - 1 characters, starting on a character boundary.
  size_t Drop = Chars - (MaxChars - 1), I = 0;
  for (; I < P.size() && Drop; ++I)
    if (!isContinuationByte(P[I]))
      --Drop;
  while (I < P.size() && isContinuationByte(P[I]))
    ++I;
  return "\xE2\x80\xA6" + entities(StringRef(P).drop_front(I));
}

std::string num(double V) {
  if (!std::isfinite(V))
    return "0";
  std::string S = fmt::format("{:.1f}", V);
  if (StringRef(S).ends_with(".0"))
    S.resize(S.size() - 2);
  return S == "-0" ? "0" : S;
}

std::string siTick(double V) {
  if (!std::isfinite(V) || V == 0)
    return "0";
  static const char *const Prefix[] = {"p", "n", "\xC2\xB5", "m", "", "k", "M", "G", "T", "P", "E"};
  constexpr int Unit = 4; // Prefix[Unit] is ""
  int E = int(std::floor(std::log10(std::fabs(V)) / 3));
  double M = V / std::pow(1000.0, E);
  if (std::fabs(M) >= 999.5) {
    M /= 1000;
    ++E;
  }
  if (E < -Unit || E > 6) // past the prefixes: 1e-15, 1e+21
    return fmt::format("{:.3g}", V);
  return fmt::format("{:.3g}{}", M, Prefix[E + Unit]);
}

std::string markdown(StringRef Md) {
  SmallVector<StringRef, 64> Lines;
  Md.split(Lines, '\n');
  std::string Out, Para;
  // The open list ("ul"/"ol" or "") and its current item's text.
  std::string List, Item;
  auto FlushPara = [&] {
    if (!Para.empty())
      Out += "<p>" + inlineMd(Para) + "</p>\n";
    Para.clear();
  };
  auto FlushItem = [&] {
    if (!Item.empty())
      Out += "<li>" + inlineMd(Item) + "</li>";
    Item.clear();
  };
  auto CloseList = [&] {
    FlushItem();
    if (!List.empty())
      Out += "</" + List + ">\n";
    List.clear();
  };
  for (size_t I = 0; I < Lines.size(); ++I) {
    StringRef L = Lines[I].rtrim("\r");
    if (L.trim().empty()) {
      FlushPara();
      CloseList();
      continue;
    }
    if (isFence(L)) {
      FlushPara();
      CloseList();
      Out += "<pre><code>";
      std::string Code;
      for (++I; I < Lines.size() && !isFence(Lines[I]); ++I)
        Code += entities(Lines[I].rtrim("\r")) + "\n";
      // An unclosed fence runs to the end, without the text's last newline.
      if (I == Lines.size() && StringRef(Code).ends_with("\n\n"))
        Code.pop_back();
      Out += Code;
      Out += "</code></pre>\n";
      continue;
    }
    if (unsigned Level = headingLevel(L)) {
      FlushPara();
      CloseList();
      // Inside a report the page's own headings come first: # is <h4>.
      std::string Tag = "h" + std::to_string(std::min(Level + 3, 6u));
      Out += "<" + Tag + ">" + inlineMd(L.drop_front(Level + 1).trim()) + "</" + Tag + ">\n";
      continue;
    }
    if (isTableRow(L) && Para.empty() && List.empty()) {
      size_t End = I;
      while (End < Lines.size() && isTableRow(Lines[End]))
        ++End;
      writeTable(ArrayRef<StringRef>(Lines).slice(I, End - I), Out);
      I = End - 1;
      continue;
    }
    bool Ordered = false;
    if (std::optional<StringRef> Text = listItem(L, Ordered); Text && Para.empty()) {
      std::string Kind = Ordered ? "ol" : "ul";
      if (List != Kind) {
        CloseList();
        Out += "<" + Kind + ">";
        List = Kind;
      }
      FlushItem();
      Item = Text->str();
      continue;
    }
    if (!List.empty()) { // a continuation line of the item
      Item += " " + L.trim().str();
      continue;
    }
    Para += (Para.empty() ? "" : " ") + L.trim().str();
  }
  FlushPara();
  CloseList();
  return Out;
}

} // namespace html
} // namespace wattlint
