"""Writes a Conv as torch's exporter writes one with an eval-mode BatchNorm
folded into it (weight and bias renamed onnx::Conv_<n>) next to a Conv with
its own names. Usage: gen_folded_bn.py OUT.onnx"""
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

inits = [numpy_helper.from_array(np.ones((4, 3, 1, 1), np.float32), "onnx::Conv_7"),
         numpy_helper.from_array(np.zeros(4, np.float32), "onnx::Conv_8"),
         numpy_helper.from_array(np.ones((2, 4, 1, 1), np.float32), "head.weight"),
         numpy_helper.from_array(np.zeros(2, np.float32), "head.bias")]
nodes = [helper.make_node("Conv", ["x", "onnx::Conv_7", "onnx::Conv_8"], ["h"]),
         helper.make_node("Conv", ["h", "head.weight", "head.bias"], ["y"])]
g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, 4, 4])],
                      [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2, 4, 4])], inits)
with open(sys.argv[1], "wb") as f:
    f.write(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString())
