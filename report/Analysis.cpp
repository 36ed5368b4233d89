//===- report/Analysis.cpp - the one pipeline ------------------------------===//
#include "report/Analysis.h"
#include "analyzer/Files.h"
#include "analyzer/ShapeRules.h"
#include "analyzer/Text.h"
#include "cost/Derived.h"
#include "rules/Engine.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include <fmt/format.h>

#include <fmt/format.h>

#include <set>

using namespace llvm;

namespace wattlint {

namespace {

constexpr uint64_t MaxBaselineBytes = 64 << 20;
/// The most findings a baseline may hold, counted as its JSON objects (one
/// per finding and the file's own) before it is parsed: llvm::json gives
/// each object with a key a table of 64 slots, about 4 KB, so a 62 MB file
/// of a million findings took 4 GB to parse and failed to allocate.
/// 100,000 findings take about 400 MB.
constexpr size_t MaxBaselineFindings = 100000;

/// The first position of JSON text outside its strings for which
/// Stop(I) holds, or npos.
template <typename Fn> size_t firstOutsideStrings(StringRef Text, Fn Stop) {
  bool InString = false;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (InString) {
      if (C == '\\')
        ++I;
      else if (C == '"')
        InString = false;
    } else if (C == '"') {
      InString = true;
    } else if (Stop(I)) {
      return I;
    }
  }
  return StringRef::npos;
}

/// The objects ('{' outside strings) in JSON text, counted up to Max + 1.
size_t jsonObjects(StringRef Text, size_t Max) {
  size_t N = 0;
  firstOutsideStrings(Text, [&](size_t I) { return Text[I] == '{' && ++N > Max; });
  return N;
}

/// Where Text (JSON) has a number with a leading zero ("012"), which JSON
/// forbids and llvm::json reads anyway, or npos.
size_t leadingZeroNumber(StringRef Text) {
  return firstOutsideStrings(Text, [&](size_t I) {
    // A number starts after anything but a digit, a point, an exponent or
    // its sign (the digits of 1e05 and 1.05 are not numbers of their own).
    char Prev = I ? Text[I - 1] : ' ';
    bool Exponent = Prev == 'e' || Prev == 'E' ||
                    ((Prev == '+' || Prev == '-') && I >= 2 && toLower(Text[I - 2]) == 'e');
    bool Starts = !(isDigit(Prev) || Prev == '.' || Exponent);
    return Starts && Text[I] == '0' && I + 1 < Text.size() && isDigit(Text[I + 1]);
  });
}

bool globMatches(StringRef Glob, StringRef Text) {
  if (Glob.empty())
    return true;
  Expected<GlobPattern> P = GlobPattern::create(Glob);
  if (!P) {
    consumeError(P.takeError());
    return false;
  }
  return P->match(Text);
}

StringRef qualified(const NodeProfile &R, StringSaver &Saver) {
  return R.GraphPath.empty() ? StringRef(R.Name) : Saver.save(R.GraphPath + "/" + R.Name);
}

/// True when some float contraction of the model already runs below fp32:
/// the export chose its precision (tf32 is how a runtime runs fp32 by default).
bool lowPrecisionModel(const Estimate &E, const Profile &P) {
  for (size_t I = 0; I < P.Nodes.size(); ++I)
    if (P.Nodes[I].W.Macs && !E.Nodes[I].Precision.empty() && E.Nodes[I].Precision != "fp32" &&
        E.Nodes[I].Precision != "tf32" && E.Nodes[I].Precision != "int8")
      return true;
  return false;
}

/// Options of one rule from the configuration (budgets are the budget rules'
/// "max"), and where the first came from.
RuleOptions optionsFor(const Session &S, const RuleInfo &Info, std::string &Origin) {
  std::map<std::string, std::string> Values;
  if (auto It = S.Cfg.Options.find(Info.Id); It != S.Cfg.Options.end())
    for (const auto &[K, V] : It->second) {
      Values[K] = V.Value;
      if (Origin.empty())
        Origin = V.Origin;
    }
  for (const auto &[K, V] : S.Cfg.Budgets)
    if (budgetRule(K) == Info.Id) {
      Values["max"] = fmt::format("{:.17g}", V.Value);
      Origin = V.Origin;
    }
  return RuleOptions(std::move(Values));
}

} // namespace

Expected<Baseline> readBaseline(StringRef Path) {
  Expected<std::unique_ptr<MemoryBuffer>> Buf = readSmallFile(Path, MaxBaselineBytes);
  if (!Buf)
    return Buf.takeError();
  StringRef Text = (*Buf)->getBuffer();
  // llvm::json recurses per level: refuse deep nesting before it does.
  if (bracketNesting(Text, "[{", "]}", BracketSyntax::Json) > 16)
    return createStringError(inconvertibleErrorCode(), "%s: not a baseline file (nested too deep)",
                             Path.str().c_str());
  if (jsonObjects(Text, MaxBaselineFindings + 1) > MaxBaselineFindings + 1)
    return createStringError(inconvertibleErrorCode(),
                             "%s: more than %zu findings in a baseline; at most %zu are read",
                             Path.str().c_str(), MaxBaselineFindings, MaxBaselineFindings);
  Expected<json::Value> V = json::parse(Text);
  if (!V)
    return createStringError(inconvertibleErrorCode(), "%s: not a baseline file: %s",
                             Path.str().c_str(), printable(toString(V.takeError())).c_str());
  if (size_t At = leadingZeroNumber(Text); At != StringRef::npos)
    return createStringError(inconvertibleErrorCode(),
                             "%s: not a baseline file: a number with a leading zero at offset %zu "
                             "(JSON has none)",
                             Path.str().c_str(), At);
  const json::Object *O = V->getAsObject();
  const json::Array *A = O ? O->getArray("findings") : nullptr;
  if (!A)
    return createStringError(inconvertibleErrorCode(), "%s: a baseline is {\"findings\": [...]}",
                             Path.str().c_str());
  Baseline B;
  B.Path = Path.str();
  SmallString<256> Dir(Path);
  sys::fs::make_absolute(Dir);
  sys::path::remove_filename(Dir);
  B.Dir = std::string(Dir);
  for (size_t I = 0; I < A->size(); ++I) {
    const json::Object *F = (*A)[I].getAsObject();
    auto Str = [&](StringRef K) -> std::optional<std::string> {
      if (!F)
        return std::nullopt;
      if (std::optional<StringRef> S = F->getString(K))
        return S->str();
      return std::nullopt;
    };
    std::optional<std::string> Rule = Str("rule"), Model = Str("model"), Node = Str("node");
    if (!Rule || !Model || !Node)
      return createStringError(inconvertibleErrorCode(),
                               "%s: finding %zu needs string fields rule, model and node",
                               Path.str().c_str(), I);
    B.Entries.push_back({*Rule, *Model, *Node});
  }
  return B;
}

Ledger::Ledger(const Baseline *B) : B(B), BaselineUsed(B ? B->Entries.size() : 0, false) {}

std::vector<std::pair<std::string, std::string>> Ledger::stale() const {
  std::vector<std::pair<std::string, std::string>> Out;
  for (const auto &[Origin, Use] : Suppressions) {
    if (!Use.Applicable || Use.Used)
      continue;
    const Suppression &S = *Use.S;
    std::string What = "rule: " + S.Rule;
    if (!S.Nodes.empty())
      What += ", nodes: " + S.Nodes;
    if (!S.Models.empty())
      What += ", models: " + S.Models;
    std::string File = StringRef(Origin).rsplit(':').first.rsplit(':').first.str();
    Out.push_back({printable(Origin), "suppression {" + printable(What) + "} in " +
                                          printable(File) + " matches nothing"});
  }
  if (B)
    for (size_t I = 0; I < B->Entries.size(); ++I) {
      const BaselineEntry &E = B->Entries[I];
      if (!BaselineUsed[I] && (E.Model.empty() || ModelsSeen.count(E.Model)))
        Out.push_back({printable(B->Path), "baseline entry " + printable(E.Rule) + " at " +
                                               printable(E.Model) + ":" + printable(E.Node) +
                                               " matches nothing (fixed? remove it)"});
    }
  return Out;
}

NodeRecord NodeRecords::operator[](size_t I) const {
  assert(I < Size && "a record of the analysis");
  const NodeProfile &P = Rows[I];
  NodeRecord R;
  R.Key = P.Name;
  if (!P.GraphPath.empty()) {
    auto It =
        llvm::lower_bound(SubgraphKeys, I, [](const auto &K, size_t Row) { return K.first < Row; });
    assert(It != SubgraphKeys.end() && It->first == I && "a subgraph row has its key");
    R.Key = It->second;
  }
  R.Location = P.N->Location;
  R.Prof = &P;
  R.Cost = Costs ? &Costs[I] : nullptr;
  return R;
}

std::string Analysis::keyOf(const Finding &F) const {
  if (F.NodeIndex >= 0)
    return Nodes[F.NodeIndex].Key.str();
  return F.GraphPath.empty() ? F.Node : F.GraphPath + "/" + F.Node;
}

size_t Analysis::uncosted() const { return P.uncostedNodes(); }

double Analysis::savingsJ() const {
  // Budgets report their excess, not a fix's price: left out.
  double Sum = 0;
  for (const Finding &F : Findings)
    if (const RuleInfo *R = findRule(F.Rule); R && R->Priced)
      Sum += F.SavingsJ;
  return cappedSavings(Sum, E ? E->EnergyJ : 0);
}

/// What the data-dependent sizes were taken to be, one line per kind (the
/// nodes are listed in the JSON's assumptions), and the user's assumptions
/// that matched nothing.
static void assumptionWarnings(const Model &M, const Session &S,
                               std::vector<std::string> &Warnings) {
  struct KindUse {
    unsigned Worst = 0, Stated = 0, Unbounded = 0, FromFile = 0;
    int64_t Max = 0;
    std::string Ops, FirstUnbounded;
  };
  std::map<std::string, KindUse> Kinds;
  std::set<std::string> Used;
  for (const Assumption &A : M.Assumptions) {
    KindUse &K = Kinds[A.Kind];
    if (K.Ops.find(A.Op) == std::string::npos)
      K.Ops += (K.Ops.empty() ? "" : "/") + A.Op;
    if (A.Stated) {
      ++K.Stated;
      Used.insert(S.Assume.count(A.Node) ? A.Node : A.Kind);
    } else if (A.FromFile) {
      ++K.FromFile;
    } else if (A.Value < 0) {
      if (!K.Unbounded++)
        K.FirstUnbounded = A.Node + " (" + A.Bound + ")";
    } else {
      ++K.Worst;
      K.Max = std::max(K.Max, A.Value);
    }
  }
  for (const auto &[Kind, K] : Kinds) {
    std::string Ops = printable(K.Ops);
    if (K.Worst)
      Warnings.push_back(fmt::format(
          "{} {} node(s): '{}' taken at its worst case (up to {}); bind it with --assume "
          "{}=N or --assume NODE=N",
          K.Worst, Ops, Kind, K.Max, Kind));
    if (K.FromFile)
      Warnings.push_back(fmt::format(
          "{} {} node(s): '{}' taken as the model file's output shape states it; bind it with "
          "--assume {}=N or --assume NODE=N",
          K.FromFile, Ops, Kind, Kind));
    if (K.Unbounded)
      Warnings.push_back(fmt::format(
          "{} {} node(s): '{}' has no bound (first: {}); not counted until --assume {}=N",
          K.Unbounded, Ops, Kind, printable(K.FirstUnbounded), Kind));
  }
  for (const auto &[Key, V] : S.Assume) {
    if (Used.count(Key))
      continue;
    bool IsKind = is_contained(assumptionKinds(), Key);
    std::string Msg = "assumption '" + printable(Key) + "' matches " +
                      (IsKind ? "no node of its kind" : "no data-dependent node") + " in " +
                      printable(M.Path);
    if (!IsKind)
      Msg += " (kinds: " + join(assumptionKinds(), ", ") + ")";
    Warnings.push_back(V.Origin == "--assume" ? "--assume: " + Msg : V.Origin + ": " + Msg);
  }
}

std::string keyText(StringRef S) {
  if (json::isUTF8(S))
    return S.str();
  std::string Out;
  const auto *P = reinterpret_cast<const UTF8 *>(S.begin());
  const auto *End = reinterpret_cast<const UTF8 *>(S.end());
  while (P < End) {
    unsigned Len = getNumBytesForUTF8(*P);
    if (Len <= unsigned(End - P) && isLegalUTF8Sequence(P, P + Len)) {
      Out.append(reinterpret_cast<const char *>(P), Len);
      P += Len;
      continue;
    }
    static const char Hex[] = "0123456789abcdef";
    Out += "\\x";
    Out += Hex[*P >> 4];
    Out += Hex[*P & 15];
    ++P;
  }
  return Out;
}

bool failsGate(const Finding &F, Severity FailOn) {
  return F.Sev >= FailOn || isBudgetRule(F.Rule);
}

Expected<Analysis> analyze(ModelSource &Src, const Session &S, const AnalyzeOptions &O) {
  Analysis A;
  A.Path = Src.path().str();
  A.Key = S.modelKey(A.Path);
  A.S = &S;
  Expected<Model> M = Src.bind(S.dimBindings());
  if (!M)
    return M.takeError();
  A.M = std::make_unique<Model>(std::move(*M));
  Model &Mod = *A.M;

  // Dims: one the configuration names must exist; a flag's is a warning.
  std::vector<std::string> ModelDims;
  for (const auto &[Name, V] : Mod.BoundDims)
    ModelDims.push_back(Name);
  for (const auto &[Name, V] : S.Dims) {
    if (is_contained(ModelDims, Name))
      continue;
    std::string Msg = "dim '" + printable(Name) + "' is not a symbolic dim of " +
                      printable(A.Path) + " (" +
                      (ModelDims.empty() ? std::string("it has none")
                                         : "its dims: " + printable(join(ModelDims, ", "))) +
                      ")" + didYouMean(Name, ModelDims);
    if (V.Origin != "--dim")
      return createStringError(inconvertibleErrorCode(), "%s: %s", V.Origin.c_str(), Msg.c_str());
    A.Warnings.push_back("--dim " + printable(Name) + " matches no symbolic dim of the model" +
                         didYouMean(Name, ModelDims));
  }
  if (!Mod.DefaultedDims.empty()) {
    // Named up to a bound: a model may declare a dim per input.
    constexpr size_t MaxNamed = 16;
    std::vector<std::string> Names;
    for (const std::string &D : Mod.DefaultedDims)
      if (Names.size() < MaxNamed)
        Names.push_back(printable(D, 128));
    if (Mod.DefaultedDims.size() > MaxNamed)
      Names.back() += " and " + std::to_string(Mod.DefaultedDims.size() - MaxNamed) + " more";
    A.Warnings.push_back("unbound symbolic dims set to 1: " + join(Names, ", ") +
                         " (bind them with --dim NAME=VALUE or dims: in " + ConfigFileName + ")");
  }
  for (const std::string &W : Mod.Warnings)
    A.Warnings.push_back(printable(W));
  assumptionWarnings(Mod, S, A.Warnings);

  Expected<Profile> P = profileModel(Mod);
  if (!P)
    return createStringError(inconvertibleErrorCode(), "%s: %s", printable(A.Path).c_str(),
                             toString(P.takeError()).c_str());
  A.P = std::move(*P);

  CostOptions CO;
  CO.Prec = S.Prec.Value;
  CO.KeepKernels = S.Scenario.Train;
  if (S.T) {
    Expected<Estimate> E = estimate(Mod, A.P, *S.T, CO);
    if (!E)
      return E.takeError();
    A.E = std::move(*E);
    if (S.ScenarioAsked) {
      Expected<Scenario> Sc = scenario(*A.E, A.P, *S.T, S.Scenario);
      if (!Sc)
        return Sc.takeError();
      A.Sc = std::move(*Sc);
    }
  }
  A.KeyStorage = std::make_unique<BumpPtrAllocator>();
  StringSaver Keys(*A.KeyStorage);
  std::vector<std::pair<size_t, StringRef>> SubgraphKeys;
  for (size_t I = 0; I < A.P.Nodes.size(); ++I)
    if (!A.P.Nodes[I].GraphPath.empty())
      SubgraphKeys.push_back({I, qualified(A.P.Nodes[I], Keys)});
  A.Nodes = NodeRecords(A.P.Nodes, A.E ? A.E->Nodes.data() : nullptr, std::move(SubgraphKeys));

  A.BatchStated = Mod.BatchDim.empty() || S.Dims.count(Mod.BatchDim);
  A.PrecisionStated = S.Prec.Set || (A.E && lowPrecisionModel(*A.E, A.P));
  if (!O.RunRules || !S.T)
    return std::move(A);

  RuleContext C(Mod, A.P, *A.E, *S.T, precisionName(S.Prec.Value).str());
  DimBindings Bound = S.dimBindings();
  const Target &T = *S.T;
  C.Recost = [&Src, &Mod, Bound, &T, CO](const std::map<std::string, int64_t> &Override) -> Expected<Estimate> {
    DimBindings D = Bound;
    for (const auto &[K, V] : Override)
      D[K] = V;
    Expected<Model> M2 = Src.rebind(Mod, D);
    if (!M2)
      return M2.takeError();
    Expected<Profile> P2 = profileModel(*M2);
    if (!P2)
      return P2.takeError();
    return estimate(*M2, *P2, T, CO);
  };

  // Each suppression covers the models its glob names, relative to the
  // folder of the file it came from (an inherited one included).
  std::vector<bool> Covers(S.Cfg.Suppress.size());
  for (size_t I = 0; I < S.Cfg.Suppress.size(); ++I) {
    const Suppression &Sup = S.Cfg.Suppress[I];
    Covers[I] = globMatches(Sup.Models, pathKey(A.Path, Sup.Dir));
    if (!O.L)
      continue;
    Ledger::SuppressionUse &Use = O.L->Suppressions[Sup.Origin];
    Use.S = &Sup;
    for (const RuleInfo *R : S.Enabled)
      Use.Applicable |= Covers[I] && !isBudgetRule(R->Id) && globMatches(Sup.Rule, R->Id);
  }
  std::string BaselineKey;
  if (O.L && O.L->B) {
    // As the baseline was written (keyText: JSON is UTF-8).
    BaselineKey = keyText(pathKey(A.Path, O.L->B->Dir));
    O.L->ModelsSeen.insert(BaselineKey);
  }
  std::vector<Finding> Below; // one rule's findings below min_savings
  for (const RuleInfo *Info : S.Enabled) {
    std::string OptOrigin;
    RuleOptions Opts = optionsFor(S, *Info, OptOrigin);
    Severity Sev = Info->Default;
    bool Explicit = false;
    if (auto It = S.Cfg.Severities.find(Info->Id); It != S.Cfg.Severities.end())
      Sev = It->second.Value, Explicit = true;
    Expected<std::vector<Finding>> Found = runRule(*Info, C, Opts, Sev);
    if (!Found)
      return OptOrigin.empty()
                 ? Found.takeError()
                 : createStringError(inconvertibleErrorCode(), "%s: %s", OptOrigin.c_str(),
                                     toString(Found.takeError()).c_str());
    for (Finding &F : *Found) {
      // A verdict that rests on a batch or precision nobody stated is a note.
      bool Unstated = (Info->Depends == Deployment::Batch && !A.BatchStated) ||
                      (Info->Depends == Deployment::Precision && !A.PrecisionStated);
      if (Unstated && !Explicit && F.Sev > Severity::Note) {
        F.Sev = Severity::Note;
        F.Unstated = Info->Depends;
      }
      if (isBudgetRule(F.Rule)) {
        // Never hidden (Config.h): kept, whatever suppresses the others.
        A.Findings.push_back(std::move(F));
        continue;
      }
      std::string Key = A.keyOf(F);
      StringRef Allow;
      if (F.NodeIndex >= 0)
        Allow = A.P.Nodes[F.NodeIndex].N->DocString;
      else if (auto It = A.M->AllowAt.find(F.Location);
               !F.Location.empty() && It != A.M->AllowAt.end())
        Allow = It->second;
      if (Allow.contains("wattlint: allow " + F.Rule)) {
        ++A.Suppressed;
        continue;
      }
      bool Dropped = false;
      for (size_t I = 0; I < S.Cfg.Suppress.size(); ++I) {
        const Suppression &Sup = S.Cfg.Suppress[I];
        if (Covers[I] && globMatches(Sup.Rule, F.Rule) && globMatches(Sup.Nodes, Key)) {
          Dropped = true;
          if (O.L)
            O.L->Suppressions[Sup.Origin].Used = true;
        }
      }
      if (Dropped) {
        ++A.Suppressed;
        continue;
      }
      bool Baselined = false;
      if (O.L && O.L->B) {
        // Keys were written as keyText() writes them (JSON is UTF-8).
        std::string NodeKey = keyText(Key);
        for (size_t I = 0; I < O.L->B->Entries.size(); ++I) {
          const BaselineEntry &E = O.L->B->Entries[I];
          if (E.Rule == F.Rule && E.Node == NodeKey && (E.Model.empty() || E.Model == BaselineKey))
            Baselined = O.L->BaselineUsed[I] = true;
        }
      }
      if (Baselined) {
        ++A.Suppressed;
        A.Baselined.push_back(std::move(F));
        continue;
      }
      // Noise: a priced warning whose saving is below either threshold.
      // Notes never fail the gate and errors were raised on purpose.
      if (Info->Priced && F.Sev == Severity::Warning &&
          (F.SavingsFraction < S.MinSavingsShare || F.SavingsJ < S.MinSavingsJoules)) {
        Below.push_back(std::move(F));
        continue;
      }
      A.Findings.push_back(std::move(F));
    }
    // Many findings of one rule, each below the thresholds, may save more
    // than them together (2,000 dead nodes of 0.05% each): then they are
    // not noise, and the gate sees every one of them.
    double Share = 0, Joules = 0;
    for (const Finding &F : Below)
      Share += F.SavingsFraction, Joules += F.SavingsJ;
    if (!Below.empty() && Share >= S.MinSavingsShare && Joules >= S.MinSavingsJoules) {
      for (Finding &F : Below) {
        F.Notes.push_back("each below min_savings, but this rule's {findings below} such "
                          "findings save {share together:%.1f}% of the energy together");
        F.Measures.push_back({"findings below", double(Below.size()), ""});
        F.Measures.push_back({"share together", Share, ""});
        A.Findings.push_back(std::move(F));
      }
    } else {
      A.BelowMinSavings += unsigned(Below.size());
    }
    Below.clear();
  }
  return std::move(A);
}

} // namespace wattlint
