//===- test/unit/Builder.h - tiny graphs for unit tests ---------*- C++ -*-===//
#ifndef WATTLINT_TEST_UNIT_BUILDER_H
#define WATTLINT_TEST_UNIT_BUILDER_H

#include "analyzer/OpCost.h"
#include "analyzer/Profile.h"

#include <gtest/gtest.h>

namespace wattlint::test {

/// Builds a one-graph model value by value and node by node.
struct Builder {
  Model M;
  Builder() { M.Opsets[""] = 23; M.Opsets["com.microsoft"] = 1; }
  Graph &g() { return M.Main; }

  int val(const std::string &Name, Dims Shape, DType T = DType::F32, bool Init = false) {
    int Id = g().getOrAddValue(Name);
    Value &V = g().value(Id);
    V.Shape = std::move(Shape);
    V.Type = T;
    V.IsInitializer = Init;
    V.IsGraphInput = !Init;
    return Id;
  }
  Node &node(const std::string &Op, std::vector<std::string> Ins, std::vector<std::string> Outs,
             const std::string &Domain = "") {
    Node N;
    N.OpType = Op;
    N.Domain = Domain;
    N.OpsetVersion = M.Opsets[Domain];
    N.Name = Op + std::to_string(g().Nodes.size());
    for (auto &I : Ins)
      N.Inputs.push_back(I.empty() ? -1 : g().getOrAddValue(I));
    for (auto &O : Outs) {
      int Id = g().getOrAddValue(O);
      g().value(Id).IsGraphInput = false;
      N.Outputs.push_back(Id);
    }
    g().Nodes.push_back(std::move(N));
    return g().Nodes.back();
  }
  static void setInt(Node &N, const std::string &A, int64_t V) {
    N.Attrs[A].K = Attribute::Kind::Int;
    N.Attrs[A].I = V;
  }
  static void setFloat(Node &N, const std::string &A, double V) {
    N.Attrs[A].K = Attribute::Kind::Float;
    N.Attrs[A].F = V;
  }
  static void setInts(Node &N, const std::string &A, std::vector<int64_t> V) {
    N.Attrs[A].K = Attribute::Kind::Ints;
    N.Attrs[A].Ints = std::move(V);
  }
  static void setString(Node &N, const std::string &A, const std::string &V) {
    N.Attrs[A].K = Attribute::Kind::String;
    N.Attrs[A].S = V;
  }

  /// Costs the last node with its registered function.
  OpWork cost() {
    const Node &N = g().Nodes.back();
    const OpEntry *E = lookupOp(N.Domain, N.OpType, N.OpsetVersion);
    EXPECT_NE(E, nullptr) << N.OpType << " has no cost function";
    OpWork W;
    if (E)
      EXPECT_TRUE(E->Fn(CostInput(g(), N), W)) << W.Note;
    return W;
  }
};

} // namespace wattlint::test

#endif
