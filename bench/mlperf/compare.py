"""Predict the MLPerf Inference Offline results in published.yaml with wattlint
(`--runtime tensorrt`) and compare them with the published numbers.

Usage: /usr/bin/python3 bench/mlperf/compare.py [WATTLINT] [--json FILE]
(WATTLINT defaults to /work/main/build/bin/wattlint; docs/mlperf.md shows the
output and discusses it.)

For every row of kind mlperf-inference, scenario offline, whose accelerator is
a wattlint target:

- the model: ResNet-50 is test/models/torch113/resnet50.onnx at --dim N=256;
  BERT (bert-99 and bert-99.9) is gen_bert_large's BERT-large at the mean
  SQuAD v1.1 length of UNPADDED_SEQ tokens at --dim N=64, as NVIDIA's
  engines run it without padding (bench/mlperf/bert_large_384.onnx, padded
  to 384, in a second table);
- the precision: int8 for resnet50 and bert-99, fp16 for bert-99.9 (NVIDIA's
  harness configs set precision = "fp16" for the 99.9% accuracy target; no
  published row states its precision, bench/mlperf/README.md);
- the target: the accelerator's built-in target, except the Jetson AGX Orin
  MaxQ rows, which use the MaxQ operating point of their model
  (bench/mlperf/jetson-agx-orin-maxq.yaml for BERT, GPU at 714 MHz;
  jetson-agx-orin-maxq-resnet50.yaml for ResNet-50, GPU at 612 MHz);
- the power limit: `--power-limit` at the GPU power limit of the MaxQ rows
  where a source states it (POWER_LIMITS), else the target's TDP;
- Jetson AGX Orin ResNet-50 ran on the GPU and both DLAs: the GPU prediction
  scaled by the DLAs' share of the peak (ORIN_GPU_TOPS, ORIN_DLA_TOPS).

Predicted per accelerator: samples/s = batch / time_s, J/sample = energy_j /
batch (the board: the model has no host, fans or PSU), board W = energy_j /
time_s. Published per accelerator: samples/s / accelerators; system W /
accelerators and J/sample = system W / system samples/s, MLPerf Power's wall
power of the whole system (host CPUs, memory, fans, PSU losses, NICs): not
comparable one to one with a board's power.

Two more tables: BERT padded to 384 tokens, and the MaxQ rows with a stated
power limit predicted at the board's TDP instead.
"""
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_bert_large  # noqa: E402

RESNET50 = os.path.join(ROOT, "test/models/torch113/resnet50.onnx")
BERT = os.path.join(HERE, "bert_large_384.onnx")
BATCH = {"resnet50": 256, "bert-99": 64, "bert-99.9": 64}
PRECISION = {"resnet50": "int8", "bert-99": "int8", "bert-99.9": "fp16"}
ORIN_MAXQ = {  # model -> (target name, target file)
    "resnet50": ("jetson-agx-orin-maxq-resnet50",
                 os.path.join(HERE, "jetson-agx-orin-maxq-resnet50.yaml")),
    "bert-99": ("jetson-agx-orin-maxq", os.path.join(HERE, "jetson-agx-orin-maxq.yaml")),
}
# Mean tokens of a SQuAD v1.1 sequence at max length 384: "For SQuAD-v1.1,
# padding accounts for 54% of the total input tokens when the max sequence
# length is 384" (https://openreview.net/forum?id=3nzKUh9a4M, abstract; the
# split is not stated): 0.46 x 384 = 176.6. NVIDIA's MLPerf BERT engines take
# the sequences packed without padding (cu_seqlens, max_seqlen inputs;
# closed/NVIDIA/code/bert/tensorrt/bert_var_seqlen.py in
# mlcommons/inference_results_v0.7).
UNPADDED_SEQ = 177

# NVIDIA's Jetson AGX Orin ResNet-50 submissions run on the GPU and both DLAs;
# wattlint's target is the GPU. NVIDIA Jetson AGX Orin Series Technical Brief
# (nvidia-jetson-agx-orin-technical-brief.pdf): GPU 170 sparse INT8 TOPS, the
# two NVDLA v2.0 up to 105 sparse INT8 TOPS. Those rows add the DLAs at their
# share of the peak, as if they ran ResNet-50 as efficiently per TOPS as the
# GPU: GPU prediction x (170 + 105) / 170.
ORIN_GPU_TOPS, ORIN_DLA_TOPS = 170, 105

# GPU power limits (nvidia-smi -pl) of the MaxQ submissions, by (submitter,
# accelerator, model). published.yaml power-mode rows: A100-SXM-80GB x8
# resnet50 250 W; H100-PCIe x8 resnet50 215 W, bert-99 290 W, bert-99.9 300 W;
# Fujitsu A100-SXM4-40GB 275 W. NVIDIA's later (v5.0-era) harness configs, as
# copied into third-party forks of the v5.0 results repo (not verified for
# the round of each row): H100-SXM x8 MaxQ resnet50 300 W
# (ntuhpc/mlperf_inference_results_v5.0@cf354115, closed/NVIDIA/configs/
# resnet50/Offline/__init__.py), bert-99 400 W, bert-99.9 450 W
# (MiaoXiaodongIntel/mlperf_inference_results_v5.0@7c697832, closed/NVIDIA/
# configs/bert/Offline/__init__.py); A100-PCIe-80GB x8 MaxQ resnet50 195 W
# (ntuhpc, same file).
POWER_LIMITS = {
    ("NVIDIA", "a100-80gb", "resnet50"): (250, "published.yaml; later code"),
    ("NVIDIA", "h100-pcie", "resnet50"): (215, "published.yaml; later code"),
    ("NVIDIA", "h100-pcie", "bert-99"): (290, "published.yaml; later code"),
    ("NVIDIA", "h100-pcie", "bert-99.9"): (300, "published.yaml; later code"),
    ("Fujitsu", "a100-40gb", "bert-99"): (275, "published.yaml (the submission's notes)"),
    ("Fujitsu", "a100-40gb", "bert-99.9"): (275, "published.yaml (the submission's notes)"),
    ("NVIDIA", "h100-sxm", "resnet50"): (300, "NVIDIA v5.0-era config (fork)"),
    ("NVIDIA", "h100-sxm", "bert-99"): (400, "NVIDIA v5.0-era config (fork)"),
    ("NVIDIA", "h100-sxm", "bert-99.9"): (450, "NVIDIA v5.0-era config (fork)"),
    ("NVIDIA", "a100-pcie-80gb", "resnet50"): (195, "NVIDIA v5.0-era config (fork)"),
}


def run(cmd):
    out = subprocess.run(["nice", "-n", "10"] + cmd, check=True, capture_output=True, text=True)
    return out.stdout


class Wattlint:
    def __init__(self, binary):
        self.binary = binary
        self.cache = {}
        self.tdp = {t["name"]: t["tdp_w"] for t in json.loads(run([binary, "targets",
                                                                    "--format", "json"]))}

    def target_tdp(self, target, target_file):
        if target_file is None:
            return self.tdp[target]
        with open(target_file) as f:  # `targets --format json` lists built-ins only
            t = yaml.safe_load(f)
        assert t["name"] == target, (t["name"], target)
        return t["tdp_w"]["value"] if "tdp_w" in t else self.tdp[target]

    def profile(self, model, batch, target, precision, target_file=None, power_limit=None):
        key = (model, batch, target, precision, target_file, power_limit)
        if key not in self.cache:
            cmd = [self.binary, "profile", model, "--dim", "N=%d" % batch, "--target", target,
                   "--runtime", "tensorrt", "--precision", precision, "--format", "json"]
            if target_file:
                cmd += ["--target-file", target_file]
            if power_limit:
                cmd += ["--power-limit", str(power_limit)]
            t = json.loads(run(cmd))["totals"]
            self.cache[key] = {
                "time_s": t["time_s"], "energy_j": t["energy_j"],
                "samples_per_s": batch / t["time_s"], "j_per_sample": t["energy_j"] / batch,
                "board_w": t["energy_j"] / t["time_s"],
                "command": "wattlint " + " ".join(cmd[1:]).replace(ROOT + "/", ""),
            }
        return self.cache[key]


def target_of(row):
    """(target, target file or None, note) for a row."""
    acc, mode, model = row["accelerator"], row["power_mode"], row["model"]
    if acc == "jetson-agx-orin" and mode == "maxq":
        name, path = ORIN_MAXQ[model]
        return name, path, ""
    return acc, None, ""


def fmt(x, digits=3):
    if x is None:
        return "-"
    if x == 0:
        return "0"
    mag = int(math.floor(math.log10(abs(x))))
    if mag >= digits:
        return "{:,.0f}".format(x)
    return "{:.{p}g}".format(x, p=digits)


def within(r, f=1.5):
    return 1 / f <= r <= f


def summary(ratios, label):
    """ratios: list of (ratio, row label)."""
    if not ratios:
        return "%s: no rows" % label
    inside = sum(within(r) for r, _ in ratios)
    med = statistics.median(r for r, _ in ratios)
    worst = max(ratios, key=lambda x: abs(math.log(x[0])))
    return ("%s: %d of %d rows within 1.5x on throughput; median ratio %.2f; worst %.2f (%s)"
            % (label, inside, len(ratios), med, worst[0], worst[1]))


def rows_of(published):
    for r in published["rows"]:
        if r.get("kind") != "mlperf-inference" or r.get("scenario") != "offline":
            continue
        yield r


def main():
    args = sys.argv[1:]
    json_out = None
    if "--json" in args:
        i = args.index("--json")
        json_out = args[i + 1]
        del args[i:i + 2]
    binary = args[0] if args else "/work/main/build/bin/wattlint"
    w = Wattlint(binary)
    with open(os.path.join(HERE, "published.yaml")) as f:
        published = yaml.safe_load(f)
    tmp = tempfile.mkdtemp(prefix="wattlint-mlperf-")
    bert_short = os.path.join(tmp, "bert_large_%d.onnx" % UNPADDED_SEQ)
    with open(bert_short, "wb") as f:
        f.write(gen_bert_large.build("bert_large_%d.bin" % UNPADDED_SEQ,
                                     seq=UNPADDED_SEQ).SerializeToString())
    # What runs: BERT packed without padding (UNPADDED_SEQ tokens on average).
    model_file = {"resnet50": RESNET50, "bert-99": bert_short, "bert-99.9": bert_short}

    results, skipped = [], []
    for r in rows_of(published):
        if r["accelerator"] not in w.tdp:
            skipped.append(r["id"])
            continue
        target, tfile, _ = target_of(r)
        model = r["model"]
        batch, prec = BATCH[model], PRECISION[model]
        limit = POWER_LIMITS.get((r["submitter"], r["accelerator"], model)) \
            if r["power_mode"] == "maxq" else None
        p = dict(w.profile(model_file[model], batch, target, prec, tfile,
                           limit[0] if limit else None))
        gpu_sps = p["samples_per_s"]
        with_dla = r["accelerator"] == "jetson-agx-orin" and model == "resnet50"
        if with_dla:  # the module at the same power, the DLAs' share added
            p["samples_per_s"] *= (ORIN_GPU_TOPS + ORIN_DLA_TOPS) / ORIN_GPU_TOPS
            p["j_per_sample"] = p["board_w"] / p["samples_per_s"]
        acc = r["accelerators"]
        pub_sps = r["samples_per_s"] / acc
        sys_w = r.get("system_power_w")
        tdp = w.target_tdp(target, tfile)
        flags = []
        if p["board_w"] > tdp * 1.0001:
            flags.append("board W > TDP %g" % tdp)
        if limit and p["board_w"] > limit[0] * 1.0001:
            flags.append("board W > power limit %d W" % limit[0])
        if r["power_mode"] == "maxq" and not limit and r["accelerator"] != "jetson-agx-orin":
            flags.append("MaxQ, no stated power limit: at TDP")
        if with_dla:
            flags.append("GPU + 2 DLAs: GPU prediction %s x 275/170 (the DLAs' peak share)"
                         % fmt(gpu_sps))
        if r["accelerator"] == "jetson-agx-orin" and r["power_mode"] in ("maxn", "non-maxn") \
                and r["submitter"] != "NVIDIA":
            flags.append("32GB module")
        if r["power_mode"] == "non-maxn":
            flags.append("power mode unknown, MAXN target")
        if r["round"] == "v2.0" and r["accelerator"] == "jetson-agx-orin":
            flags.append("v2.0 preview, ~54 W: not the v2.1+ MaxQ point")
        res = {
            "id": r["id"], "system": r["system"], "round": r["round"],
            "accelerator": r["accelerator"], "accelerators": acc, "target": target,
            "target_file": tfile, "model": model, "precision": prec, "batch": batch,
            "power_mode": r["power_mode"],
            "tokens": UNPADDED_SEQ if model.startswith("bert") else None,
            "published_sps_per_accel": pub_sps, "predicted_sps": p["samples_per_s"],
            "ratio": p["samples_per_s"] / pub_sps,
            "published_system_w_per_accel": sys_w / acc if sys_w else None,
            "predicted_board_w": p["board_w"],
            "published_j_per_sample_system": sys_w / r["samples_per_s"] if sys_w else None,
            "predicted_j_per_sample_board": p["j_per_sample"],
            "tdp_w": tdp, "power_limit_w": limit[0] if limit else None,
            "power_limit_source": limit[1] if limit else None,
            "flags": flags, "command": p["command"],
            "predicted_sps_gpu_only": gpu_sps,
            # A power mode nobody stated, or a preview at another operating
            # point: shown, not counted against the goal.
            "comparable": r["power_mode"] != "non-maxn"
            and not (r["round"] == "v2.0" and r["accelerator"] == "jetson-agx-orin"),
        }
        res["within_1_5x"] = within(res["ratio"])
        if sys_w and res["predicted_j_per_sample_board"] > res["published_j_per_sample_system"]:
            flags.append("board J/sample > system J/sample")
        if limit and res["predicted_j_per_sample_board"] > limit[0] / pub_sps * 1.0001:
            flags.append("board J/sample > limit / published samples/s")
        results.append(res)

    print("## Predicted (wattlint --runtime tensorrt) vs published MLPerf Inference Offline\n")
    print("As the submissions ran: ResNet-50 at --dim N=%d; BERT at --dim N=%d with %d tokens "
          "per sequence (packed without padding, as NVIDIA's engines run it); int8 except "
          "bert-99.9 (fp16); MaxQ rows whose GPU power limit a source states at "
          "`--power-limit` that limit; Jetson AGX Orin ResNet-50 on the GPU and both DLAs "
          "(the GPU prediction with the DLAs' peak share added). Per accelerator. Published W and J/sample are MLPerf "
          "Power's wall power of the whole system; predicted ones are the board alone.\n"
          % (BATCH["resnet50"], BATCH["bert-99"], UNPADDED_SEQ))
    print("| system | round | accelerator | model | power limit W | published samples/s per "
          "accel | predicted | ratio | published system W per accel | predicted board W | "
          "published J/sample (system) | predicted J/sample (board) | within 1.5x | notes |")
    print("|" + "---|" * 14)
    for x in results:
        acc = x["accelerator"] if x["target"] == x["accelerator"] else \
            "%s (%s)" % (x["accelerator"], x["target"])
        print("| %s | %s | %s | %s | %s | %s | %s | %.2f | %s | %s | %s | %s | %s | %s |" % (
            x["system"], x["round"], acc, x["model"],
            "%d" % x["power_limit_w"] if x["power_limit_w"] else "TDP %g" % x["tdp_w"],
            fmt(x["published_sps_per_accel"]), fmt(x["predicted_sps"]), x["ratio"],
            fmt(x["published_system_w_per_accel"]), fmt(x["predicted_board_w"]),
            fmt(x["published_j_per_sample_system"]), fmt(x["predicted_j_per_sample_board"]),
            "yes" if x["within_1_5x"] else "no", "; ".join(x["flags"])))
    print()
    label = lambda x: "%s %s %s" % (x["system"].split(" (")[0], x["round"], x["model"])  # noqa: E731
    print("- " + summary([(x["ratio"], label(x)) for x in results], "All rows"))
    print("- " + summary([(x["ratio"], label(x)) for x in results if x["comparable"]],
                         "Rows with a known operating point (all but the v2.0 Orin preview and "
                         "the 'non MaxN image' of unknown power mode)"))
    for m in ("resnet50", "bert-99", "bert-99.9"):
        print("- " + summary([(x["ratio"], label(x)) for x in results if x["model"] == m], m))
    for t in sorted({x["accelerator"] for x in results}):
        print("- " + summary([(x["ratio"], label(x)) for x in results if x["accelerator"] == t],
                             t))
    over = [x for x in results if any(f.startswith("board W > TDP") for f in x["flags"])]
    print("- Predictions whose board power exceeds the target's TDP: %d" % len(over))
    limited = [x for x in results if x["power_limit_w"]]
    over = [x for x in limited if x["predicted_board_w"] > x["power_limit_w"] * 1.0001]
    print("- MaxQ rows with a stated GPU power limit: %d; predicted board power above it: %d"
          % (len(limited), len(over)))
    over = [x for x in limited
            if x["predicted_j_per_sample_board"] > x["power_limit_w"] / x["published_sps_per_accel"]
            * 1.0001]
    print("- Of those, predicted board J/sample above what the limit allows at the published "
          "throughput (limit / published samples/s): %d" % len(over))
    power = [x for x in results if x["published_j_per_sample_system"]]
    over = [x for x in power if x["predicted_j_per_sample_board"] > x["published_j_per_sample_system"]]
    print("- Rows with measured system power: %d; predicted board J/sample above the whole "
          "system's measured J/sample: %d" % (len(power), len(over)))
    if skipped:
        print("- Rows skipped (accelerator not a target): %s" % ", ".join(skipped))

    # BERT as the fixture declares it: every sequence padded to 384.
    print("\n## BERT padded to 384 tokens instead of %d\n" % UNPADDED_SEQ)
    print("MACs per sequence: %s at 384, %s at %d (x%.2f).\n" % (
        fmt(gen_bert_large.macs_per_seq(384) / 1e9) + " G",
        fmt(gen_bert_large.macs_per_seq(UNPADDED_SEQ) / 1e9) + " G", UNPADDED_SEQ,
        gen_bert_large.macs_per_seq(UNPADDED_SEQ) / gen_bert_large.macs_per_seq(384)))
    print("| system | round | accelerator | model | published samples/s per accel | "
          "predicted (%d) | ratio | predicted (384) | ratio | within 1.5x |" % UNPADDED_SEQ)
    print("|" + "---|" * 10)
    padded = []
    for x in results:
        if not x["model"].startswith("bert"):
            continue
        p = w.profile(BERT, x["batch"], x["target"], x["precision"], x["target_file"],
                      x["power_limit_w"])
        ratio = p["samples_per_s"] / x["published_sps_per_accel"]
        x["predicted_sps_padded"] = p["samples_per_s"]
        padded.append((ratio, label(x)))
        print("| %s | %s | %s | %s | %s | %s | %.2f | %s | %.2f | %s |" % (
            x["system"], x["round"], x["target"], x["model"], fmt(x["published_sps_per_accel"]),
            fmt(x["predicted_sps"]), x["ratio"], fmt(p["samples_per_s"]), ratio,
            "yes" if within(ratio) else "no"))
    print()
    print("- " + summary(padded, "BERT rows padded to 384"))

    # MaxQ rows at the board's TDP, as if the limit were not set.
    print("\n## MaxQ rows at the board's TDP instead of their power limit\n")
    print("| system | round | accelerator | model | limit W (source) | published samples/s "
          "per accel | predicted at limit | ratio | board W | predicted at TDP | ratio | board W |")
    print("|" + "---|" * 12)
    at_tdp = []
    for x in limited:
        p = w.profile(model_file[x["model"]], x["batch"], x["target"], x["precision"],
                      x["target_file"])
        ratio = p["samples_per_s"] / x["published_sps_per_accel"]
        at_tdp.append((ratio, label(x)))
        print("| %s | %s | %s | %s | %d (%s) | %s | %s | %.2f | %s | %s | %.2f | %s |" % (
            x["system"], x["round"], x["accelerator"], x["model"], x["power_limit_w"],
            x["power_limit_source"], fmt(x["published_sps_per_accel"]), fmt(x["predicted_sps"]),
            x["ratio"], fmt(x["predicted_board_w"]), fmt(p["samples_per_s"]), ratio,
            fmt(p["board_w"])))
    print()
    print("- " + summary(at_tdp, "MaxQ rows at TDP"))

    shutil.rmtree(tmp)
    if json_out:
        with open(json_out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
