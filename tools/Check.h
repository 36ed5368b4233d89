//===- tools/Check.h - `wattlint check`, `rules`, `explain` -----*- C++ -*-===//
#ifndef WATTLINT_TOOLS_CHECK_H
#define WATTLINT_TOOLS_CHECK_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace wattlint {

struct CheckArgs {
  std::vector<std::string> Models;
  std::vector<std::string> Dims;
  std::string Rules;      // overrides the config's rules when set
  std::string Target;     // "" = config, else h200
  std::string TargetFile;
  std::string Precision;
  std::string Region;
  std::string Config;     // explicit config file
  std::string Format = "text";
  std::string FailOn;     // "" = config, else warning
  std::string Baseline, WriteBaseline;
  bool DumpConfig = false;
};

/// Parses --dim NAME=VALUE arguments over Base (0 <= VALUE <= 2^40).
llvm::Expected<std::map<std::string, int64_t>>
parseDimArgs(llvm::ArrayRef<std::string> Args, std::map<std::string, int64_t> Base = {});

/// Runs the rules on every model; returns the exit code (0, 1 or 2).
int runCheck(const CheckArgs &A);
int runRulesList();
int runExplain(const std::string &Id);

} // namespace wattlint

#endif
