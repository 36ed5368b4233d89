"""Writes models into OUT, one node each (Scan: one with a body), that name an
axis out of range or twice, op family by op family (and a Squeeze of a dim
that is not 1, a DepthToSpace mode neither DCR nor CRD), and valid.onnx, whose
negative axes are all in range (errors/axes.test). Usage: gen_bad_axes.py OUT"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
F = TensorProto.FLOAT


def ints(name, values, scalar=False):
    a = np.array(values, np.int64)
    return numpy_helper.from_array(a.reshape(()) if scalar else a, name)


def floats(name, values):
    return numpy_helper.from_array(np.array(values, np.float32), name)


def model(nodes, inputs, inits=(), opset=17, outputs=("Y",)):
    g = helper.make_graph(nodes, "g",
                          [helper.make_tensor_value_info(n, t, s) for n, t, s in inputs],
                          [helper.make_tensor_value_info(*(o if isinstance(o, tuple) else (o, F)), None)
                           for o in outputs], list(inits))
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])


def save(name, m):
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


def one(name, op, shape, inits=(), inputs=(), opset=17, nout=1, dtype=F, **attrs):
    """A node reading X of `shape`, then the initializers (or the names given;
    "" for an omitted input), writing Y (and Y1, ...)."""
    outs = ["Y"] + ["Y%d" % i for i in range(1, nout)]
    names = ["X"] + list(inputs or [t.name for t in inits])
    node = helper.make_node(op, names, outs, **attrs)
    save(name, model([node], [("X", dtype, shape)], inits, opset, outs))


# reduction
one("reduce-attr", "ReduceMean", [2, 3], opset=13, axes=[0, 2])
one("reduce-input", "ReduceSum", [2, 3], [ints("a", [1, -1])], opset=13)
one("reduce-18", "ReduceMax", [2, 3], [ints("a", [-3])], opset=18)
one("argmax", "ArgMax", [2, 3], axis=2)
one("cumsum", "CumSum", [2, 3], [ints("a", 2, scalar=True)])
# data movement
one("squeeze-input", "Squeeze", [1, 3], [ints("a", [2])], opset=13)
one("squeeze-attr", "Squeeze", [1, 3], opset=11, axes=[0, -2])
one("squeeze-size", "Squeeze", [2, 3], [ints("a", [0])], opset=13)
one("unsqueeze-input", "Unsqueeze", [2, 3], [ints("a", [3])], opset=13)
one("unsqueeze-attr", "Unsqueeze", [2, 3], opset=11, axes=[1, -3])
one("flatten", "Flatten", [2, 3], axis=3)
one("flatten-neg", "Flatten", [2, 3], axis=-3)
one("slice", "Slice", [2, 3], [ints("s", [0, 0]), ints("e", [1, 1]), ints("a", [0, -2])])
one("slice-range", "Slice", [2, 3], [ints("s", [0]), ints("e", [1]), ints("a", [-3])])
one("pad", "Pad", [2, 3], [ints("p", [1, 1, 1, 1]), ints("a", [1, -1])], ["p", "", "a"], opset=18)
one("concat", "Concat", [2, 3], axis=-3)
one("split", "Split", [2, 4], nout=2, axis=2)
one("gather", "Gather", [2, 3], [ints("i", [0])], axis=2)
one("onehot", "OneHot", [2], [ints("d", [3]), floats("v", [0, 1])], axis=2)
one("transpose", "Transpose", [2, 3], perm=[1, 1])
one("depth-to-space", "DepthToSpace", [1, 8, 2, 2], blocksize=2, mode="RCD")
# normalization
one("softmax", "Softmax", [2, 3], axis=2)
one("softmax-11", "Softmax", [3], opset=11)
one("log-softmax", "LogSoftmax", [2, 3], axis=-3)
one("hardmax", "Hardmax", [2, 3], axis=2)
one("layer-norm", "LayerNormalization", [2, 3], [floats("s", [1, 1, 1])], axis=2)
one("lp-norm", "LpNormalization", [2, 3], axis=-3)
# pooling and resampling
one("resize", "Resize", [1, 3, 4, 4], [floats("sc", [2, 2])], ["", "sc"], opset=18, axes=[2, 4])
one("resize-twice", "Resize", [1, 3, 4, 4], [floats("sc", [2, 2])], ["", "sc"], opset=18,
    axes=[3, -1])
one("resize-sizes", "Resize", [1, 3, 4, 4], [ints("sz", [8, 8, 8])], ["", "", "sz"], opset=18,
    axes=[2, 3])
# reduction (TopK), detection (Compress), quantized
one("topk", "TopK", [2, 3], [ints("k", [1])], nout=2, axis=-3)
one("compress", "Compress", [2, 3], [numpy_helper.from_array(np.array([1, 0], bool), "c")],
    axis=2)
one("dequantize", "DequantizeLinear", [2, 3], [floats("s", [1, 1, 1])], opset=13,
    dtype=TensorProto.UINT8, axis=2)


def scan(in_axes, out_axes):
    body = helper.make_graph(
        [helper.make_node("Identity", ["s"], ["s2"]), helper.make_node("Relu", ["x"], ["y"])],
        "body",
        [helper.make_tensor_value_info("s", F, [3]), helper.make_tensor_value_info("x", F, [3])],
        [helper.make_tensor_value_info("s2", F, [3]), helper.make_tensor_value_info("y", F, [3])])
    node = helper.make_node("Scan", ["S", "X"], ["S2", "Y"], body=body, num_scan_inputs=1,
                            scan_input_axes=in_axes, scan_output_axes=out_axes)
    return model([node], [("S", F, [3]), ("X", F, [5, 3])], outputs=("S2", "Y"))


# control flow
save("scan-input", scan([2], [0]))
save("scan-output", scan([0], [-3]))

# In range: every negative axis normalized, every output shape resolved.
valid = [
    helper.make_node("ReduceMean", ["X", "ra"], ["r"], keepdims=0),
    helper.make_node("ArgMax", ["X"], ["am"], axis=-2),
    helper.make_node("CumSum", ["X", "ca"], ["cs"]),
    helper.make_node("Unsqueeze", ["X", "ua"], ["u"]),
    helper.make_node("Squeeze", ["u", "sa"], ["sq"]),
    helper.make_node("Flatten", ["X"], ["fl"], axis=-3),
    helper.make_node("Flatten", ["X"], ["fl2"], axis=3),
    helper.make_node("Slice", ["X", "s0", "s1", "sla"], ["sl"]),
    helper.make_node("Softmax", ["X"], ["sm"], axis=-3),
    helper.make_node("LayerNormalization", ["X", "ln"], ["l"], axis=-1),
    helper.make_node("Resize", ["X", "", "sc"], ["rs"], axes=[-2, -1]),
    helper.make_node("Resize", ["X", "", "sc", "nosz"], ["rs2"], axes=[-2, -1]),
    helper.make_node("DequantizeLinear", ["Q", "dq"], ["d"], axis=-2),
    helper.make_node("Scan", ["S", "X"], ["S2", "sc1"], num_scan_inputs=1, scan_input_axes=[-2],
                     scan_output_axes=[-1], body=helper.make_graph(
                         [helper.make_node("Identity", ["s"], ["s2"]),
                          helper.make_node("Relu", ["x"], ["y"])], "body",
                         [helper.make_tensor_value_info("s", F, [2]),
                          helper.make_tensor_value_info("x", F, [2, 4])],
                         [helper.make_tensor_value_info("s2", F, [2]),
                          helper.make_tensor_value_info("y", F, [2, 4])])),
]
outs = ["r", ("am", TensorProto.INT64), "cs", "sq", "fl", "fl2", "sl", "sm", "l", "rs", "rs2", "d", "S2", "sc1"]
inits = [ints("ra", [-1]), ints("ca", -1, scalar=True), ints("ua", [-1, 0]), ints("sa", [-1, -5]),
         ints("s0", [1]), ints("s1", [3]), ints("sla", [-2]), floats("ln", [1] * 4),
         floats("sc", [2, 0.5]), ints("nosz", []), floats("dq", [1] * 3)]
valid_inputs = [("X", F, [2, 3, 4]), ("S", F, [2]), ("Q", TensorProto.UINT8, [2, 3, 4])]
save("valid", model(valid, valid_inputs, inits, 18, outs))
