"""Write deeply nested If models into OUTDIR: a text model 3000 levels deep and
binary models 150 and 40 levels deep. Usage: gen_deep.py OUTDIR"""
import os
import sys

import onnx
from onnx import TensorProto, helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
s = "y = Identity (X)"
for i in range(3000):
    s = ("y = If (c) < then_branch = t%d () => (float[2] y) { %s }, "
         "else_branch = e%d () => (float[2] y) { y = Identity (X) } >" % (i, s, i))
with open(os.path.join(out, "deep.onnxtxt"), "w") as f:
    f.write('<ir_version: 8, opset_import: ["" : 17]>\n'
            "g (float[2] X, bool c) => (float[2] y) {\n%s\n}\n" % s)


def nested(levels):
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])
    leaf = helper.make_graph([helper.make_node("Identity", ["X"], ["y"])], "leaf", [], [y])
    body = leaf
    for i in range(levels):
        n = helper.make_node("If", ["c"], ["y"], then_branch=body, else_branch=leaf)
        body = helper.make_graph([n], "b%d" % i, [], [y])
    g = helper.make_graph(body.node, "g", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [2]),
                                          helper.make_tensor_value_info("c", TensorProto.BOOL, [])], [y])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])


for levels in (150, 40):
    with open(os.path.join(out, "deep%d.onnx" % levels), "wb") as f:
        f.write(nested(levels).SerializeToString())
