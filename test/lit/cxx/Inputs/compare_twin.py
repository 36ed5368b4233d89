"""Compares two `profile --format json` outputs, the C++ source's (first)
and its Python twin's ONNX export (second), strictly: the same MACs,
params and buffers in total, and node for node (in graph order) the same
name (the exporter's scoped names, "/layer1/layer1.0/conv1/Conv"), op type,
element type, output shapes, MACs, FLOPs, params and bytes read and
written. Of the bytes read only the sum is compared: a constant operand
(Reshape's shape, Slice's starts) is an initializer from C++, read as a
weight, and a Constant node's output in the export, read as an activation.

The only nodes left out are those one side has by design, with no weight:
  - Identity: eval-mode dropout is an Identity from C++ and no node in the
    export (an Identity that reads a weight, the exporter's copy of a
    merged initializer, is compared like any node);
  - Constant: the exporter writes the constant operands of Reshape and
    friends as Constant nodes, the C++ front end as initializers.
The totals of bytes are not compared: the C++ side's Identity nodes count
the copy of a dropout's tensor.
Prints one line per difference, then "twin: N nodes match, ..." or exits 1.
Usage: compare_twin.py CXX.json ONNX.json"""
import json
import sys

SKIP = {"Identity", "Constant"}
FIELDS = ("name", "op_type", "dtype", "output_shapes", "macs", "flops", "params", "bytes_read",
          "bytes_written")


def load(path):
    with open(path) as f:
        p = json.load(f)
    kept = [n for n in p["nodes"] if n["op_type"] not in SKIP or n["params"] != 0]
    return p["totals"], kept


def describe(n):
    return "%s (%s) %s %s macs=%d flops=%d params=%d read=%d written=%d" % (
        n["name"], n["op_type"], n["dtype"], n["output_shapes"], n["macs"], n["flops"],
        n["params"], n["bytes_read"], n["bytes_written"])


cxx_t, cxx = load(sys.argv[1])
onnx_t, onnx = load(sys.argv[2])
bad = []
for key in ("macs", "params", "buffers"):
    if cxx_t[key] != onnx_t[key]:
        bad.append("%s: %d from C++, %d from ONNX" % (key, cxx_t[key], onnx_t[key]))
for i, (c, o) in enumerate(zip(cxx, onnx)):
    if any(c[k] != o[k] for k in FIELDS):
        bad.append("node %d differs:\n  C++:  %s\n  ONNX: %s" % (i, describe(c), describe(o)))
if len(cxx) != len(onnx):
    bad.append("%d nodes from C++, %d from ONNX; the first unmatched:\n  %s" % (
        len(cxx), len(onnx),
        describe((cxx if len(cxx) > len(onnx) else onnx)[min(len(cxx), len(onnx))])))
for b in bad:
    print("twin: " + b)
if bad:
    sys.exit(1)
print("twin: %d nodes match, %d MACs, %d params, %d buffers" % (
    len(cxx), cxx_t["macs"], cxx_t["params"], cxx_t["buffers"]))
