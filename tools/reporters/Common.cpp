//===- tools/reporters/Common.cpp - what the reporters share --------------===//
#include "analyzer/Text.h"
#include "tools/Format.h"
#include "tools/reporters/Reporters.h"

#include "llvm/Support/JSON.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

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

namespace {

/// One measure's value as SPEC says, or by its unit.
std::string formatMeasure(const Measure &M, StringRef Spec) {
  double V = M.Value;
  if (Spec == "J" || (Spec.empty() && M.Unit == "J"))
    return joules(V);
  if (Spec.empty()) {
    if (std::isfinite(V) && V == std::floor(V) && std::fabs(V) < 1e18)
      return fmt::format("{:.0f}", V);
    return fmt::format("{:.3g}", V);
  }
  if (Spec.consume_front("%"))
    V *= 100;
  else if (Spec.consume_front("m"))
    V *= 1e3;
  else if (Spec.consume_front("G"))
    V /= 1e9;
  if (Spec.empty())
    return fmt::format("{:g}", V);
  // The spec comes from a rule's template, not from input: a bad one is a
  // programming error, reported in the text rather than thrown.
  try {
    return fmt::format(fmt::runtime("{:" + Spec.str() + "}"), V);
  } catch (const fmt::format_error &) {
    return "{bad spec " + Spec.str() + "}";
  }
}

} // namespace

std::string renderText(StringRef Template, const Finding &F) {
  std::string Out;
  while (!Template.empty()) {
    size_t Open = Template.find('{');
    size_t Close = Open == StringRef::npos ? StringRef::npos : Template.find('}', Open);
    if (Close == StringRef::npos) {
      Out += Template;
      break;
    }
    Out += Template.take_front(Open);
    StringRef Field = Template.slice(Open + 1, Close);
    Template = Template.drop_front(Close + 1);
    auto [Name, Spec] = Field.rsplit(':');
    // Words are the model's or the config's text (a dim's name): escaped
    // here, so that no format's prose (SARIF's and JSON's messages included)
    // carries an escape sequence, a line break or a bidi override.
    if (auto It = F.Words.find(Field.str()); It != F.Words.end()) {
      Out += printable(It->second, 256);
      continue;
    }
    const Measure *Found = nullptr;
    for (const Measure &M : F.Measures)
      if (M.Label == Field || (Field.contains(':') && M.Label == Name))
        Found = &M;
    Out += Found ? formatMeasure(*Found, Field.contains(':') ? Spec : StringRef())
                 : "{" + Field.str() + "}";
  }
  return Out;
}

std::vector<size_t> viewNodes(const Analysis &A, const ProfileView &V) {
  std::vector<size_t> Out(A.Nodes.size());
  for (size_t I = 0; I < Out.size(); ++I)
    Out[I] = I;
  const Profile &P = A.P;
  auto Energy = [&](size_t I) { return A.E ? A.E->Nodes[I].EnergyJ : 0.0; };
  auto Time = [&](size_t I) { return A.E ? A.E->Nodes[I].TimeS : 0.0; };
  switch (V.Sort) {
  case SortKey::Graph:
    break;
  case SortKey::Energy:
    std::stable_sort(Out.begin(), Out.end(),
                     [&](size_t X, size_t Y) { return Energy(X) > Energy(Y); });
    break;
  case SortKey::Time:
    std::stable_sort(Out.begin(), Out.end(), [&](size_t X, size_t Y) { return Time(X) > Time(Y); });
    break;
  case SortKey::Macs:
    std::stable_sort(Out.begin(), Out.end(),
                     [&](size_t X, size_t Y) { return P.Nodes[X].W.Macs > P.Nodes[Y].W.Macs; });
    break;
  case SortKey::Name:
    std::stable_sort(Out.begin(), Out.end(),
                     [&](size_t X, size_t Y) { return A.Nodes[X].Key < A.Nodes[Y].Key; });
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

std::string jsonText(StringRef S) { return json::isUTF8(S) ? S.str() : json::fixUTF8(S); }

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
