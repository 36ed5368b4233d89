//===- test/unit/RulesTest.cpp - rule selection and globs -----------------===//
#include "rules/Engine.h"

#include <gtest/gtest.h>

using namespace wattlint;

namespace {

bool enabled(std::vector<std::string> Globs, llvm::StringRef Id) {
  auto Sel = llvm::cantFail(selectRules(Globs));
  for (const RuleInfo *R : Sel)
    if (Id == R->Id)
      return true;
  return false;
}

TEST(Rules, GlobsSelectLikeClangTidy) {
  // In order: a glob adds what it matches, '-' removes it from what is on.
  EXPECT_FALSE(enabled({"-*", "recurrent-*"}, "graph-dead-node"));
  EXPECT_TRUE(enabled({"-*", "recurrent-*"}, "recurrent-dense-suffices"));
  EXPECT_FALSE(enabled({"*", "-recurrent-dense-suffices"}, "recurrent-dense-suffices"));
  EXPECT_TRUE(enabled({"*", "-recurrent-dense-suffices"}, "recurrent-sequential-bottleneck"));
  EXPECT_FALSE(enabled({}, "graph-dead-node"));
  // Subtracting from the config's selection keeps the rest of it.
  EXPECT_TRUE(enabled({"*", "-graph-dead-node"}, "graph-constant-subgraph"));
}

TEST(Rules, AGlobThatMatchesNothingIsAnErrorWithASuggestion) {
  auto Sel = selectRules({"recurent-*"});
  ASSERT_FALSE(bool(Sel));
  std::string Msg = llvm::toString(Sel.takeError());
  EXPECT_NE(Msg.find("matches no rule"), std::string::npos) << Msg;
  auto Typo = selectRules({"graph-dead-nod"});
  ASSERT_FALSE(bool(Typo));
  EXPECT_NE(llvm::toString(Typo.takeError()).find("did you mean 'graph-dead-node'"),
            std::string::npos);
}

TEST(Rules, TableIsSortedAndComplete) {
  auto All = allRules();
  ASSERT_GE(All.size(), 16u);
  for (size_t I = 1; I < All.size(); ++I)
    EXPECT_LT(std::string(All[I - 1].Id), std::string(All[I].Id));
  for (const RuleInfo &R : All) {
    EXPECT_FALSE(ruleDoc(R.Id).empty()) << R.Id << " has no doc page";
    auto Made = R.Make(RuleOptions());
    ASSERT_TRUE(bool(Made)) << R.Id;
  }
}

TEST(Rules, InvalidOptionsAreConfigErrors) {
  for (const RuleInfo &R : allRules()) {
    if (std::string(R.Id) != "recurrent-dense-suffices")
      continue;
    auto Made = R.Make(RuleOptions(std::map<std::string, std::string>{{"max_steps", "-3"}}));
    ASSERT_FALSE(bool(Made));
    EXPECT_NE(llvm::toString(Made.takeError()).find("max_steps"), std::string::npos);
  }
}

} // namespace
