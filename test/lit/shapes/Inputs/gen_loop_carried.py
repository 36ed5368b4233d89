"""Loops whose body changes the shape of a value it carries (a = Concat(a, a)
each step): M = 3 steps, M = 0 steps, and a body that declares a carried
value's shape other than the one that enters it.
Usage: gen_loop_carried.py OUTDIR"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
vi = helper.make_tensor_value_info


def loop(name, steps, start, declared):
    body = helper.make_graph(
        [helper.make_node("Identity", ["cin"], ["cout"]),
         helper.make_node("Concat", ["a_in", "a_in"], ["a_out"], axis=0),
         helper.make_node("MatMul", ["a_out", "W"], ["p"])],
        "body", [vi("i", TensorProto.INT64, []), vi("cin", TensorProto.BOOL, []),
                 vi("a_in", TensorProto.FLOAT, declared)],
        [vi("cout", TensorProto.BOOL, []), vi("a_out", TensorProto.FLOAT, [None, 4]),
         vi("p", TensorProto.FLOAT, None)])
    g = helper.make_graph(
        [helper.make_node("Loop", ["M", "", "a0"], ["af", "ps"], body=body),
         helper.make_node("MatMul", ["af", "W2"], ["y"])],
        name, [vi("a0", TensorProto.FLOAT, start)], [vi("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(np.array(steps, np.int64), "M"),
         numpy_helper.from_array(np.zeros((4, 4), np.float32), "W"),
         numpy_helper.from_array(np.zeros((4, 5), np.float32), "W2")])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 7
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


loop("grow3", 3, [1, 4], [None, 4])
loop("grow0", 0, [1, 4], [None, 4])
loop("declared-other", 3, [8, 4], [2, 4])
# The body states the export's own batch (1) for a value entering with a
# symbolic one bound to 3: what enters counts.
loop("declared-export-batch", 1, ["N", 4], [1, 4])
