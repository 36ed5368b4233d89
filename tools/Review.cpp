//===- tools/Review.cpp - `wattlint report` and `wattlint compare` --------===//
//
// Both analyze each model once at its session's settings, then cost it again
// at other targets, precisions and batches from the IR (report/WhatIf.h).
//
//===----------------------------------------------------------------------===//
#include "analyzer/Text.h"
#include "tools/Cli.h"
#include "tools/Commands.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace wattlint {

namespace {

/// The targets a review report shows a model on besides its own: a spread
/// of data-center, inference, edge and CPU machines.
constexpr const char *ReviewTargets[] = {"h200", "h100-sxm", "a100-80gb",       "l4",
                                         "t4",   "l40s",     "jetson-agx-orin", "epyc-9654"};
/// Batches of a review report's batch sweep.
constexpr int64_t ReviewBatches[] = {1, 2, 4, 8, 16, 32, 64, 128, 256};

/// The models of a run, each analyzed at its session's settings; the
/// sources (the caller's) stay open for the what-ifs.
struct Analyzed {
  Sessions Ss;
  std::vector<ModelSource *> Srcs;
  std::vector<Analysis> As;
  explicit Analyzed(const Flags &F) : Ss(F) {}
};

Error analyzeAll(ArrayRef<std::unique_ptr<ModelSource>> Models, bool RunRules, Analyzed &Out) {
  Ledger L;
  for (const std::unique_ptr<ModelSource> &Src : Models) {
    Expected<const Session *> S = Out.Ss.forModel(Src->path());
    if (!S)
      return S.takeError();
    if (!(*S)->T)
      return createStringError(inconvertibleErrorCode(),
                               "a review costs every model: drop --no-cost");
    Out.Srcs.push_back(Src.get());
    AnalyzeOptions O;
    O.RunRules = RunRules;
    O.L = &L;
    Expected<Analysis> A = analyze(*Out.Srcs.back(), **S, O);
    if (!A)
      return A.takeError();
    for (const std::string &W : A->Warnings)
      warnModel(A->Path, W);
    Out.As.push_back(std::move(*A));
  }
  return Error::success();
}

/// The targets Names, each running the session's runtime; the session's own
/// target keeps its power limit (--power-limit), the others run at TDP.
Expected<std::vector<Target>> targetsNamed(ArrayRef<std::string> Names, StringRef TargetFile,
                                           const Target &Session) {
  std::vector<Target> Out;
  for (const std::string &N : Names) {
    if (any_of(Out, [&](const Target &T) { return T.Name == N; }))
      continue;
    Expected<Target> T = resolveTarget(N, TargetFile);
    if (!T)
      return createStringError(inconvertibleErrorCode(), "--targets: %s",
                               toString(T.takeError()).c_str());
    // Names are case-insensitive: "h200,H200" is one target.
    if (any_of(Out, [&](const Target &Had) { return Had.Name == T->Name; }))
      continue;
    T->Rt = Session.Rt;
    if (T->Name == Session.Name)
      T->PowerLimitW = Session.PowerLimitW;
    Out.push_back(std::move(*T));
  }
  return Out;
}

/// The names of a comma-separated list; an empty one ("h200,") is an error.
Expected<std::vector<std::string>> splitList(StringRef List, StringRef Flag) {
  SmallVector<StringRef, 8> Parts;
  List.split(Parts, ',');
  std::vector<std::string> Out;
  for (StringRef P : Parts) {
    if (P.trim().empty())
      return createStringError(inconvertibleErrorCode(), "%s: '%s' has an empty entry",
                               Flag.str().c_str(), printable(List, 64).c_str());
    Out.push_back(P.trim().str());
  }
  return Out;
}

/// The batches, precisions and targets a sweep asks for (nullopt: the
/// default).
struct Settings {
  std::optional<std::vector<int64_t>> Batches;
  std::optional<std::vector<Precision>> Precs;
  std::optional<std::vector<std::string>> Targets;
};

Error parseSettings(const SweepArgs &W, Settings &Out) {
  if (!W.Batches.empty()) {
    Expected<std::vector<int64_t>> B = parseBatches(W.Batches, "--batches");
    if (!B)
      return B.takeError();
    Out.Batches = std::move(*B);
  }
  if (!W.Precisions.empty()) {
    Expected<std::vector<Precision>> P = parsePrecisions(W.Precisions, "--precisions");
    if (!P)
      return P.takeError();
    Out.Precs = std::move(*P);
  }
  if (!W.Targets.empty()) {
    Expected<std::vector<std::string>> T = splitList(W.Targets, "--targets");
    if (!T)
      return T.takeError();
    Out.Targets = std::move(*T);
  }
  return Error::success();
}

} // namespace

int runReport(const Flags &F, ArrayRef<std::unique_ptr<ModelSource>> Models, const SweepArgs &W,
              StringRef OutPath) {
  if (Models.empty())
    return fail("report needs at least one model");
  if (OutPath.empty())
    return fail("report needs -o FILE.html");
  Settings Set;
  if (Error E = parseSettings(W, Set))
    return fail(toString(std::move(E)));
  Analyzed Run(F);
  if (Error E = analyzeAll(Models, /*RunRules=*/true, Run))
    return fail(toString(std::move(E)));

  std::vector<ReviewModel> Review;
  for (size_t I = 0; I < Run.As.size(); ++I) {
    const Analysis &A = Run.As[I];
    ReviewModel R;
    R.Main = &A;
    std::vector<std::string> Names = {A.S->T->Name};
    if (!Set.Targets)
      Names.insert(Names.end(), std::begin(ReviewTargets), std::end(ReviewTargets));
    else
      Names.insert(Names.end(), Set.Targets->begin(), Set.Targets->end());
    Expected<std::vector<Target>> Ts = targetsNamed(Names, F.TargetFile, *A.S->T);
    if (!Ts)
      return fail(toString(Ts.takeError()));
    for (const Target &T : *Ts) {
      Expected<WhatIf> P = T.Name == A.S->T->Name
                               ? Expected<WhatIf>(whatIfOf(A))
                               : whatIf(*Run.Srcs[I], A, T, A.S->Prec.Value, std::nullopt);
      if (!P)
        return fail(toString(P.takeError()));
      R.Targets.push_back(std::move(*P));
    }
    if (A.M->BatchDim.empty()) {
      errs() << programName() << ": warning: " << printable(A.Path)
             << ": no symbolic batch dim: the report has no batch sweep\n";
    } else {
      std::vector<int64_t> Bs =
          Set.Batches ? *Set.Batches
                      : std::vector<int64_t>(std::begin(ReviewBatches), std::end(ReviewBatches));
      for (Precision P : Set.Precs ? *Set.Precs : precisionsOf(*A.S->T))
        for (int64_t B : Bs) {
          Expected<WhatIf> Pt = whatIf(*Run.Srcs[I], A, *A.S->T, P, B);
          if (!Pt)
            return fail(toString(Pt.takeError()));
          R.BatchSweep.push_back(std::move(*Pt));
        }
    }
    Review.push_back(std::move(R));
  }
  std::string Html;
  raw_string_ostream OS(Html);
  writeHtmlReport(Review, OS);
  if (Error E = writeOutputFile(OutPath, Html))
    return fail(toString(std::move(E)));
  return finish(ExitClean);
}

int runCompare(const Flags &F, ArrayRef<std::unique_ptr<ModelSource>> Models, const SweepArgs &W,
               CompareFormat Format) {
  if (Models.empty())
    return fail("compare needs at least one model");
  Settings Set;
  if (Error E = parseSettings(W, Set))
    return fail(toString(std::move(E)));
  Analyzed Run(F);
  if (Error E = analyzeAll(Models, /*RunRules=*/false, Run))
    return fail(toString(std::move(E)));
  std::vector<WhatIf> Rows;
  for (size_t I = 0; I < Run.As.size(); ++I) {
    const Analysis &A = Run.As[I];
    std::vector<std::string> Names =
        Set.Targets ? *Set.Targets : std::vector<std::string>{A.S->T->Name};
    Expected<std::vector<Target>> Ts = targetsNamed(Names, F.TargetFile, *A.S->T);
    if (!Ts)
      return fail(toString(Ts.takeError()));
    std::vector<Precision> Ps = Set.Precs ? *Set.Precs : std::vector<Precision>{A.S->Prec.Value};
    std::vector<std::optional<int64_t>> Bs;
    if (Set.Batches)
      for (int64_t B : *Set.Batches)
        Bs.push_back(B);
    else
      Bs.push_back(std::nullopt);
    for (const Target &T : *Ts)
      for (Precision P : Ps)
        for (std::optional<int64_t> B : Bs) {
          Expected<WhatIf> Row = whatIf(*Run.Srcs[I], A, T, P, B);
          if (!Row)
            return fail(toString(Row.takeError()));
          Rows.push_back(std::move(*Row));
        }
  }
  switch (Format) {
  case CompareFormat::table:
    writeCompareTable(Rows, out());
    break;
  case CompareFormat::markdown:
    writeCompareMarkdown(Rows, out());
    break;
  case CompareFormat::csv:
    writeCompareCsv(Rows, out());
    break;
  case CompareFormat::json:
    writeCompareJson(Rows, out());
    break;
  case CompareFormat::html:
    writeCompareHtml(Rows, out());
    break;
  }
  return finish(ExitClean);
}

} // namespace wattlint
