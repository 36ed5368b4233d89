//===- tools/reporters/HtmlPage.cpp - what every HTML page shares ---------===//
//
// The stylesheet, the table-sorting script, and the head and foot of the
// review and compare pages. Both are inline: a page loads nothing.
//
//===----------------------------------------------------------------------===//
#include "tools/reporters/Html.h"

#include <fmt/format.h>

#include <cmath>

using namespace llvm;

namespace wattlint {
namespace html {

namespace {

constexpr const char *Css = R"css(
:root { --fg: #1d1f23; --muted: #5f6670; --line: #dde1e6; --bg: #ffffff; --soft: #f5f7f9;
  --accent: #2f6db5; --warn-bg: #fff6e0; --warn-line: #e0a100; --err: #b3261e; --note: #2c7a8c; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans",
    "DejaVu Sans", sans-serif; }
header.page, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 20px; border-bottom: 1px solid var(--line); }
header.page h1 { margin: 0 0 4px; font-size: 22px; }
h2 { font-size: 20px; margin: 32px 0 4px; word-break: break-all; }
h3 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h4 { font-size: 15px; margin: 16px 0 6px; }
h5, h6 { font-size: 14px; margin: 12px 0 4px; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono",
  "Liberation Mono", monospace; font-size: 12.5px; }
pre { background: var(--soft); padding: 8px 10px; overflow-x: auto; border-radius: 4px; }
a { color: var(--accent); }
.muted, .meta { color: var(--muted); }
nav.toc ul, nav.local { margin: 8px 0; padding: 0; list-style: none; }
nav.local a { margin-right: 14px; }
section.model { border-bottom: 2px solid var(--line); padding-bottom: 24px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 10px;
  margin: 14px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; background: var(--soft); }
.card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.card .v { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .s { color: var(--muted); font-size: 12px; }
.warn { background: var(--warn-bg); border-left: 4px solid var(--warn-line); padding: 8px 12px;
  margin: 10px 0; border-radius: 0 4px 4px 0; }
.warn ul { margin: 4px 0; padding-left: 20px; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.nw { white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.kv th { background: none; color: var(--muted); font-weight: normal; }
table.sortable th[data-k] { cursor: pointer; user-select: none; }
table.sortable th[data-k]:hover { background: #e8edf3; }
table.sortable th[aria-sort=ascending]::after { content: " \25B2"; font-size: 10px; }
table.sortable th[aria-sort=descending]::after { content: " \25BC"; font-size: 10px; }
.scroll { max-height: 70vh; overflow: auto; border: 1px solid var(--line); }
.scroll table { margin: 0; width: 100%; }
.scroll thead th { position: sticky; top: 0; z-index: 1; }
table.layers td.node { word-break: break-all; min-width: 220px; }
tr.uncosted td { background: var(--warn-bg); }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 4px;
  padding: 8px 12px; margin: 10px 0; }
.finding.error { border-left-color: var(--err); }
.finding.warning { border-left-color: var(--warn-line); }
.finding.note { border-left-color: var(--note); }
.finding p, .finding ul { margin: 4px 0; }
.finding ul { padding-left: 20px; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 12px; }
.error .sev { color: var(--err); } .warning .sev { color: #9a6b00; } .note .sev { color: var(--note); }
.where { word-break: break-all; }
.save { font-weight: 600; }
details.rule { border: 1px solid var(--line); border-radius: 4px; padding: 4px 12px; margin: 6px 0; }
details.rule summary { cursor: pointer; }
.doc table.md td, .doc table.md th { font-size: 13px; }
figure.chart { margin: 16px 0; }
figure.chart svg { width: 100%; max-width: 960px; height: auto; display: block;
  font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
figcaption { color: var(--muted); font-size: 13px; max-width: 960px; }
p.empty { color: var(--muted); font-style: italic; }
svg text { fill: #30343a; }
svg .ctitle { font-size: 14px; font-weight: 600; }
svg .tick, svg .legend, svg .bvalue { font-size: 11px; }
svg .blabel { font-size: 11px; }
svg .grid { stroke: #e6e9ed; stroke-width: 1; }
svg .axis { stroke: #8a9099; stroke-width: 1; }
svg .whisker { stroke: #30343a; stroke-width: 1.2; fill: none; }
svg .b-compute { fill: #3a6fb0; } svg .b-memory { fill: #e08a2c; }
svg .b-overhead { fill: #8e959e; } svg .b-none, svg .b-fused { fill: #c4c9cf; }
svg .b-op { fill: #5b8fc9; } svg .b-tgt { fill: #8fb3d9; } svg .b-main { fill: #2f6db5; }
svg circle.b-compute, svg circle.b-memory, svg circle.b-overhead, svg circle.b-none,
svg circle.b-fused {
  fill-opacity: .6; stroke: #fff; stroke-width: .5; }
svg .roof { stroke: #6b7178; stroke-width: 1.5; fill: none; }
svg .roof.used { stroke: #1d1f23; stroke-width: 2.5; }
svg .roof.mem { stroke: #b3261e; stroke-width: 2; }
svg .rlabel { font-size: 11px; } svg .rlabel.used { font-weight: 700; }
svg .line { fill: none; stroke-width: 2; }
svg .s0 { stroke: #2f6db5; fill: #2f6db5; } svg .s1 { stroke: #e08a2c; fill: #e08a2c; }
svg .s2 { stroke: #3c9a5f; fill: #3c9a5f; } svg .s3 { stroke: #b3261e; fill: #b3261e; }
svg .s4 { stroke: #7b52ab; fill: #7b52ab; } svg .s5 { stroke: #8c6d46; fill: #8c6d46; }
svg .s6 { stroke: #d16ba5; fill: #d16ba5; } svg .s7 { stroke: #5f6670; fill: #5f6670; }
svg g[class^=s] text { stroke: none; fill: #30343a; }
footer { color: var(--muted); font-size: 12px; padding: 16px 24px 32px; }
@media print { .scroll { max-height: none; overflow: visible; } }
)css";

/// Sorts a table.sortable by the header clicked: numeric columns by the
/// row's data-n values (th data-k is the index), text columns by the cell.
/// Sets data-wattlint-ready on <body> when it has run, for tests.
constexpr const char *Script = R"js(
(function () {
  'use strict';
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var k = th.getAttribute('data-k');
      if (k === null) return;
      var text = k === 't';
      th.tabIndex = 0;
      var sort = function () {
        var cur = th.getAttribute('aria-sort');
        var asc = cur ? cur === 'descending' : text;
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).map(function (r, i) {
          var v = text ? r.cells[col].textContent
                       : parseFloat((r.getAttribute('data-n') || '').split(' ')[+k]);
          if (!text && isNaN(v)) v = -Infinity;
          return { v: v, i: i, r: r };
        });
        rows.sort(function (a, b) {
          var c = text ? a.v.localeCompare(b.v) : (a.v < b.v ? -1 : a.v > b.v ? 1 : 0);
          return (asc ? c : -c) || a.i - b.i;
        });
        var frag = document.createDocumentFragment();
        rows.forEach(function (x) { frag.appendChild(x.r); });
        body.appendChild(frag);
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); }
      });
    });
  });
  document.body.setAttribute('data-wattlint-ready', String(tables.length));
})();
)js";

} // namespace

void writePageHead(StringRef Title, raw_ostream &OS) {
  OS << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     << "<meta name=\"generator\" content=\"wattlint\">\n<title>" << esc(Title) << "</title>\n"
     << "<style>" << Css << "</style>\n</head>\n<body>\n";
}

void writePageTail(raw_ostream &OS) {
  OS << "<footer>Figures are estimates of wattlint's cost model (docs/cost-model.md): a "
        "roofline per node on the target's sourced peaks, bandwidth and power. Ranges "
        "give the model's uncertainty. Energy is the device's unless a scenario says "
        "otherwise.</footer>\n<script>"
     << Script << "</script>\n</body>\n</html>\n";
}

std::string dataNum(double V) { return std::isfinite(V) ? fmt::format("{:.6g}", V) : "0"; }

std::string range(const std::string &Lo, const std::string &Hi) { return Lo + " \u2013 " + Hi; }

} // namespace html
} // namespace wattlint
