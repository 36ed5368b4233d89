"""The torchvision zoo, counted by wattlint and by an independent PyTorch recount.

Every torchvision 0.14 model (classification, segmentation, video, optical flow,
and detection through backbone and heads) is built with random weights in eval
mode, exported with torch 1.13 at opset 17 with a symbolic batch dim `N`, and its
weights stripped to external data that is never written (as
/work/shared/reference/energy/export_suite.py does: tensors under 1 KiB stay
inline). The reference MACs come from a TorchDispatchMode counter over aten
convolution, mm, addmm, bmm and baddbmm at batch 1 (one MAC per multiply-add),
the kind of counter torchvision's published figures come from; the reference
params are sum(p.numel() for p in model.parameters()).

Usage:
  /usr/bin/python3 bench/zoo/torchvision_zoo.py [--cache DIR] [--wattlint BIN]
      [--only NAME,...] [--markdown docs/zoo.md] [--check]
The ONNX files and each model's reference numbers (NAME.ref.json) are cached in
DIR (default /work/zoo-onnx, outside the repository); models already there are
not exported again. --check exits 1 unless every model listed matches (MACs
within 0.5%, params equal to the file's, no node left uncounted).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# --- the zoo ------------------------------------------------------------------

def _crop(weights_enum, default):
    try:
        t = weights_enum.DEFAULT.transforms()
        size = getattr(t, "crop_size", None) or getattr(t, "resize_size", None)
        if size:
            return size[0] if isinstance(size, (list, tuple)) else size
    except Exception:
        pass
    return default


def zoo():
    """name -> (kind, input shapes at batch 1 without the batch dim)."""
    from torchvision import models
    out = {}
    for name in models.list_models(module=models):
        s = _crop(models.get_model_weights(name), 224)
        out[name] = ("classification", [(3, s, s)])
    for name in models.list_models(module=models.segmentation):
        out[name] = ("segmentation", [(3, 520, 520)])
    for name in models.list_models(module=models.video):
        s = _crop(models.get_model_weights(name), 112)
        out[name] = ("video", [(3, 16, s, s)])
    for name in models.list_models(module=models.optical_flow):
        out[name] = ("optical-flow", [(3, 360, 640), (3, 360, 640)])
    for name in models.list_models(module=models.detection):
        s = 320 if "320" in name else 300 if name == "ssd300_vgg16" else 800
        out[name + ":backbone+heads"] = ("detection", [(3, s, s)])
    return out


class _BackboneHeads:
    """Detection models through backbone (and FPN) and their dense heads: the
    part of the network whose work does not depend on the boxes found."""

    @staticmethod
    def build(name):
        import torch
        from torchvision import models

        det = models.get_model(name, weights=None, weights_backbone=None)

        class M(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.backbone = det.backbone
                if hasattr(det, "rpn"):
                    self.head = det.rpn.head
                    self.kind = "rpn"
                elif hasattr(det, "head"):
                    self.head = det.head
                    self.kind = "dense"
                else:
                    self.head = None
                    self.kind = "none"

            def forward(self, x):
                f = self.backbone(x)
                feats = list(f.values()) if isinstance(f, dict) else [f]
                if self.kind == "rpn":
                    logits, boxes = self.head(feats)
                    return tuple(logits) + tuple(boxes)
                if self.kind == "dense":
                    return tuple(self.head(feats).values())
                return tuple(feats)

        return M()


def build(name, shapes):
    from torchvision import models
    if name.endswith(":backbone+heads"):
        return _BackboneHeads.build(name.split(":")[0])
    kw = {}
    if name.startswith("vit_") and shapes[0][-1] != 224:
        kw["image_size"] = shapes[0][-1]  # what the weights' builder sets (vit_h_14: 518)
    if name == "googlenet":
        kw["aux_logits"] = False  # as its weights' builder leaves it (6,624,904 params)
    if name in ("googlenet", "inception_v3"):
        kw["init_weights"] = False  # truncated-normal init needs scipy; the graph is the same
    if name in models.list_models(module=models.segmentation):
        # No download of backbone weights; the auxiliary classifier as the
        # weights' builder adds it (their published params include it).
        kw["weights_backbone"] = None
        if not name.startswith("lraspp"):  # LR-ASPP has no auxiliary classifier
            kw["aux_loss"] = True
    # inception_v3 keeps its auxiliary head, as its weights' builder does (its
    # published 27,161,264 params include it); eval mode never runs it.
    return models.get_model(name, weights=None, **kw)


# --- the reference counter ------------------------------------------------------

def reference(model, inputs):
    import torch
    from torch.utils._python_dispatch import TorchDispatchMode
    aten = torch.ops.aten

    def prod(xs):
        p = 1
        for x in xs:
            p *= int(x)
        return p

    class Count(TorchDispatchMode):
        def __init__(self):
            super().__init__()
            self.macs = 0

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            out = func(*args, **(kwargs or {}))
            p = func.overloadpacket
            if p is aten.convolution:
                x, w = args[0], args[1]
                transposed = args[6]
                # weight [Cout, Cin/g, k...] or, transposed, [Cin, Cout/g, k...]
                spatial = x.shape[2:] if transposed else out.shape[2:]
                self.macs += x.shape[0] * prod(w.shape) * prod(spatial)
            elif p is aten.mm:
                self.macs += args[0].shape[0] * args[0].shape[1] * args[1].shape[1]
            elif p is aten.addmm:
                self.macs += args[1].shape[0] * args[1].shape[1] * args[2].shape[1]
            elif p is aten.bmm:
                a, b = args[0], args[1]
                self.macs += a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
            elif p is aten.baddbmm:
                a, b = args[1], args[2]
                self.macs += a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
            return out

    # Grad stays enabled: under no_grad nn.MultiheadAttention takes a fused
    # fast path (_native_multi_head_attention) that no counter sees into.
    c = Count()
    with c:
        model(*inputs)
    return c.macs


# --- export ---------------------------------------------------------------------

def export_one(name, cache):
    import torch
    import onnx
    from onnx import external_data_helper as edh

    kind, shapes = zoo()[name]
    fname = name.replace(":", "-").replace("+", "_")
    torch.manual_seed(0)
    torch.set_num_threads(2)
    # torch 1.13 cannot export aten::zero (Swin V2 zeroes the key bias with
    # zero_); x - x is that zero, and constant folding removes it.
    torch.onnx.register_custom_op_symbolic("aten::zero", lambda g, x: g.op("Sub", x, x), 17)
    model = build(name, shapes).eval()
    params = sum(p.numel() for p in model.parameters())
    inputs = tuple(torch.randn(1, *s) for s in shapes)
    t0 = time.time()
    macs = reference(model, inputs)
    t_ref = time.time() - t0
    in_names = ["input"] if len(inputs) == 1 else ["image1", "image2"]
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        full = os.path.join(tmp, fname + ".onnx")
        # Not under no_grad: MultiheadAttention's fast path has no ONNX export.
        torch.onnx.export(model, inputs, full, opset_version=17, input_names=in_names,
                          dynamic_axes={n: {0: "N"} for n in in_names})
        m = onnx.load(full, load_external_data=False)
        # Models over 2 GB come out with external data already: bring the small
        # tensors inline, point the others at a file that is never written.
        for t in edh._get_all_tensors(m):
            if edh.uses_external_data(t):
                info = {e.key: e.value for e in t.external_data}
                if int(info.get("length", 1 << 20)) < 1024:
                    edh.load_external_data_for_tensor(t, tmp)
                    t.data_location = onnx.TensorProto.DEFAULT
                    del t.external_data[:]
        edh.convert_model_to_external_data(m, all_tensors_to_one_file=True,
                                           location=fname + ".weights", size_threshold=1024)
        for t in edh._get_all_tensors(m):
            if t.HasField("raw_data") and edh.uses_external_data(t):
                t.ClearField("raw_data")
            if edh.uses_external_data(t):
                for e in t.external_data:
                    if e.key == "location":
                        e.value = fname + ".weights"
        onnx.save(m, os.path.join(cache, fname + ".onnx"), save_as_external_data=False)
    t_exp = time.time() - t0
    ref = {"name": name, "kind": kind, "inputs": [list(s) for s in shapes], "ref_macs": macs,
           "ref_params": params, "ref_s": round(t_ref, 1), "export_s": round(t_exp, 1),
           "torch": torch.__version__}
    try:
        from torchvision import models
        if not name.endswith(":backbone+heads"):
            ref["published_params"] = models.get_model_weights(name).DEFAULT.meta.get("num_params")
    except Exception:
        pass
    with open(os.path.join(cache, fname + ".ref.json"), "w") as f:
        json.dump(ref, f)


def file_params(path):
    """The parameters the file holds, as torch's exporter writes them: each
    float initializer once, plus each Identity of one (how torch 1.13 writes
    a parameter whose values equal another's), less the initializers read
    only as BatchNormalization's running mean and variance (buffers), plus C
    for each BatchNorm folded into a Conv (weight and bias named
    onnx::Conv_<n>: the bias of C stands for the BatchNorm's 2C)."""
    import onnx
    m = onnx.load(path, load_external_data=False)
    n = 0

    def numel(t):
        k = 1
        for d in t.dims:
            k *= d
        return k

    def walk(g, outer):
        nonlocal n
        inits = dict(outer)
        inits.update({t.name: t for t in g.initializer if t.data_type != onnx.TensorProto.INT64})
        copies = {}
        for node in g.node:
            if node.op_type == "Identity" and len(node.input) == 1 and node.input[0] in inits:
                copies[node.output[0]] = inits[node.input[0]]
        # A copy that only later calls of the module reading the original
        # read (FCOS's and RetinaNet v2's GroupNorm weights, unsqueezed and
        # folded once per FPN level: "/conv.1_1/Mul" is "/conv.1/Mul" called
        # again) is the original again, not a parameter of its own.
        scopes = {}
        for node in g.node:
            if node.op_type != "Identity":
                for i in node.input:
                    scopes.setdefault(i, set()).add(node.name.rpartition("/")[0])

        def called_again(a, b):
            pa, pb = a.split("/"), b.split("/")
            if len(pa) != len(pb) or a == b:
                return False
            return all(x == y or (y and re.fullmatch(re.escape(y) + r"_\d+", x)) for x, y in zip(pa, pb))

        # torch points every alias at the first equal tensor: compare with the
        # scopes reading it or any of its aliases. A parameter's alias keeps
        # the parameter's name; only folded constants (onnx::...) are copies.
        family = {}
        for node in g.node:
            if node.op_type == "Identity" and node.output[0] in copies:
                family.setdefault(node.input[0], set(scopes.get(node.input[0], set())))
                family[node.input[0]] |= scopes.get(node.output[0], set())
        for node in g.node:
            if (node.op_type == "Identity" and node.output[0] in copies
                    and node.output[0].startswith("onnx::")):
                mine, first = scopes.get(node.output[0], set()), family[node.input[0]]
                if mine and all(any(called_again(a, b) for b in first) for a in mine):
                    del copies[node.output[0]]
        stats, other = set(), set()
        for node in g.node:
            for k, i in enumerate(node.input):
                if node.op_type == "BatchNormalization" and k in (3, 4):
                    stats.add(i)
                else:
                    other.add(i)
        # Swin's and MaxViT's relative-position bias: table[index] folded into
        # a constant [1, heads, W^2, W^2] named onnx::Add_<n>, added to the
        # attention scores; the table PyTorch counts holds (2W-1)^2 x heads.
        tables = {}
        for node in g.node:
            for i in node.input if node.op_type == "Add" else []:
                t = inits.get(i)
                if t is None or not i.startswith("onnx::Add_") or len(t.dims) not in (3, 4):
                    continue
                d = list(t.dims)
                if len(d) == 4 and d[0] != 1:
                    continue
                w = int(round(d[-1] ** 0.5))
                if d[-1] == d[-2] and d[-1] >= 4 and w * w == d[-1]:
                    tables[i] = (2 * w - 1) ** 2 * d[-3]
        for name, t in list(inits.items()) + list(copies.items()):
            if name in outer and name not in copies:
                continue
            if name in stats and name not in other:
                continue
            n += tables.get(name, numel(t))
        # A BatchNorm the exporter folded into the Conv before it (weight
        # and bias renamed onnx::Conv_<n>): its 2C parameters, of which the
        # bias (C) is counted above.
        for node in g.node:
            if (node.op_type == "Conv" and len(node.input) == 3 and
                    node.input[1].startswith("onnx::Conv_") and node.input[2].startswith("onnx::Conv_")):
                b = inits.get(node.input[2]) or copies.get(node.input[2])
                if b is not None and len(b.dims) == 1:
                    n += numel(b)
        for node in g.node:
            for a in node.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    walk(a.g, inits)
                for sg in a.graphs:
                    walk(sg, inits)
    walk(m.graph, {})
    return n


# --- compare --------------------------------------------------------------------

def run_profile(wattlint, path, *flags):
    """wattlint's `profile --no-cost --format json` of path: (the JSON and
    the nodes not counted, or {"error": its last line}, seconds taken)."""
    t0 = time.time()
    r = subprocess.run([wattlint, "profile", path, *flags, "--no-cost", "--format", "json"],
                       capture_output=True, text=True)
    dt = time.time() - t0
    if r.returncode not in (0, 1):
        return {"error": (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[-1]}, dt
    j = json.loads(r.stdout)
    j["uncounted_nodes"] = [n for n in j["nodes"] if n["status"] not in ("costed", "control-flow")]
    return j, dt


def profile(wattlint, path):
    j, dt = run_profile(wattlint, path, "--dim", "N=1")
    if "error" in j:
        return j, dt
    bad = j["uncounted_nodes"]
    ops = sorted({"%s:%s" % (n["status"], n["op_type"]) for n in bad})
    return {"macs": j["totals"]["macs"], "params": j["totals"]["params"],
            "uncounted": len(bad), "uncounted_ops": ops}, dt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/work/zoo-onnx")
    ap.add_argument("--wattlint", default=os.path.join(ROOT, "build", "bin", "wattlint"))
    ap.add_argument("--only", default="")
    ap.add_argument("--markdown", default="")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--export-one", default="", help=argparse.SUPPRESS)
    ap.add_argument("--timeout", type=int, default=1800)
    a = ap.parse_args()
    os.makedirs(a.cache, exist_ok=True)
    if a.export_one:
        export_one(a.export_one, a.cache)
        return 0

    names = list(zoo())
    if a.only:
        want = a.only.split(",")
        names = [n for n in names if n in want or n.split(":")[0] in want]
    rows = []
    for name in names:
        fname = name.replace(":", "-").replace("+", "_")
        path = os.path.join(a.cache, fname + ".onnx")
        refp = os.path.join(a.cache, fname + ".ref.json")
        failp = os.path.join(a.cache, fname + ".failed")
        if not (os.path.exists(path) and os.path.exists(refp)) and not os.path.exists(failp):
            t0 = time.time()
            r = subprocess.run([sys.executable, os.path.abspath(__file__), "--cache", a.cache,
                                "--export-one", name], capture_output=True, text=True,
                               timeout=a.timeout)
            if r.returncode != 0:
                with open(failp, "w") as f:
                    f.write(r.stderr[-4000:])
            print("exported %s in %.0fs%s" % (name, time.time() - t0,
                  "" if r.returncode == 0 else " FAILED"), file=sys.stderr)
        if os.path.exists(failp):
            with open(failp) as f:
                why = (f.read().strip().splitlines() or ["?"])[-1]
            rows.append({"name": name, "status": "export failed: " + why[:120]})
            continue
        with open(refp) as f:
            ref = json.load(f)
        w, dt = profile(a.wattlint, path)
        row = dict(ref)
        row.update(w)
        row["wattlint_s"] = round(dt, 2)
        row["file_params"] = file_params(path)
        if "error" in w:
            row["status"] = "wattlint error: " + w["error"]
        else:
            ratio = w["macs"] / ref["ref_macs"] if ref["ref_macs"] else float("nan")
            row["ratio"] = ratio
            ok = abs(ratio - 1) <= 0.005 and w["uncounted"] == 0 and w["params"] == row["file_params"]
            row["status"] = "match" if ok else "MISMATCH"
        rows.append(row)
        print(json.dumps(row), flush=True)
    if a.markdown:
        write_markdown(rows, a.markdown)
    print("%d of %d models match" % (sum(r["status"] == "match" for r in rows), len(rows)))
    if a.check:
        return 0 if all(r["status"] == "match" for r in rows) else 1
    return 0


def fmt_in(shapes):
    return " + ".join("x".join(str(d) for d in s) for s in shapes)


def write_markdown(rows, out):
    ok = sum(r["status"] == "match" for r in rows)
    exact_params = sum(r.get("params") is not None and r.get("params") == r.get("ref_params")
                       for r in rows)
    L = []
    L.append("# The torchvision zoo, counted\n")
    L.append(
        "Every torchvision 0.14 model that exports with torch 1.13 at opset 17 (classification, "
        "segmentation, video, optical flow, and detection through backbone and dense heads) is "
        "built with `weights=None` (random init, eval mode), exported with a symbolic batch dim "
        "`N` and its weights stripped to external data that is never written (graph only; "
        "tensors under 1 KiB inline), then profiled with "
        "`wattlint profile MODEL.onnx --dim N=1 --no-cost --format json`.\n")
    L.append(
        "**Reference MACs** come from an independent counter over the PyTorch module at batch 1: "
        "a `TorchDispatchMode` that counts aten `convolution`, `mm`, `addmm`, `bmm` and "
        "`baddbmm`, one MAC per multiply-add (convolution: output elements x in_channels/groups "
        "x kernel elements), the kind of counter torchvision's published GFLOPS come from. "
        "wattlint's `macs` count the same contractions (Conv, Gemm, MatMul, Einsum); elementwise "
        "work is in its FLOPs, not its MACs. A model **matches** when the MACs agree within 0.5% "
        "(torchvision's published rounding), no node is left uncounted (unknown op or "
        "unresolved shape), and wattlint's params equal the parameters the file holds.\n")
    L.append(
        "**Params.** `ref params` is `sum(p.numel() for p in model.parameters())` "
        "(torchvision's `num_params`, buffers apart); `file params` is an independent count of "
        "the parameters the exported file holds, read the way torch's exporter writes them: each "
        "float initializer once, each `Identity` of one as a parameter of its own (torch 1.13 "
        "deduplicates equal tensors that way, and random init leaves many: zero biases, unit "
        "LayerNorm weights) unless only later calls of the module that reads the original read "
        "it (FCOS's and RetinaNet v2's GroupNorm weights, folded once per FPN level), initializers read only as BatchNorm running statistics apart "
        "(buffers), and each BatchNorm that an eval-mode export folded into the convolution "
        "before it counted as its 2C parameters (the exporter renames that convolution's weight "
        "and bias `onnx::Conv_<n>`; the bias of C stands for the BatchNorm), and each "
        "relative-position bias that constant folding expanded from its table (Swin V1, "
        "MaxViT: a [1, heads, W^2, W^2] constant named `onnx::Add_<n>` added to the attention "
        "scores) counted as the (2W-1)^2 x heads table it came from, as wattlint counts them. "
        "wattlint must equal `file params` exactly. `ref-file` is what the exporter "
        "changed and no graph-only reader can undo: a convolution that had a bias of its own "
        "before its BatchNorm (VGG-BN, and RAFT-large's context encoder: 15 such convolutions "
        "whose BatchNorms have 1,440 channels, exactly its difference; the bias folds into the "
        "BatchNorm's), Swin V2's "
        "continuous position bias (its MLP folded into constants), and eval mode drops "
        "Inception-v3's auxiliary head (3.3 M, counted in its published figure). Where no "
        "exporter change applies wattlint's params equal torchvision's.\n")
    pub = [r for r in rows if r.get("published_params")]
    L.append(
        "**Inputs** (batch 1, the batch bound through `--dim N=1`): each classification and "
        "video model at its default weights' crop size (`weights.DEFAULT.transforms()`: 224, "
        "Inception-v3 299, EfficientNet B1-B7 240-600, EfficientNetV2 384-480, Swin V2 256, RegNetY-128GF "
        "384, ViT-H/14 518 built with `image_size=518` as its weights' builder does); video "
        "clips of 16 frames; segmentation 520x520 with the auxiliary classifier its weights "
        "have; RAFT two 3x360x640 frames (12 flow updates); detection 800x800 (320 for the "
        "`_320_` and SSDlite models, 300 for SSD300) through backbone, FPN and dense heads "
        "(the RPN head for the R-CNNs), the part torchvision's published figures count (the "
        "whole detectors, NonMaxSuppression, RoIAlign and postprocessing included, with the "
        "sizes the data decides at their worst case, are in `docs/detection.md`). torchvision 0.14's weight metadata carries `num_params` (equal to `ref "
        "params` on %d of %d) but no GFLOPS (those arrived in 0.15), so MACs are compared "
        "with the recount, which reproduces the 0.15 figures (e.g. ResNet-50 4.09, ViT-B/16 "
        "17.56, FCN-ResNet50 152.72 GMAC).\n" % (
            sum(r["published_params"] == r["ref_params"] for r in pub), len(pub)))
    L.append(
        "**Export notes.** Not under `torch.no_grad()`: there `nn.MultiheadAttention` takes a "
        "fused fast path that has no ONNX export. Swin V2 zeroes its key bias with `zero_()`, "
        "which torch 1.13 cannot export; the script registers `aten::zero` as `x - x` "
        "(constant folding removes it). Segmentation models are built with "
        "`weights_backbone=None` (no download).\n")
    L.append("Regenerate (exports are cached in `/work/zoo-onnx`, outside the repository):\n")
    L.append("```\n/usr/bin/python3 bench/zoo/torchvision_zoo.py --wattlint build/bin/wattlint "
             "--markdown docs/zoo.md\n```\n")
    L.append("**%d of %d models match.** wattlint's params equal torchvision's exactly on %d "
             "(the others differ by what the exporter folded; column `ref-file`).\n"
             % (ok, len(rows), exact_params))
    done = [r for r in rows if "wattlint_s" in r]
    slow = max(done, key=lambda r: r["export_s"] + r["ref_s"]) if done else {}
    L.append("Time on 2 shared cores: exports %.0f min and the recount %.0f min (%s alone "
             "%.0f min), once; wattlint's profiles of all %d models %.1f s in all "
             "(longest %.2f s).\n" % (
                 sum(r.get("export_s", 0) for r in rows) / 60,
                 sum(r.get("ref_s", 0) for r in rows) / 60, slow.get("name"),
                 (slow.get("export_s", 0) + slow.get("ref_s", 0)) / 60, len(done),
                 sum(r["wattlint_s"] for r in done), max([r["wattlint_s"] for r in done] or [0])))
    L.append("| model | input (batch 1) | ref MACs | wattlint MACs | ratio | ref params | "
             "file params | wattlint params | ref-file | uncounted | status |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        if "ref_macs" not in r or "macs" not in r:
            L.append("| %s | %s | | | | | | | | | %s |" % (
                r["name"], fmt_in(r.get("inputs", [])), r["status"]))
            continue
        unc = str(r["uncounted"])
        if r["uncounted"]:
            unc += " (" + ", ".join(r["uncounted_ops"][:4]) + ")"
        L.append("| %s | %s | %s | %s | %.4f | %s | %s | %s | %s | %s | %s |" % (
            r["name"], fmt_in(r["inputs"]), "{:,}".format(r["ref_macs"]),
            "{:,}".format(r["macs"]), r["ratio"], "{:,}".format(r["ref_params"]),
            "{:,}".format(r["file_params"]), "{:,}".format(r["params"]),
            "{:,}".format(r["ref_params"] - r["file_params"]), unc, r["status"]))
    with open(out, "w") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    sys.exit(main())
