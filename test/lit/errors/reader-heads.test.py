"""Writes the models of reader-heads.test into the folder given."""
import sys

import onnx
from onnx import TensorProto, helper

out = sys.argv[1]


def varint(n):
    b = b""
    while n >= 0x80:
        b += bytes([n & 0x7F | 0x80])
        n >>= 7
    return b + bytes([n])


def relu_model(**kw):
    g = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"])], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], **kw)


# doc_string (field 6) written first: protobuf reads fields in any order.
doc = ("a" * 5000).encode()
with open(out + "/docstring-first.onnx", "wb") as f:
    f.write(b"\x32" + varint(len(doc)) + doc + relu_model().SerializeToString())

text = b"<ir_version: 8, opset_import: [\"\" : 17]>\ng (float[2] x) => (float[2] y) {\n  y = Relu(x)\n}\n"
with open(out + "/nul.onnx", "wb") as f:
    f.write(text + b" " * 5000 + b"\0" + bytes(range(256)))

m = relu_model()
for i in range(20000):
    m.opset_import.append(helper.make_opsetid("d%d" % i, 1))
m.opset_import.append(helper.make_opsetid("ai.onnx", 16))
onnx.save(m, out + "/imports.onnx")

m = relu_model()
node = m.graph.node[0]
node.domain = "com.example"
m.opset_import.append(helper.make_opsetid("com.example", 1))
for i in range(20000):
    node.attribute.append(helper.make_attribute("a%d" % i, i))
node.attribute.append(helper.make_attribute("a3", 3))
onnx.save(m, out + "/attributes.onnx")
