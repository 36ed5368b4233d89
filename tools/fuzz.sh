#!/usr/bin/env bash
# Builds a libFuzzer target with clang-19 (ASan + UBSan) and runs it on a
# seed corpus made from the test fixtures for a given time; prints the number
# of executions and every crash found (crash-* files in build-fuzz/findings).
# Targets: model (the whole pipeline on a model, with a structure-aware
# mutator that puts boundary numbers into dims, attributes, initializers and
# opsets), config (.wattlint.yaml), target (a target file), baseline,
# runtime (a runtime file).
# Usage: tools/fuzz.sh SECONDS [WORKERS] [TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
workers=${2:-1}
target=${3:-model}
bin=wattlint-fuzz
[ "$target" = model ] || bin="wattlint-fuzz-$target"
if [ ! -x "build-fuzz/bin/$bin" ] || [ -n "$(find onnx analyzer cost rules report tools test/fuzz -newer "build-fuzz/bin/$bin" -name '*.[ch]*' | head -1)" ]; then
  CC=clang-19 CXX=clang++-19 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWATTLINT_FUZZ=ON >/dev/null
  cmake --build build-fuzz --target "$bin"
fi
seeds=build-fuzz/seeds-$target
corpus=build-fuzz/corpus-$target
findings=build-fuzz/findings
mkdir -p "$seeds" "$corpus" "$findings"
if [ "$target" != model ]; then
  case "$target" in
    config) grep -rl --include='*.md' 'rules:' README.md docs >/dev/null && \
              awk '/^```yaml/{f=1; n++; next} /^```/{f=0} f{print > ("'"$seeds"'/readme-" n ".yaml")}' README.md ;;
    target) cp -f cost/targets/*.yaml "$seeds/" ;;
    runtime) cp -f cost/runtimes/*.yaml "$seeds/" ;;
    baseline) printf '{"findings": [{"rule": "graph-dead-node", "model": "m.onnx", "node": "/a/b"}]}\n' > "$seeds/b.json" ;;
  esac
  log=build-fuzz/fuzz-$target.log
  stamp=build-fuzz/fuzz-$target.start
  touch "$stamp"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "build-fuzz/bin/$bin" "$corpus" "$seeds" -fork="$workers" -ignore_crashes=1 -ignore_timeouts=1 \
    -ignore_ooms=1 -max_total_time="$secs" -max_len=16384 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$findings/$target-" > "$log" 2>&1 || true
  execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  crashes=$(find "$findings" -maxdepth 1 -newer "$stamp" -name "$target-*" | grep -c -E "/$target-(crash|leak|timeout|oom)-" || true)
  echo "fuzz $target: ${secs}s, ${workers} worker(s), ${execs:-0} executions, ${crashes} findings"
  [ "$crashes" -eq 0 ]
  exit
fi
# Small seeds keep executions fast (big graphs are covered by the tests).
for f in test/models/*/*.onnx test/lit/Inputs/*.onnx test/lit/Inputs/fuzz/* examples/*.onnx; do
  [ "$(stat -c %s "$f")" -le 65536 ] && cp -f "$f" "$seeds/$(echo "$f" | tr '/' '_')"
done
find test/lit -name '*.onnxtxt' | while read -r f; do cp -f "$f" "$seeds/$(echo "$f" | tr '/' '_')"; done
# and the text models inside lit tests (split-file sections: detection ops,
# control flow, spec violations)
find test/lit -name '*.test' | while read -r f; do
  awk -v out="$seeds/$(echo "$f" | tr '/' '_')" '
    /^#--- .*\.onnxtxt$/ { n++; file = out "-" n ".onnxtxt"; next }
    /^#--- / { file = ""; next }
    file != "" { print > file }' "$f"
done
# a slice of ONNX's operator corpus, when installed
if [ -d /usr/share/libonnx-testdata/data/node ]; then
  ls /usr/share/libonnx-testdata/data/node | awk 'NR % 8 == 0' | while read -r d; do
    cp -f "/usr/share/libonnx-testdata/data/node/$d/model.onnx" "$seeds/node_$d.onnx" 2>/dev/null || true
  done
fi
log=build-fuzz/fuzz.log
# Only this run's findings count (earlier runs' stay in the folder).
stamp=build-fuzz/fuzz.start
touch "$stamp"
# Fork mode keeps going after a finding, so one run collects them all.
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  build-fuzz/bin/wattlint-fuzz "$corpus" "$seeds" -fork="$workers" -ignore_crashes=1 -ignore_timeouts=1 \
  -ignore_ooms=1 -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
  -artifact_prefix="$findings/" > "$log" 2>&1 || true
execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
new=$(find "$findings" -maxdepth 1 -newer "$stamp" -regextype egrep -regex '.*/(crash|leak|timeout|oom)-[^/]*' | sort)
crashes=$(printf '%s' "$new" | grep -c . || true)
echo "fuzz: ${secs}s, ${workers} worker(s), ${execs:-0} executions, ${crashes} findings"
printf '%s\n' "$new" | grep . | sed 's/^/  finding: /' || true
[ "$crashes" -eq 0 ]
