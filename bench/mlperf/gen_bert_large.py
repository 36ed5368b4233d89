"""Generate bench/mlperf/bert_large_384.onnx: MLPerf Inference's BERT (bert-99 /
bert-99.9: BERT-large fine-tuned on SQuAD v1.1) as a graph-only fixture.

Graph only: every weight is an initializer whose data is external
(bert_large_384.bin, which never exists and is never opened), standard ONNX
opset 17 ops only, symbolic batch dim `N`, sequence length fixed at 384 (the
MLPerf max_seq_length). Inputs are MLPerf's three int64 tensors [N, 384]:
input_ids, input_mask, segment_ids; outputs start_logits and end_logits
[N, 384].

  embeddings: word (30522 x 1024) + position (512 x 1024, rows 0..383 by a
      Gather of constant positions) + token type (2 x 1024), LayerNormalization
  24 encoder layers (hidden 1024, 16 heads of 64, FFN 4096), post-LN:
      Q, K, V: MatMul + Add bias each; scores = Q K^T / 8 + (1 - mask) * -10000;
      Softmax; MatMul V; output MatMul + Add bias; residual Add;
      LayerNormalization; FFN MatMul + Add bias, GELU as exporters write it
      (x * 0.5 * (1 + Erf(x / sqrt(2)))), MatMul + Add bias; residual Add;
      LayerNormalization
  SQuAD span head: Reshape to [N*384, 1024], Gemm 1024 -> 2 (with bias),
      Reshape to [N, 384, 2], Split into start/end logits, Squeeze.

No pooler: the SQuAD model (BertForQuestionAnswering) does not have one.

Closed forms (d = 1024, L = 24, ff = 4096, S = 384, V = 30522, P = 512, T = 2):

  params = V d + P d + T d + 2 d                         embeddings + LN
         + L (4 (d^2 + d) + 2 d + (d ff + ff) + (ff d + d) + 2 d)
         + (2 d + 2)                                     span head
         = 31,782,912 + 24 x 12,596,224 + 2,050
         = 334,094,338  (~334.1M; "BERT-large 335M" includes the 1.05M pooler)

  MACs per sequence = L (S (4 d^2 + 2 d ff) + 2 S^2 d) + S d 2
         = 24 x (4,831,838,208 + 301,989,888) + 786,432
         = 123,212,660,736  (~123.2 GMAC; x N for a batch of N)

`main()` checks both against the graph's initializers, and `wattlint profile
bench/mlperf/bert_large_384.onnx --dim N=1 --no-cost` reports the same params
and MACs (checked when this was written).

Usage: /usr/bin/python3 bench/mlperf/gen_bert_large.py [OUTFILE]
(deterministic: the same bytes every run).
"""
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
F32 = TensorProto.FLOAT
I64 = TensorProto.INT64

LAYERS, D, HEADS, FF, SEQ, VOCAB, MAX_POS, TYPES = 24, 1024, 16, 4096, 384, 30522, 512, 2
EPS = 1e-12  # BERT's LayerNorm epsilon

PARAMS = (VOCAB * D + MAX_POS * D + TYPES * D + 2 * D
          + LAYERS * (4 * (D * D + D) + 2 * D + (D * FF + FF) + (FF * D + D) + 2 * D)
          + (2 * D + 2))
def macs_per_seq(seq=SEQ):
    return LAYERS * (seq * (4 * D * D + 2 * D * FF) + 2 * seq * seq * D) + seq * D * 2


MACS_PER_SEQ = macs_per_seq()


# The graph builder the decoder fixtures use (external weights that never
# exist, a checked twin with the weights as inputs).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "test", "models", "decoders"))
from gen_decoders import Builder as _Builder  # noqa: E402


class Builder(_Builder):
    def __init__(self, data_file):
        super().__init__(data_file, producer="gen_bert_large.py")


def linear(b, x, din, dout, name):
    """x @ W + bias (the bias Add is the GEMM's epilogue in TensorRT)."""
    y = b.op("MatMul", [x, b.weight(name + ".weight", [din, dout])], name + "/MatMul")
    return b.op("Add", [y, b.weight(name + ".bias", [dout])], name + "/Add")


def layer_norm(b, x, name):
    return b.op("LayerNormalization",
                [x, b.weight(name + ".weight", [D]), b.weight(name + ".bias", [D])],
                name + "/LayerNormalization", axis=-1, epsilon=EPS)


def heads(b, x, name, perm):
    """[N, S, d] -> [N, h, S, hd] (perm 0,2,1,3) or K^T [N, h, hd, S] (0,2,3,1)."""
    r = b.op("Reshape", [x, b.const(name + "/shape", [0, 0, HEADS, D // HEADS])],
             name + "/Reshape")
    return b.op("Transpose", [r], name + "/Transpose", perm=perm)


def gelu(b, x, name):
    """x * 0.5 * (1 + erf(x / sqrt(2))), as torch.onnx exports nn.GELU."""
    e = b.op("Erf", [b.op("Div", [x, b.const(name + "/sqrt2", math.sqrt(2.0))], name + "/Div")],
             name + "/Erf")
    one = b.op("Add", [e, b.const(name + "/one", 1.0)], name + "/Add")
    return b.op("Mul", [b.op("Mul", [x, one], name + "/Mul"), b.const(name + "/half", 0.5)],
                name + "/Mul_half")


def encoder_layer(b, h, mask, i):
    p = "bert.encoder.layer.%d" % i
    hd = D // HEADS
    q = heads(b, linear(b, h, D, D, p + ".attention.self.query"), p + "/q", [0, 2, 1, 3])
    kt = heads(b, linear(b, h, D, D, p + ".attention.self.key"), p + "/k", [0, 2, 3, 1])
    v = heads(b, linear(b, h, D, D, p + ".attention.self.value"), p + "/v", [0, 2, 1, 3])
    s = b.op("MatMul", [q, kt], p + "/attn/QK")
    s = b.op("Div", [s, b.const(p + "/attn/sqrt_hd", float(math.sqrt(hd)))], p + "/attn/Div")
    s = b.op("Add", [s, mask], p + "/attn/mask")
    a = b.op("MatMul", [b.op("Softmax", [s], p + "/attn/Softmax", axis=-1), v], p + "/attn/AV")
    a = b.op("Transpose", [a], p + "/attn/merge/Transpose", perm=[0, 2, 1, 3])
    a = b.op("Reshape", [a, b.const(p + "/attn/merge/shape", [0, 0, D])],
             p + "/attn/merge/Reshape")
    a = linear(b, a, D, D, p + ".attention.output.dense")
    h = layer_norm(b, b.op("Add", [a, h], p + "/residual_1"), p + ".attention.output.LayerNorm")
    f = gelu(b, linear(b, h, D, FF, p + ".intermediate.dense"), p + "/gelu")
    f = linear(b, f, FF, D, p + ".output.dense")
    return layer_norm(b, b.op("Add", [f, h], p + "/residual_2"), p + ".output.LayerNorm")


def build(data_file, seq=SEQ):
    """The model at sequence length seq (384 for the fixture; compare.py also
    builds a shorter one to stand for MLPerf's unpadded sequences)."""
    b = Builder(data_file)
    ids = b.input("input_ids", I64, ["N", seq])
    mask_in = b.input("input_mask", I64, ["N", seq])
    seg = b.input("segment_ids", I64, ["N", seq])
    # Embeddings: word + position (rows 0..S-1) + token type, then LayerNorm.
    word = b.op("Gather", [b.weight("bert.embeddings.word_embeddings.weight", [VOCAB, D]), ids],
                "/embeddings/word", axis=0)
    pos = b.op("Gather", [b.weight("bert.embeddings.position_embeddings.weight", [MAX_POS, D]),
                          b.const("/embeddings/position_ids", list(range(seq)))],
               "/embeddings/position", axis=0)
    typ = b.op("Gather", [b.weight("bert.embeddings.token_type_embeddings.weight", [TYPES, D]),
                          seg], "/embeddings/token_type", axis=0)
    e = b.op("Add", [b.op("Add", [word, pos], "/embeddings/Add"), typ], "/embeddings/Add_1")
    h = layer_norm(b, e, "bert.embeddings.LayerNorm")
    # Extended attention mask [N, 1, 1, S]: 0 where attended, -10000 where padded.
    m = b.op("Cast", [b.op("Unsqueeze", [mask_in, b.const("/mask/axes", [1, 2])],
                           "/mask/Unsqueeze")], "/mask/Cast", to=F32)
    m = b.op("Mul", [b.op("Sub", [b.const("/mask/one", 1.0), m], "/mask/Sub"),
                     b.const("/mask/neg", -10000.0)], "/mask/Mul")
    for i in range(LAYERS):
        h = encoder_layer(b, h, m, i)
    # SQuAD span head: Gemm 1024 -> 2 over every position.
    flat = b.op("Reshape", [h, b.const("/qa/flat_shape", [-1, D])], "/qa/flatten")
    logits = b.op("Gemm", [flat, b.weight("qa_outputs.weight", [2, D]),
                           b.weight("qa_outputs.bias", [2])], "/qa/Gemm", transB=1)
    logits = b.op("Reshape", [logits, b.const("/qa/shape", [-1, seq, 2])], "/qa/Reshape")
    start, end = b.op("Split", [logits, b.const("/qa/split", [1, 1])], "/qa/Split", n_out=2,
                      axis=-1)
    ax = b.const("/qa/axis", [-1])
    b.output(b.op("Squeeze", [start, ax], "/qa/start"), "start_logits", F32, ["N", seq])
    b.output(b.op("Squeeze", [end, ax], "/qa/end"), "end_logits", F32, ["N", seq])
    m = b.model("bert_large_squad_384")
    params = sum(int(np.prod(t.dims)) for t in m.graph.initializer)
    assert params == PARAMS, (params, PARAMS)
    return m


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "bert_large_384.onnx")
    m = build("bert_large_384.bin")
    with open(out, "wb") as f:
        f.write(m.SerializeToString())
    print("wrote %s (%d bytes): %d nodes, %d params, %d MACs per sequence"
          % (out, os.path.getsize(out), len(m.graph.node), PARAMS, MACS_PER_SEQ))


if __name__ == "__main__":
    main()
