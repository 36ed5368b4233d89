//===- tools/reporters/CheckMarkdown.cpp - `check --format markdown` ------===//
//
// A pull-request comment: the verdict on the first line, a table of the
// models, the findings by savings with their help, details folded. Lists
// are cut, with a line saying how many were left out, to stay within one
// GitHub comment.
//
//===----------------------------------------------------------------------===//
#include "cost/Derived.h"
#include "tools/Format.h"
#include "tools/reporters/Markdown.h"
#include "tools/reporters/Reporters.h"

#include <fmt/format.h>

#include <algorithm>

using namespace llvm;

namespace wattlint {

namespace {

struct Row {
  const Analysis *A;
  const Finding *F;
};

std::string render(ArrayRef<Analysis> As, const CheckRun &R, size_t Cap) {
  std::string Out;
  unsigned Counts[3] = {0, 0, 0};
  bool Failed = !R.Errors.empty();
  std::vector<Row> Rows;
  for (const Analysis &A : As)
    for (const Finding &F : A.Findings) {
      ++Counts[int(F.Sev)];
      Failed |= failsGate(F, A.S->FailOn.Value);
      Rows.push_back({&A, &F});
    }
  std::stable_sort(Rows.begin(), Rows.end(), [](const Row &X, const Row &Y) {
    if (X.F->Sev != Y.F->Sev)
      return X.F->Sev > Y.F->Sev;
    return X.F->SavingsJ > Y.F->SavingsJ;
  });
  Out += fmt::format("**wattlint: {}**: {} model(s), {} error(s), {} warning(s), {} note(s)",
                     Failed ? "fail" : "pass", As.size(), Counts[2], Counts[1], Counts[0]);
  if (!R.Errors.empty())
    Out += fmt::format(", {} model(s) not read", R.Errors.size());
  Out += "\n\n";

  Out += "| model | target | energy / sample | findings | fixes save up to |\n"
         "|---|---|---:|---:|---:|\n";
  size_t Shown = 0, ModelCap = std::max<size_t>(Cap, 1);
  for (const Analysis &A : As) {
    if (Shown++ == ModelCap) {
      Out += fmt::format("\n{} more model(s) not shown.\n", As.size() - ModelCap);
      break;
    }
    Out += "| `" + mdCode(A.Path) + "` | ";
    if (A.E) {
      Out += mdText(A.E->Target, 64) + " | " + joules(perSample(A.E->EnergyJ, A.E->Batch));
      if (size_t U = A.uncosted())
        Out += fmt::format(" (lower bound: {} node(s) not costed)", U);
      double S = A.savingsJ();
      Out += fmt::format(
          " | {} | {}", A.Findings.size(),
          S > 0 ? fmt::format("{} ({:.1f}%)", joules(S), 100 * shareOf(S, A.E->EnergyJ)) : "-");
    } else {
      Out += fmt::format("- | - | {} | -", A.Findings.size());
    }
    Out += " |\n";
  }
  for (const auto &[Model, Msg] : R.Errors)
    Out += "\n> **error**: " + mdText(Msg, 1024) + "\n";

  if (!Rows.empty()) {
    Out += "\n### Findings\n\n";
    size_t N = std::min(Rows.size(), Cap);
    for (size_t I = 0; I < N; ++I) {
      const Analysis &A = *Rows[I].A;
      const Finding &F = *Rows[I].F;
      std::string Key = A.keyOf(F);
      Out += fmt::format("- **{}** `{}`", severityName(F.Sev), F.Rule);
      Out += " in `" + mdCode(A.Path) + "`";
      if (!Key.empty())
        Out += " at `" + mdCode(Key) + "`";
      Out += ": " + mdText(renderText(F.Message, F), 1024);
      if (F.SavingsJ > 0 && A.E)
        Out += fmt::format(" **Saves {} per inference ({:.1f}%)**.", joules(F.SavingsJ),
                           100 * F.SavingsFraction);
      Out += "\n";
    }
    if (N < Rows.size())
      Out += fmt::format("- ... and {} more finding(s) not shown (see the job log or "
                         "`--format sarif`).\n",
                         Rows.size() - N);

    Out += "\n<details><summary>Details of each finding</summary>\n\n";
    for (size_t I = 0; I < N; ++I) {
      const Analysis &A = *Rows[I].A;
      const Finding &F = *Rows[I].F;
      std::string Key = A.keyOf(F);
      Out += fmt::format("#### `{}` in `{}`", F.Rule, mdCode(A.Path));
      if (!Key.empty())
        Out += " at `" + mdCode(Key) + "`";
      Out += "\n\n";
      Out += mdText(renderText(F.Message, F), 2048) + "\n\n";
      for (const SourceNote &N : F.RelatedLocations)
        Out += "- `" + mdCode(N.place()) + "`: " + mdText(N.Message, 1024) + "\n";
      for (const std::string &Note : F.Notes)
        Out += "- " + mdText(renderText(Note, F), 2048) + "\n";
      if (!F.Help.empty())
        Out += "- help: " + mdText(renderText(F.Help, F), 2048) + "\n";
      Out += fmt::format("\n`wattlint explain {}` says why this costs energy.\n\n", F.Rule);
    }
    Out += "</details>\n";
  }
  if (!R.Stale.empty()) {
    Out += fmt::format("\n<details><summary>{} stale suppression(s)</summary>\n\n", R.Stale.size());
    size_t N = std::min(R.Stale.size(), Cap);
    for (size_t I = 0; I < N; ++I)
      Out += "- `" + mdCode(R.Stale[I].first) + "`: " + mdText(R.Stale[I].second, 1024) + "\n";
    if (N < R.Stale.size())
      Out += fmt::format("- ... and {} more\n", R.Stale.size() - N);
    Out += "\n</details>\n";
  }
  return Out;
}

} // namespace

void writeCheckMarkdown(ArrayRef<Analysis> As, const CheckRun &R, raw_ostream &OS) {
  OS << fitToLimit(GithubCommentLimit, 50, [&](size_t Cap) { return render(As, R, Cap); });
}

} // namespace wattlint
