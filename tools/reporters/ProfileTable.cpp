//===- tools/reporters/ProfileTable.cpp - `profile` as a table ------------===//
#include "analyzer/Text.h"
#include "cost/Derived.h"
#include "tools/Format.h"
#include "tools/reporters/Reporters.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>

using namespace llvm;

namespace wattlint {

namespace {

std::string dimsLine(const Model &M) {
  std::string S;
  for (const auto &[Name, V] : M.BoundDims)
    S += (S.empty() ? "" : ", ") + printable(Name, 64) + "=" + std::to_string(V);
  return S;
}

/// Where the last MaxBytes (or fewer) bytes of a printable() string start
/// without cutting a \xNN escape or a UTF-8 sequence in two.
size_t tailStart(StringRef S, size_t MaxBytes) {
  size_t From = S.size() - MaxBytes;
  for (size_t At = 0; At < S.size();) {
    if (At >= From)
      return At;
    unsigned char C = S[At];
    if (C == '\\' && At + 1 < S.size() && S[At + 1] == 'x')
      At += 4; // an escape, \xNN
    else
      At += C < 0x80 ? 1 : C < 0xe0 ? 2 : C < 0xf0 ? 3 : 4;
  }
  return S.size();
}

/// The first output's shape, "+N" for N more outputs, appended to Out.
void appendFirstShape(std::string &Out, const NodeRecord &R) {
  const ShapeRef *First = nullptr;
  size_t Count = 0;
  for (int O : R.Prof->N->Outputs)
    if (O >= 0 && !Count++)
      First = &R.Prof->G->value(O).Shape;
  if (First)
    appendShape(Out, *First ? &**First : nullptr);
  if (Count > 1)
    fmt::format_to(std::back_inserter(Out), FMT_COMPILE(" +{}"), Count - 1);
}

/// True for text a terminal shows as itself, one column a byte.
bool plainAscii(StringRef S) {
  return std::all_of(S.begin(), S.end(), [](char C) { return C >= 0x20 && C < 0x7f; });
}

/// S padded with spaces to Width columns, S known to be ASCII (the
/// numbers this writer formats): one column a byte.
void padAscii(fmt::memory_buffer &Buf, StringRef S, size_t Width, bool Left) {
  size_t Fill = Width > S.size() ? Width - S.size() : 0, At = Buf.size();
  Buf.resize(At + Fill + S.size()); // one resize: a row pads 15 fields
  char *P = Buf.data() + At;
  if (!Left)
    P = std::fill_n(P, Fill, ' ');
  P = std::copy(S.begin(), S.end(), P);
  if (Left)
    std::fill_n(P, Fill, ' ');
}

/// S padded with spaces to Width columns, on the right (fmt's {:<W}) or the
/// left ({:>W}). Plain ASCII is measured here by its bytes; anything else
/// by fmt, which counts a wide character as two columns.
void pad(fmt::memory_buffer &Buf, StringRef S, size_t Width, bool Left) {
  if (!std::all_of(S.begin(), S.end(),
                   [](char C) { return static_cast<unsigned char>(C) < 0x80; })) {
    fmt::string_view V(S.data(), S.size());
    if (Left)
      fmt::format_to(fmt::appender(Buf), FMT_COMPILE("{:<{}}"), V, Width);
    else
      fmt::format_to(fmt::appender(Buf), FMT_COMPILE("{:>{}}"), V, Width);
    return;
  }
  padAscii(Buf, S, Width, Left);
}

/// Totals per op type, costliest first (by energy, else MACs).
void writeByOp(const Analysis &A, const ProfileView &V, raw_ostream &OS) {
  struct Row {
    unsigned Nodes = 0, Uncosted = 0;
    Work W;
    double TimeS = 0, EnergyJ = 0;
  };
  std::map<std::string, Row> Rows;
  for (const NodeRecord &R : A.Nodes) {
    Row &X = Rows[R.Prof->N->OpType];
    ++X.Nodes;
    NodeProfile::Status S = R.Prof->State;
    if (S == NodeProfile::Status::UnknownOp || S == NodeProfile::Status::UnresolvedShape)
      ++X.Uncosted;
    X.W.Macs += R.Prof->W.Macs;
    X.W.Flops += R.Prof->W.Flops;
    X.W.Params += R.Prof->W.Params;
    X.W.BytesReadActivations += R.Prof->W.BytesReadActivations;
    X.W.BytesReadWeights += R.Prof->W.BytesReadWeights;
    X.W.BytesWritten += R.Prof->W.BytesWritten;
    if (R.Cost)
      X.TimeS += R.Cost->TimeS, X.EnergyJ += R.Cost->EnergyJ;
  }
  std::vector<std::pair<std::string, Row>> Sorted(Rows.begin(), Rows.end());
  std::stable_sort(Sorted.begin(), Sorted.end(), [&](auto &X, auto &Y) {
    if (V.Sort == SortKey::Name || V.Sort == SortKey::Graph)
      return X.first < Y.first;
    if (V.Sort == SortKey::Macs || !A.E)
      return X.second.W.Macs > Y.second.W.Macs;
    if (V.Sort == SortKey::Time)
      return X.second.TimeS > Y.second.TimeS;
    return X.second.EnergyJ > Y.second.EnergyJ;
  });
  if (V.Top && Sorted.size() > V.Top)
    Sorted.resize(V.Top);
  OS << fmt::format("{:<24} {:>6} {:>11} {:>12} {:>10} {:>11} {:>6}", "op", "nodes", "MACs",
                    "FLOPs", "params", "bytes", "%MACs");
  if (A.E)
    OS << fmt::format(" {:>10} {:>10} {:>7}", "time", "energy", "%energy");
  OS << "\n";
  for (const auto &[Op, X] : Sorted) {
    OS << fmt::format("{:<24} {:>6} {:>11} {:>12} {:>10} {:>11} {:>5.1f}%", printable(Op, 24),
                      X.Nodes, formatSI(double(X.W.Macs), "MAC"),
                      formatSI(double(X.W.Flops), "FLOP"), formatSI(double(X.W.Params), ""),
                      formatBytes(X.W.bytesRead() + X.W.BytesWritten),
                      100 * shareOf(double(X.W.Macs), double(A.P.Totals.Macs)));
    if (A.E)
      OS << fmt::format(" {:>10} {:>10} {:>6.1f}%", formatSI(X.TimeS, "s"),
                        formatSI(X.EnergyJ, "J"), 100 * shareOf(X.EnergyJ, A.E->EnergyJ));
    if (X.Uncosted)
      OS << fmt::format("  ({} not counted)", X.Uncosted);
    OS << "\n";
  }
}

void writeNodes(const Analysis &A, const ProfileView &V, raw_ostream &OS) {
  const Work &T = A.P.Totals;
  OS << fmt::format("{:<40} {:<20} {:<22} {:>11} {:>12} {:>10} {:>11} {:>9} {:>6}", "node", "op",
                    "output shape", "MACs", "FLOPs", "params", "bytes", "FLOP/B", "%MACs");
  if (A.E)
    OS << fmt::format(" {:>10} {:>10} {:>7} {:<8}", "time", "energy", "%energy", "bound");
  OS << "\n";
  std::vector<size_t> Rows = viewNodes(A, V);
  // Rows go through one buffer (a million-node table is mostly formatting).
  fmt::memory_buffer Buf;
  auto Out = fmt::appender(Buf);
  std::string Field;
  // Each number column's recent texts (repeated layers repeat them).
  NumberMemo Memo[9];
  for (size_t RI : Rows) {
    if (Buf.size() > 1 << 16) {
      OS.write(Buf.data(), Buf.size());
      Buf.clear();
    }
    NodeRecord R = A.Nodes[RI];
    const NodeProfile &P = *R.Prof;
    // Plain names (most) are padded as they are; others escaped, and the
    // long ones cut to their last 37 bytes.
    if (R.Key.size() <= 40 && plainAscii(R.Key)) {
      padAscii(Buf, R.Key, 40, true);
    } else {
      std::string Name = printable(R.Key);
      if (Name.size() > 40)
        Name = "..." + Name.substr(tailStart(Name, 37));
      pad(Buf, Name, 40, true);
    }
    Buf.push_back(' ');
    StringRef OpType = P.N->OpType;
    bool Times = P.Multiplier != 1 && P.State == NodeProfile::Status::Costed;
    if (!Times && OpType.size() <= 64 && plainAscii(OpType)) {
      padAscii(Buf, OpType, 20, true);
    } else {
      std::string Op = printable(OpType, 64);
      if (Times)
        Op += " x" + std::to_string(P.Multiplier);
      pad(Buf, Op, 20, true);
    }
    Buf.push_back(' ');
    // "{:<40} {:<20} {:<22} ", padded by hand: fmt measures every string's
    // width, which is most of what a million-row table costs. The numbers
    // are written into one scratch string, reused row after row.
    Field.clear();
    appendFirstShape(Field, R);
    padAscii(Buf, Field, 22, true);
    Buf.push_back(' ');
    if (P.State == NodeProfile::Status::UnknownOp ||
        P.State == NodeProfile::Status::UnresolvedShape) {
      fmt::format_to(Out, FMT_COMPILE("{}\n"),
                     P.State == NodeProfile::Status::UnknownOp
                         ? std::string("? unknown op (not counted)")
                         : "? " + printable(P.Note) + " (not counted)");
      continue;
    }
    if (P.State == NodeProfile::Status::ControlFlow) {
      fmt::format_to(Out, FMT_COMPILE("{}\n"), printable(P.Note));
      continue;
    }
    const Work &W = P.W;
    // Column C's text for the number whose bits are Key, padded to Width.
    auto Number = [&](unsigned C, uint64_t Key, auto Write, size_t Width) {
      padAscii(Buf, Memo[C].text(Key, Write), Width, false);
    };
    auto Bits = NumberMemo::key;
    // "{:>11} {:>12} {:>10} {:>11} {:>9.2f} {:>5.1f}%"
    Number(
        0, W.Macs, [&](std::string &F) { appendSI(F, double(W.Macs), "MAC"); }, 11);
    Buf.push_back(' ');
    Number(
        1, W.Flops, [&](std::string &F) { appendSI(F, double(W.Flops), "FLOP"); }, 12);
    Buf.push_back(' ');
    Number(
        2, W.Params, [&](std::string &F) { appendSI(F, double(W.Params), ""); }, 10);
    Buf.push_back(' ');
    uint64_t Bytes = W.bytesRead() + W.BytesWritten;
    Number(
        3, Bytes, [&](std::string &F) { appendBytes(F, Bytes); }, 11);
    // " {:>9.2f} {:>5.1f}%"
    Buf.push_back(' ');
    double Intensity = W.intensity();
    Number(
        4, Bits(Intensity), [&](std::string &F) { appendFixed(F, Intensity, 2); }, 9);
    Buf.push_back(' ');
    double MacShare = 100 * shareOf(double(W.Macs), double(T.Macs));
    Number(
        5, Bits(MacShare), [&](std::string &F) { appendFixed(F, MacShare, 1); }, 5);
    Buf.push_back('%');
    if (R.Cost) {
      // " {:>10} {:>10} {:>6.1f}% {:<8}"
      const NodeEstimate &NE = *R.Cost;
      Buf.push_back(' ');
      Number(
          6, Bits(NE.TimeS), [&](std::string &F) { appendSI(F, NE.TimeS, "s"); }, 10);
      Buf.push_back(' ');
      Number(
          7, Bits(NE.EnergyJ), [&](std::string &F) { appendSI(F, NE.EnergyJ, "J"); }, 10);
      Buf.push_back(' ');
      double Share = 100 * shareOf(NE.EnergyJ, A.E->EnergyJ);
      Number(
          8, Bits(Share), [&](std::string &F) { appendFixed(F, Share, 1); }, 6);
      Buf.append(StringRef("% "));
      padAscii(Buf, boundName(R.Cost->B), 8, true);
    }
    Buf.push_back('\n');
  }
  OS.write(Buf.data(), Buf.size());
  if (Rows.size() < A.Nodes.size())
    OS << fmt::format("... {} more node(s) not shown (--top)\n", A.Nodes.size() - Rows.size());
}

} // namespace

void writeProfileTable(const Analysis &A, const ProfileView &V, raw_ostream &OS) {
  const Model &M = *A.M;
  const Profile &P = A.P;
  const Work &T = P.Totals;
  OS << fmt::format("{}: {} nodes, opset {}, IR {}{}\n", printable(A.Path), P.Nodes.size(),
                    M.Opsets.count("") ? M.Opsets.at("") : 0, M.IrVersion,
                    M.BoundDims.empty() ? "" : ", dims " + dimsLine(M));
  if (V.ByOp)
    writeByOp(A, V, OS);
  else
    writeNodes(A, V, OS);
  OS << "\ntotal: " << formatSI(double(T.Macs), "MAC") << ", " << formatSI(double(T.Flops), "FLOP")
     << " (" << formatSI(double(T.ElementwiseFlops), "FLOP") << " elementwise, "
     << formatSI(double(T.TranscendentalFlops), "FLOP") << " transcendental), "
     << formatSI(double(T.Params), "") << " params"
     << (P.UnreadParams
             ? " (" + formatSI(double(P.UnreadParams), "") + " of them registered but never read)"
             : std::string())
     << (T.Buffers ? " + " + formatSI(double(T.Buffers), "") +
                         " buffers (not trained: BatchNorm statistics, registered buffers)"
                   : std::string())
     << " (" << formatBytes(T.BytesReadWeights) << " of weights read)\n";
  OS << "memory: " << formatBytes(T.bytesRead()) << " read (" << formatBytes(T.BytesReadActivations)
     << " activations, " << formatBytes(T.BytesReadWeights) << " weights), "
     << formatBytes(T.BytesWritten) << " written; " << fmt::format("{:.2f}", T.intensity())
     << " FLOP/B\n";
  if (A.E) {
    const Estimate &E = *A.E;
    std::string Prec = precisionLabel(A);
    OS << fmt::format("on {} ({}): {} per inference of {} ({} .. {}), {} ({} .. {}); {} dynamic; "
                      "{} per sample\n",
                      E.Target, Prec == "model" ? "model dtypes" : Prec, formatSI(E.TimeS, "s"),
                      E.Batch, formatSI(E.TimeLowS, "s"), formatSI(E.TimeHighS, "s"),
                      formatSI(E.EnergyJ, "J"), formatSI(E.EnergyLowJ, "J"),
                      formatSI(E.EnergyHighJ, "J"), formatSI(E.DynamicJ, "J"),
                      formatSI(perSample(E.EnergyJ, E.Batch), "J"));
    OS << fmt::format("runtime {}: the host issues ops for {}, the device is busy {}; {} fused "
                      "kernel(s)",
                      printable(E.Runtime, 64), formatSI(E.HostS, "s"),
                      formatSI(E.DeviceBusyS, "s"), E.FusedGroups);
    if (E.LimitedKernels)
      OS << fmt::format("; the {:.0f} W power limit holds {} kernel(s) below full clock (down to "
                        "{:.2f})",
                        E.PowerLimitW, E.LimitedKernels, E.MinClock);
    OS << "\n";
  }
  if (A.Sc) {
    const Scenario &S = *A.Sc;
    OS << fmt::format("scenario: {} of {:.0f} samples: {} ({} .. {}) on the device, {:.4g} kWh at "
                      "the wall (PUE {:.2f})",
                      S.Kind, S.Samples, formatSI(S.EnergyJ, "J"), formatSI(S.EnergyLowJ, "J"),
                      formatSI(S.EnergyHighJ, "J"), S.Kwh, S.Pue);
    if (S.HasCarbon)
      OS << fmt::format("; {:.4g} kg CO2e operational ({}: {:.0f} g/kWh, {}), {:.4g} kg embodied, "
                        "{:.4g} kg total ({:.4g} .. {:.4g})",
                        S.OperationalKg, S.Region, S.GramsPerKwh, S.GridYear, S.EmbodiedKg,
                        S.TotalKg, S.TotalKgLow, S.TotalKgHigh);
    OS << "\n";
  }
  unsigned Unknown = 0;
  for (const auto &[Op, N] : P.UnknownOps)
    Unknown += N;
  OS << "nodes: " << P.CostedNodes << " costed, " << P.UnresolvedShapes.size()
     << " with unresolved shapes, " << Unknown << " of unknown ops\n";
  if (!P.UnknownOps.empty()) {
    OS << "unknown ops (not counted):";
    for (const auto &[Op, N] : P.UnknownOps)
      OS << " " << printable(Op, 64) << " x" << N;
    OS << "\n";
  }
  if (!P.UnresolvedShapes.empty()) {
    OS << "unresolved shapes (not counted):";
    size_t Shown = 0;
    for (const std::string &N : P.UnresolvedShapes) {
      if (++Shown > 20) {
        OS << " ... (" << P.UnresolvedShapes.size() - 20 << " more)";
        break;
      }
      OS << " " << printable(N, 128);
    }
    OS << "\n";
  }
}

} // namespace wattlint
