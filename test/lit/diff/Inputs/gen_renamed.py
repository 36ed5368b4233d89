"""Writes OUT/old.onnx and OUT/new.onnx: the same MatMul -> Relu -> MatMul
chain whose nodes were renamed in NEW, and whose second MatMul is twice as
wide (64 -> 128 columns, then back to 16: MACs 8x64x16 -> 8x128x16 at N=8)."""
import os
import sys

import onnx
from onnx import TensorProto, helper


def model(names, width):
    x = helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 32])
    y = helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["N", 16])
    w1 = helper.make_tensor("W1", TensorProto.FLOAT, [32, width], [0.0] * (32 * width))
    w2 = helper.make_tensor("W2", TensorProto.FLOAT, [width, 16], [0.0] * (width * 16))
    nodes = [
        helper.make_node("MatMul", ["X", "W1"], ["H"], name=names[0]),
        helper.make_node("Relu", ["H"], ["R"], name=names[1]),
        helper.make_node("MatMul", ["R", "W2"], ["Y"], name=names[2]),
    ]
    g = helper.make_graph(nodes, "g", [x], [y], [w1, w2])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])


out = sys.argv[1]
onnx.save(model(["/fc1/MatMul", "/act/Relu", "/fc2/MatMul"], 64), os.path.join(out, "old.onnx"))
onnx.save(model(["/encoder/fc1/MatMul", "/encoder/act/Relu", "/encoder/fc2/MatMul"], 128),
          os.path.join(out, "new.onnx"))
