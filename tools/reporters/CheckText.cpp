//===- tools/reporters/CheckText.cpp - `check` as compiler diagnostics ----===//
//
// model.onnx:/lstm/LSTM (LSTM): warning: <message> [rule-id]
//   note: <numbers>
//   help: <alternative>: saves 12.3 mJ per inference (4.1% of the model) on h200
//
//===----------------------------------------------------------------------===//
#include "analyzer/Text.h"
#include "cost/Derived.h"
#include "tools/Format.h"
#include "tools/reporters/Reporters.h"

#include <fmt/format.h>

using namespace llvm;

namespace wattlint {

namespace {

struct Paint {
  bool On;
  std::string operator()(StringRef Code, StringRef Text) const {
    return On ? "\033[" + Code.str() + "m" + Text.str() + "\033[0m" : Text.str();
  }
};

std::string severityWord(Severity S, const Paint &P) {
  switch (S) {
  case Severity::Error:
    return P("1;31", "error:");
  case Severity::Warning:
    return P("1;35", "warning:");
  case Severity::Note:
    return P("1;36", "note:");
  }
  return "";
}

std::string location(const Analysis &A, const Finding &F) {
  std::string Path = printable(A.Path);
  if (F.NodeIndex < 0)
    return F.Node.empty()
               ? Path
               : Path + ":" + printable(A.keyOf(F)) + " (" + printable(F.OpType, 64) + ")";
  const NodeRecord &R = A.Nodes[F.NodeIndex];
  std::string Loc = R.Location.empty() ? Path : printable(R.Location);
  return Loc + ":" + printable(R.Key) + " (" + printable(R.Prof->N->OpType, 64) + ")";
}

void writeFinding(const Analysis &A, const Finding &F, const Paint &P, raw_ostream &OS) {
  OS << P("1", location(A, F) + ":") << " " << severityWord(F.Sev, P) << " "
     << printable(renderText(F.Message, F)) << " [" << F.Rule << "]\n";
  for (const SourceNote &N : F.RelatedLocations)
    OS << P("1", printable(N.place()) + ":") << " " << severityWord(Severity::Note, P) << " "
       << printable(N.Message, 1024) << "\n";
  for (const std::string &N : F.Notes)
    OS << "  note: " << printable(renderText(N, F)) << "\n";
  if (!F.Related.empty()) {
    std::string Names;
    size_t Shown = 0;
    for (int I : F.Related) {
      if (++Shown > 8)
        break;
      Names += (Names.empty() ? "" : ", ") + printable(A.Nodes[I].Key, 128);
    }
    if (F.Related.size() > 8)
      Names += fmt::format(" and {} more", F.Related.size() - 8);
    OS << "  note: same cause: " << Names << "\n";
  }
  if (F.Unstated == Deployment::Batch)
    OS << "  note: a note because the batch size is not stated ('" << printable(A.M->BatchDim, 64)
       << "' is dynamic); state it with dims: in " << ConfigFileName
       << " (or --dim) to get this as a " << severityName(findRule(F.Rule)->Default) << "\n";
  if (F.Unstated == Deployment::Precision)
    OS << "  note: a note because the serving precision is not stated; state it with precision: "
          "in "
       << ConfigFileName << " (or --precision) to get this as a "
       << severityName(findRule(F.Rule)->Default) << "\n";
  if (F.Help.empty())
    return;
  OS << "  help: " << printable(renderText(F.Help, F));
  if (F.SavingsJ > 0)
    OS << fmt::format(": saves {} per inference ({:.1f}% of the model) on {}", joules(F.SavingsJ),
                      100 * F.SavingsFraction, printable(A.E->Target, 64));
  OS << "\n";
}

} // namespace

void writeCheckText(ArrayRef<Analysis> As, const CheckRun &R, raw_ostream &OS) {
  Paint P{R.Color};
  for (const Analysis &A : As) {
    unsigned Counts[3] = {0, 0, 0};
    for (const Finding &F : A.Findings) {
      ++Counts[int(F.Sev)];
      writeFinding(A, F, P, OS);
    }
    OS << fmt::format("{}: {} error(s), {} warning(s), {} note(s); {} suppressed",
                      printable(A.Path), Counts[2], Counts[1], Counts[0], A.Suppressed);
    if (A.BelowMinSavings)
      OS << fmt::format(", {} below min_savings", A.BelowMinSavings);
    if (A.E) {
      OS << fmt::format("; on {}, {:.4g} J per inference of {}", printable(A.E->Target, 64),
                        A.E->EnergyJ,
                        A.E->Batch);
      if (size_t U = A.uncosted())
        OS << fmt::format(" (a lower bound: {} node(s) not costed)", U);
      if (A.Sc && A.Sc->HasCarbon)
        OS << fmt::format(", {:.3g} g CO2e ({})", A.Sc->TotalKg * 1000, A.Sc->Region);
      if (double S = A.savingsJ(); S > 0)
        OS << fmt::format("; fixes save up to {} ({:.1f}%)", joules(S),
                          100 * shareOf(S, A.E->EnergyJ));
    }
    OS << "\n";
  }
  for (const auto &[Loc, Msg] : R.Stale)
    OS << P("1", Loc + ":") << " " << severityWord(Severity::Note, P) << " " << Msg << "\n";
}

} // namespace wattlint
