"""Compare wattlint's MAC totals on the real-model fixtures with the
independent hand counts in each folder's expected.json (counted from the
PyTorch modules by gen_models.py), and the two exports of one architecture
with each other.

Usage: check_models.py WATTLINT MODELS_DIR [MODELS_DIR ...]
Prints one line per model and exits 1 on any mismatch.
"""
import json
import os
import subprocess
import sys

wattlint, dirs = sys.argv[1], sys.argv[2:]
bad = 0
totals = {}
for d in dirs:
    expected = json.load(open(os.path.join(d, "expected.json")))
    for name in sorted(expected):
        path = os.path.join(d, name + ".onnx")
        runs = {}
        for batch in (1, 8):
            out = subprocess.run([wattlint, "profile", path, "--dim", "N=%d" % batch, "--format", "json"],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                print("FAIL %s: exit %d: %s" % (path, out.returncode, out.stderr.strip()))
                bad += 1
                break
            runs[batch] = json.loads(out.stdout)
        if len(runs) != 2:
            continue
        p1, p8 = runs[1], runs[8]
        want = expected[name]["macs_n1"]
        got = p1["totals"]["macs"]
        problems = []
        if got != want:
            problems.append("MACs %d, hand count %d" % (got, want))
        if p8["totals"]["macs"] != 8 * want:
            problems.append("MACs at N=8 %d, expected %d" % (p8["totals"]["macs"], 8 * want))
        if p1["unknown_ops"] or p1["unresolved_shapes"]:
            problems.append("unknown %s unresolved %s" % (p1["unknown_ops"], p1["unresolved_shapes"][:5]))
        totals.setdefault(name, []).append((d, got))
        print("%s %s: %d MACs (hand %d), %d params, %d nodes" % (
            "FAIL" if problems else "ok", path, got, want, p1["totals"]["params"], p1["totals"]["nodes"]),
            "; ".join(problems))
        bad += bool(problems)
for name, seen in sorted(totals.items()):
    if len({m for _, m in seen}) > 1:
        print("FAIL %s: exports disagree: %s" % (name, seen))
        bad += 1
print("%d models checked, %d failed" % (sum(len(v) for v in totals.values()), bad))
sys.exit(1 if bad else 0)
