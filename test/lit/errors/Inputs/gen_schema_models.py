"""Models that break their operators' schemas or their own declarations:
written without onnx.checker, as a hostile file would be. Usage: OUT_DIR."""
import os
import sys

import numpy as np
from onnx import TensorProto as T, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def save(name, nodes, inputs, outputs, inits=(), opset=17):
    g = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


def vi(name, dtype=T.FLOAT, shape=(4,)):
    return helper.make_tensor_value_info(name, dtype, list(shape))


X, Y = vi("X"), vi("Y")
# Schema: an attribute Relu does not define, one given twice, one typed INT
# that holds a float, a required one missing, too many inputs, a required
# input left empty, an operator from a later opset, one no opset has.
save("unknown-attr", [helper.make_node("Relu", ["X"], ["Y"], alpha_bogus=1.0)], [X], [Y])
dup = helper.make_node("Transpose", ["X"], ["Y"], perm=[0])
dup.attribute.extend([helper.make_attribute("perm", [0])])
save("dup-attr", [dup], [X], [Y])
flat = helper.make_node("Flatten", ["X"], ["Y"])
a = flat.attribute.add()
a.name, a.type, a.f = "axis", 2, 2.0  # INT, but the value is in f
save("int-in-f", [flat], [vi("X", shape=(6, 4))], [vi("Y", shape=(6, 4))])
save("no-required", [helper.make_node("LRN", ["X"], ["Y"])], [vi("X", shape=(1, 4, 8, 8))],
     [vi("Y", shape=(1, 4, 8, 8))])
save("relu-two-inputs", [helper.make_node("Relu", ["X", "X"], ["Y"])], [X], [Y])
save("empty-required", [helper.make_node("MatMul", ["X", ""], ["Y"])], [X], [Y])
save("later-opset", [helper.make_node("LayerNormalization", ["X", "S"], ["Y"])], [X], [Y],
     [numpy_helper.from_array(np.ones(4, np.float32), "S")], opset=16)
save("no-such-op", [helper.make_node("Conv2D", ["X"], ["Y"])], [X], [Y])
# Type constraints: Add of float and int64, an int64 Conv, a float shape.
save("add-mixed", [helper.make_node("Add", ["X", "B"], ["Y"])], [X, vi("B", T.INT64)], [Y])
save("reshape-float", [helper.make_node("Reshape", ["X", "S"], ["Y"])], [X], [Y],
     [numpy_helper.from_array(np.array([4], np.float32), "S")])
# Declarations: an output that redeclares an initializer's rank, an input
# of an initializer's name with another shape.
save("output-rank", [helper.make_node("MatMul", ["X", "W"], ["Y"])], [X], [Y, vi("W", shape=(1000, 1000, 1000))],
     [numpy_helper.from_array(np.ones((4, 4), np.float32), "W")])
save("input-shape", [helper.make_node("MatMul", ["X", "W"], ["Y"])], [X, vi("W", shape=(4, 4096))], [vi("Y", shape=(4096,))],
     [numpy_helper.from_array(np.ones((4, 8), np.float32), "W")])
