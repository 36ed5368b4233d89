//===- tools/reporters/Common.cpp - what the reporters share --------------===//
#include "tools/reporters/Reporters.h"

#include "llvm/Support/JSON.h"

#include <fmt/format.h>

#include <algorithm>

using namespace llvm;

namespace wattlint {

void writeProfile(ProfileFormat F, const Analysis &A, const ProfileView &V, raw_ostream &OS) {
  switch (F) {
#define PROFILE_FORMAT(Name, Writer, Description)                                                  \
  case ProfileFormat::Name:                                                                        \
    return Writer(A, V, OS);
#include "tools/reporters/Reporters.def"
  }
}

void writeCheck(CheckFormat F, ArrayRef<Analysis> As, const CheckRun &R, raw_ostream &OS) {
  switch (F) {
#define CHECK_FORMAT(Name, Writer, Description)                                                    \
  case CheckFormat::Name:                                                                          \
    return Writer(As, R, OS);
#include "tools/reporters/Reporters.def"
  }
}

std::vector<const NodeRecord *> viewNodes(const Analysis &A, const ProfileView &V) {
  std::vector<const NodeRecord *> Out;
  for (const NodeRecord &R : A.Nodes)
    Out.push_back(&R);
  auto Energy = [](const NodeRecord *R) { return R->Cost ? R->Cost->EnergyJ : 0.0; };
  auto Time = [](const NodeRecord *R) { return R->Cost ? R->Cost->TimeS : 0.0; };
  switch (V.Sort) {
  case SortKey::Graph:
    break;
  case SortKey::Energy:
    std::stable_sort(Out.begin(), Out.end(),
                     [&](auto *X, auto *Y) { return Energy(X) > Energy(Y); });
    break;
  case SortKey::Time:
    std::stable_sort(Out.begin(), Out.end(), [&](auto *X, auto *Y) { return Time(X) > Time(Y); });
    break;
  case SortKey::Macs:
    std::stable_sort(Out.begin(), Out.end(),
                     [](auto *X, auto *Y) { return X->Prof->W.Macs > Y->Prof->W.Macs; });
    break;
  case SortKey::Name:
    std::stable_sort(Out.begin(), Out.end(), [](auto *X, auto *Y) { return X->Key < Y->Key; });
    break;
  }
  if (V.Top && Out.size() > V.Top)
    Out.resize(V.Top);
  return Out;
}

const char *statusName(NodeProfile::Status S) {
  switch (S) {
  case NodeProfile::Status::Costed:
    return "costed";
  case NodeProfile::Status::ControlFlow:
    return "control-flow";
  case NodeProfile::Status::UnknownOp:
    return "unknown-op";
  case NodeProfile::Status::UnresolvedShape:
    return "unresolved-shape";
  }
  return "?";
}

std::string precisionLabel(const Analysis &A) {
  StringRef P = precisionName(A.S->Prec.Value);
  return P.empty() ? "model" : P.str();
}

void jsonString(std::string &Out, StringRef S) {
  std::string Fixed;
  if (!json::isUTF8(S)) {
    Fixed = json::fixUTF8(S);
    S = Fixed;
  }
  Out.push_back('"');
  for (char C : S) {
    if (C == '"' || C == '\\') {
      Out.push_back('\\');
      Out.push_back(C);
    } else if (static_cast<unsigned char>(C) < 0x20 || C == 0x7f) {
      Out += fmt::format("\\u{:04x}", unsigned(static_cast<unsigned char>(C)));
    } else {
      Out.push_back(C);
    }
  }
  Out.push_back('"');
}

} // namespace wattlint
