"""Export the real-model fixtures and their independent hand counts.

Each architecture is exported with a dynamic batch axis 'N', then stripped to a
graph-only file: every initializer above 1 KiB keeps its dims and dtype but
points at an external file that is never written (small shape constants stay
inline, as ONNX's own converter does). Next to the models, expected.json holds
MACs counted from the PyTorch modules themselves (forward hooks on Conv, Linear,
LSTM/GRU/RNN and MultiheadAttention, at batch 1), never from the ONNX graph, so
the test compares wattlint against an independent count.

Usage (Debian's python, which has torch):
  /usr/bin/python3 test/models/gen_models.py OUTDIR            # legacy exporter, opset 17
  python3 test/models/gen_models.py OUTDIR --dynamo            # torch 2.x dynamo exporter
"""
import json
import os
import sys
import tempfile

import onnx
import torch
import torch.nn as nn
from onnx import external_data_helper as edh


class ImdbLstm(nn.Module):
    """Embedding(20000,128) -> LSTM(128) -> Linear(1) on the last step."""
    def __init__(self, vocab=20000, emb=128, hidden=128):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hidden, batch_first=True)
        self.out = nn.Linear(hidden, 1)

    def forward(self, tokens):
        h, _ = self.lstm(self.emb(tokens))
        return torch.sigmoid(self.out(h[:, -1, :]))


class ImdbDense(nn.Module):
    """The dense alternative: Embedding -> mean over time -> MLP."""
    def __init__(self, vocab=20000, emb=128, hidden=128):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.fc = nn.Linear(emb, hidden)
        self.out = nn.Linear(hidden, 1)

    def forward(self, tokens):
        x = self.emb(tokens).mean(dim=1)
        return torch.sigmoid(self.out(torch.relu(self.fc(x))))


class Gru(nn.Module):
    def __init__(self, inp=256, hidden=512):
        super().__init__()
        self.rnn = nn.GRU(inp, hidden, batch_first=True)
        self.out = nn.Linear(hidden, 10)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.out(h[:, -1, :])


class BiLstm2(nn.Module):
    def __init__(self, inp=256, hidden=512):
        super().__init__()
        self.rnn = nn.LSTM(inp, hidden, num_layers=2, bidirectional=True, batch_first=True)
        self.out = nn.Linear(2 * hidden, 10)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.out(h[:, -1, :])


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                                 nn.Linear(512, 10))

    def forward(self, x):
        return self.net(x)


class BertEncoder(nn.Module):
    """BERT-base shaped: 12 layers, d 768, 12 heads, ff 3072 (no embeddings)."""
    def __init__(self, d=768, heads=12, layers=12, ff=3072):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d, heads, ff, batch_first=True, dropout=0.0)
        self.enc = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)

    def forward(self, x):
        return self.enc(x)


def _tv(name):
    import torchvision.models as tvm
    return lambda: getattr(tvm, name)(weights=None)


IMG = lambda b: torch.randn(b, 3, 224, 224)
MODELS = {
    "resnet18": (_tv("resnet18"), IMG),
    "resnet50": (_tv("resnet50"), IMG),
    "mobilenet_v2": (_tv("mobilenet_v2"), IMG),
    "vit_b_16": (_tv("vit_b_16"), IMG),
    "bert_enc": (BertEncoder, lambda b: torch.randn(b, 128, 768)),
    "imdb_lstm": (ImdbLstm, lambda b: torch.randint(0, 20000, (b, 80))),
    "imdb_dense": (ImdbDense, lambda b: torch.randint(0, 20000, (b, 80))),
    "gru": (Gru, lambda b: torch.randn(b, 100, 256)),
    "bilstm2": (BiLstm2, lambda b: torch.randn(b, 100, 256)),
    "mlp_mnist": (Mlp, lambda b: torch.randn(b, 784)),
}


def hand_count(model, x):
    """MACs of the contractions, counted from module shapes at this input."""
    macs = [0]

    def conv(m, inp, out):
        k = 1
        for s in m.kernel_size:
            k *= s
        macs[0] += out.numel() * (m.in_channels // m.groups) * k

    def linear(m, inp, out):
        macs[0] += out.numel() * m.in_features

    def rnn(m, inp, out):
        gates = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}[m.mode]
        x0 = inp[0]
        batch, steps = (x0.shape[0], x0.shape[1]) if m.batch_first else (x0.shape[1], x0.shape[0])
        dirs = 2 if m.bidirectional else 1
        for layer in range(m.num_layers):
            isz = m.input_size if layer == 0 else m.hidden_size * dirs
            macs[0] += dirs * steps * batch * gates * m.hidden_size * (isz + m.hidden_size)

    def mha(m, inp, out):
        # Inputs may arrive as keywords, which 1.13's hooks do not see; every
        # model here uses self-attention, so the key length is the query length.
        o = out[0] if isinstance(out, tuple) else out
        if m.batch_first:
            n, lq, e = o.shape
        else:
            lq, n, e = o.shape
        s = lq
        # q, k, v projections, out projection, q.k^T and attn.v
        macs[0] += n * (lq * e * e + 2 * s * e * e + lq * e * e + 2 * lq * s * e)

    for mod in model.modules():
        if isinstance(mod, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
            mod.register_forward_hook(conv)
        elif isinstance(mod, nn.Linear) and not isinstance(
                mod, nn.modules.linear.NonDynamicallyQuantizableLinear):
            mod.register_forward_hook(linear)
        elif isinstance(mod, (nn.LSTM, nn.GRU, nn.RNN)):
            mod.register_forward_hook(rnn)
        elif isinstance(mod, nn.MultiheadAttention):
            mod.register_forward_hook(mha)
    # Training mode keeps PyTorch off its fused inference fast path
    # (TransformerEncoderLayer), which would bypass the hooked modules;
    # dropout is 0 or irrelevant to the count.
    model.train()
    with torch.no_grad():
        model(x)
    model.eval()
    params = sum(p.numel() for p in model.parameters())
    return macs[0], params


def strip_weights(path_in, path_out, name):
    m = onnx.load(path_in)
    edh.convert_model_to_external_data(m, all_tensors_to_one_file=True, location=name + ".weights",
                                       size_threshold=1024)
    for t in edh._get_all_tensors(m):
        if t.HasField("raw_data") and edh.uses_external_data(t):
            t.ClearField("raw_data")
    onnx.save(m, path_out, save_as_external_data=False)
    return m


def export(name, model, x, path, dynamo):
    if not dynamo:
        torch.onnx.export(model, (x,), path, opset_version=17, input_names=["input"],
                          output_names=["output"],
                          dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
        return "legacy-opset17"
    dims = ({0: torch.export.Dim("N", min=1, max=4096)},)
    try:
        prog = torch.onnx.export(model, (x,), dynamic_shapes=dims, dynamo=True, opset_version=20)
        how = "dynamo-opset20"
    except Exception:  # older dynamo exporters only know their default opset
        prog = torch.onnx.export(model, (x,), dynamic_shapes=dims, dynamo=True)
        how = "dynamo-default"
    prog.save(path)
    return how


def main():
    out = sys.argv[1]
    dynamo = "--dynamo" in sys.argv
    only = [a for a in sys.argv[2:] if not a.startswith("--")]
    os.makedirs(out, exist_ok=True)
    expected_path = os.path.join(out, "expected.json")
    expected = json.load(open(expected_path)) if os.path.exists(expected_path) else {}
    for name, (build, make_input) in MODELS.items():
        if only and name not in only:
            continue
        torch.manual_seed(0)
        model = build().eval()
        macs, params = hand_count(model, make_input(1))
        with tempfile.TemporaryDirectory() as tmp:
            full = os.path.join(tmp, name + ".onnx")
            try:
                how = export(name, model, make_input(2), full, dynamo)
                m = strip_weights(full, os.path.join(out, name + ".onnx"), name)
            except Exception as ex:  # report and go on: one model must not stop the rest
                print(name, "FAILED", repr(ex)[:300], flush=True)
                continue
        opset = [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")]
        expected[name] = {"macs_n1": macs, "params": params, "exporter": how,
                          "torch": torch.__version__, "opset": opset[0] if opset else None}
        print(name, how, "opset", opset, "macs", macs, "params", params,
              os.path.getsize(os.path.join(out, name + ".onnx")), "bytes", flush=True)
    with open(expected_path, "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
