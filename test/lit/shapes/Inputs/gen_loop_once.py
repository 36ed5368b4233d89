"""Writes the model of loop-once-sequence.test: torch 1.13's export of
tensor_split(X, [1], dim=2), a Loop of trip count 1 filling a sequence, then
a MatMul on each part. Built with onnx.helper because the ONNX text format
has no sequence types. Usage: gen_loop_once.py OUT.onnx"""
import sys
import onnx
from onnx import TensorProto as T, helper as h

seq_f = h.make_sequence_type_proto(h.make_tensor_type_proto(T.FLOAT, None))
body = h.make_graph(
    [h.make_node("Constant", [], ["k1"], value=h.make_tensor("k1v", T.INT64, [], [1])),
     h.make_node("Gather", ["idx", "it"], ["st"], axis=0),
     h.make_node("Add", ["it", "k1"], ["it1"]),
     h.make_node("Gather", ["idx", "it1"], ["en"], axis=0),
     h.make_node("Slice", ["X", "st", "en", "two"], ["part"], name="part"),
     h.make_node("SequenceInsert", ["acc", "part"], ["out"]),
     h.make_node("Identity", ["c"], ["co"])],
    "body",
    [h.make_tensor_value_info("it", T.INT64, []), h.make_tensor_value_info("c", T.BOOL, []),
     h.make_value_info("acc", seq_f)],
    [h.make_tensor_value_info("co", T.BOOL, []), h.make_value_info("out", seq_f)])
graph = h.make_graph(
    [h.make_node("SequenceEmpty", [], ["Em"], dtype=T.FLOAT),
     h.make_node("Loop", ["one", "yes", "Em"], ["Sq"], body=body),
     h.make_node("Shape", ["X"], ["S"]),
     h.make_node("Gather", ["S", "two"], ["D"], axis=0),
     h.make_node("Slice", ["X", "one", "D", "two"], ["Rest"]),
     h.make_node("SequenceInsert", ["Sq", "Rest"], ["Sq2"]),
     h.make_node("SequenceAt", ["Sq2", "i0"], ["P0"]),
     h.make_node("SequenceAt", ["Sq2", "i1"], ["P1"]),
     h.make_node("MatMul", ["P1", "W"], ["Y"], name="Y"),
     h.make_node("MatMul", ["P0", "W"], ["Z"], name="Z")],
    "split",
    [h.make_tensor_value_info("X", T.FLOAT, ["N", 2, 5, 8]),
     h.make_tensor_value_info("W", T.FLOAT, [8, 3])],
    [h.make_tensor_value_info("Y", T.FLOAT, ["N", 2, 4, 3]),
     h.make_tensor_value_info("Z", T.FLOAT, ["N", 2, 1, 3])],
    [h.make_tensor("one", T.INT64, [1], [1]), h.make_tensor("yes", T.BOOL, [], [True]),
     h.make_tensor("idx", T.INT64, [2], [0, 1]), h.make_tensor("two", T.INT64, [1], [2]),
     h.make_tensor("i0", T.INT64, [], [0]), h.make_tensor("i1", T.INT64, [], [1])])
model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17)], ir_version=8)
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
