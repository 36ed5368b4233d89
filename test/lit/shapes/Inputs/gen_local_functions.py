"""Writes models with model-local functions (ModelProto.functions) into
OUTDIR: calls.onnx (a function calling another twice, an attribute passed by
reference), and invalid ones: self- and mutually recursive functions, a
function defined twice, a call with more inputs than the function takes, and
25 levels of functions that each call the next twice (2^25 nodes); and
attribute defaults (IR 9's FunctionProto.attribute_proto, field 11, which
onnx 1.12 predates: written by hand), used, overridden and malformed.
Run by shapes/local-functions.test with Debian's python3-onnx."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
OPS = [helper.make_opsetid("", 17), helper.make_opsetid("loc", 1)]


def save(name, nodes, functions, inits=()):
    g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [4, 8])],
                          [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)], list(inits))
    m = helper.make_model(g, opset_imports=OPS, functions=functions)
    m.ir_version = 8
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


def fn(name, inputs, outputs, nodes, attributes=()):
    return helper.make_function("loc", name, inputs, outputs, nodes, OPS, attributes=list(attributes))


block = fn("Block", ["x", "w"], ["y"], [helper.make_node("MatMul", ["x", "w"], ["t"], name="mm"),
                                         helper.make_node("LeakyRelu", ["t"], ["y"], alpha=0.0)],
           ["alpha"])
block.node[1].attribute[0].ref_attr_name = "alpha"
two = fn("Two", ["x", "w"], ["y"], [helper.make_node("Block", ["x", "w"], ["h"], domain="loc", alpha=0.1),
                                     helper.make_node("Block", ["h", "w"], ["y"], domain="loc")])
W = numpy_helper.from_array(np.zeros((8, 8), np.float32), "W")
save("calls", [helper.make_node("Two", ["X", "W"], ["Y"], domain="loc", name="two")], [block, two], [W])

call = lambda op: helper.make_node(op, ["X"], ["Y"], domain="loc")
save("self", [call("F")], [fn("F", ["x"], ["y"], [helper.make_node("F", ["x"], ["y"], domain="loc")])])
save("mutual", [call("G")], [fn("G", ["x"], ["y"], [helper.make_node("H", ["x"], ["y"], domain="loc")]),
                              fn("H", ["x"], ["y"], [helper.make_node("Relu", ["x"], ["t"]),
                                                     helper.make_node("G", ["t"], ["y"], domain="loc")])])
relu = fn("R", ["x"], ["y"], [helper.make_node("Relu", ["x"], ["y"])])
save("twice", [call("R")], [relu, relu])
save("arity", [helper.make_node("R", ["X", "X"], ["Y"], domain="loc")], [relu])
levels = [fn("L0", ["x"], ["y"], [helper.make_node("Relu", ["x"], ["y"])])]
for k in range(1, 26):
    levels.append(fn("L%d" % k, ["x"], ["y"], [helper.make_node("L%d" % (k - 1), ["x"], ["t"], domain="loc"),
                                               helper.make_node("L%d" % (k - 1), ["t"], ["y"], domain="loc")]))
save("bomb", [call("L25")], levels)

# capture.onnx: a function whose If branches read the function's input x
# from the enclosing scope (a subgraph capture), and name a value of their
# own t, as the function body does too.
then_g = helper.make_graph([helper.make_node("Relu", ["x"], ["t"]), helper.make_node("Neg", ["t"], ["a"])],
                           "then", [], [helper.make_tensor_value_info("a", TensorProto.FLOAT, None)])
else_g = helper.make_graph([helper.make_node("Identity", ["x"], ["b"])], "else", [],
                           [helper.make_tensor_value_info("b", TensorProto.FLOAT, None)])
cond = fn("CondRelu", ["c", "x"], ["y"], [helper.make_node("Sigmoid", ["x"], ["t"]),
                                           helper.make_node("If", ["c"], ["y"], then_branch=then_g,
                                                            else_branch=else_g)])
save("capture", [helper.make_node("Constant", [], ["C"], value=helper.make_tensor("c", TensorProto.BOOL, [], [True])),
                 helper.make_node("CondRelu", ["C", "X"], ["Y"], domain="loc", name="cr")], [cond])


# Attribute defaults: Flatten's axis refers to the function's attribute 'a',
# declared with a default in attribute_proto (field 11).
def varint(n):
    out = b""
    while True:
        b, n = n & 0x7F, n >> 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def with_field11(f, payloads):
    from onnx import FunctionProto
    raw = f.SerializeToString()
    for p in payloads:
        raw += bytes([(11 << 3) | 2]) + varint(len(p)) + p
    g = FunctionProto()
    g.ParseFromString(raw)
    return g


def flat(declared=()):
    f = fn("Flat", ["x"], ["y"], [helper.make_node("Flatten", ["x"], ["y"], axis=1)], declared)
    f.node[0].attribute[0].ref_attr_name = "a"
    return f


axis0 = helper.make_attribute("a", 0).SerializeToString()
flat_call = lambda **kw: [helper.make_node("Flat", ["X"], ["Y"], domain="loc", **kw)]
save("defaults", flat_call(), [with_field11(flat(), [axis0])])
save("defaults-given", flat_call(a=2), [with_field11(flat(), [axis0])])
save("defaults-twice", flat_call(), [with_field11(flat(["a"]), [axis0])])
graph_default = helper.make_attribute("a", helper.make_graph([], "g", [], []))
save("defaults-graph", flat_call(), [with_field11(flat(), [graph_default.SerializeToString()])])
save("defaults-garbage", flat_call(), [with_field11(flat(), [b"\xff\xff\xff"])])
ref = onnx.AttributeProto(name="a", ref_attr_name="b", type=onnx.AttributeProto.INT)
save("defaults-ref", flat_call(), [with_field11(flat(), [ref.SerializeToString()])])
