"""Writes models with model-local functions (ModelProto.functions) into
OUTDIR: calls.onnx (a function calling another twice, an attribute passed by
reference), and invalid ones: self- and mutually recursive functions, a
function defined twice, a call with more inputs than the function takes, and
25 levels of functions that each call the next twice (2^25 nodes).
Run by shapes/local-functions.test with Debian's python3-onnx."""
import os
import sys

import numpy as np
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
