//===- tools/reporters/Html.h - parts of the HTML reports ---------*- C++ -*-===//
//
// The parts of the HTML pages: Html.cpp writes the review report,
// HtmlCompare.cpp the compare page, from HtmlPage.cpp (stylesheet, script,
// head and foot), HtmlCharts.cpp (inline SVG charts) and HtmlMarkdown.cpp
// (escaping; rule docs as HTML). Every text these take is raw (model text is
// untrusted); they escape it.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_TOOLS_REPORTERS_HTML_H
#define WATTLINT_TOOLS_REPORTERS_HTML_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace wattlint {
namespace html {

/// S safe for HTML text and attribute values: control characters, bidi
/// overrides and invalid UTF-8 as printable() writes them (\xNN), cut to
/// MaxBytes, then & < > " ' as character references.
std::string esc(llvm::StringRef S, size_t MaxBytes = 512);
/// esc(S) shortened to MaxChars characters by dropping its head ("..."
/// first): the tail of a node path is what tells nodes apart.
std::string escTail(llvm::StringRef S, size_t MaxChars);
/// A number for an SVG attribute, one decimal; 0 for NaN and infinities.
std::string num(double V);
/// A compact axis label with a decimal SI prefix: "0", "2.5", "10k", "1G",
/// "500m", "20µ".
std::string siTick(double V);
/// "<!DOCTYPE html>" to "<body>" with the stylesheet inline, and the foot of
/// the page with the script that sorts table.sortable (th data-k: "t" sorts
/// by the cell's text, a number by that field of the row's data-n list).
void writePageHead(llvm::StringRef Title, llvm::raw_ostream &OS);
void writePageTail(llvm::raw_ostream &OS);
/// A number for a data-n attribute (what tables sort on); 0 if not finite.
std::string dataNum(double V);
/// "Lo \u2013 Hi".
std::string range(const std::string &Lo, const std::string &Hi);
/// The Markdown of a rule doc (headings, paragraphs, bullet and numbered
/// lists, pipe tables, fenced code, `code`, **bold**, links as text) as HTML.
std::string markdown(llvm::StringRef Md);

/// One bar of a horizontal bar chart. Label and Tip are raw text.
struct Bar {
  std::string Label, Tip, ValueText;
  double Value = 0;
  double Low = 0, High = 0; // a whisker when High > Low
  std::string Class;        // CSS class of the bar
};
struct BarChart {
  std::string Title, Axis; // Axis: what the x axis counts, with its unit
  std::vector<Bar> Bars;
  /// Legend entries: (CSS class, text).
  std::vector<std::pair<std::string, std::string>> Legend;
};
/// Bars from 0 on a linear axis; a sentence instead of a chart when no value
/// is positive.
void writeBarChart(const BarChart &C, llvm::raw_ostream &OS);

struct Point {
  double X = 0, Y = 0;
  std::string Tip;
};
struct Series {
  std::string Name; // raw text
  std::vector<Point> Points;
};
struct LineChart {
  std::string Title, XAxis, YAxis;
  std::vector<Series> S;
  bool LogX = true; // ticks at the points' x values
};
/// Lines with markers; y on a log axis when it spans more than a decade.
void writeLineChart(const LineChart &C, llvm::raw_ostream &OS);

struct Roof {
  std::string Label; // "bf16, fp16"
  double FlopsPerS = 0;
  bool Used = false; // a precision the model's nodes run at: drawn bold
};
struct Dot {
  double Intensity = 0, FlopsPerS = 0; // FLOP/B, FLOP/s
  double Radius = 3;
  std::string Class, Tip;
};
struct Roofline {
  std::string Title;
  double BytesPerS = 0; // the memory roof's slope
  std::vector<Roof> Roofs;
  std::vector<Dot> Dots;
  std::vector<std::pair<std::string, std::string>> Legend;
};
/// Log-log roofline; a sentence when there is no bandwidth or no roof.
void writeRoofline(const Roofline &C, llvm::raw_ostream &OS);

} // namespace html
} // namespace wattlint

#endif
