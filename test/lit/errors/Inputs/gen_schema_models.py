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

# Data: an initializer with no data at all; external data whose entries are
# malformed, whose length is not what the dims need, or whose bytes lie past
# the end of the file that is there.
nodata = T()
nodata.name, nodata.data_type = "W", T.FLOAT
nodata.dims.extend([4, 4])
save("no-data", [helper.make_node("MatMul", ["X", "W"], ["Y"])], [X], [Y], [nodata])


def external(name, entries):
    t = T()
    t.name, t.data_type = "W", T.FLOAT
    t.dims.extend([64, 64])
    t.data_location = T.EXTERNAL
    for k, v in entries:
        e = t.external_data.add()
        e.key, e.value = k, v
    save(name, [helper.make_node("MatMul", ["X", "W"], ["Y"])], [vi("X", shape=(1, 64))],
         [vi("Y", shape=(1, 64))], [t])


external("ext-offset", [("location", "w.bin"), ("offset", "abc")])
external("ext-length", [("location", "absent.bin"), ("length", "5")])
external("ext-past-end", [("location", "w.bin"), ("offset", "1000000")])
with open(os.path.join(out, "w.bin"), "wb") as f:
    f.write(b"\0" * 100)
# The graph: a domain imported twice (as "" and "ai.onnx"), an output no
# node makes, totals past 2^63 (2^62 MACs: 2^63 FLOPs and more).
g = helper.make_graph([helper.make_node("Relu", ["X"], ["Y"])], "g", [X], [Y])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 11), helper.make_opsetid("ai.onnx", 17)])
with open(os.path.join(out, "two-opsets.onnx"), "wb") as f:
    f.write(m.SerializeToString())
save("no-producer", [helper.make_node("Relu", ["X"], ["Y"])], [X], [Y, vi("Z")])
save("totals-wrap", [helper.make_node("MatMul", ["A", "B"], ["Y"])],
     [vi("A", shape=(1 << 21, 1 << 21)), vi("B", shape=(1 << 21, 1 << 20))], [vi("Y", shape=(1 << 21, 1 << 20))])
# Choices: a mode the spec does not name, a flag that is neither 0 nor 1.
save("pad-mode", [helper.make_node("Pad", ["X", "P"], ["Y"], mode="mirror")], [X], [vi("Y", shape=(6,))],
     [numpy_helper.from_array(np.array([1, 1], np.int64), "P")])
save("topk-flag", [helper.make_node("TopK", ["X", "K"], ["V", "I"], largest=7)], [X],
     [vi("V", shape=(2,)), vi("I", T.INT64, (2,))], [numpy_helper.from_array(np.array([2], np.int64), "K")])
# Operands: a Conv bias of 7 for 8 output channels, BatchNorm's scale of 3
# for 4 channels, a ConvTranspose whose input has 4 channels for a weight
# of 3, a Gemm C that does not broadcast to [M, N], an LRN of size 0.
img = vi("X", shape=(1, 4, 8, 8))
ones = lambda name, *shape: numpy_helper.from_array(np.ones(shape, np.float32), name)
save("conv-bias", [helper.make_node("Conv", ["X", "W", "B"], ["Y"])], [img], [vi("Y", shape=(1, 8, 6, 6))],
     [ones("W", 8, 4, 3, 3), ones("B", 7)])
save("bn-scale", [helper.make_node("BatchNormalization", ["X", "S", "B", "M", "V"], ["Y"])], [img], [vi("Y", shape=(1, 4, 8, 8))],
     [ones("S", 3), ones("B", 4), ones("M", 4), ones("V", 4)])
save("convt-channels", [helper.make_node("ConvTranspose", ["X", "W"], ["Y"])], [img], [vi("Y", shape=(1, 2, 10, 10))],
     [ones("W", 3, 2, 3, 3)])
save("gemm-c", [helper.make_node("Gemm", ["A", "B", "C"], ["Y"])], [vi("A", shape=(2, 3))], [vi("Y", shape=(2, 5))],
     [ones("B", 3, 5), ones("C", 3)])
save("lrn-size", [helper.make_node("LRN", ["X"], ["Y"], size=0)], [img], [vi("Y", shape=(1, 4, 8, 8))])
# Ranks: a Reshape whose shape is a [2, 2] matrix.
save("reshape-rank", [helper.make_node("Reshape", ["X", "S"], ["Y"])], [X], [vi("Y", shape=(2, 2))],
     [numpy_helper.from_array(np.array([[2, 2], [1, 4]], np.int64), "S")])
# Structure: IR version 2 with an opset import (imports came with IR 3), an
# attribute referring to a function's attribute in the main graph, a sparse
# initializer of no dims.
g = helper.make_graph([helper.make_node("Relu", ["X"], ["Y"])], "g", [X], [Y])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
m.ir_version = 2
with open(os.path.join(out, "ir2-opsets.onnx"), "wb") as f:
    f.write(m.SerializeToString())
perm = helper.make_attribute("perm", [1, 0])
perm.ref_attr_name = "p"
node = helper.make_node("Transpose", ["A"], ["Y"])
node.attribute.extend([perm])
save("ref-attr", [node], [vi("A", shape=(2, 3))], [vi("Y", shape=(3, 2))])
g = helper.make_graph([helper.make_node("Identity", ["S"], ["Y"])], "g", [], [Y])
g.sparse_initializer.extend([helper.make_sparse_tensor(
    helper.make_tensor("S", T.FLOAT, [1], [1.0]), helper.make_tensor("S_i", T.INT64, [1], [0]), [])])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
with open(os.path.join(out, "sparse-no-dims.onnx"), "wb") as f:
    f.write(m.SerializeToString())
# A value_info whose element type is not the one its op makes (the file
# states int64 for a Relu of floats).
g = helper.make_graph([helper.make_node("Relu", ["X"], ["T"]), helper.make_node("Relu", ["T"], ["Y"])],
                      "g", [X], [Y], value_info=[vi("T", T.INT64)])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
with open(os.path.join(out, "value-info-type.onnx"), "wb") as f:
    f.write(m.SerializeToString())
# IR 3 with an initializer that is no graph input; a graph input of no
# element type.
g = helper.make_graph([helper.make_node("Add", ["X", "W"], ["Y"])], "g", [X], [Y],
                      [numpy_helper.from_array(np.ones(4, np.float32), "W")])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 8)])
m.ir_version = 3
with open(os.path.join(out, "ir3-initializer.onnx"), "wb") as f:
    f.write(m.SerializeToString())
save("untyped-input", [helper.make_node("Relu", ["X"], ["Y"])], [vi("X", T.UNDEFINED)], [Y])
# value_info shapes the ops contradict: of another rank (any model), of
# another dim where no binding changes shapes (every input dim fixed); a
# symbolic batch the export bound to 1 in value_info is no contradiction.
two_relus = [helper.make_node("Relu", ["X"], ["T"]), helper.make_node("Relu", ["T"], ["Y"])]
for name, shape in (("vi-rank", (2, 2)), ("vi-dim", (5,))):
    g = helper.make_graph(two_relus, "g", [X], [Y], value_info=[vi("T", shape=shape)])
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString())
g = helper.make_graph(two_relus, "g", [vi("X", shape=("N", 4))], [vi("Y", shape=("N", 4))],
                      value_info=[vi("T", shape=(1, 4))])
with open(os.path.join(out, "vi-export-batch.onnx"), "wb") as f:
    f.write(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString())
# A graph output declared a sequence that its op makes as a tensor, and a
# tensor where its op makes a sequence; a sequence declared as one is fine.
seq_y = helper.make_tensor_sequence_value_info("Y", T.FLOAT, [4])
save("output-seq-for-tensor", [helper.make_node("Relu", ["X"], ["Y"])], [X], [seq_y])
save("output-tensor-for-seq", [helper.make_node("SequenceConstruct", ["X"], ["Y"])], [X], [Y])
save("output-seq", [helper.make_node("SequenceConstruct", ["X"], ["Y"])], [X], [seq_y])
