"""Prints, for each SARIF or check JSON file given, the help of its first
finding, and 'raw' for any message, note or help that holds a control
character or a bidi override or mark. Usage: FILE..."""
import json
import re
import sys

BAD = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
for path in sys.argv[1:]:
    doc = json.load(open(path))
    if "runs" in doc:
        texts = [r["message"]["text"] for run in doc["runs"] for r in run["results"]]
    else:
        texts = [t for f in doc["findings"] for t in [f["message"], f["help"]] + f["notes"]]
    for t in texts:
        if BAD.search(t):
            print(path, "raw", repr(t))
    first = [t for t in texts if "serve batches" in t][0]
    print(path + ": " + first[first.index("serve batches"):])
