"""Generate the binary inputs of the lit tests (run with Debian's python3,
which has python3-onnx): models with external data that is never shipped,
external data that escapes the model's folder, and malformed files.
Usage: /usr/bin/python3 test/lit/Inputs/gen_inputs.py
"""
import os
import random

import onnx
from onnx import TensorProto, helper

here = os.path.dirname(os.path.abspath(__file__))


def conv_model(location):
    w = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[16, 3, 3, 3])
    w.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", "0"), ("length", str(16 * 27 * 4))):
        e = w.external_data.add()
        e.key, e.value = k, v
    g = helper.make_graph(
        [helper.make_node("Conv", ["X", "W"], ["Y"], name="conv", pads=[1, 1, 1, 1])],
        "ext", [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 3, 32, 32])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["N", 16, 32, 32])], [w])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


def save(model, name):
    with open(os.path.join(here, name), "wb") as f:
        f.write(model.SerializeToString())


save(conv_model("weights.bin"), "external-absent.onnx")
save(conv_model("../../etc/passwd"), "external-escape.onnx")
save(conv_model("/etc/passwd"), "external-absolute.onnx")
future = conv_model("weights.bin")
future.ir_version = 99
save(future, "ir-future.onnx")
good = conv_model("weights.bin").SerializeToString()
with open(os.path.join(here, "truncated.onnx"), "wb") as f:
    f.write(good[: len(good) * 2 // 3])
for cut in (1, 7, len(good) // 10, len(good) // 2, len(good) - 1):
    with open(os.path.join(here, "truncated-%d.onnx" % cut), "wb") as f:
        f.write(good[:cut])
t = helper.make_tensor("t", TensorProto.FLOAT, [2], [1.0, 2.0])
with open(os.path.join(here, "not-a-model.pb"), "wb") as f:
    f.write(t.SerializeToString())
rnd = random.Random(42)
with open(os.path.join(here, "random.bin"), "wb") as f:
    f.write(bytes(rnd.randrange(256) for _ in range(4096)))
open(os.path.join(here, "empty.onnx"), "wb").close()
print("wrote", sorted(os.listdir(here)))


def lm_head(vocab, name):
    """A language-model head: x[N, 768] @ W[768, vocab] with W external."""
    w = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[768, vocab])
    w.data_location = TensorProto.EXTERNAL
    for k, v in (("location", "lm_head.bin"), ("offset", "0"), ("length", str(768 * vocab * 4))):
        e = w.external_data.add()
        e.key, e.value = k, v
    g = helper.make_graph(
        [helper.make_node("MatMul", ["X", "W"], ["Y"], name="lm_head")], "lm",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 768])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["N", vocab])], [w])
    save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), name)


lm_head(50257, "lm-head-50257.onnx")
lm_head(50304, "lm-head-50304.onnx")

# A Git LFS pointer checked out in place of a model (no `git lfs pull`).
with open(os.path.join(here, "lfs-pointer.onnx"), "w") as f:
    f.write("version https://git-lfs.github.com/spec/v1\n"
            "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
            "size 46827520\n")
