//===- tools/reporters/CheckSarif.cpp - `check --format sarif` ------------===//
//
// SARIF 2.1.0 for code scanning (GitHub's included): every rule as a
// descriptor with its `explain` page as help; one result per finding with
// the model file relative to the repository root (%SRCROOT%), the node path
// as a logical location, a physical region where the front end knows one,
// a fingerprint stable across runs and edits elsewhere in the model, and
// the savings and measures as properties. Models that could not be read and
// stale suppressions are tool notifications. docs/sarif.md.
//
//===----------------------------------------------------------------------===//
#include "cost/Derived.h"
#include "tools/Format.h"
#include "tools/reporters/Reporters.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <fmt/format.h>

#include <cmath>

using namespace llvm;

namespace wattlint {

namespace {

double finite(double V) { return std::isfinite(V) ? V : 0.0; }

const char *level(Severity S) {
  switch (S) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "none";
}

/// "graph-dead-node" -> "GraphDeadNode" (SARIF's rule name: an identifier).
std::string ruleName(StringRef Id) {
  std::string Out;
  bool Up = true;
  for (char C : Id) {
    if (C == '-') {
      Up = true;
      continue;
    }
    Out += Up ? toUpper(C) : C;
    Up = false;
  }
  return Out;
}

/// The first paragraph under "## What it flags" of a rule page, unwrapped.
std::string fullDescription(StringRef Doc, StringRef Fallback) {
  size_t At = Doc.find("## What it flags");
  if (At == StringRef::npos)
    return Fallback.str();
  StringRef Rest = Doc.drop_front(At).split('\n').second.ltrim("\n");
  StringRef Para = Rest.substr(0, Rest.find("\n\n"));
  SmallVector<StringRef, 8> Lines;
  Para.split(Lines, '\n');
  std::string Out;
  for (StringRef L : Lines)
    Out += (Out.empty() ? "" : " ") + L.trim().str();
  return Out.empty() ? Fallback.str() : Out;
}

/// Percent-encodes a path for a URI reference, keeping '/' (RFC 3986).
std::string uriPath(StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (isAlnum(C) || StringRef("-._~/").contains(C))
      Out += char(C);
    else
      Out += fmt::format("%{:02X}", unsigned(C));
  }
  return Out;
}

/// The repository root: the nearest folder above the working directory
/// holding .git, else the working directory; absolute, with a final '/'.
std::string sourceRoot() {
  SmallString<256> Dir;
  if (sys::fs::current_path(Dir))
    return "/";
  for (StringRef D = Dir; !D.empty(); D = sys::path::parent_path(D)) {
    SmallString<256> Git(D);
    sys::path::append(Git, ".git");
    if (sys::fs::exists(Git)) {
      // D is a prefix of Dir: assigning it would copy Dir onto itself (an
      // assertion in LLVM's debug headers).
      Dir.truncate(D.size());
      break;
    }
  }
  std::string Root = sys::path::convert_to_slash(Dir);
  if (Root.empty() || Root.back() != '/')
    Root += '/';
  return Root;
}

/// The model's path relative to Root ("" when it is outside).
std::string relativeTo(StringRef Root, StringRef Model) {
  SmallString<256> Abs(Model);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  std::string P = sys::path::convert_to_slash(Abs);
  if (!StringRef(P).starts_with(Root))
    return "";
  return P.substr(Root.size());
}

std::string absoluteUri(StringRef Model) {
  SmallString<256> Abs(Model);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, true);
  return "file://" + uriPath(sys::path::convert_to_slash(Abs));
}

/// A source file's artifactLocation: relative to %SRCROOT% when it is
/// under Root, else an absolute URI.
void writeArtifact(json::OStream &J, StringRef File, StringRef Root) {
  std::string Rel = relativeTo(Root, File);
  J.attributeObject("artifactLocation", [&] {
    if (!Rel.empty()) {
      J.attribute("uri", uriPath(Rel));
      J.attribute("uriBaseId", "%SRCROOT%");
    } else {
      J.attribute("uri", absoluteUri(File));
    }
  });
}

/// The places a finding's message leans on (the line that reads only the
/// last step, the construction that bound the hyper-parameters).
void writeRelated(json::OStream &J, const Finding &F, StringRef Root) {
  J.attributeArray("relatedLocations", [&] {
    for (size_t I = 0; I < F.RelatedLocations.size(); ++I) {
      const SourceNote &N = F.RelatedLocations[I];
      J.object([&] {
        J.attribute("id", int64_t(I));
        J.attributeObject("physicalLocation", [&] {
          writeArtifact(J, N.File, Root);
          J.attributeObject("region", [&] {
            J.attribute("startLine", N.Line);
            if (N.Column)
              J.attribute("startColumn", N.Column);
          });
        });
        J.attributeObject("message", [&] { J.attribute("text", jsonText(N.Message)); });
      });
    }
  });
}

void writeRule(json::OStream &J, const RuleInfo &R) {
  StringRef Doc = ruleDoc(R.Id);
  J.object([&] {
    J.attribute("id", R.Id);
    J.attribute("name", ruleName(R.Id));
    J.attributeObject("shortDescription", [&] { J.attribute("text", R.Summary); });
    J.attributeObject("fullDescription",
                      [&] { J.attribute("text", fullDescription(Doc, R.Summary)); });
    J.attributeObject("help", [&] {
      J.attribute("text", Doc.empty() ? StringRef(R.Summary) : Doc);
      J.attribute("markdown", Doc.empty() ? StringRef(R.Summary) : Doc);
    });
    J.attribute("helpUri",
                std::string(WATTLINT_HOMEPAGE) + "/blob/main/docs/rules/" + R.Id + ".md");
    J.attributeObject("defaultConfiguration", [&] { J.attribute("level", level(R.Default)); });
    J.attributeObject("properties", [&] {
      J.attributeArray("tags", [&] {
        J.value("energy");
        J.value(StringRef(R.Id).split('-').first);
      });
    });
  });
}

void writeResult(json::OStream &J, const Analysis &A, const Finding &F, int RuleIndex,
                 StringRef Root) {
  std::string Rel = relativeTo(Root, A.Path);
  std::string Key = A.keyOf(F);
  J.object([&] {
    J.attribute("ruleId", F.Rule);
    J.attribute("ruleIndex", RuleIndex);
    J.attribute("level", level(F.Sev));
    // The message, its notes in parentheses, then the help with its saving.
    std::string Text = renderText(F.Message, F);
    for (size_t I = 0; I < F.Notes.size(); ++I)
      Text += (I ? "; " : " (") + renderText(F.Notes[I], F) + (I + 1 == F.Notes.size() ? ")" : "");
    Text += ".";
    if (!F.Help.empty()) {
      Text += " Help: " + renderText(F.Help, F);
      if (F.SavingsJ > 0 && A.E)
        Text += fmt::format(": saves {} per inference ({:.1f}% of the model) on {}",
                            joules(F.SavingsJ), 100 * F.SavingsFraction, A.E->Target);
      Text += ".";
    }
    J.attributeObject("message", [&] { J.attribute("text", jsonText(Text)); });
    J.attributeArray("locations", [&] {
      J.object([&] {
        J.attributeObject("physicalLocation", [&] {
          std::optional<SourceNote> At = sourceNote(A.locationOf(F), "");
          writeArtifact(J, At ? StringRef(At->File) : StringRef(A.Path), Root);
          uint64_t Size = 0;
          if (At)
            J.attributeObject("region", [&] {
              J.attribute("startLine", At->Line);
              J.attribute("startColumn", At->Column);
              J.attribute("endLine", At->Line);
              J.attribute("endColumn", At->Column + 1);
            });
          else if (!sys::fs::file_size(A.Path, Size))
            // The whole model: an ONNX node has no line of its own.
            J.attributeObject("region", [&] {
              J.attribute("byteOffset", 0);
              J.attribute("byteLength", int64_t(Size));
            });
        });
        if (!Key.empty())
          J.attributeArray("logicalLocations", [&] {
            J.object([&] {
              J.attribute("name", jsonText(F.Node.empty() ? Key : F.Node));
              J.attribute("fullyQualifiedName", jsonText(Key));
              J.attribute("kind", "module");
            });
          });
      });
    });
    if (!F.RelatedLocations.empty())
      writeRelated(J, F, Root);
    // Stable across runs and across edits elsewhere in the model: the rule,
    // the model's path from the root and the node's path key.
    uint64_t H = xxh3_64bits(
        arrayRefFromStringRef(F.Rule + "\n" + (Rel.empty() ? A.Key : Rel) + "\n" + Key));
    J.attributeObject("partialFingerprints",
                      [&] { J.attribute("wattlintFinding/v1", fmt::format("{:016x}", H)); });
    J.attributeObject("properties", [&] {
      J.attribute("savingsJ", finite(F.SavingsJ));
      J.attribute("savingsFraction", finite(F.SavingsFraction));
      if (A.E)
        J.attribute("target", A.E->Target);
      if (!F.OpType.empty())
        J.attribute("opType", jsonText(F.OpType));
      J.attributeArray("measures", [&] {
        for (const Measure &M : F.Measures)
          J.object([&] {
            J.attribute("label", jsonText(M.Label));
            J.attribute("value", finite(M.Value));
            J.attribute("unit", jsonText(M.Unit));
          });
      });
    });
  });
}

} // namespace

void writeCheckSarif(ArrayRef<Analysis> As, const CheckRun &R, raw_ostream &OS) {
  std::string Root = sourceRoot();
  ArrayRef<RuleInfo> Rules = allRules();
  auto indexOf = [&](StringRef Id) {
    for (size_t I = 0; I < Rules.size(); ++I)
      if (Id == Rules[I].Id)
        return int(I);
    return -1;
  };
  json::OStream J(OS, 1);
  J.object([&] {
    J.attribute("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    J.attribute("version", "2.1.0");
    J.attributeArray("runs", [&] {
      J.object([&] {
        J.attributeObject("tool", [&] {
          J.attributeObject("driver", [&] {
            J.attribute("name", "wattlint");
            J.attribute("version", WATTLINT_VERSION);
            J.attribute("semanticVersion", WATTLINT_VERSION);
            J.attribute("informationUri", WATTLINT_HOMEPAGE);
            J.attributeArray("rules", [&] {
              for (const RuleInfo &Rule : Rules)
                writeRule(J, Rule);
            });
          });
        });
        J.attributeObject("originalUriBaseIds", [&] {
          J.attributeObject("%SRCROOT%", [&] { J.attribute("uri", "file://" + uriPath(Root)); });
        });
        J.attributeArray("invocations", [&] {
          J.object([&] {
            J.attribute("executionSuccessful", R.Errors.empty());
            J.attributeArray("toolExecutionNotifications", [&] {
              for (const auto &[Model, Msg] : R.Errors)
                J.object([&] {
                  J.attribute("level", "error");
                  J.attributeObject("message", [&] { J.attribute("text", jsonText(Msg)); });
                });
            });
            J.attributeArray("toolConfigurationNotifications", [&] {
              for (const auto &[Loc, Msg] : R.Stale)
                J.object([&] {
                  J.attribute("level", "note");
                  J.attributeObject("message",
                                    [&] { J.attribute("text", jsonText(Loc + ": " + Msg)); });
                });
            });
          });
        });
        J.attribute("columnKind", "unicodeCodePoints");
        J.attributeArray("results", [&] {
          for (const Analysis &A : As)
            for (const Finding &F : A.Findings)
              writeResult(J, A, F, indexOf(F.Rule), Root);
        });
      });
    });
  });
  OS << "\n";
}

} // namespace wattlint
