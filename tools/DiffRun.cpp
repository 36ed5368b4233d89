//===- tools/DiffRun.cpp - diff two analyzed versions of a model ---------===//
//
// Analyzes both versions (rules included, so that new and fixed findings
// show), diffs them (report/Diff.h) and applies the growth budget: exit 1
// when NEW grows past --fail-on-increase, or when NEW could not be costed
// in full (a budget never passes on a lower bound). The model sources come
// from either front end: ONNX files (DiffCommand.cpp) or C++ sources
// (wattlint-cxx).
//
//===----------------------------------------------------------------------===//
#include "analyzer/Text.h"
#include "tools/Cli.h"
#include "tools/Commands.h"

#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace llvm;

namespace wattlint {

int runDiffOf(const Flags &F, const DiffArgs &Args, ModelSource &OldSrc, ModelSource &NewSrc) {
  if (Args.FailOnIncrease && !(std::isfinite(*Args.FailOnIncrease) && *Args.FailOnIncrease >= 0))
    return fail("--fail-on-increase: the percentage must be a finite number >= 0");
  Sessions Ss(F);
  Ledger L;
  std::vector<Analysis> As;
  for (ModelSource *Src : {&OldSrc, &NewSrc}) {
    Expected<const Session *> S = Ss.forModel(Src->path());
    if (!S)
      return fail(toString(S.takeError()));
    AnalyzeOptions O;
    O.RunRules = true;
    O.L = &L;
    Expected<Analysis> A = analyze(*Src, **S, O);
    if (!A)
      return fail(toString(A.takeError()));
    for (const std::string &W : A->Warnings)
      warnModel(A->Path, W);
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
    writeDiffText(D, R, out());
    break;
  case DiffFormat::json:
    writeDiffJson(D, R, out());
    break;
  case DiffFormat::markdown:
    writeDiffMarkdown(D, R, out());
    break;
  }
  return finish(R.Failed ? ExitFindings : ExitClean);
}

} // namespace wattlint
