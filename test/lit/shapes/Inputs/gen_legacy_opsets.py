"""Models of older opsets whose semantics differ from today's: PRelu-6's
per-channel slope and Scan-8's [batch, sequence, ...] inputs.
Usage: gen_legacy_opsets.py OUTDIR"""
import os
import sys

from onnx import TensorProto, helper

out = sys.argv[1]


def save(name, nodes, inputs, outputs, opset):
    g = helper.make_graph(nodes, name, inputs, outputs)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 3 if opset < 9 else 7
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


def f32(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def prelu(name, x, slope, opset):
    save(name, [helper.make_node("PRelu", ["X", "S"], ["Y"])], [f32("X", x), f32("S", slope)],
         [f32("Y", None)], opset)


prelu("prelu6-channel", [2, 3, 4], [3], 6)      # one slope per channel (axis 1)
prelu("prelu6-bad", [2, 3, 4], [5], 6)          # neither one value nor C
prelu("prelu9-numpy", [2, 3, 4], [3, 1], 9)     # broadcasts to X
prelu("prelu9-bad", [2, 3, 4], [3], 9)          # [3] aligns with the last dim (4)

# Scan-8: sequence_lens (empty name), one state [3], one scan input [2, 5, 3]
# (batch 2, sequence 5): the body runs 2 x 5 = 10 times, 3 adds each.
body = helper.make_graph(
    [helper.make_node("Add", ["s_in", "x_t"], ["s_out"]),
     helper.make_node("Identity", ["s_out"], ["y_t"])],
    "body", [f32("s_in", [3]), f32("x_t", [3])], [f32("s_out", [3]), f32("y_t", [3])])
save("scan8", [helper.make_node("Scan", ["", "s0", "x"], ["s", "y"], body=body, num_scan_inputs=1)],
     [f32("s0", [2, 3]), f32("x", [2, 5, 3])], [f32("s", [2, 3]), f32("y", [2, 5, 3])], 8)

# LogSoftmax on [3, 4, 5] at its default axis: before opset 13, axis 1 and
# the input read as 2-D [3, 20] (3 rows); since, axis -1 (12 rows).
for opset in (11, 13):
    save("logsoftmax%d" % opset, [helper.make_node("LogSoftmax", ["X"], ["Y"])],
         [f32("X", [3, 4, 5])], [f32("Y", None)], opset)

# Dropout-7's mask has the data's type (bool since opset 10): a float mask
# declared, and one a Mul of floats reads.
save("dropout7-float-mask", [helper.make_node("Dropout", ["X"], ["Y", "M"], ratio=0.5),
                             helper.make_node("Mul", ["M", "X"], ["Z"])],
     [f32("X", [2, 3])], [f32("Y", [2, 3]), f32("M", [2, 3]), f32("Z", [2, 3])], 7)

# BatchNormalization-7 with spatial=0: statistics per element of a sample,
# [C, H, W] for X [N, C, H, W]; one per channel is then refused.
def bn7(name, stat):
    save(name, [helper.make_node("BatchNormalization", ["X", "s", "b", "m", "v"], ["Y"], spatial=0)],
         [f32("X", [2, 3, 4, 5])] + [f32(n, stat) for n in "sbmv"], [f32("Y", None)], 7)


bn7("bn7-spatial0", [3, 4, 5])
bn7("bn7-spatial0-bad", [3])

# Max-6 and Sum-6 take inputs of one shape; broadcasting came with opset 8.
for opset in (6, 8):
    save("max%d-broadcast" % opset, [helper.make_node("Max", ["A", "B"], ["Y"])],
         [f32("A", [2, 3]), f32("B", [3])], [f32("Y", None)], opset)
