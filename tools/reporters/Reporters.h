//===- tools/reporters/Reporters.h - renderers of an Analysis ----*- C++ -*-===//
//
// Reporters only render: they read an Analysis (and, for check, the run's
// errors and stale suppressions) and write text; every number they print is
// in the Analysis or comes from a cost/ function.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_TOOLS_REPORTERS_REPORTERS_H
#define WATTLINT_TOOLS_REPORTERS_REPORTERS_H

#include "report/Analysis.h"
#include "report/Diff.h"
#include "report/WhatIf.h"

#include "llvm/Support/raw_ostream.h"

namespace wattlint {

enum class ProfileFormat {
#define PROFILE_FORMAT(Name, Writer, Description) Name,
#include "tools/reporters/Reporters.def"
};
enum class CheckFormat {
#define CHECK_FORMAT(Name, Writer, Description) Name,
#include "tools/reporters/Reporters.def"
};

enum class SortKey { Graph, Energy, Macs, Time, Name };

/// How a profile is shown (table and CSV honour Top and Sort).
struct ProfileView {
  SortKey Sort = SortKey::Graph;
  size_t Top = 0; // 0 = every node
  bool ByOp = false;
};

/// What a check run adds to its analyses.
struct CheckRun {
  std::vector<std::pair<std::string, std::string>> Errors; // model, message
  std::vector<std::pair<std::string, std::string>> Stale;  // location, message
  bool Color = false;
};

#define PROFILE_FORMAT(Name, Writer, Description)                                                  \
  void Writer(const Analysis &A, const ProfileView &V, llvm::raw_ostream &OS);
#define CHECK_FORMAT(Name, Writer, Description)                                                    \
  void Writer(llvm::ArrayRef<Analysis> As, const CheckRun &R, llvm::raw_ostream &OS);
#include "tools/reporters/Reporters.def"

void writeProfile(ProfileFormat F, const Analysis &A, const ProfileView &V, llvm::raw_ostream &OS);
void writeCheck(CheckFormat F, llvm::ArrayRef<Analysis> As, const CheckRun &R,
                llvm::raw_ostream &OS);

/// `profile --sweep DIM=...`: the profiles (each already in Format) of one
/// model at each value of Dim, as one result.
void writeSweep(ProfileFormat Format, llvm::StringRef Dim, llvm::ArrayRef<int64_t> Values,
                llvm::ArrayRef<std::string> Profiles, llvm::raw_ostream &OS);

/// The indices of the node records (A.Nodes), in the order and number the
/// view asks for.
std::vector<size_t> viewNodes(const Analysis &A, const ProfileView &V);
/// "f32" etc. and the status names of the JSON and CSV outputs.
const char *statusName(NodeProfile::Status S);
/// The precision a profile reports: "model" or the forced one.
std::string precisionLabel(const Analysis &A);
/// A finding's template (message, note or help) with its placeholders
/// filled from its measures and words (rules/Rule.h); not yet escaped.
std::string renderText(llvm::StringRef Template, const Finding &F);
/// S with invalid UTF-8 repaired, as llvm::json requires of a string.
std::string jsonText(llvm::StringRef S);
/// A JSON string literal (invalid UTF-8 repaired, control characters escaped).
void jsonString(std::string &Out, llvm::StringRef S);

/// A model of an HTML review report: the analysis at the session's settings
/// (findings included) and its what-ifs.
struct ReviewModel {
  const Analysis *Main = nullptr;
  /// On Main's target: every precision the target supports x each batch.
  std::vector<WhatIf> BatchSweep;
  /// Main's precision and batch on each target of the report.
  std::vector<WhatIf> Targets;
};

/// `wattlint report`: one self-contained HTML file (no network access).
void writeHtmlReport(llvm::ArrayRef<ReviewModel> Ms, llvm::raw_ostream &OS);

/// `wattlint diff OLD NEW`.
enum class DiffFormat { text, json, markdown };
/// What a diff run adds to the Diff: the growth budget and its verdict.
struct DiffRun {
  std::optional<double> FailOnIncrease; // percent
  DiffMetric Metric = DiffMetric::EnergyPerSample;
  bool Failed = false;
  size_t Top = 20; // node changes shown (text, Markdown)
};
void writeDiffText(const Diff &D, const DiffRun &R, llvm::raw_ostream &OS);
void writeDiffJson(const Diff &D, const DiffRun &R, llvm::raw_ostream &OS);
void writeDiffMarkdown(const Diff &D, const DiffRun &R, llvm::raw_ostream &OS);

/// GitHub's limit on a pull-request comment (characters); Markdown output
/// cuts its lists to stay under it.
inline constexpr size_t GithubCommentLimit = 65536;

/// `wattlint compare`: one row per model x target x precision x batch.
enum class CompareFormat { table, markdown, csv, json, html };
void writeCompareTable(llvm::ArrayRef<WhatIf> Rows, llvm::raw_ostream &OS);
void writeCompareMarkdown(llvm::ArrayRef<WhatIf> Rows, llvm::raw_ostream &OS);
void writeCompareCsv(llvm::ArrayRef<WhatIf> Rows, llvm::raw_ostream &OS);
void writeCompareJson(llvm::ArrayRef<WhatIf> Rows, llvm::raw_ostream &OS);
void writeCompareHtml(llvm::ArrayRef<WhatIf> Rows, llvm::raw_ostream &OS);

/// `wattlint targets`, `targets show NAME`, `regions`, `rules` as text or JSON.
void writeTargetList(llvm::ArrayRef<Target> Targets, bool Json, llvm::raw_ostream &OS);
void writeTarget(const Target &T, bool Json, llvm::raw_ostream &OS);
void writeRegions(llvm::ArrayRef<Region> Regions, llvm::ArrayRef<Pue> Pues, bool Json,
                  llvm::raw_ostream &OS);
void writeRules(bool Json, llvm::raw_ostream &OS);

} // namespace wattlint

#endif
