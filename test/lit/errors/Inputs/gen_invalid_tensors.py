"""Writes models into OUT that violate the ONNX spec in their tensors,
types and opsets, one per file, each otherwise valid (errors/validation.test).
Payloads above 64 KiB are dropped by the reader unread: their length must
still match."""
import os
import sys

import onnx
from onnx import TensorProto, helper

out = sys.argv[1]


def save(name, inits, opset=17, inputs=None, value_info=(), nodes=None, domain_opsets=()):
    x = helper.make_tensor_value_info("X", TensorProto.FLOAT, [4, 8])
    y = helper.make_tensor_value_info("Y", TensorProto.FLOAT, [4, 8])
    nodes = nodes or [helper.make_node("Relu", ["X"], ["Y"], name="relu")]
    g = helper.make_graph(nodes, "g", inputs or [x], [y], inits, value_info=list(value_info))
    ops = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, v) for d, v in domain_opsets]
    m = helper.make_model(g, opset_imports=ops)
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


def raw(name, dims, nbytes, dtype=TensorProto.FLOAT):
    t = TensorProto()
    t.name, t.data_type = name, dtype
    t.dims.extend(dims)
    t.raw_data = b"\0" * nbytes
    return t


# raw_data shorter than dims x dtype: kept (small) and dropped (large) payloads.
save("raw-short", [raw("W", [16, 16], 16 * 16 * 4 - 4)])
save("raw-long-dropped", [raw("W", [256, 256], 256 * 256 * 4 + 8)])
save("raw-ok-dropped", [raw("W", [256, 256], 256 * 256 * 4)])
# A typed field with the wrong count, and a field of another type.
t = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[3, 3])
t.float_data.extend([0.0] * 8)
save("typed-count", [t])
t = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[2])
t.int64_data.extend([1, 2])
save("typed-field", [t])
# Both raw_data and a typed field; raw_data on a string tensor.
t = raw("W", [2], 8)
t.float_data.extend([1.0, 2.0])
save("raw-and-typed", [t])
save("string-raw", [raw("S", [2], 8, TensorProto.STRING)])
# Unknown element types, in an initializer and in a graph input's type.
save("dtype-initializer", [raw("W", [2], 8, 99)])
x99 = helper.make_tensor_value_info("X", 77, [4, 8])
save("dtype-input", [], inputs=[x99])
# A rank past 64, dims whose product overflows, opsets newer than known.
save("rank", [], inputs=[helper.make_tensor_value_info("X", TensorProto.FLOAT, [1] * 65)])
t = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[2**40, 2**40])
save("dims-overflow", [t])
save("opset-future", [], opset=999)
save("opset-ml-future", [], domain_opsets=[("ai.onnx.ml", 99)])
# A custom domain may carry any version.
save("opset-custom", [], domain_opsets=[("com.example", 999)])
