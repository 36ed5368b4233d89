#!/usr/bin/env bash
# One device run: dynamo (opset 20) exports of the fixtures, then validation
# energy on the H200. Results land in $OUT (dynamo.tar.gz, h200-validation.jsonl).
set -u
export PYTHONUNBUFFERED=1
tmp=$(mktemp -d)
timeout 300 python3 test/models/gen_models.py "$tmp/torch211" --dynamo 2>&1 | grep -v -i warn | tee "$OUT/export.log" | grep -E '^[a-z_0-9]+ '
tar -C "$tmp" -czf "$OUT/dynamo.tar.gz" torch211
nvidia-smi --query-gpu=name,power.limit,clocks.max.sm --format=csv | tee "$OUT/gpu.txt"
timeout 240 python3 bench/energy/measure_validation.py "$OUT/h200-validation.jsonl" 2.0
