//===- test/unit/RulesTest.cpp - rule selection and globs -----------------===//
#include "rules/Engine.h"

#include <gtest/gtest.h>

using namespace wattlint;

namespace {

TEST(Rules, GlobsMatchLikeClangTidy) {
  EXPECT_TRUE(globMatch("*", "graph-dead-node"));
  EXPECT_TRUE(globMatch("recurrent-*", "recurrent-dense-suffices"));
  EXPECT_FALSE(globMatch("recurrent-*", "graph-dead-node"));
  EXPECT_TRUE(globMatch("/encoder/*/Conv", "/encoder/layer1/Conv"));
  EXPECT_FALSE(globMatch("/encoder/*/Conv", "/encoder/layer1/Relu"));
  // Later globs win; '-' removes.
  EXPECT_FALSE(ruleEnabled("-*,recurrent-*", "graph-dead-node"));
  EXPECT_TRUE(ruleEnabled("-*,recurrent-*", "recurrent-dense-suffices"));
  EXPECT_FALSE(ruleEnabled("*,-recurrent-dense-suffices", "recurrent-dense-suffices"));
  EXPECT_TRUE(ruleEnabled("*,-recurrent-dense-suffices", "recurrent-sequential-bottleneck"));
  EXPECT_FALSE(ruleEnabled("", "graph-dead-node"));
}

TEST(Rules, TableIsSortedAndComplete) {
  auto All = allRules();
  ASSERT_GE(All.size(), 16u);
  for (size_t I = 1; I < All.size(); ++I)
    EXPECT_LT(std::string(All[I - 1].Id), std::string(All[I].Id));
  for (const RuleInfo &R : All) {
    EXPECT_FALSE(ruleDoc(R.Id).empty()) << R.Id << " has no doc page";
    auto Made = R.Make({});
    ASSERT_TRUE(bool(Made)) << R.Id;
  }
}

TEST(Rules, InvalidOptionsAreConfigErrors) {
  for (const RuleInfo &R : allRules()) {
    if (std::string(R.Id) != "recurrent-dense-suffices")
      continue;
    auto Made = R.Make({{"max_steps", "-3"}});
    ASSERT_FALSE(bool(Made));
    EXPECT_NE(llvm::toString(Made.takeError()).find("max_steps"), std::string::npos);
  }
}

} // namespace
