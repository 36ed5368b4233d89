"""Run `wattlint profile` over every model in ONNX's operator test corpus
(Debian's libonnx-testdata: node, pytorch-converted, pytorch-operator, simple).

Each model must give exit 0, or a clean exit 2 with a one-line message; a
crash (signal), a hang (timeout) or any other exit code fails. Prints how many
models were fully costed and which ops are still unknown or unresolved.
Usage: sweep.py WATTLINT [CORPUS_ROOT] [--timeout SECONDS]
"""
import collections
import glob
import json
import os
import subprocess
import sys

wattlint = sys.argv[1]
args = [a for a in sys.argv[2:] if not a.startswith("--")]
root = args[0] if args else "/usr/share/libonnx-testdata/data"
timeout = 20
if "--timeout" in sys.argv:
    timeout = float(sys.argv[sys.argv.index("--timeout") + 1])

models = sorted(glob.glob(os.path.join(root, "*", "*", "model.onnx")))
if not models:
    print("no models under %s (install libonnx-testdata)" % root)
    sys.exit(1)
full, partial, clean_errors, failures = 0, 0, [], []
unknown = collections.Counter()
unresolved = collections.Counter()
for path in models:
    try:
        out = subprocess.run([wattlint, "profile", path, "--format", "json"],
                             capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        failures.append((path, "timeout after %ss" % timeout))
        continue
    if out.returncode == 0:
        p = json.loads(out.stdout)
        for u in p["unknown_ops"]:
            unknown[u["op_type"]] += u["count"]
        for n in p["nodes"]:
            if n["status"] == "unresolved-shape":
                unresolved[n["op_type"]] += 1
        if p["unknown_ops"] or p["unresolved_shapes"]:
            partial += 1
        else:
            full += 1
    elif out.returncode == 2 and out.stderr.strip() and "error:" in out.stderr:
        clean_errors.append((path, out.stderr.strip().splitlines()[-1]))
    else:
        failures.append((path, "exit %d: %s" % (out.returncode, out.stderr.strip()[-300:])))

print("corpus: %d models, %d fully costed, %d partly (unknown ops or shapes), "
      "%d clean errors, %d failures" % (len(models), full, partial, len(clean_errors), len(failures)))
print("unknown ops:", ", ".join("%s x%d" % kv for kv in sorted(unknown.items())) or "none")
print("unresolved shapes by op:", ", ".join("%s x%d" % kv for kv in sorted(unresolved.items())) or "none")
for path, msg in clean_errors:
    print("clean error:", os.path.relpath(path, root), "--", msg[:200])
for path, msg in failures:
    print("FAILURE:", os.path.relpath(path, root), "--", msg)
sys.exit(1 if failures else 0)
