"""Compares two `profile --format json` outputs, the C++ source's (first)
and its Python twin's ONNX export (second), strictly: the same MACs,
params and buffers in total, and node for node (in graph order) the same
name (the exporter's scoped names, "/layer1/layer1.0/conv1/Conv"), op type,
element type, output shapes, MACs, FLOPs, params and bytes read and
written. Of the bytes read only the sum is compared: a constant operand
(Reshape's shape, Slice's starts) is an initializer from C++, read as a
weight, and a Constant node's output in the export, read as an activation.

A reduction (ReduceMean, ReduceMax, ...) may read 8 bytes per axis more
from C++: its axes are an input at the opset the front end writes (20) and
an attribute at the export's (17).
The only nodes left out are those one side has by design, with no weight:
  - Constant: the exporter writes the constant operands of Reshape and
    friends as Constant nodes, the C++ front end as initializers.
Eval-mode dropout is no node on either side (an Identity that reads a
weight, the exporter's copy of a merged initializer, is compared like any
node). The totals of bytes are not compared: a constant operand is an
activation on one side and a weight on the other.
With --buffers-in-export, the C++ model registers buffers (register_buffer)
that the ONNX export cannot mark as such (a buffer there is an initializer
like any weight): the C++ side's params + buffers must equal the export's,
and node for node its params may fall short of the export's only by those
buffers, in total.
With --no-size-arithmetic, the export computes sizes at run time that the
C++ front end knows (attention's head split: Shape, Gather, Div, Cast,
Unsqueeze and Concat on int64 scalars and shape vectors): nodes whose
outputs are int64 of rank 1 or less are left out on both sides, and the
names are compared without their trailing "_N" count, which those nodes
shift.
Prints one line per difference, then "twin: N nodes match, ..." or exits 1.
Usage: compare_twin.py CXX.json ONNX.json [--buffers-in-export]
                       [--no-size-arithmetic]"""
import json
import re
import sys

SKIP = {"Constant"}
FIELDS = ("name", "op_type", "dtype", "output_shapes", "macs", "flops", "params", "bytes_read",
          "bytes_written")


NO_SIZES = "--no-size-arithmetic" in sys.argv[3:]


def size_arithmetic(n):
    return (NO_SIZES and n["dtype"] == "i64" and n["params"] == 0
            and all(len(s) <= 1 for s in n["output_shapes"]))


def load(path):
    with open(path) as f:
        p = json.load(f)
    kept = [n for n in p["nodes"]
            if (n["op_type"] not in SKIP or n["params"] != 0) and not size_arithmetic(n)]
    if NO_SIZES:
        for n in kept:
            n["name"] = re.sub(r"_[0-9]+$", "", n["name"])
    return p["totals"], kept


def describe(n):
    return "%s (%s) %s %s macs=%d flops=%d params=%d read=%d written=%d" % (
        n["name"], n["op_type"], n["dtype"], n["output_shapes"], n["macs"], n["flops"],
        n["params"], n["bytes_read"], n["bytes_written"])


cxx_t, cxx = load(sys.argv[1])
onnx_t, onnx = load(sys.argv[2])
buffers_in_export = "--buffers-in-export" in sys.argv[3:]
bad = []
if buffers_in_export:
    totals = [("macs", cxx_t["macs"], onnx_t["macs"]),
              ("params + buffers", cxx_t["params"] + cxx_t["buffers"],
               onnx_t["params"] + onnx_t["buffers"])]
else:
    totals = [(k, cxx_t[k], onnx_t[k]) for k in ("macs", "params", "buffers")]
for key, c, o in totals:
    if c != o:
        bad.append("%s: %d from C++, %d from ONNX" % (key, c, o))
fields = [k for k in FIELDS if not (buffers_in_export and k == "params")]
short = 0
def axes_input(c, o):
    """A reduction's axes: an attribute in the export (opset 17), an int64
    input from C++ (the front end writes opset 20, where ReduceMean and the
    others take them so): 8 more bytes read per axis, nothing else."""
    extra = c["bytes_read"] - o["bytes_read"]
    return (c["op_type"].startswith("Reduce") and extra % 8 == 0 and 0 < extra <= 64
            and all(c[k] == o[k] for k in fields if k != "bytes_read"))


for i, (c, o) in enumerate(zip(cxx, onnx)):
    if (any(c[k] != o[k] for k in fields) and not axes_input(c, o)) or (
            buffers_in_export and c["params"] > o["params"]):
        bad.append("node %d differs:\n  C++:  %s\n  ONNX: %s" % (i, describe(c), describe(o)))
    short += o["params"] - c["params"]
if buffers_in_export and short != cxx_t["buffers"] - onnx_t["buffers"]:
    bad.append("nodes' params differ by %d, not by the %d buffers" % (
        short, cxx_t["buffers"] - onnx_t["buffers"]))
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
