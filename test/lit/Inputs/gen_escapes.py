"""Writes names.onnx (a dead Sigmoid whose node name holds terminal escape
sequences, and a dead Tanh whose name is HTML and Markdown), clean.onnx (the
same without the dead nodes) and broken.onnx (a node reading a value nothing produces, named
with an escape sequence) into the folder given. Run by errors/escapes.test
with Debian's python3-onnx."""
import os
import sys

from onnx import TensorProto, helper, save

out = sys.argv[1]
x = helper.make_tensor_value_info("X", TensorProto.FLOAT, [4, 8])
y = helper.make_tensor_value_info("Y", TensorProto.FLOAT, [4, 8])
evil = "\x1b[31mdead\x1b]0;pwned\x07"
markup = "<img src=x onerror=alert(1)>|**bold**|`tick`[link](http://x)"
g = helper.make_graph([helper.make_node("Relu", ["X"], ["Y"], name="relu"),
                       helper.make_node("Sigmoid", ["X"], ["unused"], name=evil),
                       helper.make_node("Tanh", ["X"], ["unused2"], name=markup)],
                      "g", [x], [y])
save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]),
     os.path.join(out, "names.onnx"))
g = helper.make_graph([helper.make_node("Relu", ["X"], ["Y"], name="relu")], "g", [x], [y])
save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]),
     os.path.join(out, "clean.onnx"))
g = helper.make_graph([helper.make_node("Relu", ["\x1b[2Jwipe"], ["Y"], name="r")],
                      "g", [x], [y])
save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]),
     os.path.join(out, "broken.onnx"))
