"""Writes the model of params-call-copies.test: the shape of torch 1.13's
export of a GroupNorm module called twice (FCOS's head runs once per FPN
level) next to a second GroupNorm whose random-init weight has equal values.
Constant folding writes the unsqueezed weight once per call and the exporter
deduplicates equal tensors through Identity nodes, so an alias can be the
same parameter for a later call or a different parameter with equal values;
the node names' scopes tell which. Usage: gen_params_call_copies.py OUT.onnx"""
import sys
import onnx
from onnx import TensorProto as T, helper as h

ones = h.make_tensor("onnx::Mul_10", T.FLOAT, [4, 1, 1], [1.0] * 4)
zeros = h.make_tensor("onnx::Add_20", T.FLOAT, [4, 1, 1], [0.0] * 4)
nodes = [
    # conv.4's weight equals conv.1's; conv.4_1 is conv.4 called again. As
    # torch writes them, every alias reads the first tensor.
    h.make_node("Identity", ["onnx::Mul_10"], ["onnx::Mul_11"], name="Identity_0"),
    h.make_node("Identity", ["onnx::Mul_10"], ["onnx::Mul_12"], name="Identity_1"),
    h.make_node("Identity", ["onnx::Mul_10"], ["onnx::Mul_13"], name="Identity_2"),
    h.make_node("Mul", ["X", "onnx::Mul_10"], ["a"], name="/head/conv/conv.1/Mul"),
    h.make_node("Mul", ["a", "onnx::Mul_11"], ["b"], name="/head/conv/conv.1_1/Mul"),
    h.make_node("Mul", ["b", "onnx::Mul_12"], ["c"], name="/head/conv/conv.4/Mul"),
    h.make_node("Mul", ["c", "onnx::Mul_13"], ["d"], name="/head/conv/conv.4_1/Mul"),
    # branch_2 is not branch_1 called again: a parameter of its own. Nor is
    # a named parameter (norm_1.bias, a module of its own that happens to
    # be named like a second call of norm).
    h.make_node("Identity", ["onnx::Add_20"], ["onnx::Add_21"], name="Identity_3"),
    h.make_node("Identity", ["onnx::Add_20"], ["norm_1.bias"], name="Identity_4"),
    h.make_node("Add", ["d", "onnx::Add_20"], ["e"], name="/m/branch_1/Add"),
    h.make_node("Add", ["e", "onnx::Add_21"], ["f"], name="/m/branch_2/Add"),
    h.make_node("Add", ["f", "onnx::Add_20"], ["g"], name="/norm/Add"),
    h.make_node("Add", ["g", "norm_1.bias"], ["Y"], name="/norm_1/Add"),
]
graph = h.make_graph(nodes, "g", [h.make_tensor_value_info("X", T.FLOAT, ["N", 4, 2, 2])],
                     [h.make_tensor_value_info("Y", T.FLOAT, ["N", 4, 2, 2])],
                     initializer=[ones, zeros])
model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17)], ir_version=8)
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
