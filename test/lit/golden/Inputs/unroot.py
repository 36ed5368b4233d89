"""Prints a SARIF log with the machine's repository root replaced, so that
the golden file does not depend on where the tests run."""
import json
import sys

log = json.load(open(sys.argv[1]))
for run in log["runs"]:
    run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///REPOSITORY/"
print(json.dumps(log, indent=1, ensure_ascii=False))
