#!/usr/bin/env bash
# Installs every Debian 12 package that wattlint's build, tests and fixture
# generators need. Idempotent: packages already present are left alone.
set -euo pipefail

PKGS=(
  # build
  cmake ninja-build g++ pkg-config
  # LLVM 19 support libraries (static components), lit + FileCheck
  llvm-19-dev llvm-19-tools libzstd-dev zlib1g-dev libxml2-dev libedit-dev libffi-dev libcurl4-openssl-dev
  # Clang 19 LibTooling (LibTorch front end) and clang for fuzzing/sanitizers
  libclang-19-dev clang-19 libclang-rt-19-dev
  # ONNX 1.12 with protobuf
  libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler
  # formatting and unit tests
  libfmt-dev libgtest-dev googletest
  # lit runs under Debian's python
  python3 python3-onnx python3-numpy
  # bench/mlperf/compare.py reads published.yaml (test/lit/cost/mlperf.test)
  python3-yaml
  # the HTML report's test renders it in a real browser
  chromium
  # man page of `cmake --install` and the .deb of CPack
  gzip dpkg-dev
)
# npm installs Microsoft's SARIF validator for the SARIF test (tools/node);
# a machine whose Node.js already brings npm keeps it.
if ! command -v npm >/dev/null 2>&1; then
  PKGS+=(nodejs npm)
fi

# PyTorch for the tests that compare with it (the C++ fixtures' ONNX twins,
# the torchvision zoo) and the fixture generators; without it those tests are
# UNSUPPORTED. The README's test command and CI ask for it.
if [ "${1:-}" = "--with-torch" ]; then
  PKGS+=(python3-torch python3-torchvision)
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Test-only tools from npm, pinned by tools/node/package-lock.json. Without
# the registry the SARIF validation test is skipped (lit says so), not failed.
NODE_DIR="$(cd "$(dirname "$0")" && pwd)/node"
VALIDATOR="$NODE_DIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ -x "$VALIDATOR" ]; then
  echo "install-deps: SARIF validator present"
elif timeout 300 npm ci --prefix "$NODE_DIR" --no-audit --no-fund --ignore-scripts >/dev/null 2>&1; then
  # Its own postinstall only marks the binary executable; scripts stay off.
  chmod u+x "$VALIDATOR"
  echo "install-deps: installed the SARIF validator (npm @microsoft/sarif-multitool)"
else
  echo "install-deps: the npm registry cannot be reached: the SARIF validation test will be skipped"
fi
