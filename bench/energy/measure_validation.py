"""Measure energy per inference on an NVIDIA GPU for models outside the
calibration set (validation data for the cost model).

Same method as shared/reference/energy/measure_h200.py: whole-board energy from
NVML's cumulative counter (nvmlDeviceGetTotalEnergyConsumption) around a
synchronized loop sized to run about SECS seconds, after warm-up; idle power is
read first and subtracted for the dynamic part. PyTorch eager, cuDNN benchmark
on, fp32 = plain FP32 (TF32 off), bf16 = weights and inputs cast to bfloat16.
Models come from test/models/gen_models.py, so the ONNX fixtures are the same
architectures. Usage: python3 measure_validation.py OUT.jsonl [secs]
"""
import json
import os
import sys
import time

import pynvml
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "test", "models"))
from gen_models import MODELS  # noqa: E402

out = sys.argv[1]
secs = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
CONFIGS = {  # model -> batches (large batch sized to the model)
    "imdb_dense": (1, 256), "gru": (1, 64), "bilstm2": (1, 64), "resnet18": (1, 64),
    "mobilenet_v2": (1, 64), "vit_b_16": (1, 64),
}
pynvml.nvmlInit()
h = pynvml.nvmlDeviceGetHandleByIndex(0)
energy = lambda: pynvml.nvmlDeviceGetTotalEnergyConsumption(h) / 1000.0  # J
torch.backends.cudnn.benchmark = True
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
dev = torch.device("cuda")
meta = {"gpu": pynvml.nvmlDeviceGetName(h), "driver": pynvml.nvmlSystemGetDriverVersion(),
        "power_limit_w": pynvml.nvmlDeviceGetPowerManagementLimit(h) / 1000.0,
        "torch": torch.__version__, "method": "NVML total energy, eager, cudnn.benchmark, TF32 off"}
torch.cuda.synchronize(); time.sleep(1.0)
e0, t0 = energy(), time.time(); time.sleep(3.0)
meta["idle_w"] = (energy() - e0) / (time.time() - t0)
rows = [{"meta": meta}]
print(json.dumps(rows[0]), flush=True)
for name, batches in CONFIGS.items():
    build, make_input = MODELS[name]
    for dtype in ("fp32", "bf16"):
        torch.manual_seed(0)
        m = build().eval().to(dev)
        if dtype == "bf16":
            m = m.to(torch.bfloat16)
        for b in batches:
            x = make_input(b).to(dev)
            if dtype == "bf16" and x.is_floating_point():
                x = x.to(torch.bfloat16)
            with torch.inference_mode():
                for _ in range(5):
                    m(x)
                torch.cuda.synchronize(); ts = time.time()
                for _ in range(10):
                    m(x)
                torch.cuda.synchronize(); per = (time.time() - ts) / 10
                n = max(20, int(secs / max(per, 1e-6)))
                e0, t0 = energy(), time.time()
                for _ in range(n):
                    m(x)
                torch.cuda.synchronize(); e1, t1 = energy(), time.time()
            dt = t1 - t0
            r = {"model": name, "dtype": dtype, "batch": b, "iters": n, "seconds": dt,
                 "latency_ms": 1000 * dt / n, "avg_power_w": (e1 - e0) / dt,
                 "j_per_inference": (e1 - e0) / n, "j_per_sample": (e1 - e0) / (n * b),
                 "dyn_j_per_sample": (e1 - e0 - meta["idle_w"] * dt) / (n * b)}
            rows.append(r)
            print(json.dumps(r), flush=True)
with open(out, "w") as f:
    for r in rows:
        f.write(json.dumps(r) + "\n")
