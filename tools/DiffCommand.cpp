//===- tools/DiffCommand.cpp - `wattlint diff OLD NEW` --------------------===//
//
// Analyzes both versions (rules included, so that new and fixed findings
// show), diffs them (report/Diff.h) and applies the growth budget: exit 1
// when NEW grows past --fail-on-increase, or when NEW could not be costed
// in full (a budget never passes on a lower bound).
//
//===----------------------------------------------------------------------===//
#include "analyzer/Text.h"
#include "onnx/OnnxSource.h"
#include "tools/Cli.h"
#include "tools/Commands.h"

#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace llvm;

namespace wattlint {

int runDiff(const Flags &F, const DiffArgs &Args) {
  if (Args.FailOnIncrease && !std::isfinite(*Args.FailOnIncrease))
    return fail("--fail-on-increase: the percentage must be a finite number");
  Sessions Ss(F);
  Ledger L;
  std::vector<std::unique_ptr<OnnxFile>> Srcs;
  std::vector<Analysis> As;
  for (const std::string &Path : {Args.Old, Args.New}) {
    Expected<const Session *> S = Ss.forModel(Path);
    if (!S)
      return fail(toString(S.takeError()));
    Srcs.push_back(std::make_unique<OnnxFile>(Path));
    AnalyzeOptions O;
    O.RunRules = true;
    O.L = &L;
    Expected<Analysis> A = analyze(*Srcs.back(), **S, O);
    if (!A)
      return fail(toString(A.takeError()));
    for (const std::string &W : A->Warnings)
      errs() << "wattlint: warning: " << printable(A->Path) << ": " << W << "\n";
    As.push_back(std::move(*A));
  }
  const Analysis &Old = As[0], &New = As[1];
  std::string OldTarget = Old.S->T ? Old.S->T->Name : "",
              NewTarget = New.S->T ? New.S->T->Name : "";
  if (OldTarget != NewTarget)
    return fail("the two models are costed on different targets (" + OldTarget + " and " +
                NewTarget + ", from their configurations): name one with --target");
  Diff D = diffAnalyses(Old, New);
  DiffRun R;
  R.FailOnIncrease = Args.FailOnIncrease;
  R.Metric = Args.Metric;
  R.Top = Args.Top;
  if (R.Metric == DiffMetric::Carbon && !D.HasCarbon)
    return fail("--metric carbon needs a grid region (--region or region: in the configuration)");
  if (R.FailOnIncrease) {
    double Change = percentChange(D.Before.get(R.Metric), D.After.get(R.Metric));
    R.Failed = Change > *R.FailOnIncrease || New.uncosted() > 0;
  }
  switch (Args.Format) {
  case DiffFormat::text:
    writeDiffText(D, R, outs());
    break;
  case DiffFormat::json:
    writeDiffJson(D, R, outs());
    break;
  case DiffFormat::markdown:
    writeDiffMarkdown(D, R, outs());
    break;
  }
  return finish(R.Failed ? ExitFindings : ExitClean);
}

} // namespace wattlint
