"""The comparison of common models: energy per sample on six targets at batch 1
and at a serving batch, and a training run per family in three grid regions,
as wattlint predicts them. Writes Markdown to stdout.

Models: the torchvision zoo (graph-only exports cached by
bench/zoo/torchvision_zoo.py, which needs Debian's torch; default cache
/work/zoo-onnx), and the fixtures in the repository (test/models/torch113: the
recurrent classics, BERT-base; test/models/decoders: GPT-2 small and medium, Llama-2-7B;
bench/mlperf: BERT-large). A model whose file is missing is listed as such.

Usage: /usr/bin/python3 bench/compare_models.py [WATTLINT] [--zoo DIR] [--html docs/comparison.html] > docs/comparison.md
(--html also writes the interactive page of `wattlint compare` for the models
with one batch dim: sortable, with ranges.)
"""
import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = sys.argv[1:]
ZOO = "/work/zoo-onnx"
HTML = None
if "--html" in args:
    i = args.index("--html")
    HTML = args[i + 1]
    del args[i:i + 2]
if "--zoo" in args:
    i = args.index("--zoo")
    ZOO = args[i + 1]
    del args[i:i + 2]
WATTLINT = args[0] if args else os.path.join(ROOT, "build", "bin", "wattlint")

T113 = os.path.join(ROOT, "test", "models", "torch113")
DEC = os.path.join(ROOT, "test", "models", "decoders")
MLPERF = os.path.join(ROOT, "bench", "mlperf")

# (family, name, file, per-sample dims, training corpus: samples per epoch, epochs, what)
IMAGENET = (1281167, 90, "ImageNet-1k, 90 epochs")
CNN = ["alexnet", "vgg11", "vgg16", "googlenet", "inception_v3", "squeezenet1_1", "resnet18",
       "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d", "densenet121",
       "densenet201", "shufflenet_v2_x1_0", "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large",
       "mnasnet1_0", "efficientnet_b0", "efficientnet_b4", "efficientnet_b7", "efficientnet_v2_s",
       "regnet_y_400mf", "regnet_y_8gf", "convnext_tiny", "convnext_base", "convnext_large"]
VIT = ["vit_b_16", "vit_l_16", "swin_t", "swin_s", "swin_b", "maxvit_t"]
MODELS = [("CNN", m, os.path.join(ZOO, m + ".onnx"), {}, IMAGENET) for m in CNN]
MODELS += [("vision transformer", m, os.path.join(ZOO, m + ".onnx"), {}, IMAGENET) for m in VIT]
MODELS += [
    ("encoder", "bert-base (seq 128)", os.path.join(T113, "bert_enc.onnx"), {},
     (1_000_000, 40, "1M sequences of 128 tokens, 40 epochs")),
    ("encoder", "bert-large (seq 384)", os.path.join(MLPERF, "bert_large_384.onnx"), {},
     (1_000_000, 40, "1M sequences of 384 tokens, 40 epochs")),
    ("decoder", "gpt2-small prefill (seq 1024)", os.path.join(DEC, "gpt2-small-prefill.onnx"),
     {"seq": 1024}, (9_000_000_000 // 1024, 1, "9B tokens (OpenWebText-sized), 1 epoch")),
    ("decoder", "gpt2-small decode (1 token, past 1023)", os.path.join(DEC, "gpt2-small-decode.onnx"),
     {"past": 1023}, None),
    ("decoder", "gpt2-medium prefill (seq 1024)", os.path.join(DEC, "gpt2-medium-prefill.onnx"),
     {"seq": 1024}, (9_000_000_000 // 1024, 1, "9B tokens (OpenWebText-sized), 1 epoch")),
    ("decoder", "gpt2-medium decode (1 token, past 1023)", os.path.join(DEC, "gpt2-medium-decode.onnx"),
     {"past": 1023}, None),
    ("decoder", "llama-2-7b prefill (seq 4096)", os.path.join(DEC, "llama-7b-prefill.onnx"),
     {"seq": 4096}, (2_000_000_000_000 // 4096, 1, "2T tokens (Llama 2), 1 epoch")),
    ("decoder", "llama-2-7b decode (1 token, past 4095)", os.path.join(DEC, "llama-7b-decode.onnx"),
     {"past": 4095}, None),
    ("recurrent", "imdb_lstm (80 steps)", os.path.join(T113, "imdb_lstm.onnx"), {},
     (25000, 10, "IMDB, 25k reviews, 10 epochs")),
    ("recurrent", "imdb_dense (its dense twin)", os.path.join(T113, "imdb_dense.onnx"), {},
     (25000, 10, "IMDB, 25k reviews, 10 epochs")),
    ("recurrent", "gru (100 steps)", os.path.join(T113, "gru.onnx"), {},
     (25000, 10, "25k sequences, 10 epochs")),
    ("recurrent", "bilstm2 (2 layers, 100 steps)", os.path.join(T113, "bilstm2.onnx"), {},
     (25000, 10, "25k sequences, 10 epochs")),
    ("MLP", "mlp_mnist", os.path.join(T113, "mlp_mnist.onnx"), {}, (60000, 10, "MNIST, 10 epochs")),
]
# Targets at their natural inference precision.
TARGETS = [("h200", "bf16", "data center"), ("a100-80gb", "bf16", "data center"),
           ("l4", "fp16", "inference"), ("t4", "fp16", "inference"),
           ("jetson-orin-nano", "fp16", "edge"), ("xeon-8480", "fp32", "CPU")]
SERVING = 64
REGIONS = [("fr", "France"), ("us", "United States"), ("in", "India")]


def batch_dims(path, dims, batch):
    """--dim flags: the batch dim (N for torchvision exports, batch for the
    decoders) and the model's own dims."""
    out = []
    name = "batch" if path.startswith(DEC) else "N"
    out += ["--dim", "%s=%d" % (name, batch)]
    for k, v in dims.items():
        out += ["--dim", "%s=%d" % (k, v)]
    return out


def run(path, dims, batch, target, precision, extra=()):
    cmd = [WATTLINT, "profile", path, "--target", target, "--precision", precision,
           "--format", "json"] + batch_dims(path, dims, batch) + list(extra)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "exit %d" % r.returncode)
    return json.loads(r.stdout)


def fmt(x):
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    if x >= 1:
        return "%.2f" % x
    return "%.3g" % x


def main():
    rows, missing, errors = [], [], []
    for family, name, path, dims, train in MODELS:
        if not os.path.exists(path):
            missing.append(name)
            continue
        try:
            base = run(path, dims, 1, "h200", "bf16")
            r = dict(family=family, name=name, macs=base["totals"]["macs"], params=base["totals"]["params"],
                     unresolved=len(base["unresolved_shapes"]) + len(base["unknown_ops"]), e={}, train=None)
            for target, prec, _ in TARGETS:
                for b in (1, SERVING):
                    d = base if (target, b) == ("h200", 1) else run(path, dims, b, target, prec)
                    t = d["totals"]
                    r["e"][(target, b)] = (1000 * t["energy_j_per_sample"], 1000 * t["energy_j_low"] / b,
                                           1000 * t["energy_j_high"] / b)
            if train:
                samples, epochs, what = train
                per_region = {}
                for region, _ in REGIONS:
                    d = run(path, dims, SERVING if family != "decoder" else 1, "h200", "bf16",
                            ["--train", "--samples", str(samples), "--epochs", str(epochs), "--region", region])
                    s = d["scenario"]
                    per_region[region] = (s["co2e_kg"], s["co2e_kg_low"], s["co2e_kg_high"])
                r["train"] = (what, s["kwh"], s["kwh_low"], s["kwh_high"], s["device_time_s"] / 3600, per_region)
            rows.append(r)
        except Exception as ex:  # a model the tool refuses is listed with its error
            errors.append((name, str(ex)))
    return rows, missing, errors


def table(rows):
    print("| family | model | GMAC/sample | params (M) | " +
          " | ".join("%s %s b%d" % (t, p, b) for t, p, _ in TARGETS for b in (1, SERVING)) + " |")
    print("|---|---|---|---|" + "---|" * (2 * len(TARGETS)))
    for r in rows:
        cells = [r["family"], r["name"] + (" (%d nodes uncounted)" % r["unresolved"] if r["unresolved"] else ""),
                 fmt(r["macs"] / 1e9), fmt(r["params"] / 1e6)]
        for t, p, _ in TARGETS:
            for b in (1, SERVING):
                cells.append(fmt(r["e"][(t, b)][0]))
        print("| " + " | ".join(cells) + " |")


def html(rows_paths):
    """The same models through `wattlint compare --format html`, each under
    its own file name (links in a temporary folder)."""
    import tempfile
    tmp = tempfile.mkdtemp(prefix="wattlint-compare-")
    names = []
    for p in rows_paths:
        link = os.path.join(tmp, os.path.basename(p))
        os.symlink(os.path.abspath(p), link)
        names.append(os.path.basename(p))
    cmd = [os.path.abspath(WATTLINT), "compare"] + names + ["--dim", "N=%d" % SERVING, "--targets",
                                                ",".join(t for t, _, _ in TARGETS),
                                                "--precisions", "bf16,fp16,fp32", "--batches", "1,%d" % SERVING,
                                                "--format", "html"]
    r = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=tmp)
    with open(HTML, "w") as f:
        f.write(r.stdout)
    for n in names:
        os.unlink(os.path.join(tmp, n))
    os.rmdir(tmp)


if __name__ == "__main__":
    rows, missing, errors = main()
    if HTML:
        html([p for fam, name, p, dims, _ in MODELS
              if os.path.exists(p) and not p.startswith(DEC) and not dims])
    order = {"CNN": 0, "vision transformer": 1, "encoder": 2, "decoder": 3, "recurrent": 4, "MLP": 5}
    rows.sort(key=lambda r: (order[r["family"]], r["macs"]))
    print("# Energy of common models, as wattlint predicts it\n")
    print("Regenerate with `/usr/bin/python3 bench/zoo/torchvision_zoo.py` (exports the torchvision "
          "models; needs Debian's torch) and then `/usr/bin/python3 bench/compare_models.py > "
          "docs/comparison.md`. Every figure is a prediction from a graph-only ONNX export "
          "(`docs/cost-model.md`), never a measurement: %d models, %d targets. "
          "`docs/comparison.html` has the models with one batch dim side by side at every "
          "precision, sortable, with ranges (`--html`).\n" % (len(rows), len(TARGETS)))
    print("## Energy per sample (mJ), PyTorch eager, each target at its natural precision\n")
    print("Batch 1 and a serving batch of %d. Board energy including idle power. For the decoders a "
          "sample is one sequence: prefill processes its whole prompt, decode one new token with the "
          "KV cache. **Ranges**: each figure divided and multiplied by the target's uncertainty factor "
          "(`wattlint targets show NAME`): 1.62 on the H200, which is fitted on measured energy "
          "(held-out median error 11%% at batch >= 64, `docs/cost-model.md`); 1.6 on the others, whose "
          "datasheet numbers are sourced but whose model constants are the H200's (tag E; "
          "`docs/mlperf.md` checks them against MLPerf: energy there runs about 2x high on TensorRT "
          "int8).\n" % SERVING)
    table(rows)
    print("\n## Training runs, predicted on the H200 in bf16 (PyTorch eager, batch %d)\n" % SERVING)
    print("The step is costed as forward, backward (as kernels) and Adam (`docs/cost-model.md`); "
          "kWh at the wall with the default PUE (1.2). kg CO2e: operational (the grid's "
          "lifecycle intensity, `wattlint regions`) plus embodied (the H200's manufacture over its "
          "lifetime), with the low-high range.\n")
    print("| model | corpus | GPU-hours | kWh (range) | " +
          " | ".join("kg CO2e %s" % n for _, n in REGIONS) + " |")
    print("|---|---|---|---|" + "---|" * len(REGIONS))
    for r in rows:
        if not r["train"]:
            continue
        what, kwh, lo, hi, hours, reg = r["train"]
        cells = [r["name"], what, fmt(hours), "%s (%s-%s)" % (fmt(kwh), fmt(lo), fmt(hi))]
        for region, _ in REGIONS:
            kg, klo, khi = reg[region]
            cells.append("%s (%s-%s)" % (fmt(kg), fmt(klo), fmt(khi)))
        print("| " + " | ".join(cells) + " |")
    print("\n## Reading it\n")
    lstm = {r["name"].split()[0]: r for r in rows if r["family"] == "recurrent"}
    if "imdb_lstm" in lstm and "imdb_dense" in lstm:
        a, b = lstm["imdb_lstm"]["e"], lstm["imdb_dense"]["e"]
        print("- The IMDB LSTM costs %.1fx its dense twin per sample on the H200 at batch 1 and %.1fx at "
              "batch %d (measured on an H200 in fp32: 1.3x and 6.6x at 256)." % (
                  a[("h200", 1)][0] / b[("h200", 1)][0], a[("h200", SERVING)][0] / b[("h200", SERVING)][0], SERVING))
    print("- At batch 1 a data-center GPU spends most of its energy idling while the host issues "
          "kernels; at a serving batch the same work costs ten to a hundred times less per sample.")
    print("- Params count every weight as PyTorch does (buffers apart). MACs are one per multiply-add; "
          "the torchvision rows are checked against an independent recount over the PyTorch modules in "
          "`docs/zoo.md`.")
    if missing:
        print("\nNot in this run (file missing: export the zoo first): " + ", ".join(missing) + ".")
    if errors:
        print("\nRefused by the tool: " + "; ".join("%s (%s)" % e for e in errors) + ".")
