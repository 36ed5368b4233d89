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
)

# Fixture generators only (test/models/gen_models.py); CI does not need them.
if [ "${1:-}" = "--with-torch" ]; then
  PKGS+=(python3-torch python3-torchvision)
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
