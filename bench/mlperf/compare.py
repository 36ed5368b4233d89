"""Predict the MLPerf Inference Offline results in published.yaml with wattlint
(`--runtime tensorrt`) and compare them with the published numbers.

Usage: /usr/bin/python3 bench/mlperf/compare.py [WATTLINT] [--json FILE]
(WATTLINT defaults to /work/main/build/bin/wattlint; docs/mlperf.md shows the
output and discusses it.)

For every row of kind mlperf-inference, scenario offline, whose accelerator is
a wattlint target:

- the model: ResNet-50 is test/models/torch113/resnet50.onnx at --dim N=256,
  BERT (bert-99 and bert-99.9) bench/mlperf/bert_large_384.onnx (every
  sequence padded to 384 tokens) at --dim N=64;
- the precision: int8 for resnet50 and bert-99, fp16 for bert-99.9 (NVIDIA's
  harness configs set precision = "fp16" for the 99.9% accuracy target; no
  published row states its precision, bench/mlperf/README.md);
- the target: the accelerator's built-in target, except the Jetson AGX Orin
  MaxQ rows, which use the MaxQ operating point of their model
  (bench/mlperf/jetson-agx-orin-maxq.yaml for BERT, GPU at 714 MHz;
  jetson-agx-orin-maxq-resnet50.yaml for ResNet-50, GPU at 612 MHz).

Predicted per accelerator: samples/s = batch / time_s, J/sample = energy_j /
batch (the board: the model has no host, fans or PSU), board W = energy_j /
time_s. Published per accelerator: samples/s / accelerators; system W /
accelerators and J/sample = system W / system samples/s, MLPerf Power's wall
power of the whole system (host CPUs, memory, fans, PSU losses, NICs): not
comparable one to one with a board's power.

Three more tables: BERT predicted from a fixture at the mean SQuAD length
instead of 384 (NVIDIA's harness runs BERT without padding), the MaxQ rows
predicted with the target's TDP set to the GPU power limit the submitter
used, where a source states it, and the rows whose prediction needs more
power than that limit.
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

    def profile(self, model, batch, target, precision, target_file=None):
        key = (model, batch, target, precision, target_file)
        if key not in self.cache:
            cmd = [self.binary, "profile", model, "--dim", "N=%d" % batch, "--target", target,
                   "--runtime", "tensorrt", "--precision", precision, "--format", "json"]
            if target_file:
                cmd += ["--target-file", target_file]
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
    model_file = {"resnet50": RESNET50, "bert-99": BERT, "bert-99.9": BERT}

    results, skipped = [], []
    for r in rows_of(published):
        if r["accelerator"] not in w.tdp:
            skipped.append(r["id"])
            continue
        target, tfile, _ = target_of(r)
        model = r["model"]
        batch, prec = BATCH[model], PRECISION[model]
        p = w.profile(model_file[model], batch, target, prec, tfile)
        acc = r["accelerators"]
        pub_sps = r["samples_per_s"] / acc
        sys_w = r.get("system_power_w")
        limit = POWER_LIMITS.get((r["submitter"], r["accelerator"], model)) \
            if r["power_mode"] == "maxq" else None
        tdp = w.target_tdp(target, tfile)
        flags = []
        if p["board_w"] > tdp * 1.0001:
            flags.append("board W > TDP %g" % tdp)
        if limit and p["board_w"] > limit[0]:
            flags.append("board W > MaxQ limit %d W" % limit[0])
        if r["accelerator"] == "jetson-agx-orin" and model == "resnet50":
            flags.append("published uses GPU + 2 DLAs")
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
            "model": model, "precision": prec, "batch": batch, "power_mode": r["power_mode"],
            "published_sps_per_accel": pub_sps, "predicted_sps": p["samples_per_s"],
            "ratio": p["samples_per_s"] / pub_sps,
            "published_system_w_per_accel": sys_w / acc if sys_w else None,
            "predicted_board_w": p["board_w"],
            "published_j_per_sample_system": sys_w / r["samples_per_s"] if sys_w else None,
            "predicted_j_per_sample_board": p["j_per_sample"],
            "tdp_w": tdp, "power_limit_w": limit[0] if limit else None,
            "flags": flags, "command": p["command"],
        }
        res["within_1_5x"] = within(res["ratio"])
        if sys_w and res["predicted_j_per_sample_board"] > res["published_j_per_sample_system"]:
            flags.append("board J/sample > system J/sample")
        results.append(res)

    print("## Predicted (wattlint --runtime tensorrt) vs published MLPerf Inference Offline\n")
    print("ResNet-50 at --dim N=%d, BERT at --dim N=%d (384 tokens, padded); int8 except "
          "bert-99.9 (fp16). Per accelerator. Published W and J/sample are MLPerf Power's "
          "wall power of the whole system; predicted ones are the board alone.\n"
          % (BATCH["resnet50"], BATCH["bert-99"]))
    print("| system | round | accelerator | model | published samples/s per accel | predicted | "
          "ratio | published system W per accel | predicted board W | published J/sample "
          "(system) | predicted J/sample (board) | within 1.5x | notes |")
    print("|" + "---|" * 13)
    for x in results:
        acc = x["accelerator"] if x["target"] == x["accelerator"] else \
            "%s (%s)" % (x["accelerator"], x["target"])
        print("| %s | %s | %s | %s | %s | %s | %.2f | %s | %s | %s | %s | %s | %s |" % (
            x["system"], x["round"], acc, x["model"], fmt(x["published_sps_per_accel"]),
            fmt(x["predicted_sps"]), x["ratio"], fmt(x["published_system_w_per_accel"]),
            fmt(x["predicted_board_w"]), fmt(x["published_j_per_sample_system"]),
            fmt(x["predicted_j_per_sample_board"]), "yes" if x["within_1_5x"] else "no",
            "; ".join(x["flags"])))
    print()
    label = lambda x: "%s %s %s" % (x["system"].split(" (")[0], x["round"], x["model"])  # noqa: E731
    print("- " + summary([(x["ratio"], label(x)) for x in results], "All rows"))
    for m in ("resnet50", "bert-99", "bert-99.9"):
        print("- " + summary([(x["ratio"], label(x)) for x in results if x["model"] == m], m))
    over = [x for x in results if any(f.startswith("board W > TDP") for f in x["flags"])]
    print("- Predictions whose board power exceeds the target's TDP: %d" % len(over))
    over = [x for x in results if x["power_limit_w"] and x["predicted_board_w"] > x["power_limit_w"]]
    print("- MaxQ rows with a stated GPU power limit: %d; predicted board power above it: %d"
          % (sum(1 for x in results if x["power_limit_w"]), len(over)))
    power = [x for x in results if x["published_j_per_sample_system"]]
    over = [x for x in power if x["predicted_j_per_sample_board"] > x["published_j_per_sample_system"]]
    print("- Rows with measured system power: %d; predicted board J/sample above the whole "
          "system's measured J/sample: %d" % (len(power), len(over)))
    if skipped:
        print("- Rows skipped (accelerator not a target): %s" % ", ".join(skipped))

    # BERT without padding.
    print("\n## BERT at %d tokens (SQuAD v1.1 without padding) instead of 384\n" % UNPADDED_SEQ)
    tmp = tempfile.mkdtemp(prefix="wattlint-mlperf-")
    short = os.path.join(tmp, "bert_large_%d.onnx" % UNPADDED_SEQ)
    with open(short, "wb") as f:
        f.write(gen_bert_large.build("bert_large_%d.bin" % UNPADDED_SEQ,
                                     seq=UNPADDED_SEQ).SerializeToString())
    print("MACs per sequence: %s at 384, %s at %d (x%.2f).\n" % (
        fmt(gen_bert_large.macs_per_seq(384) / 1e9) + " G",
        fmt(gen_bert_large.macs_per_seq(UNPADDED_SEQ) / 1e9) + " G", UNPADDED_SEQ,
        gen_bert_large.macs_per_seq(UNPADDED_SEQ) / gen_bert_large.macs_per_seq(384)))
    print("| system | round | accelerator | model | published samples/s per accel | "
          "predicted (384) | ratio | predicted (%d) | ratio | within 1.5x | published J/sample "
          "(system) | predicted J/sample (%d, board) |" % (UNPADDED_SEQ, UNPADDED_SEQ))
    print("|" + "---|" * 12)
    short_ratios = []
    for x in results:
        if not x["model"].startswith("bert"):
            continue
        r = next(r for r in rows_of(published) if r["id"] == x["id"])
        target, tfile, _ = target_of(r)
        p = w.profile(short, x["batch"], target, x["precision"], tfile)
        ratio = p["samples_per_s"] / x["published_sps_per_accel"]
        x["predicted_sps_unpadded"] = p["samples_per_s"]
        x["ratio_unpadded"] = ratio
        x["predicted_j_per_sample_board_unpadded"] = p["j_per_sample"]
        short_ratios.append((ratio, label(x)))
        print("| %s | %s | %s | %s | %s | %s | %.2f | %s | %.2f | %s | %s | %s |" % (
            x["system"], x["round"], x["target"], x["model"], fmt(x["published_sps_per_accel"]),
            fmt(x["predicted_sps"]), x["ratio"], fmt(p["samples_per_s"]), ratio,
            "yes" if within(ratio) else "no", fmt(x["published_j_per_sample_system"]),
            fmt(p["j_per_sample"])))
    print()
    print("- " + summary(short_ratios, "BERT rows at %d tokens" % UNPADDED_SEQ))
    power = [x for x in results if "ratio_unpadded" in x and x["published_j_per_sample_system"]]
    over = [x for x in power if x["predicted_j_per_sample_board_unpadded"]
            > x["published_j_per_sample_system"]]
    print("- BERT rows with measured system power: %d; predicted board J/sample at %d tokens "
          "above the whole system's measured J/sample: %d" % (len(power), UNPADDED_SEQ, len(over)))
    resnet = [(x["ratio"], label(x)) for x in results if x["model"] == "resnet50"]
    print("- " + summary(resnet + short_ratios, "ResNet-50 rows and BERT rows at %d tokens"
                  % UNPADDED_SEQ))

    # MaxQ rows at the GPU power limit.
    print("\n## MaxQ rows with the target's TDP set to the stated GPU power limit\n")
    print("A --target-file that names the built-in target and sets tdp_w only "
          "(the energy per operation and busy power follow TDP - idle).\n")
    print("The last two columns bound the board's energy: at most limit / published "
          "samples/s per accelerator, against the prediction at the target's TDP.\n")
    print("| system | round | accelerator | model | limit W (source) | published samples/s "
          "per accel | predicted at TDP | predicted at limit | ratio | board W | "
          "within 1.5x | board J/sample at most | predicted J/sample (TDP) |")
    print("|" + "---|" * 13)
    limit_ratios = []
    for x in results:
        if not x["power_limit_w"]:
            continue
        lim = x["power_limit_w"]
        r = next(r for r in rows_of(published) if r["id"] == x["id"])
        src = POWER_LIMITS[(r["submitter"], r["accelerator"], x["model"])][1]
        tf = os.path.join(tmp, "%s-%dw.yaml" % (x["target"], lim))
        with open(tf, "w") as f:
            f.write("name: %s\ntdp_w: {value: %d, tag: S, source: \"MaxQ GPU power limit: %s\"}\n"
                    % (x["target"], lim, src))
        p = w.profile(model_file[x["model"]], x["batch"], x["target"], x["precision"], tf)
        ratio = p["samples_per_s"] / x["published_sps_per_accel"]
        x["predicted_sps_at_limit"] = p["samples_per_s"]
        limit_ratios.append((ratio, label(x)))
        print("| %s | %s | %s | %s | %d (%s) | %s | %s | %s | %.2f | %s | %s | %s | %s |" % (
            x["system"], x["round"], x["accelerator"], x["model"], lim, src,
            fmt(x["published_sps_per_accel"]), fmt(x["predicted_sps"]),
            fmt(p["samples_per_s"]), ratio, fmt(p["board_w"]),
            "yes" if within(ratio) else "no", fmt(lim / x["published_sps_per_accel"]),
            fmt(x["predicted_j_per_sample_board"])))
    print()
    print("- " + summary(limit_ratios, "MaxQ rows at their power limit (BERT padded to 384)"))

    shutil.rmtree(tmp)
    if json_out:
        with open(json_out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
