"""Writes into OUTDIR one small model per spec violation that was once read
as something else (an attribute of the wrong type read as absent, an axis out
of range or a bogus enum value ignored, a squeeze of a dim that is not 1, a
rank no op takes left unresolved), and an external-data link that leads out
of the model's folder. Run by errors/spec-checks.test with Debian's
python3-onnx. Usage: OUTDIR"""
import os
import sys

import numpy as np
from onnx import AttributeProto, TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
F, I64 = TensorProto.FLOAT, TensorProto.INT64


def vi(name, shape, t=F):
    return helper.make_tensor_value_info(name, t, shape)


def const(name, vals, t=I64):
    arr = np.array(vals, dtype=np.int64 if t == I64 else np.float32)
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(arr, name))


def save(name, nodes, inputs, inits=(), opset=17, domains=()):
    g = helper.make_graph(nodes, "g", inputs, [vi("Y", None)], initializer=list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)] +
                          [helper.make_opsetid(d, 1) for d in domains])
    m.ir_version = 8
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


def weight(shape, name="W"):
    return numpy_helper.from_array(np.zeros(shape, np.float32), name)


def conv(name, xs=(1, 3, 8, 8), ws=(4, 3, 3, 3), **attrs):
    save(name, [helper.make_node("Conv", ["X", "W"], ["Y"], **attrs)], [vi("X", list(xs))],
         [weight(ws)])


def one(name, op, consts, shape, opset=17, **attrs):
    nodes = [const(n, v, *t) for n, v, *t in consts]
    nodes.append(helper.make_node(op, ["X"] + [n for n, *_ in consts], ["Y"], **attrs))
    save(name, nodes, [vi("X", shape)], opset=opset)


conv("strides-float", strides=[1.5, 2.5])
conv("group-string", group="three")
conv("auto-pad", auto_pad="SIDEWAYS")
conv("kernel-shape", kernel_shape=[5, 5])
conv("pads-count", pads=[1, 1, 1])
conv("weight-rank", ws=(4, 3, 3))
for name, attrs in [("outpad-stride", dict(strides=[2, 2], output_padding=[2, 0])),
                    ("outpad-negative", dict(output_padding=[0, -1])),
                    ("outshape-negative", dict(output_shape=[-8, 8])),
                    ("outshape-too-big", dict(output_shape=[100, 100])),
                    ("convt-dilation", dict(dilations=[0, 1]))]:
    save(name, [helper.make_node("ConvTranspose", ["X", "W"], ["Y"], **attrs)],
         [vi("X", [1, 3, 8, 8])], [weight((3, 4, 3, 3))])
# Valid: output_padding 1 below a stride of 2, and below a dilation of 2 at
# stride 1 (the spec allows either).
save("outpad-valid", [helper.make_node("ConvTranspose", ["X", "W"], ["Y"], strides=[2, 1],
                                       dilations=[1, 2], output_padding=[1, 1])],
     [vi("X", [1, 3, 8, 8])], [weight((3, 4, 3, 3))])
# An empty input with a huge stride: what output_shape adds is past 64 bits.
save("outshape-overflow", [helper.make_node("ConvTranspose", ["X", "W"], ["Y"],
                                            strides=[2**62, 1], output_shape=[2**63 - 1, 8])],
     [vi("X", [1, 3, 0, 8])], [weight((3, 4, 3, 3))])
# Valid: an output_shape within reach (stride 2 on 8: 2*7 + 3 = 17 at most).
save("outshape-valid", [helper.make_node("ConvTranspose", ["X", "W"], ["Y"], strides=[2, 2],
                                         output_shape=[16, 17])],
     [vi("X", [1, 3, 8, 8])], [weight((3, 4, 3, 3))])
n = helper.make_node("Relu", ["X"], ["Y"])
a = n.attribute.add()  # an attribute without a type
a.name = "alpha"
a.f = 1.0
save("untyped", [n], [vi("X", [2])])
one("squeeze", "Squeeze", [("a", [1])], [2, 3])
one("unsqueeze-twice", "Unsqueeze", [("a", [0, 0])], [2, 3])
one("reduce-axis", "ReduceSum", [("a", [5])], [2, 3])
one("flatten-axis", "Flatten", [], [2, 3], axis=99)
one("cast-to", "Cast", [], [2], to=99)
one("reshape-zero", "Reshape", [("s", [0, 0, 0])], [4, 6])
one("reshape-allowzero", "Reshape", [("s", [0, -1])], [4, 6], allowzero=1)
one("resize-sizes", "Resize", [("r", []), ("sc", [], F), ("sz", [1, 1, -4, 4])], [1, 1, 4, 4])
one("split-outputs", "Split", [], [10], opset=18, num_outputs=2**40)
save("onehot-depth", [const("d", [float("nan")], F), const("v", [0, 1]),
                      helper.make_node("OneHot", ["X", "d", "v"], ["Y"])], [vi("X", [4], I64)])
save("constantofshape", [const("s", [1.5], F), helper.make_node("ConstantOfShape", ["s"], ["Y"])],
     [])
save("gemm-rank", [helper.make_node("Gemm", ["A", "B"], ["Y"])], [vi("A", [2, 3, 4]), vi("B", [4, 5])])
save("matmul-scalar", [helper.make_node("MatMul", ["A", "B"], ["Y"])], [vi("A", []), vi("B", [])])
lstm = [weight((1, 16, 1)), weight((1, 16, 4), "R")]
save("lstm-direction", [helper.make_node("LSTM", ["X", "W", "R"], ["Y"], hidden_size=4,
                                         direction="sideways")], [vi("X", [5, 1, 1])], lstm)
save("lstm-hidden", [helper.make_node("LSTM", ["X", "W", "R"], ["Y"], hidden_size=2**40)],
     [vi("X", [5, 1, 1])], lstm)
save("ms-attention", [helper.make_node("Attention", ["X", "W"], ["Y"], domain="com.microsoft",
                                       num_heads=0)], [vi("X", [1, 2, 4])], [weight((4, 12))],
     domains=["com.microsoft"])
one("cumsum-axis", "CumSum", [("a", [2**63 - 1])], [2, 3])
body = helper.make_graph([helper.make_node("Add", ["s", "x"], ["t"]),
                          helper.make_node("Relu", ["x"], ["y"])], "b", [vi("s", [2]), vi("x", [2])],
                         [vi("t", [2]), vi("y", [2])])
g = helper.make_graph([helper.make_node("Scan", ["S", "X"], ["T", "Y"], num_scan_inputs=1, body=body,
                                        scan_input_axes=[-2**63])],
                      "g", [vi("S", [2]), vi("X", [4, 2])], [vi("T", None), vi("Y", None)])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
m.ir_version = 8
with open(os.path.join(out, "scan-axis.onnx"), "wb") as f:
    f.write(m.SerializeToString())
sparse = helper.make_sparse_tensor(helper.make_tensor("S", F, [1], [1.0]),
                                   helper.make_tensor("S_i", I64, [1], [0]), [-5, 2**62])
save("sparse-dims", [helper.make_node("Constant", [], ["C"], sparse_value=sparse),
                     helper.make_node("Relu", ["C"], ["Y"])], [])
save("negative-dim", [helper.make_node("Relu", ["X"], ["Y"])], [vi("X", [-3, 2])])

# External data named by a link in the model's folder that leads out of it.
t = TensorProto()
t.name, t.data_type = "W", F
t.dims.extend([4, 4])
t.data_location = TensorProto.EXTERNAL
e = t.external_data.add()
e.key, e.value = "location", "link.bin"
save("external-link", [helper.make_node("MatMul", ["X", "W"], ["Y"])], [vi("X", [4, 4])], [t])
if not os.path.lexists(os.path.join(out, "link.bin")):
    os.symlink("/etc/passwd", os.path.join(out, "link.bin"))

# Sparse initializers: a weight of its dense shape; bad indices are errors.
def sparse_model(name, idx, external=False):
    vals = numpy_helper.from_array(np.array([1.0, 2.0], np.float32), "W")
    if external:
        vals.ClearField("raw_data")
        vals.data_location = TensorProto.EXTERNAL
        e = vals.external_data.add()
        e.key, e.value = "location", "../outside.bin"
    sp = helper.make_sparse_tensor(vals, numpy_helper.from_array(np.array(idx, np.int64), "i"), [4, 4])
    g = helper.make_graph([helper.make_node("MatMul", ["X", "W"], ["Y"])], "g", [vi("X", [2, 4])],
                          [vi("Y", None)])
    g.sparse_initializer.append(sp)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    m.ir_version = 8
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


sparse_model("sparse-valid", [0, 5])
sparse_model("sparse-coo", [[0, 1], [3, 2]])
sparse_model("sparse-index", [0, 99])
sparse_model("sparse-order", [5, 0])
sparse_model("sparse-coo-index", [[0, 1], [3, 4]])
sparse_model("sparse-outside", [0, 5], external=True)
