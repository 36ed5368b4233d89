//===- tools/CxxText.cpp - wattlint-cxx's clang-style diagnostics ---------===//
//
// model.cpp:8:7: warning: <message> [rule-id]
//     8 |     : lstm(torch::nn::LSTMOptions(28, 128).num_layers(2)),
//       |       ^
// model.cpp:16:13: note: only the last step is read here
//    16 |     return fc(out.index({Slice(), -1}));
//       |             ^
//   note: node /lstm/LSTM_1 (LSTM)
//   note: <numbers>
//   help: <alternative>: saves 12.3 mJ per inference (4.1% of the model) on h200
//
//===----------------------------------------------------------------------===//
#include "tools/CxxText.h"
#include "analyzer/Text.h"
#include "cost/Derived.h"
#include "tools/Format.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <fmt/format.h>

#include <map>

using namespace llvm;

namespace wattlint {

namespace {

std::string paint(bool On, StringRef Code, StringRef Text) {
  return On ? "\033[" + Code.str() + "m" + Text.str() + "\033[0m" : Text.str();
}

std::string severityWord(Severity S, bool Color) {
  switch (S) {
  case Severity::Error:
    return paint(Color, "1;31", "error:");
  case Severity::Warning:
    return paint(Color, "1;35", "warning:");
  case Severity::Note:
    return paint(Color, "1;36", "note:");
  }
  return "";
}

/// Line N of File, from a cache of the sources already read.
std::optional<std::string> sourceLine(StringRef File, unsigned N) {
  static std::map<std::string, std::unique_ptr<MemoryBuffer>> Cache;
  auto It = Cache.find(File.str());
  if (It == Cache.end()) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(File, /*IsText=*/true);
    It = Cache.emplace(File.str(), B ? std::move(*B) : nullptr).first;
  }
  if (!It->second || N == 0)
    return std::nullopt;
  SmallVector<StringRef, 0> Lines;
  It->second->getBuffer().split(Lines, '\n');
  if (N > Lines.size())
    return std::nullopt;
  return Lines[N - 1].rtrim("\r").str();
}

/// The source line of At and a caret under its column (none when the
/// column is unknown).
void writeSnippet(const SourceNote &At, raw_ostream &OS) {
  std::optional<std::string> Text = sourceLine(At.File, At.Line);
  if (!Text)
    return;
  OS << fmt::format("{:>5} | {}\n", At.Line, printable(*Text, 1024));
  if (!At.Column)
    return;
  std::string Caret;
  for (size_t I = 0; I + 1 < At.Column && I < Text->size(); ++I)
    Caret += (*Text)[I] == '\t' ? '\t' : ' ';
  OS << "      | " << Caret << "^\n";
}

/// A related place as clang writes a note: its location, the message, the
/// source line and a caret.
void writeRelated(const SourceNote &N, bool Color, raw_ostream &OS) {
  OS << paint(Color, "1", printable(N.place()) + ":") << " " << severityWord(Severity::Note, Color)
     << " " << printable(N.Message, 1024) << "\n";
  writeSnippet(N, OS);
}

void writeFinding(const Analysis &A, const Finding &F, const cxx::ModelEntry *Model, bool Color,
                  raw_ostream &OS) {
  std::optional<NodeRecord> R;
  if (F.NodeIndex >= 0)
    R = A.Nodes[F.NodeIndex];
  std::string Loc = R                          ? R->Location.str()
                    : !A.locationOf(F).empty() ? A.locationOf(F).str()
                    : Model                    ? Model->At.str()
                                               : "";
  std::string Where = Loc.empty() ? printable(A.Path) : printable(Loc);
  OS << paint(Color, "1", Where + ":") << " " << severityWord(F.Sev, Color) << " "
     << printable(renderText(F.Message, F)) << " [" << F.Rule << "]\n";
  if (std::optional<SourceNote> At = sourceNote(Loc, ""))
    writeSnippet(*At, OS);
  for (const SourceNote &N : F.RelatedLocations)
    writeRelated(N, Color, OS);
  if (R)
    OS << "  note: node " << printable(R->Key) << " (" << printable(R->Prof->N->OpType, 64)
       << ")\n";
  for (const std::string &N : F.Notes)
    OS << "  note: " << printable(renderText(N, F)) << "\n";
  for (size_t I = 0; I < F.Related.size() && I < 8; ++I) {
    const NodeRecord &Rel = A.Nodes[F.Related[I]];
    OS << "  note: same cause: " << printable(Rel.Key, 128);
    if (!Rel.Location.empty())
      OS << " at " << printable(Rel.Location);
    OS << "\n";
  }
  if (F.Unstated == Deployment::Batch)
    OS << "  note: a note because the batch size is not stated ('" << printable(A.M->BatchDim, 64)
       << "' is symbolic); state it with --dim or dims: in " << ConfigFileName << "\n";
  if (F.Unstated == Deployment::Precision)
    OS << "  note: a note because the serving precision is not stated; state it with "
          "--precision or precision: in "
       << ConfigFileName << "\n";
  if (F.Help.empty())
    return;
  OS << "  help: " << printable(renderText(F.Help, F));
  if (F.SavingsJ > 0 && A.E)
    OS << fmt::format(": saves {} per inference ({:.1f}% of the model) on {}", joules(F.SavingsJ),
                      100 * F.SavingsFraction, printable(A.E->Target, 64));
  OS << "\n";
}

} // namespace

void writeCxxCheckText(ArrayRef<Analysis> As, const CheckRun &R,
                       const std::map<std::string, const cxx::ModelEntry *> &Models,
                       raw_ostream &OS) {
  for (const Analysis &A : As) {
    auto It = Models.find(A.Path);
    const cxx::ModelEntry *Model = It == Models.end() ? nullptr : It->second;
    unsigned Counts[3] = {0, 0, 0};
    for (const Finding &F : A.Findings) {
      ++Counts[int(F.Sev)];
      writeFinding(A, F, Model, R.Color, OS);
    }
    OS << fmt::format("{}: {} error(s), {} warning(s), {} note(s); {} suppressed",
                      printable(A.Path), Counts[2], Counts[1], Counts[0], A.Suppressed);
    if (A.BelowMinSavings)
      OS << fmt::format(", {} below min_savings", A.BelowMinSavings);
    if (A.E) {
      OS << fmt::format("; on {}, {:.4g} J per inference of {}", printable(A.E->Target, 64),
                        A.E->EnergyJ, A.E->Batch);
      if (size_t U = A.uncosted())
        OS << fmt::format(" (a lower bound: {} node(s) not costed)", U);
    }
    OS << "\n";
  }
  for (const auto &[Loc, Msg] : R.Stale)
    OS << paint(R.Color, "1", Loc + ":") << " " << severityWord(Severity::Note, R.Color) << " "
       << Msg << "\n";
}

namespace {

std::string inputText(const cxx::InputSpec &S) { return cxx::inputSpecText(S); }

void writeModulesJson(const cxx::Discovery &D, raw_ostream &OS) {
  json::OStream J(OS, 1);
  J.object([&] {
    J.attribute("schema", "wattlint.cxx-modules/1");
    J.attributeArray("models", [&] {
      for (const cxx::ModelEntry &M : D.Models)
        J.object([&] {
          J.attribute("class", M.Class);
          J.attribute("model", jsonText(M.Path));
          J.attribute("location", jsonText(M.At.str()));
          J.attribute("constructed_at", jsonText(M.Site.str()));
          J.attributeObject("bindings", [&] {
            for (const auto &[N, V] : M.Bindings)
              J.attribute(N, jsonText(V));
          });
          J.attributeArray("run_time_options", [&] {
            for (const std::string &K : M.OptionHoles)
              J.value(jsonText(K));
          });
          J.attributeArray("forward", [&] {
            for (const std::string &P : M.ForwardParams)
              J.value(P);
          });
          J.attributeArray("inputs", [&] {
            for (const cxx::InputSpec &S : M.Inputs)
              J.object([&] {
                J.attribute("input", jsonText(inputText(S)));
                J.attribute("from", jsonText(S.Origin));
              });
          });
          J.attributeArray("suggested_inputs", [&] {
            for (const auto &[Specs, At] : M.Suggested)
              J.object([&] {
                J.attributeArray("inputs", [&] {
                  for (const std::string &Spec : Specs)
                    J.value(jsonText(Spec));
                });
                J.attribute("at", jsonText(At.str()));
              });
          });
          J.attributeArray("layers", [&] {
            for (const cxx::LayerEntry &L : M.Layers)
              J.object([&] {
                J.attribute("path", jsonText(L.Path));
                J.attribute("kind", jsonText(L.Kind));
                J.attribute("options", jsonText(L.Options));
                J.attribute("location", jsonText(L.At.str()));
              });
          });
          J.attribute("not_built", jsonText(M.NotBuilt + suggestedInputText(M)));
        });
    });
    J.attributeArray("unresolved", [&] {
      for (const cxx::Problem &P : D.Problems)
        J.object([&] {
          J.attribute("location", jsonText(P.At.str()));
          J.attribute("message", jsonText(P.Message));
        });
    });
    J.attributeArray("skipped_headers", [&] {
      for (const std::string &H : D.SkippedHeaders)
        J.value(jsonText(H));
    });
  });
  OS << "\n";
}

} // namespace

std::string suggestedInputText(const cxx::ModelEntry &M) {
  if (!M.NeedsInput || M.Suggested.empty())
    return "";
  const auto &[Specs, At] = M.Suggested.front();
  return "; the program calls it at " + At.str() + " with --input '" + join(Specs, "' --input '") +
         "'";
}

void writeCxxModules(const cxx::Discovery &D, bool Json, raw_ostream &OS) {
  if (Json)
    return writeModulesJson(D, OS);
  for (const cxx::ModelEntry &M : D.Models) {
    OS << printable(M.At.str()) << ": module " << M.Class << " (model " << printable(M.Path)
       << ")\n";
    std::vector<std::string> Bound;
    for (const auto &[N, V] : M.Bindings)
      Bound.push_back(N + "=" + printable(V, 128));
    OS << "  constructed " << (M.Site.valid() ? "at " + printable(M.Site.str()) : "by default")
       << (Bound.empty() ? "" : " with " + join(Bound, ", ")) << "\n";
    if (!M.OptionHoles.empty()) {
      std::vector<std::string> Keys;
      for (const std::string &K : M.OptionHoles)
        Keys.push_back(printable(K, 128));
      OS << "  reads options known only at run time: " << join(Keys, ", ")
         << " (bind each with --arg KEY=VALUE)\n";
    }
    std::vector<std::string> Ins;
    for (const cxx::InputSpec &S : M.Inputs)
      Ins.push_back(inputText(S) + " (" + printable(S.Origin) + ")");
    OS << "  forward(" << join(M.ForwardParams, ", ") << ")"
       << (Ins.empty() ? "" : ": " + join(Ins, ", ")) << "\n";
    std::string Said = suggestedInputText(M);
    if (!M.NotBuilt.empty())
      OS << "  not costed: " << printable(M.NotBuilt + Said) << "\n";
    // (the first, when the model needs it, is in the not-costed line)
    for (const auto &[Specs, At] : ArrayRef(M.Suggested).drop_front(Said.empty() ? 0 : 1)) {
      std::vector<std::string> Args;
      for (const std::string &Spec : Specs)
        Args.push_back("--input '" + printable(Spec, 256) + "'");
      OS << "  the program calls it at " << printable(At.str()) << " with " << join(Args, " ")
         << "\n";
    }
    for (const cxx::LayerEntry &L : M.Layers)
      OS << "  " << printable(L.At.str()) << ": " << printable(L.Path) << ": " << printable(L.Kind)
         << (L.Options.empty() ? "" : " " + printable(L.Options, 1024)) << "\n";
  }
  if (!D.Children.empty())
    OS << "submodule classes: " << join(D.Children, ", ") << "\n";
  for (const cxx::Problem &P : D.Problems)
    OS << (P.At.valid() ? printable(P.At.str()) + ": " : std::string())
       << "unresolved: " << printable(P.Message, 1024) << "\n";
  if (!D.SkippedHeaders.empty())
    OS << "skipped headers (not found): " << printable(join(D.SkippedHeaders, ", ")) << "\n";
}

} // namespace wattlint
