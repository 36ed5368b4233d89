//===- report/Config.cpp - one .wattlint.yaml, read and validated ---------===//
//
// Walks LLVM's YAML node tree by hand (instead of YAML I/O traits) so that
// every value keeps its line and column for the messages that name it.
//
//===----------------------------------------------------------------------===//
#include "report/Config.h"
#include "analyzer/Files.h"
#include "analyzer/Text.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

#include <cmath>
#include <set>

using namespace llvm;

namespace wattlint {

namespace {

constexpr uint64_t MaxConfigBytes = 1 << 20;
constexpr unsigned MaxConfigNesting = 64;
constexpr unsigned MaxInheritDepth = 32;

const char *const BudgetKeys[] = {"energy_j", "latency_s", "macs", "params", "bytes"};
const char *const BudgetRules[] = {"budget-energy", "budget-latency", "budget-macs",
                                   "budget-params", "budget-bytes"};

class Reader {
public:
  Reader(StringRef Path, SourceMgr &SM, Config &C) : Path(Path), SM(SM), C(C) {}

  /// "file:line:col" of N; the file alone for a node the parser could not
  /// build (YAML with a syntax error yields null nodes and empty ranges).
  std::string where(yaml::Node *N) const {
    SMLoc Loc = N ? N->getSourceRange().Start : SMLoc();
    if (!Loc.isValid() || SM.FindBufferContainingLoc(Loc) == 0)
      return Path.str();
    auto [Line, Col] = SM.getLineAndColumn(Loc);
    return Path.str() + ":" + std::to_string(Line) + ":" + std::to_string(Col);
  }
  Error fail(yaml::Node *N, const Twine &Msg) const {
    return createStringError(inconvertibleErrorCode(), "%s: %s", where(N).c_str(),
                             Msg.str().c_str());
  }

  Expected<std::string> scalar(yaml::Node *N, const Twine &Key) {
    std::string V;
    if (auto *B = dyn_cast_or_null<yaml::BlockScalarNode>(N)) {
      V = B->getValue().str(); // "target: >-" and an indented line
    } else {
      auto *S = dyn_cast_or_null<yaml::ScalarNode>(N);
      if (!S)
        return fail(N, Key + " must be a single value");
      SmallString<64> Storage;
      V = S->getValue(Storage).str();
    }
    if (V.size() > 4096)
      return fail(N, Key + " is longer than 4096 characters");
    return V;
  }

  /// A finite number > 0 (or >= 0 with AllowZero).
  Expected<double> number(yaml::Node *N, const Twine &Key, bool AllowZero) {
    Expected<std::string> S = scalar(N, Key);
    if (!S)
      return S.takeError();
    double V = 0;
    if (StringRef(*S).trim().getAsDouble(V) || !std::isfinite(V) || V < 0 || (!AllowZero && V == 0))
      return fail(N, Key + " must be a finite number " + (AllowZero ? ">= 0" : "> 0") + ", not '" +
                         printable(*S) + "'");
    return V;
  }

  Expected<Severity> severity(yaml::Node *N, const Twine &Key) {
    Expected<std::string> S = scalar(N, Key);
    if (!S)
      return S.takeError();
    std::optional<Severity> Sev = parseSeverity(*S);
    if (!Sev)
      return fail(N, Key + " must be note, warning or error, not '" + printable(*S) + "'");
    return *Sev;
  }

  Error ruleId(yaml::Node *N, StringRef Id, const Twine &What) {
    if (findRule(Id))
      return Error::success();
    return fail(N, What + " for unknown rule '" + printable(Id) + "'" + didYouMean(Id, ruleIds()));
  }

  /// Calls F(key, value node) for each entry of a mapping.
  template <typename Fn> Error eachEntry(yaml::Node *N, const Twine &What, Fn F) {
    auto *M = dyn_cast_or_null<yaml::MappingNode>(N);
    if (!M) {
      if (isa_and_nonnull<yaml::NullNode>(N))
        return Error::success();
      return fail(N, What + " must be a mapping");
    }
    std::set<std::string> Seen;
    for (yaml::KeyValueNode &KV : *M) {
      Expected<std::string> K = scalar(KV.getKey(), "a key");
      if (!K)
        return K.takeError();
      if (!Seen.insert(*K).second)
        return fail(KV.getKey(), "duplicate key '" + printable(*K) + "' in " + What);
      if (Error E = F(*K, KV.getKey(), KV.getValue()))
        return E;
    }
    return Error::success();
  }

  Error suppressions(yaml::Node *N) {
    auto *S = dyn_cast_or_null<yaml::SequenceNode>(N);
    if (!S)
      return fail(N, "suppress must be a list of {rule, nodes, models}");
    for (yaml::Node &Item : *S) {
      Suppression Sup;
      Sup.Origin = where(&Item);
      bool HasRule = false;
      if (Error E = eachEntry(
              &Item, "a suppression", [&](StringRef K, yaml::Node *KN, yaml::Node *V) -> Error {
                Expected<std::string> Val = scalar(V, K);
                if (!Val)
                  return Val.takeError();
                if (K == "rule") {
                  HasRule = true;
                  Sup.Rule = *Val;
                  if (Error E = ruleGlobMatches(V, *Val))
                    return E;
                  // A glob ("budget-*", "*") passes budgets by; a budget
                  // named is a mistake.
                  if (isBudgetRule(*Val))
                    return fail(V, "'" + printable(*Val) +
                                       "' cannot be suppressed: an exceeded budget always "
                                       "fails the gate (remove it from budgets: to turn it off)");
                } else if (K == "nodes" || K == "models") {
                  if (Expected<GlobPattern> G = GlobPattern::create(*Val); !G)
                    return fail(V, "invalid glob '" + printable(*Val) +
                                       "': " + toString(G.takeError()));
                  (K == "nodes" ? Sup.Nodes : Sup.Models) = *Val;
                } else {
                  return fail(KN, "unknown key '" + printable(K) +
                                      "' in a suppression (keys: rule, nodes, models)");
                }
                return Error::success();
              }))
        return E;
      if (!HasRule)
        return fail(&Item, "a suppression needs a rule");
      C.Suppress.push_back(std::move(Sup));
    }
    return Error::success();
  }

  Error ruleGlobMatches(yaml::Node *N, StringRef Glob) {
    Expected<std::vector<const RuleInfo *>> M = rulesMatching(Glob);
    if (!M)
      return fail(N, toString(M.takeError()));
    return Error::success();
  }

  Error top(yaml::Node *Root, bool &Inherit) {
    return eachEntry(
        Root, "the configuration", [&](StringRef K, yaml::Node *KN, yaml::Node *V) -> Error {
          if (K == "inherit") {
            Expected<std::string> S = scalar(V, K);
            if (!S)
              return S.takeError();
            if (*S != "true" && *S != "false")
              return fail(V, "inherit must be true or false");
            Inherit = *S == "true";
            return Error::success();
          }
          if (K == "rules") {
            std::vector<std::pair<std::string, yaml::Node *>> Globs;
            if (auto *Seq = dyn_cast_or_null<yaml::SequenceNode>(V)) {
              for (yaml::Node &G : *Seq) {
                Expected<std::string> S = scalar(&G, "a rule glob");
                if (!S)
                  return S.takeError();
                Globs.push_back({*S, &G});
              }
            } else {
              Expected<std::string> S = scalar(V, K);
              if (!S)
                return S.takeError();
              Globs.push_back({*S, V});
            }
            for (auto &[G, Node] : Globs) {
              SmallVector<StringRef, 8> Parts;
              StringRef(G).split(Parts, ',', -1, false);
              for (StringRef P : Parts) {
                P = P.trim();
                if (P.empty())
                  continue;
                if (Error E = ruleGlobMatches(Node, P.starts_with("-") ? P.drop_front() : P))
                  return E;
                Setting<std::string> S;
                S.assign(P.str(), where(Node));
                C.RuleGlobs.push_back(std::move(S));
              }
            }
            return Error::success();
          }
          if (K == "target" || K == "runtime" || K == "region") {
            Expected<std::string> S = scalar(V, K);
            if (!S)
              return S.takeError();
            if (S->empty())
              return fail(V, K + " must not be empty");
            (K == "target" ? C.Target : K == "runtime" ? C.Runtime : C.Region).assign(*S, where(V));
            return Error::success();
          }
          if (K == "precision") {
            Expected<std::string> S = scalar(V, K);
            if (!S)
              return S.takeError();
            std::optional<Precision> P = parsePrecision(*S);
            if (!P || S->empty())
              return fail(V, "precision must be " + precisionChoices() + ", not '" + printable(*S) +
                                 "'");
            C.Prec.assign(*P, where(V));
            return Error::success();
          }
          if (K == "pue") {
            Expected<double> X = number(V, K, false);
            if (!X)
              return X.takeError();
            if (*X < 1 || *X > 5)
              return fail(V, "pue must be between 1 and 5");
            C.Pue.assign(*X, where(V));
            return Error::success();
          }
          if (K == "power_limit") {
            Expected<double> X = number(V, K, false);
            if (!X)
              return X.takeError();
            if (!(*X > 0) || *X > 1e6)
              return fail(V, "power_limit is the board's power limit in watts, above 0");
            C.PowerLimit.assign(*X, where(V));
            return Error::success();
          }
          if (K == "fail_on") {
            Expected<Severity> S = severity(V, K);
            if (!S)
              return S.takeError();
            C.FailOn.assign(*S, where(V));
            return Error::success();
          }
          // dims: and assume: map names to sizes 0 <= N <= 2^40.
          if (K == "dims" || K == "assume") {
            bool Dim = K == "dims";
            std::string What = Dim ? "dim" : "assumption";
            auto &Into = Dim ? C.Dims : C.Assume;
            return eachEntry(V, K, [&](StringRef Name, yaml::Node *, yaml::Node *SV) -> Error {
              Expected<std::string> S = scalar(SV, What + " " + Name);
              if (!S)
                return S.takeError();
              Expected<int64_t> D = parseDimValue(Name, *S);
              if (!D) {
                consumeError(D.takeError());
                return fail(SV, What + " '" + printable(Name) +
                                    "' must be an integer 0 <= VALUE <= 2^40, not '" +
                                    printable(*S) + "'");
              }
              Into[Name.str()].assign(*D, where(SV));
              return Error::success();
            });
          }
          if (K == "severity")
            return eachEntry(
                V, "severity", [&](StringRef Id, yaml::Node *IdN, yaml::Node *SV) -> Error {
                  if (Error E = ruleId(IdN, Id, "severity"))
                    return E;
                  if (isBudgetRule(Id))
                    return fail(IdN,
                                "'" + Id.str() +
                                    "' takes no severity: an exceeded budget "
                                    "always fails the gate (remove it from budgets: to turn it "
                                    "off)");
                  Expected<Severity> S = severity(SV, "severity of '" + Id.str() + "'");
                  if (!S)
                    return S.takeError();
                  C.Severities[Id.str()].assign(*S, where(SV));
                  return Error::success();
                });
          if (K == "options")
            return eachEntry(
                V, "options", [&](StringRef Id, yaml::Node *IdN, yaml::Node *OV) -> Error {
                  if (Error E = ruleId(IdN, Id, "options"))
                    return E;
                  return eachEntry(OV, "options of '" + Id.str() + "'",
                                   [&](StringRef Opt, yaml::Node *, yaml::Node *Val) -> Error {
                                     Expected<std::string> S = scalar(Val, "option " + Opt);
                                     if (!S)
                                       return S.takeError();
                                     C.Options[Id.str()][Opt.str()].assign(*S, where(Val));
                                     return Error::success();
                                   });
                });
          if (K == "budgets")
            return eachEntry(
                V, "budgets", [&](StringRef B, yaml::Node *BN, yaml::Node *BV) -> Error {
                  if (!is_contained(BudgetKeys, B))
                    return fail(BN,
                                "unknown budget '" + printable(B) +
                                    "' (budgets: energy_j, latency_s, macs, params, bytes)" +
                                    didYouMean(B, std::vector<std::string>(std::begin(BudgetKeys),
                                                                           std::end(BudgetKeys))));
                  Expected<double> X = number(BV, "budget " + B.str(), false);
                  if (!X)
                    return X.takeError();
                  C.Budgets[B.str()].assign(*X, where(BV));
                  return Error::success();
                });
          if (K == "min_savings")
            return eachEntry(
                V, "min_savings", [&](StringRef M, yaml::Node *MN, yaml::Node *MV) -> Error {
                  if (M != "share" && M != "joules")
                    return fail(MN, "unknown key '" + printable(M) +
                                        "' in min_savings (keys: share, joules)");
                  Expected<double> X = number(MV, "min_savings." + M.str(), true);
                  if (!X)
                    return X.takeError();
                  if (M == "share" && *X >= 1)
                    return fail(MV,
                                "min_savings.share is a fraction of the model's energy, below 1");
                  (M == "share" ? C.MinSavingsShare : C.MinSavingsJoules).assign(*X, where(MV));
                  return Error::success();
                });
          if (K == "suppress")
            return suppressions(V);
          static const char *const Keys[] = {
              "inherit",  "rules",   "target",  "runtime",     "region",  "precision",
              "pue",      "power_limit", "fail_on", "dims", "assume",  "severity",
              "options",  "budgets", "min_savings", "suppress"};
          return fail(
              KN, "unknown key '" + printable(K) + "'" +
                      didYouMean(K, std::vector<std::string>(std::begin(Keys), std::end(Keys))) +
                      " (keys: " + join(std::begin(Keys), std::end(Keys), ", ") + ")");
        });
  }

private:
  StringRef Path;
  SourceMgr &SM;
  Config &C;
};

Error readOne(StringRef Path, Config &C, bool &Inherit) {
  Expected<std::unique_ptr<MemoryBuffer>> Buf = readSmallFile(Path, MaxConfigBytes);
  if (!Buf)
    return Buf.takeError();
  StringRef Text = (*Buf)->getBuffer();
  if (Text.contains('\0'))
    return createStringError(inconvertibleErrorCode(), "%s: not a text file", Path.str().c_str());
  if (Error E = checkYamlBounds(Path, Text, MaxConfigNesting))
    return E;
  SourceMgr SM;
  std::string ParseError;
  SM.setDiagHandler(
      [](const SMDiagnostic &D, void *Ctx) {
        auto &Out = *static_cast<std::string *>(Ctx);
        if (Out.empty())
          Out = D.getFilename().str() + ":" + std::to_string(D.getLineNo()) + ":" +
                std::to_string(D.getColumnNo() + 1) + ": invalid YAML: " + D.getMessage().str();
      },
      &ParseError);
  yaml::Stream Stream(MemoryBufferRef(Text, Path), SM, /*ShowColors=*/false);
  Reader R(Path, SM, C);
  unsigned Docs = 0;
  for (yaml::Document &D : Stream) {
    if (++Docs > 1)
      return createStringError(inconvertibleErrorCode(), "%s: more than one YAML document",
                               Path.str().c_str());
    yaml::Node *Root = D.getRoot();
    if (!ParseError.empty())
      break;
    if (Error E = R.top(Root, Inherit)) {
      // A syntax error found while walking is the better message.
      if (!ParseError.empty()) {
        consumeError(std::move(E));
        break;
      }
      return E;
    }
    D.skip();
    if (!ParseError.empty())
      break;
  }
  if (!ParseError.empty())
    return createStringError(inconvertibleErrorCode(), "%s", printable(ParseError).c_str());
  return Error::success();
}

/// Merges Child over Base: single values override, globs and suppressions
/// append, maps merge per key.
void overlay(Config &Base, Config &&Child) {
  for (auto &G : Child.RuleGlobs)
    Base.RuleGlobs.push_back(std::move(G));
  auto Over = [](auto &B, auto &C) {
    if (C.Set)
      B = C;
  };
  Over(Base.Target, Child.Target);
  Over(Base.Runtime, Child.Runtime);
  Over(Base.Region, Child.Region);
  Over(Base.Prec, Child.Prec);
  Over(Base.Pue, Child.Pue);
  Over(Base.PowerLimit, Child.PowerLimit);
  Over(Base.FailOn, Child.FailOn);
  Over(Base.MinSavingsShare, Child.MinSavingsShare);
  Over(Base.MinSavingsJoules, Child.MinSavingsJoules);
  for (auto &[K, V] : Child.Dims)
    Base.Dims[K] = V;
  for (auto &[K, V] : Child.Assume)
    Base.Assume[K] = V;
  for (auto &[K, V] : Child.Severities)
    Base.Severities[K] = V;
  for (auto &[K, V] : Child.Options)
    for (auto &[O, X] : V)
      Base.Options[K][O] = X;
  for (auto &[K, V] : Child.Budgets)
    Base.Budgets[K] = V;
  for (auto &S : Child.Suppress)
    Base.Suppress.push_back(std::move(S));
  Base.Path = Child.Path;
  Base.Dir = Child.Dir;
}

Expected<Config> load(StringRef Path, StringRef FileName, unsigned Depth) {
  if (Depth > MaxInheritDepth)
    return createStringError(inconvertibleErrorCode(), "%s: inherits more than %u levels deep",
                             Path.str().c_str(), MaxInheritDepth);
  Config C;
  bool Inherit = false;
  if (Error E = readOne(Path, C, Inherit))
    return std::move(E);
  C.Path = Path.str();
  SmallString<256> Dir(Path);
  sys::fs::make_absolute(Dir);
  sys::path::remove_filename(Dir);
  sys::path::remove_dots(Dir, true);
  C.Dir = std::string(Dir);
  for (Suppression &S : C.Suppress)
    S.Dir = C.Dir;
  if (!Inherit)
    return C;
  StringRef Parent = sys::path::parent_path(C.Dir);
  std::string ParentFile =
      Parent.empty() || Parent == C.Dir ? "" : findConfigFile((Parent + "/x").str(), FileName);
  if (ParentFile.empty())
    return C;
  Expected<Config> Base = load(ParentFile, FileName, Depth + 1);
  if (!Base)
    return Base.takeError();
  overlay(*Base, std::move(C));
  return std::move(*Base);
}

} // namespace

Expected<int64_t> parseDimValue(StringRef Name, StringRef Value) {
  int64_t V = 0;
  if (Name.empty() || Value.trim().getAsInteger(10, V) || V < 0 || V > (int64_t(1) << 40))
    return createStringError(inconvertibleErrorCode(),
                             "dim '%s' must be an integer 0 <= VALUE <= 2^40, not '%s'",
                             printable(Name).c_str(), printable(Value).c_str());
  return V;
}

std::string pathKey(StringRef Path, StringRef Dir) {
  SmallString<256> Abs(Path);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, true);
  SmallString<256> Base(Dir);
  if (Base.empty())
    sys::fs::current_path(Base);
  sys::fs::make_absolute(Base);
  sys::path::remove_dots(Base, true);
  StringRef A = Abs, B = StringRef(Base).rtrim('/');
  if (A.starts_with(B) && A.size() > B.size() && A[B.size()] == '/')
    return A.drop_front(B.size() + 1).str();
  return A.str();
}

std::string findConfigFile(StringRef ModelPath, StringRef FileName) {
  SmallString<256> Dir(ModelPath);
  sys::fs::make_absolute(Dir);
  sys::path::remove_dots(Dir, true);
  sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    SmallString<256> Candidate(Dir);
    sys::path::append(Candidate, FileName);
    if (sys::fs::exists(Candidate))
      return std::string(Candidate);
    StringRef Parent = sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    // Parent is a prefix of Dir: assigning it would copy Dir onto itself
    // (an assertion in LLVM's debug headers).
    Dir.truncate(Parent.size());
  }
  return "";
}

Expected<Config> loadConfigFile(StringRef Path, StringRef FileName) {
  return load(Path, FileName, 0);
}

bool isBudgetRule(StringRef RuleId) { return is_contained(BudgetRules, RuleId); }

StringRef budgetRule(StringRef Key) {
  for (size_t I = 0; I < std::size(BudgetKeys); ++I)
    if (Key == BudgetKeys[I])
      return BudgetRules[I];
  return "";
}

} // namespace wattlint
