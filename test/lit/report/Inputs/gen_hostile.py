"""Writes hostile.onnx into the folder given: a small model whose node names
and one op type are HTML and terminal injections (a MatMul named like a
script element, a Relu with escape sequences and quotes, a custom op whose
type is an <img> tag, which no cost function knows, so the report has an
uncosted node). The batch dim N is symbolic, so the report has its sweep.
Also fixed.onnx: one Relu on a fixed [4, 64] input (no batch dim to sweep),
named with a quote and an ampersand.
Run by report/html.test with Debian's python3-onnx."""
import os
import sys

from onnx import TensorProto, helper, numpy_helper, save
import numpy as np

out = sys.argv[1]
x = helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 64])
y = helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["N", 64])
z = helper.make_tensor_value_info("Z", TensorProto.FLOAT, ["N", 64])
w = numpy_helper.from_array(np.zeros((64, 64), dtype=np.float32), "W")
nodes = [
    helper.make_node("MatMul", ["X", "W"], ["M"], name='<script>alert("x")</script>'),
    helper.make_node("Relu", ["M"], ["Y"], name="\x1b[31mred\x07 & 'q'"),
    helper.make_node("<img src=x onerror=alert(1)>", ["Y"], ["Z"], name="evil&op",
                     domain="com.evil"),
]
g = helper.make_graph(nodes, "g", [x], [y, z], initializer=[w])
model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17),
                                            helper.make_opsetid("com.evil", 1)])
save(model, os.path.join(out, "hostile.onnx"))

x = helper.make_tensor_value_info("X", TensorProto.FLOAT, [4, 64])
y = helper.make_tensor_value_info("Y", TensorProto.FLOAT, [4, 64])
g = helper.make_graph([helper.make_node("Relu", ["X"], ["Y"], name='fixed "relu" & co')],
                      "g", [x], [y])
save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]),
     os.path.join(out, "fixed.onnx"))
