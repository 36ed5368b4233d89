"""Prints what a SARIF log holds, one fact per line, for FileCheck: the
driver, each result's rule, level, artifact, logical location and
fingerprint; with --validation, the validator's own results (zero wanted)."""
import json
import sys

log = json.load(open(sys.argv[-1]))
run = log["runs"][0]
if "--validation" in sys.argv:
    results = run.get("results", [])
    for r in results:
        print("VALIDATION", r.get("level", "warning"), r["ruleId"],
              json.dumps(r["message"].get("arguments", [])))
    print("validation results:", len(results))
    sys.exit(0)
d = run["tool"]["driver"]
print("version", log["version"], "driver", d["name"], d["version"], d["informationUri"])
print("rules", len(d["rules"]), "with help", sum(1 for r in d["rules"] if r["help"]["markdown"]))
print("srcroot", run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/"))
for r in run["results"]:
    loc = r["locations"][0]
    art = loc["physicalLocation"]["artifactLocation"]
    logical = [l["fullyQualifiedName"] for l in loc.get("logicalLocations", [])]
    assert d["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    print("result", r["ruleId"], r["level"], art["uri"], art.get("uriBaseId", "-"),
          ",".join(logical) or "-", r["partialFingerprints"]["wattlintFinding/v1"],
          "savings" if r["properties"]["savingsJ"] > 0 else "no-savings")
