//===- tools/Report.h - profile reporters -----------------------*- C++ -*-===//
//
// Writes a Profile as a table for people, JSON for machines (schema in
// docs/profile-json.md) or CSV for spreadsheets.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_TOOLS_REPORT_H
#define WATTLINT_TOOLS_REPORT_H

#include "analyzer/Profile.h"
#include "cost/CostModel.h"

#include "llvm/Support/raw_ostream.h"

namespace wattlint {

/// What the cost model adds to a profile (absent when no target applies).
struct CostReport {
  const Estimate *E = nullptr;
  const Scenario *S = nullptr;
  std::string Precision; // as asked: "" = the model's own dtypes
};

void writeProfileTable(const Model &M, const Profile &P, const CostReport &C, llvm::raw_ostream &OS);
void writeProfileJson(const Model &M, const Profile &P, const CostReport &C, llvm::raw_ostream &OS);
void writeProfileCsv(const Model &M, const Profile &P, const CostReport &C, llvm::raw_ostream &OS);
/// `wattlint targets` and `wattlint targets show NAME`.
void writeTargetList(llvm::ArrayRef<Target> Targets, llvm::raw_ostream &OS);
void writeTarget(const Target &T, llvm::raw_ostream &OS);

} // namespace wattlint

#endif
