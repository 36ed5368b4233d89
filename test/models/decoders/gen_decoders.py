"""Generate the transformer decoder fixtures as they are deployed: graph only,
every weight an initializer whose data is external (decoders.bin, which never
exists and is never opened), standard ONNX opset 17 ops only, symbolic dims
`batch`, `seq` and `past` on the inputs.

  gpt2-{tiny,small}-{prefill,decode}.onnx   GPT-2: learned positions, LayerNorm,
      fused QKV with bias, tanh-GELU MLP, LM head tied to the token embedding
      (MatMul with its transpose).
  llama-{tiny,tiny-gqa,7b}-{prefill,decode}.onnx   Llama: RMSNorm, RoPE on
      halves (Slice/Neg/Concat), SwiGLU MLP, grouped-query attention (K/V
      repeated with Unsqueeze/Expand/Reshape), untied LM head.
  t5-{tiny,base}-{prefill,decode}.onnx   T5: encoder-decoder, RMS LayerNorm
      without bias, ReLU MLP, relative position bias, cross-attention, tied LM
      head.

Prefill takes input_ids [batch, seq] and returns logits and present K/V per
layer ([batch, kv_heads, seq, head_dim]); a decode step takes input_ids
[batch, 1] and past K/V per layer ([batch, kv_heads, past, head_dim]) and
returns logits and presents ([batch, kv_heads, past + 1, head_dim]), attention
running over past + 1 positions. Attention is eager: the causal mask is added
to the full scores, it saves no work.

Everything that is not a weight (epsilons, RoPE's inverse frequencies, the
causal mask) is a Constant node or computed in the graph, so that the
initializers are exactly the parameters the framework counts.

T5 simplification: the relative position bias buckets are the clipped
relative distance (key - query, clipped to [-16, 15], 32 buckets) instead of
T5's logarithmic buckets; the table ([32, heads], in the first layer of each
stack, shared by the others) and the work are the same, only the mapping from
distance to bucket differs. The T5 decode step takes the encoder's output and
the cross-attention K/V as inputs (as deployed: computed once per sequence).

Usage: /usr/bin/python3 test/models/decoders/gen_decoders.py [OUTDIR]
(deterministic: the same bytes every run; test/lit/decoders/reproduce.test
checks that the fixtures here are what it writes).
"""
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = HERE  # the output folder: this one, or the command line's
F32 = TensorProto.FLOAT
I64 = TensorProto.INT64
NEG = float(np.finfo(np.float32).min)


class Builder:
    """Collects nodes, external initializers and inputs/outputs of one graph."""

    def __init__(self, data_file="decoders.bin", producer="gen_decoders.py"):
        self.nodes, self.inits, self.inputs, self.outputs = [], [], [], []
        self.offset = 0
        self.names = set()
        self.data_file, self.producer = data_file, producer

    def weight(self, name, dims):
        t = TensorProto(name=name, data_type=F32, dims=dims)
        t.data_location = TensorProto.EXTERNAL
        length = int(np.prod(dims)) * 4
        for k, v in (("location", self.data_file), ("offset", str(self.offset)),
                     ("length", str(length))):
            e = t.external_data.add()
            e.key, e.value = k, v
        self.offset += length
        self.inits.append(t)
        return name

    def op(self, op_type, inputs, name, n_out=1, **attrs):
        assert name not in self.names, name
        self.names.add(name)
        outs = [name if n_out == 1 else "%s:%d" % (name, i) for i in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=name, **attrs))
        return outs[0] if n_out == 1 else outs

    def const(self, name, value, dtype=None):
        """A Constant node: int64 for Python ints, float32 for floats."""
        if dtype is None:
            flat = value if isinstance(value, list) else [value]
            dtype = np.int64 if all(isinstance(x, int) for x in flat) else np.float32
        arr = np.array(value, dtype=dtype)
        return self.op("Constant", [], name, value=numpy_helper.from_array(arr, name))

    def input(self, name, elem, dims):
        self.inputs.append(helper.make_tensor_value_info(name, elem, dims))
        return name

    def output(self, value, name, elem, dims):
        out = self.op("Identity", [value], name)
        self.outputs.append(helper.make_tensor_value_info(out, elem, dims))
        return out

    def model(self, graph_name):
        """The graph as a model, checked (a twin with the weights as inputs)."""
        g = helper.make_graph(self.nodes, graph_name, self.inputs, self.outputs, self.inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8,
                              producer_name=self.producer)
        # The checker opens external data: check a twin whose weights are
        # graph inputs instead, with strict shape inference.
        twin = helper.make_graph(
            self.nodes, graph_name, self.inputs + [
                helper.make_tensor_value_info(t.name, t.data_type, t.dims) for t in self.inits],
            self.outputs)
        twin = helper.make_model(twin, opset_imports=m.opset_import, ir_version=8)
        onnx.checker.check_model(twin)
        onnx.shape_inference.infer_shapes(twin, check_type=True, strict_mode=True)
        return m

    def save(self, file, graph_name):
        with open(os.path.join(OUT, file), "wb") as f:
            f.write(self.model(graph_name).SerializeToString())


# ---- pieces shared by the architectures ----

def dim(b, x, axis, name):
    """The scalar int64 size of x's axis (Shape -> Gather)."""
    s = b.op("Shape", [x], name + "/Shape")
    return b.op("Gather", [s, b.const(name + "/axis", axis)], name + "/Gather", axis=0)


def causal_mask(b, seq, past, name):
    """Additive mask [seq, past + seq]: 0 where key <= past + query, else the
    float minimum (built with ConstantOfShape and Trilu)."""
    total = b.op("Add", [past, seq], name + "/total")
    shape = b.op("Concat", [b.op("Unsqueeze", [seq, b.const(name + "/a0", [0])], name + "/us"),
                            b.op("Unsqueeze", [total, b.const(name + "/a1", [0])], name + "/ut")],
                 name + "/shape", axis=0)
    full = b.op("ConstantOfShape", [shape], name + "/full",
                value=helper.make_tensor("v", F32, [1], [NEG]))
    k = b.op("Add", [past, b.const(name + "/one", 1)], name + "/k")
    return b.op("Trilu", [full, k], name + "/Trilu", upper=1)


def heads(b, x, n, hd, name):
    """[batch, seq, n*hd] -> [batch, n, seq, hd]."""
    r = b.op("Reshape", [x, b.const(name + "/shape", [0, 0, n, hd])], name + "/Reshape")
    return b.op("Transpose", [r], name + "/Transpose", perm=[0, 2, 1, 3])


def merge_heads(b, x, d, name):
    """[batch, n, seq, hd] -> [batch, seq, n*hd]."""
    t = b.op("Transpose", [x], name + "/Transpose", perm=[0, 2, 1, 3])
    return b.op("Reshape", [t, b.const(name + "/shape", [0, 0, d])], name + "/Reshape")


def attend(b, q, k, v, mask, scale, name, bias=None):
    """Eager attention: softmax(q k^T * scale + bias + mask) v."""
    kt = b.op("Transpose", [k], name + "/kT", perm=[0, 1, 3, 2])
    s = b.op("MatMul", [q, kt], name + "/QK")
    if scale is not None:
        s = b.op("Mul", [s, b.const(name + "/scale", scale)], name + "/scaled")
    if bias is not None:
        s = b.op("Add", [s, bias], name + "/bias")
    if mask is not None:
        s = b.op("Add", [s, mask], name + "/masked")
    p = b.op("Softmax", [s], name + "/Softmax", axis=-1)
    return b.op("MatMul", [p, v], name + "/AV")


def linear(b, x, din, dout, name, bias=False):
    y = b.op("MatMul", [x, b.weight(name + ".weight", [din, dout])], name + "/MatMul")
    if bias:
        y = b.op("Add", [y, b.weight(name + ".bias", [dout])], name + "/Add")
    return y


def rms_norm(b, x, d, eps, name):
    """x / sqrt(mean(x^2) + eps) * weight."""
    sq = b.op("Pow", [x, b.const(name + "/two", 2.0)], name + "/Pow")
    ms = b.op("ReduceMean", [sq], name + "/ReduceMean", axes=[-1], keepdims=1)
    rms = b.op("Sqrt", [b.op("Add", [ms, b.const(name + "/eps", eps)], name + "/Add")],
               name + "/Sqrt")
    xn = b.op("Div", [x, rms], name + "/Div")
    return b.op("Mul", [xn, b.weight(name + ".weight", [d])], name + "/Mul")


def layer_norm(b, x, d, name):
    return b.op("LayerNormalization",
                [x, b.weight(name + ".weight", [d]), b.weight(name + ".bias", [d])],
                name + "/LayerNormalization", axis=-1, epsilon=1e-5)


def kv_io(b, decode, layers, kvh, hd):
    """Past K/V inputs (decode) per layer, or None for each (prefill)."""
    if not decode:
        return [(None, None)] * layers
    return [tuple(b.input("past_key_values.%d.%s" % (i, kv), F32, ["batch", kvh, "past", hd])
                  for kv in ("key", "value")) for i in range(layers)]


def present(b, past, new, layer, kv, decode, kvh, hd, seq="seq"):
    """Concat the past (decode) and output the present K or V."""
    full = b.op("Concat", [past, new], "/layers.%d/%s_cache" % (layer, kv), axis=2) \
        if decode else new
    total = "past + 1" if decode else seq
    b.output(full, "present.%d.%s" % (layer, kv), F32, ["batch", kvh, total, hd])
    return full


# ---- GPT-2 ----

def gpt2(file, layers, d, n_heads, vocab, ctx, decode):
    b = Builder()
    hd = d // n_heads
    ids = b.input("input_ids", I64, ["batch", 1 if decode else "seq"])
    pasts = kv_io(b, decode, layers, n_heads, hd)
    seq = dim(b, ids, 1, "/seq")
    past = dim(b, pasts[0][0], 2, "/past") if decode else b.const("/past", 0)
    # Positions past .. past + seq - 1, as GPT2Model computes them.
    pos = b.op("Range", [past, b.op("Add", [past, seq], "/pos_end"), b.const("/pos_step", 1)],
               "/positions")
    wte = b.weight("wte.weight", [vocab, d])
    h = b.op("Add", [b.op("Gather", [wte, ids], "/wte", axis=0),
                     b.op("Gather", [b.weight("wpe.weight", [ctx, d]), pos], "/wpe", axis=0)],
             "/embed")
    mask = causal_mask(b, seq, past, "/mask")
    for i in range(layers):
        p = "h.%d" % i
        x = layer_norm(b, h, d, p + ".ln_1")
        qkv = linear(b, x, d, 3 * d, p + ".attn.c_attn", bias=True)
        q, k, v = b.op("Split", [qkv, b.const(p + "/split", [d, d, d])], p + "/Split", n_out=3,
                       axis=-1)
        q = heads(b, q, n_heads, hd, p + "/q")
        k = present(b, pasts[i][0], heads(b, k, n_heads, hd, p + "/k"), i, "key", decode,
                    n_heads, hd)
        v = present(b, pasts[i][1], heads(b, v, n_heads, hd, p + "/v"), i, "value", decode,
                    n_heads, hd)
        a = attend(b, q, k, v, mask, 1.0 / math.sqrt(hd), p + "/attn")
        a = linear(b, merge_heads(b, a, d, p + "/merge"), d, d, p + ".attn.c_proj", bias=True)
        h = b.op("Add", [h, a], p + "/residual_1")
        x = layer_norm(b, h, d, p + ".ln_2")
        f = linear(b, x, d, 4 * d, p + ".mlp.c_fc", bias=True)
        # gelu_new: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
        cube = b.op("Pow", [f, b.const(p + "/gelu/three", 3.0)], p + "/gelu/Pow")
        inner = b.op("Add", [f, b.op("Mul", [cube, b.const(p + "/gelu/c", 0.044715)],
                                     p + "/gelu/Mul_c")], p + "/gelu/Add")
        t = b.op("Tanh", [b.op("Mul", [inner, b.const(p + "/gelu/s", math.sqrt(2 / math.pi))],
                               p + "/gelu/Mul_s")], p + "/gelu/Tanh")
        half = b.op("Mul", [f, b.const(p + "/gelu/half", 0.5)], p + "/gelu/Mul_half")
        g = b.op("Mul", [half, b.op("Add", [t, b.const(p + "/gelu/one", 1.0)], p + "/gelu/Add1")],
                 p + "/gelu/Mul")
        f = linear(b, g, 4 * d, d, p + ".mlp.c_proj", bias=True)
        h = b.op("Add", [h, f], p + "/residual_2")
    h = layer_norm(b, h, d, "ln_f")
    # Tied LM head: logits = h @ wte^T.
    logits = b.op("MatMul", [h, b.op("Transpose", [wte], "/lm_head/wteT", perm=[1, 0])],
                  "/lm_head/MatMul")
    b.output(logits, "logits", F32, ["batch", 1 if decode else "seq", vocab])
    b.save(file, "gpt2")


# ---- Llama ----

def rope_tables(b, pos_ids, hd, theta):
    """cos and sin [batch, 1, seq, hd] of positions * inv_freq, halves repeated."""
    inv = b.const("/rope/inv_freq",
                  [float(theta ** (-2.0 * i / hd)) for i in range(hd // 2)], np.float32)
    p = b.op("Unsqueeze", [b.op("Cast", [pos_ids], "/rope/Cast", to=F32),
                           b.const("/rope/axis2", [2])], "/rope/Unsqueeze")
    f = b.op("Mul", [p, inv], "/rope/freqs")
    emb = b.op("Concat", [f, f], "/rope/emb", axis=-1)
    ax = b.const("/rope/axis1", [1])
    cos = b.op("Unsqueeze", [b.op("Cos", [emb], "/rope/Cos"), ax], "/rope/cos")
    sin = b.op("Unsqueeze", [b.op("Sin", [emb], "/rope/Sin"), ax], "/rope/sin")
    return cos, sin


def rope(b, x, cos, sin, hd, name):
    """x * cos + rotate_half(x) * sin, rotate_half(x) = concat(-x2, x1)."""
    ax = b.const(name + "/axis", [-1])
    x1 = b.op("Slice", [x, b.const(name + "/s1", [0]), b.const(name + "/e1", [hd // 2]), ax],
              name + "/x1")
    x2 = b.op("Slice", [x, b.const(name + "/s2", [hd // 2]), b.const(name + "/e2", [hd]), ax],
              name + "/x2")
    rot = b.op("Concat", [b.op("Neg", [x2], name + "/Neg"), x1], name + "/rotate_half", axis=-1)
    return b.op("Add", [b.op("Mul", [x, cos], name + "/cos"),
                        b.op("Mul", [rot, sin], name + "/sin")], name + "/Add")


def repeat_kv(b, x, n_heads, kvh, hd, name):
    """[batch, kvh, T, hd] -> [batch, n_heads, T, hd], each K/V head shared by
    n_heads / kvh query heads, as repeat_kv exports: Unsqueeze, Expand to
    (batch, kvh, n_rep, T, hd) and Reshape to (batch, n_heads, T, hd), both
    shapes built from the input's Shape."""
    if n_heads == kvh:
        return x
    s = b.op("Shape", [x], name + "/Shape")
    ax = b.const(name + "/ax", [0])

    def part(start, end, tag):
        return b.op("Slice", [s, b.const(name + "/" + tag + "_s", [start]),
                              b.const(name + "/" + tag + "_e", [end]), ax], name + "/" + tag)

    bk, b0, tail = part(0, 2, "bk"), part(0, 1, "b"), part(2, 4, "tail")
    u = b.op("Unsqueeze", [x, b.const(name + "/axis", [2])], name + "/Unsqueeze")
    e = b.op("Expand", [u, b.op("Concat", [bk, b.const(name + "/rep", [n_heads // kvh]), tail],
                                name + "/expand_shape", axis=0)], name + "/Expand")
    shape = b.op("Concat", [b0, b.const(name + "/heads", [n_heads]), tail], name + "/shape",
                 axis=0)
    return b.op("Reshape", [e, shape], name + "/Reshape")


def llama(file, layers, d, n_heads, kvh, ffn, vocab, decode, theta=10000.0, eps=1e-5):
    b = Builder()
    hd = d // n_heads
    s = 1 if decode else "seq"
    ids = b.input("input_ids", I64, ["batch", s])
    pos_ids = b.input("position_ids", I64, ["batch", s])
    pasts = kv_io(b, decode, layers, kvh, hd)
    seq = dim(b, ids, 1, "/seq")
    past = dim(b, pasts[0][0], 2, "/past") if decode else b.const("/past", 0)
    h = b.op("Gather", [b.weight("model.embed_tokens.weight", [vocab, d]), ids], "/embed_tokens",
             axis=0)
    cos, sin = rope_tables(b, pos_ids, hd, theta)
    mask = causal_mask(b, seq, past, "/mask")
    for i in range(layers):
        p = "model.layers.%d" % i
        x = rms_norm(b, h, d, eps, p + ".input_layernorm")
        q = heads(b, linear(b, x, d, d, p + ".self_attn.q_proj"), n_heads, hd, p + "/q")
        k = heads(b, linear(b, x, d, kvh * hd, p + ".self_attn.k_proj"), kvh, hd, p + "/k")
        v = heads(b, linear(b, x, d, kvh * hd, p + ".self_attn.v_proj"), kvh, hd, p + "/v")
        q = rope(b, q, cos, sin, hd, p + "/q_rope")
        k = present(b, pasts[i][0], rope(b, k, cos, sin, hd, p + "/k_rope"), i, "key", decode,
                    kvh, hd)
        v = present(b, pasts[i][1], v, i, "value", decode, kvh, hd)
        k = repeat_kv(b, k, n_heads, kvh, hd, p + "/repeat_k")
        v = repeat_kv(b, v, n_heads, kvh, hd, p + "/repeat_v")
        a = attend(b, q, k, v, mask, 1.0 / math.sqrt(hd), p + "/attn")
        a = linear(b, merge_heads(b, a, d, p + "/merge"), d, d, p + ".self_attn.o_proj")
        h = b.op("Add", [h, a], p + "/residual_1")
        x = rms_norm(b, h, d, eps, p + ".post_attention_layernorm")
        gate = linear(b, x, d, ffn, p + ".mlp.gate_proj")
        silu = b.op("Mul", [gate, b.op("Sigmoid", [gate], p + "/silu/Sigmoid")], p + "/silu")
        up = linear(b, x, d, ffn, p + ".mlp.up_proj")
        f = linear(b, b.op("Mul", [silu, up], p + "/swiglu"), ffn, d, p + ".mlp.down_proj")
        h = b.op("Add", [h, f], p + "/residual_2")
    h = rms_norm(b, h, d, eps, "model.norm")
    logits = linear(b, h, d, vocab, "lm_head")
    b.output(logits, "logits", F32, ["batch", s, vocab])
    b.save(file, "llama")


# ---- T5 ----

def rel_bias(b, q_len, q_off, k_len, n_heads, table, name):
    """[1, heads, q_len, k_len]: table[clip(key - (q_off + query) + 16, 0, 31)]."""
    step = b.const(name + "/one", 1)
    zero = b.const(name + "/zero", 0)
    qpos = b.op("Range", [q_off, b.op("Add", [q_off, q_len], name + "/q_end"), step],
                name + "/qpos")
    kpos = b.op("Range", [zero, k_len, step], name + "/kpos")
    rel = b.op("Sub", [b.op("Unsqueeze", [kpos, b.const(name + "/a0", [0])], name + "/k2"),
                       b.op("Unsqueeze", [qpos, b.const(name + "/a1", [1])], name + "/q2")],
               name + "/rel")
    shifted = b.op("Add", [rel, b.const(name + "/half", 16)], name + "/shift")
    bucket = b.op("Clip", [shifted, b.const(name + "/lo", 0), b.const(name + "/hi", 31)],
                  name + "/bucket")
    g = b.op("Gather", [table, bucket], name + "/Gather", axis=0)  # [q, k, heads]
    t = b.op("Transpose", [g], name + "/Transpose", perm=[2, 0, 1])
    return b.op("Unsqueeze", [t, b.const(name + "/a2", [0])], name + "/bias")


def t5_ffn(b, h, d, ffn, eps, p):
    x = rms_norm(b, h, d, eps, p + ".layer_norm")
    f = b.op("Relu", [linear(b, x, d, ffn, p + ".DenseReluDense.wi")], p + "/Relu")
    return b.op("Add", [h, linear(b, f, ffn, d, p + ".DenseReluDense.wo")], p + "/residual")


def t5_attn(b, h, kv_src, d, n_heads, hd, bias, mask, eps, p, past=None, layer=None,
            decode=False, cross_kv=None):
    """Pre-norm attention block; T5 does not scale the scores."""
    inner = n_heads * hd
    x = rms_norm(b, h, d, eps, p + ".layer_norm")
    q = heads(b, linear(b, x, d, inner, p + ".q"), n_heads, hd, p + "/q")
    if cross_kv is not None:
        k, v = cross_kv
    else:
        src = x if kv_src is None else kv_src
        k = heads(b, linear(b, src, d, inner, p + ".k"), n_heads, hd, p + "/k")
        v = heads(b, linear(b, src, d, inner, p + ".v"), n_heads, hd, p + "/v")
    if layer is not None:
        k = present(b, past[0], k, layer, "key", decode, n_heads, hd, "dec_seq")
        v = present(b, past[1], v, layer, "value", decode, n_heads, hd, "dec_seq")
    a = attend(b, q, k, v, mask, None, p + "/attn", bias=bias)
    return b.op("Add", [h, linear(b, merge_heads(b, a, inner, p + "/merge"), inner, d, p + ".o")],
                p + "/residual")


def t5(file, layers, d, n_heads, ffn, vocab, decode, eps=1e-6):
    """Prefill: encoder over input_ids [batch, seq] and the decoder over
    decoder_input_ids [batch, dec_seq]; outputs logits, the decoder's self
    K/V and the cross K/V per layer. Decode step: one decoder token with the
    self K/V ([batch, heads, past, hd]) and the cross K/V ([batch, heads, seq,
    hd]) as inputs."""
    b = Builder()
    hd = d // n_heads
    shared = b.weight("shared.weight", [vocab, d])
    dec_len = 1 if decode else "dec_seq"
    if not decode:
        ids = b.input("input_ids", I64, ["batch", "seq"])
    dec_ids = b.input("decoder_input_ids", I64, ["batch", dec_len])
    pasts = kv_io(b, decode, layers, n_heads, hd)
    crosses = [tuple(b.input("cross_key_values.%d.%s" % (i, kv), F32,
                             ["batch", n_heads, "seq", hd]) for kv in ("key", "value"))
               for i in range(layers)] if decode else None
    zero = b.const("/zero", 0)
    if not decode:
        # Encoder: bidirectional self-attention with the relative bias.
        h = b.op("Gather", [shared, ids], "/encoder/embed", axis=0)
        seq = dim(b, ids, 1, "/encoder/seq")
        enc_table = b.weight("encoder.block.0.layer.0.SelfAttention.relative_attention_bias."
                             "weight", [32, n_heads])
        bias = rel_bias(b, seq, zero, seq, n_heads, enc_table, "/encoder/rel_bias")
        for i in range(layers):
            p = "encoder.block.%d" % i
            h = t5_attn(b, h, None, d, n_heads, hd, bias, None, eps, p + ".layer.0.SelfAttention")
            h = t5_ffn(b, h, d, ffn, eps, p + ".layer.1")
        enc = rms_norm(b, h, d, eps, "encoder.final_layer_norm")
    # Decoder: causal self-attention with its own relative bias, cross-attention.
    h = b.op("Gather", [shared, dec_ids], "/decoder/embed", axis=0)
    dseq = dim(b, dec_ids, 1, "/decoder/seq")
    past = dim(b, pasts[0][0], 2, "/decoder/past") if decode else zero
    total = b.op("Add", [past, dseq], "/decoder/total")
    dec_table = b.weight("decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                         [32, n_heads])
    bias = rel_bias(b, dseq, past, total, n_heads, dec_table, "/decoder/rel_bias")
    mask = causal_mask(b, dseq, past, "/decoder/mask")
    for i in range(layers):
        p = "decoder.block.%d" % i
        h = t5_attn(b, h, None, d, n_heads, hd, bias, mask, eps, p + ".layer.0.SelfAttention",
                    past=pasts[i], layer=i, decode=decode)
        x = t5_attn(b, h, None if decode else enc, d, n_heads, hd, None, None, eps,
                    p + ".layer.1.EncDecAttention",
                    cross_kv=crosses[i] if decode else None)
        if not decode:
            # The cross K/V, returned for the decode steps.
            kk = "%s.layer.1.EncDecAttention/k/Transpose" % p
            vv = "%s.layer.1.EncDecAttention/v/Transpose" % p
            b.output(kk, "cross.%d.key" % i, F32, ["batch", n_heads, "seq", hd])
            b.output(vv, "cross.%d.value" % i, F32, ["batch", n_heads, "seq", hd])
        h = t5_ffn(b, x, d, ffn, eps, p + ".layer.2")
    h = rms_norm(b, h, d, eps, "decoder.final_layer_norm")
    # Tied LM head, scaled by d^-0.5 as T5 does.
    h = b.op("Mul", [h, b.const("/lm_head/scale", d ** -0.5)], "/lm_head/scale_mul")
    logits = b.op("MatMul", [h, b.op("Transpose", [shared], "/lm_head/sharedT", perm=[1, 0])],
                  "/lm_head/MatMul")
    b.output(logits, "logits", F32, ["batch", dec_len, vocab])
    b.save(file, "t5")


CONFIGS = [
    # name, builder, kwargs
    ("gpt2-tiny", gpt2, dict(layers=2, d=64, n_heads=4, vocab=1000, ctx=128)),
    ("gpt2-small", gpt2, dict(layers=12, d=768, n_heads=12, vocab=50257, ctx=1024)),
    ("gpt2-medium", gpt2, dict(layers=24, d=1024, n_heads=16, vocab=50257, ctx=1024)),
    ("llama-tiny", llama, dict(layers=2, d=64, n_heads=4, kvh=4, ffn=172, vocab=1000)),
    ("llama-tiny-gqa", llama, dict(layers=2, d=64, n_heads=8, kvh=2, ffn=172, vocab=1000)),
    ("llama-7b", llama, dict(layers=32, d=4096, n_heads=32, kvh=32, ffn=11008, vocab=32000)),
    ("t5-tiny", t5, dict(layers=2, d=64, n_heads=4, ffn=256, vocab=1000)),
    # T5-Base as released (Raffel et al. 2020, Table 14; the t5-base config:
    # 12 + 12 layers, d_model 768, 12 heads of 64, d_ff 3072, vocabulary
    # 32128).
    ("t5-base", t5, dict(layers=12, d=768, n_heads=12, ffn=3072, vocab=32128)),
]

if __name__ == "__main__":
    if len(sys.argv) > 1:
        OUT = sys.argv[1]
    for name, build, kw in CONFIGS:
        for phase in ("prefill", "decode"):
            file = "%s-%s.onnx" % (name, phase)
            build(file, decode=phase == "decode", **kw)
            print("wrote %s (%d bytes)" % (file, os.path.getsize(os.path.join(OUT, file))))
