"""Compares two `profile --format json` outputs, the C++ source's (first) and
its Python twin's ONNX export (second): the same MACs and params in total,
and node for node the same op types with the same MACs, leaving out the
nodes only one side has by design (Identity for an eval-mode dropout, which
the exporter drops; Constant). Prints one line per difference, then
"twin: N nodes match" or exits 1.
Usage: compare_twin.py CXX.json ONNX.json"""
import json
import sys

SKIP = {"Identity", "Constant", "Dropout"}


def nodes(path):
    with open(path) as f:
        p = json.load(f)
    return p["totals"], [(n["op_type"], n["macs"]) for n in p["nodes"]
                         if n["op_type"] not in SKIP]


cxx_t, cxx = nodes(sys.argv[1])
onnx_t, onnx = nodes(sys.argv[2])
bad = []
for key in ("macs", "params"):
    if cxx_t[key] != onnx_t[key]:
        bad.append("%s: %d from C++, %d from ONNX" % (key, cxx_t[key], onnx_t[key]))
if cxx != onnx:
    bad.append("nodes differ:\n  C++:  %s\n  ONNX: %s" % (cxx, onnx))
for b in bad:
    print("twin: " + b)
if bad:
    sys.exit(1)
print("twin: %d nodes match, %d MACs, %d params" % (len(cxx), cxx_t["macs"], cxx_t["params"]))
