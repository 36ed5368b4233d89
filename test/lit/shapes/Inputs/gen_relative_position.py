"""Writes window attention scores plus a relative-position bias as torch's
exporter writes Swin's: table[index] folded into a constant [1, heads, W^2,
W^2] named onnx::Add_<n>; beside it the same bias under a module's own name
(a learned full bias, counted as it is) and a bias whose last dims are not a
window's (N not a square). Usage: gen_relative_position.py OUT.onnx"""
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

heads, w = 2, 3
n = w * w
inits = [numpy_helper.from_array(np.zeros((1, heads, n, n), np.float32), "onnx::Add_11"),
         numpy_helper.from_array(np.zeros((1, heads, n, n), np.float32), "attn.full_bias"),
         numpy_helper.from_array(np.zeros((1, heads, 5, 5), np.float32), "onnx::Add_12")]
nodes = [helper.make_node("MatMul", ["q", "k"], ["s"]),
         helper.make_node("Add", ["s", "onnx::Add_11"], ["a"]),
         helper.make_node("Add", ["a", "attn.full_bias"], ["y"]),
         helper.make_node("MatMul", ["q5", "k5"], ["s5"]),
         helper.make_node("Add", ["s5", "onnx::Add_12"], ["y5"])]
f = TensorProto.FLOAT
g = helper.make_graph(nodes, "g",
                      [helper.make_tensor_value_info("q", f, ["N", heads, n, 4]),
                       helper.make_tensor_value_info("k", f, ["N", heads, 4, n]),
                       helper.make_tensor_value_info("q5", f, ["N", heads, 5, 4]),
                       helper.make_tensor_value_info("k5", f, ["N", heads, 4, 5])],
                      [helper.make_tensor_value_info("y", f, ["N", heads, n, n]),
                       helper.make_tensor_value_info("y5", f, ["N", heads, 5, 5])], inits)
with open(sys.argv[1], "wb") as fh:
    fh.write(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString())
