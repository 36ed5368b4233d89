#!/usr/bin/env bash
# Builds the libFuzzer target with clang-19 (ASan + UBSan) and runs it on a
# seed corpus made from the test fixtures for a given time; prints the number
# of executions and every crash found (crash-* files in build-fuzz/findings).
# Usage: tools/fuzz.sh SECONDS [WORKERS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
workers=${2:-1}
if [ ! -x build-fuzz/bin/wattlint-fuzz ] || [ -n "$(find onnx analyzer cost rules report tools test/fuzz -newer build-fuzz/bin/wattlint-fuzz -name '*.[ch]*' | head -1)" ]; then
  CC=clang-19 CXX=clang++-19 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWATTLINT_FUZZ=ON >/dev/null
  cmake --build build-fuzz --target wattlint-fuzz
fi
seeds=build-fuzz/seeds
corpus=build-fuzz/corpus
findings=build-fuzz/findings
mkdir -p "$seeds" "$corpus" "$findings"
# Small seeds keep executions fast (big graphs are covered by the tests).
for f in test/models/*/*.onnx test/lit/Inputs/*.onnx test/lit/Inputs/fuzz/* examples/*.onnx; do
  [ "$(stat -c %s "$f")" -le 65536 ] && cp -f "$f" "$seeds/$(echo "$f" | tr '/' '_')"
done
find test/lit -name '*.onnxtxt' | while read -r f; do cp -f "$f" "$seeds/$(echo "$f" | tr '/' '_')"; done
# a slice of ONNX's operator corpus, when installed
if [ -d /usr/share/libonnx-testdata/data/node ]; then
  ls /usr/share/libonnx-testdata/data/node | awk 'NR % 8 == 0' | while read -r d; do
    cp -f "/usr/share/libonnx-testdata/data/node/$d/model.onnx" "$seeds/node_$d.onnx" 2>/dev/null || true
  done
fi
log=build-fuzz/fuzz.log
# Fork mode keeps going after a finding, so one run collects them all.
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  build-fuzz/bin/wattlint-fuzz "$corpus" "$seeds" -fork="$workers" -ignore_crashes=1 -ignore_timeouts=1 \
  -ignore_ooms=1 -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
  -artifact_prefix="$findings/" > "$log" 2>&1 || true
execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
crashes=$(ls "$findings" | grep -c -E '^(crash|leak|timeout|oom)-' || true)
echo "fuzz: ${secs}s, ${workers} worker(s), ${execs:-0} executions, ${crashes} findings"
ls "$findings" | grep -E '^(crash|leak|timeout|oom)-' | sed 's/^/  finding: /' || true
[ "$crashes" -eq 0 ]
