//===- tools/reporters/CheckGithub.cpp - `check --format github` ----------===//
//
// GitHub Actions workflow commands: one ::error/::warning/::notice per
// finding, at the node's line where the front end knows it (else on the
// model file), with the related places in the message. GitHub shows at most
// 10 annotations per level per step, so each level's 10 largest savings are
// annotated and the rest are plain log lines, with a count of what was not
// annotated.
//
//===----------------------------------------------------------------------===//
#include "tools/Format.h"
#include "tools/reporters/Reporters.h"

#include "analyzer/Text.h"

#include <fmt/format.h>

#include <algorithm>

using namespace llvm;

namespace wattlint {

namespace {

/// GitHub's limit on annotations per level per step.
constexpr size_t AnnotationsPerLevel = 10;

/// A workflow command's message: '%', CR and LF escaped (and, in a
/// property, ':' and ',').
std::string escapeData(StringRef S, bool Property) {
  std::string Out;
  for (char C : printable(S, 2048)) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else if (Property && C == ':')
      Out += "%3A";
    else if (Property && C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

const char *command(Severity S) {
  return S == Severity::Error ? "error" : S == Severity::Warning ? "warning" : "notice";
}

} // namespace

void writeCheckGithub(ArrayRef<Analysis> As, const CheckRun &R, raw_ostream &OS) {
  struct Row {
    const Analysis *A;
    const Finding *F;
  };
  std::vector<Row> Rows;
  for (const Analysis &A : As)
    for (const Finding &F : A.Findings)
      Rows.push_back({&A, &F});
  std::stable_sort(Rows.begin(), Rows.end(),
                   [](const Row &X, const Row &Y) { return X.F->SavingsJ > Y.F->SavingsJ; });
  size_t Used[3] = {0, 0, 0}, Left = 0;
  for (const Row &Rw : Rows) {
    const Analysis &A = *Rw.A;
    const Finding &F = *Rw.F;
    std::string Key = A.keyOf(F);
    std::string Msg = (Key.empty() ? "" : Key + ": ") + renderText(F.Message, F);
    for (const SourceNote &N : F.RelatedLocations)
      Msg += " (" + N.place() + ": " + N.Message + ")";
    if (!F.Help.empty())
      Msg += " help: " + renderText(F.Help, F);
    if (F.SavingsJ > 0 && A.E)
      Msg += fmt::format(" (saves {} per inference, {:.1f}% of the model, on {})",
                         joules(F.SavingsJ), 100 * F.SavingsFraction, A.E->Target);
    if (Used[int(F.Sev)]++ >= AnnotationsPerLevel) {
      ++Left;
      OS << printable(A.Path) << ": " << severityName(F.Sev) << ": " << printable(Msg, 2048) << " ["
         << F.Rule << "]\n";
      continue;
    }
    // At the node's line where the front end knows it, else on the model.
    std::optional<SourceNote> At = sourceNote(A.locationOf(F), "");
    OS << "::" << command(F.Sev) << " file=" << escapeData(At ? At->File : A.Path, true);
    if (At)
      OS << fmt::format(",line={},col={}", At->Line, At->Column);
    OS << ",title=" << escapeData("wattlint " + F.Rule, true) << "::" << escapeData(Msg, false)
       << "\n";
  }
  if (Left)
    OS << fmt::format("wattlint: {} finding(s) past GitHub's {} annotations per level are listed "
                      "above as log lines\n",
                      Left, AnnotationsPerLevel);
  for (const auto &[Model, Msg] : R.Errors)
    OS << "::error file=" << escapeData(Model, true)
       << ",title=wattlint::" << escapeData(Msg, false) << "\n";
  for (const auto &[Loc, Msg] : R.Stale)
    OS << "::notice title=wattlint stale suppression::" << escapeData(Loc + ": " + Msg, false)
       << "\n";
}

} // namespace wattlint
