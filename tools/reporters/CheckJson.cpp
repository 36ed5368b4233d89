//===- tools/reporters/CheckJson.cpp - `check --format json` --------------===//
//
// Schema wattlint.check/1 (docs/check-json.md): findings as data (measures,
// related nodes and source places, savings), one object per model, the models that could not
// be read, and stale suppressions.
//
//===----------------------------------------------------------------------===//
#include "cost/Derived.h"
#include "tools/reporters/Reporters.h"

#include "llvm/Support/JSON.h"

#include <cmath>

using namespace llvm;

namespace wattlint {

namespace {
double finite(double V) { return std::isfinite(V) ? V : 0.0; }
const char *unstatedName(Deployment D) {
  return D == Deployment::Batch ? "batch" : D == Deployment::Precision ? "precision" : "";
}
} // namespace

void writeCheckJson(ArrayRef<Analysis> As, const CheckRun &R, raw_ostream &OS) {
  json::OStream J(OS, 1);
  J.objectBegin();
  J.attribute("schema", "wattlint.check/1");
  J.attributeArray("findings", [&] {
    for (const Analysis &A : As)
      for (const Finding &F : A.Findings)
        J.object([&] {
          J.attribute("rule", F.Rule);
          J.attribute("severity", severityName(F.Sev));
          J.attribute("model", jsonText(A.Path));
          J.attribute("node", jsonText(F.Node));
          J.attribute("graph", jsonText(F.GraphPath));
          J.attribute("op_type", jsonText(F.OpType));
          J.attribute("message", jsonText(renderText(F.Message, F)));
          J.attributeArray("notes", [&] {
            for (const std::string &N : F.Notes)
              J.value(jsonText(renderText(N, F)));
          });
          J.attribute("help", jsonText(renderText(F.Help, F)));
          J.attribute("savings_j", finite(F.SavingsJ));
          J.attribute("savings_fraction", finite(F.SavingsFraction));
          J.attribute("target", A.E ? A.E->Target : "");
          J.attribute("model_key", jsonText(A.Key));
          J.attribute("path", jsonText(A.keyOf(F)));
          if (!A.locationOf(F).empty())
            J.attribute("location", jsonText(A.locationOf(F)));
          if (!F.RelatedLocations.empty())
            J.attributeArray("related_locations", [&] {
              for (const SourceNote &N : F.RelatedLocations)
                J.object([&] {
                  J.attribute("file", jsonText(N.File));
                  J.attribute("line", N.Line);
                  J.attribute("column", N.Column);
                  J.attribute("message", jsonText(N.Message));
                });
            });
          J.attributeArray("measures", [&] {
            for (const Measure &M : F.Measures)
              J.object([&] {
                J.attribute("label", jsonText(M.Label));
                J.attribute("value", finite(M.Value));
                J.attribute("unit", jsonText(M.Unit));
              });
          });
          J.attributeArray("related", [&] {
            for (int I : F.Related)
              J.value(jsonText(A.Nodes[I].Key));
          });
          J.attributeObject("words", [&] {
            for (const auto &[K, V] : F.Words)
              J.attribute(jsonText(K), jsonText(V));
          });
          if (F.Unstated != Deployment::None)
            J.attribute("unstated", unstatedName(F.Unstated));
        });
  });
  J.attributeArray("models", [&] {
    for (const Analysis &A : As)
      J.object([&] {
        J.attribute("model", jsonText(A.Path));
        J.attribute("model_key", jsonText(A.Key));
        J.attribute("config", jsonText(A.S->Cfg.Path));
        J.attribute("target", A.E ? A.E->Target : "");
        J.attribute("precision", precisionLabel(A));
        J.attribute("energy_j", A.E ? finite(A.E->EnergyJ) : 0.0);
        J.attribute("batch", A.E ? A.E->Batch : 1);
        J.attribute("energy_j_per_sample", A.E ? finite(perSample(A.E->EnergyJ, A.E->Batch)) : 0.0);
        J.attribute("complete", A.uncosted() == 0);
        J.attribute("uncosted_nodes", int64_t(A.uncosted()));
        J.attribute("savings_j", finite(A.savingsJ()));
        if (A.Sc && A.Sc->HasCarbon) {
          J.attribute("region", A.Sc->Region);
          J.attribute("co2e_g", finite(A.Sc->TotalKg * 1000));
        }
        J.attribute("findings", int64_t(A.Findings.size()));
        J.attribute("suppressed", int64_t(A.Suppressed));
        J.attribute("below_min_savings", int64_t(A.BelowMinSavings));
        J.attributeArray("warnings", [&] {
          for (const std::string &W : A.Warnings)
            J.value(jsonText(W));
        });
      });
  });
  J.attributeArray("stale_suppressions", [&] {
    for (const auto &[Loc, Msg] : R.Stale)
      J.object([&] {
        J.attribute("location", jsonText(Loc));
        J.attribute("message", jsonText(Msg));
      });
  });
  J.attributeArray("errors", [&] {
    for (const auto &[Model, Msg] : R.Errors)
      J.object([&] {
        J.attribute("model", jsonText(Model));
        J.attribute("message", jsonText(Msg));
      });
  });
  J.objectEnd();
  OS << "\n";
}

} // namespace wattlint
