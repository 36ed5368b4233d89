//===- tools/Report.h - profile reporters -----------------------*- C++ -*-===//
//
// Writes a Profile as a table for people, JSON for machines (schema in
// docs/profile-json.md) or CSV for spreadsheets.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_TOOLS_REPORT_H
#define WATTLINT_TOOLS_REPORT_H

#include "analyzer/Profile.h"

#include "llvm/Support/raw_ostream.h"

namespace wattlint {

void writeProfileTable(const Model &M, const Profile &P, llvm::raw_ostream &OS);
void writeProfileJson(const Model &M, const Profile &P, llvm::raw_ostream &OS);
void writeProfileCsv(const Model &M, const Profile &P, llvm::raw_ostream &OS);

} // namespace wattlint

#endif
