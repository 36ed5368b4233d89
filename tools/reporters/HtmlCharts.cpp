//===- tools/reporters/HtmlCharts.cpp - inline SVG charts -----------------===//
//
// Bar, line and roofline charts drawn as inline SVG by the report writer (no
// script draws them). Every coordinate goes through num(), which never writes
// NaN or an infinity; data that leaves nothing to draw gives a sentence.
//
//===----------------------------------------------------------------------===//
#include "tools/reporters/Html.h"

#include "tools/Format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

using namespace llvm;

namespace wattlint {
namespace html {

namespace {

constexpr double Width = 960;
/// Average advance of a character of the charts' 11px sans-serif text
/// (DejaVu Sans, the widest of the usual fallbacks), for laying out legends.
constexpr double CharW = 7;

bool positive(double V) { return std::isfinite(V) && V > 0; }

/// Maps a value of [Lo, Hi] (linear or log) to pixels [P0, P1].
struct Scale {
  double Lo = 0, Hi = 1;
  bool Log = false;
  double P0 = 0, P1 = 1;
  double operator()(double V) const {
    double T;
    if (Log) {
      V = std::max(V, Lo);
      T = (std::log10(V) - std::log10(Lo)) / (std::log10(Hi) - std::log10(Lo));
    } else {
      T = (V - Lo) / (Hi - Lo);
    }
    if (!std::isfinite(T))
      T = 0;
    return P0 + std::clamp(T, -0.05, 1.05) * (P1 - P0);
  }
};

/// Ticks 0, step, ... up to the first at or above Max (Max > 0), step 1, 2
/// or 5 x 10^k; the last tick is the scale's end.
std::vector<double> linearTicks(double Max) {
  double Raw = Max / 5;
  double Mag = std::pow(10.0, std::floor(std::log10(Raw)));
  double Step = Mag;
  for (double F : {1.0, 2.0, 5.0, 10.0})
    if (F * Mag >= Raw) {
      Step = F * Mag;
      break;
    }
  std::vector<double> Out;
  for (int I = 0; I <= 12; ++I) {
    Out.push_back(I * Step);
    if (I * Step >= Max * (1 - 1e-9))
      break;
  }
  return Out;
}

/// Whole decades around [Lo, Hi] (both positive), at most MaxDecades, kept
/// from the top.
std::pair<double, double> decades(double Lo, double Hi, int MaxDecades) {
  int A = int(std::floor(std::log10(Lo) + 1e-9)), B = int(std::ceil(std::log10(Hi) - 1e-9));
  if (B <= A)
    B = A + 1;
  A = std::max(A, B - MaxDecades);
  return {std::pow(10.0, A), std::pow(10.0, B)};
}

/// Ticks of a log scale: each decade, with 2 and 5 between when it spans at
/// most two.
std::vector<double> logTicks(double Lo, double Hi) {
  std::vector<double> Out;
  int A = int(std::round(std::log10(Lo))), B = int(std::round(std::log10(Hi)));
  for (int E = A; E <= B; ++E) {
    double D = std::pow(10.0, E);
    Out.push_back(D);
    if (B - A <= 2 && E < B) {
      Out.push_back(2 * D);
      Out.push_back(5 * D);
    }
  }
  return Out;
}

void empty(StringRef Title, StringRef Why, raw_ostream &OS) {
  OS << "<p class=\"empty\"><b>" << esc(Title) << ":</b> " << esc(Why) << "</p>\n";
}

void open(StringRef Title, double Height, raw_ostream &OS) {
  OS << "<figure class=\"chart\"><svg viewBox=\"0 0 " << num(Width) << " " << num(Height)
     << "\" width=\"" << num(Width) << "\" height=\"" << num(Height)
     << "\" role=\"img\" aria-label=\"" << esc(Title) << "\">\n<title>" << esc(Title)
     << "</title>\n<text class=\"ctitle\" x=\"8\" y=\"20\">" << esc(Title) << "</text>\n";
}

void close(raw_ostream &OS) { OS << "</svg></figure>\n"; }

/// Legend items in a row that ends at the right edge, on the title's line.
void legend(ArrayRef<std::pair<std::string, std::string>> Items, raw_ostream &OS) {
  double Total = 0;
  for (const auto &[Class, Text] : Items)
    Total += 22 + CharW * Text.size();
  double X = Width - 8 - Total;
  for (const auto &[Class, Text] : Items) {
    OS << "<rect class=\"" << esc(Class) << "\" x=\"" << num(X) << "\" y=\"10\" width=\"12\" "
       << "height=\"12\"/><text class=\"legend\" x=\"" << num(X + 16) << "\" y=\"20\">" << esc(Text)
       << "</text>\n";
    X += 22 + CharW * Text.size();
  }
}

/// Vertical grid lines and labels of an x scale, from Top to Bottom.
void xAxis(const Scale &X, ArrayRef<double> Ticks, double Top, double Bottom, StringRef Label,
           raw_ostream &OS) {
  for (double T : Ticks) {
    double P = X(T);
    OS << "<line class=\"grid\" x1=\"" << num(P) << "\" x2=\"" << num(P) << "\" y1=\"" << num(Top)
       << "\" y2=\"" << num(Bottom) << "\"/><text class=\"tick\" x=\"" << num(P) << "\" y=\""
       << num(Bottom + 15) << "\" text-anchor=\"middle\">" << esc(siTick(T)) << "</text>\n";
  }
  OS << "<line class=\"axis\" x1=\"" << num(X.P0) << "\" x2=\"" << num(X.P1) << "\" y1=\""
     << num(Bottom) << "\" y2=\"" << num(Bottom) << "\"/>\n<text class=\"alabel\" x=\""
     << num((X.P0 + X.P1) / 2) << "\" y=\"" << num(Bottom + 34) << "\" text-anchor=\"middle\">"
     << esc(Label) << "</text>\n";
}

/// Horizontal grid lines and labels of a y scale, from Left to Right.
void yAxis(const Scale &Y, ArrayRef<double> Ticks, double Left, double Right, StringRef Label,
           raw_ostream &OS) {
  for (double T : Ticks) {
    double P = Y(T);
    OS << "<line class=\"grid\" x1=\"" << num(Left) << "\" x2=\"" << num(Right) << "\" y1=\""
       << num(P) << "\" y2=\"" << num(P) << "\"/><text class=\"tick\" x=\"" << num(Left - 6)
       << "\" y=\"" << num(P + 4) << "\" text-anchor=\"end\">" << esc(siTick(T)) << "</text>\n";
  }
  double Mid = (Y.P0 + Y.P1) / 2;
  OS << "<line class=\"axis\" x1=\"" << num(Left) << "\" x2=\"" << num(Left) << "\" y1=\""
     << num(Y.P0) << "\" y2=\"" << num(Y.P1) << "\"/>\n<text class=\"alabel\" x=\"16\" y=\""
     << num(Mid) << "\" text-anchor=\"middle\" transform=\"rotate(-90 16 " << num(Mid) << ")\">"
     << esc(Label) << "</text>\n";
}

/// The ticks of [Lo, Hi] on S, and S's ends set to them.
std::vector<double> fitScale(Scale &S, double Lo, double Hi, bool Log, int MaxDecades = 12) {
  S.Log = Log;
  if (Log) {
    std::tie(S.Lo, S.Hi) = decades(Lo, Hi, MaxDecades);
    return logTicks(S.Lo, S.Hi);
  }
  std::vector<double> T = linearTicks(Hi);
  S.Lo = 0;
  S.Hi = T.back();
  return T;
}

} // namespace

void writeBarChart(const BarChart &C, raw_ostream &OS) {
  double Max = 0;
  for (const Bar &B : C.Bars)
    for (double V : {B.Value, B.Low, B.High})
      if (positive(V))
        Max = std::max(Max, V);
  if (Max <= 0)
    return empty(C.Title, "nothing to draw (no positive values).", OS);
  constexpr double Top = 36, RowH = 20, BarH = 14, Left = 300, Right = 150, Bottom = 48;
  double Height = Top + RowH * double(C.Bars.size()) + Bottom;
  double PlotBottom = Top + RowH * double(C.Bars.size());
  Scale X;
  X.P0 = Left;
  X.P1 = Width - Right;
  std::vector<double> Ticks = fitScale(X, 0, Max, false);
  open(C.Title, Height, OS);
  legend(C.Legend, OS);
  xAxis(X, Ticks, Top - 4, PlotBottom + 4, C.Axis, OS);
  double Y = Top;
  for (const Bar &B : C.Bars) {
    double End = positive(B.Value) ? X(B.Value) : X.P0;
    OS << "<g><title>" << esc(B.Tip, 2048) << "</title><text class=\"blabel\" x=\"" << num(Left - 8)
       << "\" y=\"" << num(Y + BarH - 3) << "\" text-anchor=\"end\">" << escTail(B.Label, 44)
       << "</text><rect class=\"" << esc(B.Class) << "\" x=\"" << num(X.P0) << "\" y=\"" << num(Y)
       << "\" width=\"" << num(std::max(End - X.P0, 1.0)) << "\" height=\"" << num(BarH) << "\"/>";
    double TextX = End;
    if (positive(B.High) && B.High > B.Low) {
      double L = X(std::max(B.Low, X.Lo)), H = X(B.High), M = Y + BarH / 2;
      OS << "<path class=\"whisker\" d=\"M" << num(L) << " " << num(M) << "H" << num(H) << "M"
         << num(L) << " " << num(M - 4) << "V" << num(M + 4) << "M" << num(H) << " " << num(M - 4)
         << "V" << num(M + 4) << "\"/>";
      TextX = std::max(TextX, H);
    }
    OS << "<text class=\"bvalue\" x=\"" << num(TextX + 6) << "\" y=\"" << num(Y + BarH - 3) << "\">"
       << esc(B.ValueText) << "</text></g>\n";
    Y += RowH;
  }
  close(OS);
}

void writeLineChart(const LineChart &C, raw_ostream &OS) {
  std::vector<double> Xs;
  double YMax = 0, YMin = 0;
  for (const Series &S : C.S)
    for (const Point &P : S.Points)
      if (positive(P.X) && positive(P.Y)) {
        Xs.push_back(P.X);
        YMax = std::max(YMax, P.Y);
        YMin = YMin > 0 ? std::min(YMin, P.Y) : P.Y;
      }
  if (Xs.empty())
    return empty(C.Title, "nothing to draw (no positive values).", OS);
  std::sort(Xs.begin(), Xs.end());
  Xs.erase(std::unique(Xs.begin(), Xs.end()), Xs.end());
  constexpr double Top = 36, Left = 76, Right = 140, Bottom = 52, PlotH = 300;
  Scale X;
  X.P0 = Left + 12;
  X.P1 = Width - Right - 12;
  X.Log = C.LogX;
  X.Lo = C.LogX ? Xs.front() : 0;
  X.Hi = Xs.back();
  if (!(X.Hi > X.Lo)) { // one x value: it sits in the middle
    X.Lo = C.LogX ? X.Lo / 2 : X.Lo - 1;
    X.Hi = C.LogX ? X.Hi * 2 : X.Hi + 1;
  }
  // Ticks at the data's x values, thinned to keep their labels apart.
  std::vector<double> XTicks;
  for (double V : Xs)
    if (XTicks.empty() || X(V) - X(XTicks.back()) >= 40)
      XTicks.push_back(V);
  Scale Y;
  Y.P0 = Top + PlotH;
  Y.P1 = Top;
  std::vector<double> YTicks = fitScale(Y, YMin, YMax, YMax / YMin > 10, 8);
  open(C.Title, Top + PlotH + Bottom, OS);
  xAxis(X, XTicks, Top, Top + PlotH, C.XAxis, OS);
  yAxis(Y, YTicks, X.P0 - 12, X.P1 + 12, C.YAxis, OS);
  for (size_t I = 0; I < C.S.size(); ++I) {
    const Series &S = C.S[I];
    std::string Class = "s" + std::to_string(I % 8);
    std::string D;
    for (const Point &P : S.Points)
      if (positive(P.X) && positive(P.Y))
        D += (D.empty() ? "M" : "L") + num(X(P.X)) + " " + num(Y(P.Y));
    OS << "<g class=\"" << Class << "\"><title>" << esc(S.Name) << "</title>";
    if (!D.empty())
      OS << "<path class=\"line\" d=\"" << D << "\"/>";
    for (const Point &P : S.Points)
      if (positive(P.X) && positive(P.Y))
        OS << "<circle cx=\"" << num(X(P.X)) << "\" cy=\"" << num(Y(P.Y)) << "\" r=\"4\"><title>"
           << esc(P.Tip, 2048) << "</title></circle>";
    // The legend, at the right of the plot.
    double LY = Top + 8 + 18 * double(I);
    OS << "<path class=\"line\" d=\"M" << num(Width - Right + 8) << " " << num(LY - 4) << "h18\"/>"
       << "<text class=\"legend\" x=\"" << num(Width - Right + 32) << "\" y=\"" << num(LY) << "\">"
       << escTail(S.Name, 16) << "</text></g>\n";
  }
  close(OS);
}

namespace {

/// Moves label positions (sorted top to bottom) apart by Gap within [Lo, Hi].
void spread(std::vector<double> &Ys, double Gap, double Lo, double Hi) {
  for (size_t I = 1; I < Ys.size(); ++I)
    Ys[I] = std::max(Ys[I], Ys[I - 1] + Gap);
  if (!Ys.empty() && Ys.back() > Hi) {
    Ys.back() = Hi;
    for (size_t I = Ys.size() - 1; I-- > 0;)
      Ys[I] = std::min(Ys[I], Ys[I + 1] - Gap);
  }
  for (double &Y : Ys)
    Y = std::max(Y, Lo);
}

} // namespace

void writeRoofline(const Roofline &C, raw_ostream &OS) {
  double Peak = 0, PeakLow = 0;
  for (const Roof &R : C.Roofs)
    if (positive(R.FlopsPerS)) {
      Peak = std::max(Peak, R.FlopsPerS);
      PeakLow = PeakLow > 0 ? std::min(PeakLow, R.FlopsPerS) : R.FlopsPerS;
    }
  if (!positive(C.BytesPerS) || Peak <= 0)
    return empty(C.Title, "the target gives no memory bandwidth or no peak throughput.", OS);
  double BW = C.BytesPerS;
  // The x range holds every dot and each ridge point with room either side.
  double XLo = PeakLow / BW / 30, XHi = Peak / BW * 30;
  double YLo = PeakLow / 1e3, YHi = Peak * 1.5;
  for (const Dot &D : C.Dots)
    if (positive(D.Intensity) && positive(D.FlopsPerS)) {
      XLo = std::min(XLo, D.Intensity), XHi = std::max(XHi, D.Intensity);
      YLo = std::min(YLo, D.FlopsPerS), YHi = std::max(YHi, D.FlopsPerS);
    }
  constexpr double Top = 36, Left = 76, Right = 200, Bottom = 52, PlotH = 400;
  Scale X, Y;
  X.P0 = Left;
  X.P1 = Width - Right;
  Y.P0 = Top + PlotH;
  Y.P1 = Top;
  std::vector<double> XTicks = fitScale(X, XLo, XHi, true, 10);
  std::vector<double> YTicks = fitScale(Y, YLo, YHi, true, 10);
  open(C.Title, Top + PlotH + Bottom, OS);
  legend(C.Legend, OS);
  xAxis(X, XTicks, Top, Top + PlotH, "arithmetic intensity (FLOP per byte moved)", OS);
  yAxis(Y, YTicks, Left, Width - Right, "attained throughput (FLOP/s)", OS);
  // The memory roof, from the left edge (or the bottom) to the highest ridge.
  double MX0 = std::max(X.Lo, Y.Lo / BW), MX1 = Peak / BW;
  OS << "<g><title>memory roof: " << esc(formatSI(BW, "B/s")) << " x intensity</title><path "
     << "class=\"roof mem\" d=\"M" << num(X(MX0)) << " " << num(Y(BW * MX0)) << "L" << num(X(MX1))
     << " " << num(Y(Peak)) << "\"/></g>\n";
  // Its label, along the line near its lower end.
  double LX = std::pow(10.0, (std::log10(MX0) * 3 + std::log10(MX1)) / 4);
  double Angle = std::atan2(Y(BW * MX1) - Y(BW * MX0), X(MX1) - X(MX0)) * 180 / M_PI;
  OS << "<text class=\"rlabel\" x=\"" << num(X(LX)) << "\" y=\"" << num(Y(BW * LX) - 6)
     << "\" transform=\"rotate(" << num(Angle) << " " << num(X(LX)) << " " << num(Y(BW * LX) - 6)
     << ")\">memory " << esc(formatSI(BW, "B/s")) << "</text>\n";
  // A flat roof per peak, from its ridge point; labels at the right, apart.
  std::vector<const Roof *> Rs;
  for (const Roof &R : C.Roofs)
    if (positive(R.FlopsPerS))
      Rs.push_back(&R);
  std::stable_sort(Rs.begin(), Rs.end(),
                   [](const Roof *A, const Roof *B) { return A->FlopsPerS > B->FlopsPerS; });
  std::vector<double> LabelY;
  for (const Roof *R : Rs)
    LabelY.push_back(Y(R->FlopsPerS) + 4);
  spread(LabelY, 14, Top + 4, Top + PlotH);
  for (size_t I = 0; I < Rs.size(); ++I) {
    const Roof &R = *Rs[I];
    double Ridge = R.FlopsPerS / BW;
    std::string PeakText = formatSI(R.FlopsPerS, "FLOP/s");
    OS << "<g><title>" << esc(R.Label) << ": " << esc(PeakText) << " dense peak, ridge at "
       << esc(siTick(Ridge)) << " FLOP/B</title><path class=\"roof" << (R.Used ? " used" : "")
       << "\" d=\"M" << num(X(Ridge)) << " " << num(Y(R.FlopsPerS)) << "H" << num(X.P1)
       << "\"/><text class=\"rlabel" << (R.Used ? " used" : "") << "\" x=\"" << num(X.P1 + 6)
       << "\" y=\"" << num(LabelY[I]) << "\">" << esc(R.Label) << ": " << esc(PeakText)
       << "</text></g>\n";
  }
  for (const Dot &D : C.Dots)
    if (positive(D.Intensity) && positive(D.FlopsPerS))
      OS << "<circle class=\"" << esc(D.Class) << "\" cx=\"" << num(X(D.Intensity)) << "\" cy=\""
         << num(Y(D.FlopsPerS)) << "\" r=\"" << num(std::clamp(D.Radius, 1.0, 12.0)) << "\"><title>"
         << esc(D.Tip, 2048) << "</title></circle>\n";
  close(OS);
}

} // namespace html
} // namespace wattlint
