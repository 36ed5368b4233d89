"""Writes dim.onnx into OUTDIR: a MatMul whose batch dim is named with an
escape sequence, a bell, a line break and a right-to-left override, and
bidi.onnx: a Relu named with a right-to-left mark, a line separator, a C1
control, DEL and more bidi controls, and wide.onnx (a long name in CJK).
Run by errors/escapes-in-prose.test with Debian's python3-onnx."""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
name = "\x1b[31mN\x07\n\u202e"
x = helper.make_tensor_value_info("X", TensorProto.FLOAT, [name, 64])
y = helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)
w = numpy_helper.from_array(np.zeros((64, 64), np.float32), "W")
g = helper.make_graph([helper.make_node("MatMul", ["X", "W"], ["Y"], name="mm")], "g", [x], [y], [w])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
m.ir_version = 8
with open(os.path.join(out, "dim.onnx"), "wb") as f:
    f.write(m.SerializeToString())
x = helper.make_tensor_value_info("X", TensorProto.FLOAT, [4])
g = helper.make_graph([helper.make_node("Relu", ["X"], ["Y"], name="r\u200fl\u2028s\u009b\x7f\u202e\u061c\u2066")], "g", [x], [y])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
m.ir_version = 8
with open(os.path.join(out, "bidi.onnx"), "wb") as f:
    f.write(m.SerializeToString())
# wide.onnx: a Relu whose name is 20 three-byte characters, longer than the
# table's name column.
g = helper.make_graph([helper.make_node("Relu", ["X"], ["Y"], name="\u5c64" * 20)], "g", [x], [y])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
m.ir_version = 8
with open(os.path.join(out, "wide.onnx"), "wb") as f:
    f.write(m.SerializeToString())
