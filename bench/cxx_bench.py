"""wattlint-cxx benchmark: the time to analyze a C++ model (the MNIST
convnet of test/lit/cxx/Inputs/mnist.cpp, parsed against the built-in stub
LibTorch headers), the start-up time (`--version`), the binary's size and
the peak RSS of both runs, next to the same figures for `wattlint`.

The profile is timed three ways: parsing the stubs as they are
(--no-pch-cache), the first run with an empty cache folder (it precompiles
the stubs and caches them: "cold"), and a run that reads the cached
precompiled header ("warm"); check and modules are timed warm. Every cache
folder is a temporary one, never the user's.

Each time is the median of RUNS runs after one warm-up (page cache warm);
it includes starting the process. RSS comes from GNU time when it is
installed, else from the children's rusage (Linux: KiB).
Usage: /usr/bin/python3 bench/cxx_bench.py [BUILD_DIR] [--runs N]
"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = 10
args = sys.argv[1:]
if "--runs" in args:
    i = args.index("--runs")
    RUNS = int(args[i + 1])
    del args[i:i + 2]
BUILD = args[0] if args else os.path.join(ROOT, "build-cxx")
CXX = os.path.join(BUILD, "bin", "wattlint-cxx")
MAIN = os.path.join(BUILD, "bin", "wattlint")
FIXTURE = os.path.join(ROOT, "test", "lit", "cxx", "Inputs", "mnist.cpp")
GNU_TIME = shutil.which("time") if os.path.exists("/usr/bin/time") else None


def one_run(cmd):
    """Wall seconds and peak RSS (MiB) of one run."""
    if GNU_TIME:
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t
        rss_kib = int(p.stderr.strip().splitlines()[-1])
        return wall, rss_kib / 1024.0
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(after, before) / 1024.0


def measure(cmd, before=lambda: None):
    """Median wall seconds and peak RSS of RUNS runs; before() runs, untimed,
    before each of them."""
    before()
    one_run(cmd)  # warm-up
    walls, rss = [], []
    for _ in range(RUNS):
        before()
        w, r = one_run(cmd)
        walls.append(w)
        rss.append(r)
    return statistics.median(walls), max(rss)


def main():
    if not os.access(CXX, os.X_OK):
        sys.stderr.write("cxx_bench: %s not built\n" % CXX)
        return 2
    rows = []
    tmp = tempfile.mkdtemp(prefix="cxx_bench-")
    cold, warm = os.path.join(tmp, "cold"), os.path.join(tmp, "warm")
    profile = [CXX, "profile", FIXTURE, "--dim", "N=1", "--format", "json"]
    try:
        for name, cmd, before in [
            ("wattlint --version", [MAIN, "--version"], None),
            ("wattlint-cxx --version", [CXX, "--version"], None),
            ("wattlint-cxx profile, no PCH", profile + ["--no-pch-cache"], None),
            ("wattlint-cxx profile, cold (builds)", profile + ["--cache-dir", cold],
             lambda: shutil.rmtree(cold, ignore_errors=True)),
            ("wattlint-cxx profile, warm (PCH)", profile + ["--cache-dir", warm], None),
            ("wattlint-cxx check, warm",
             [CXX, "check", FIXTURE, "--dim", "N=1", "--cache-dir", warm], None),
            ("wattlint-cxx modules, warm", [CXX, "modules", FIXTURE, "--cache-dir", warm], None),
        ]:
            if not os.access(cmd[0], os.X_OK):
                continue
            wall, rss = measure(cmd, before or (lambda: None))
            rows.append((name, wall, rss))
        pch = [os.path.join(warm, f) for f in os.listdir(warm)] if os.path.isdir(warm) else []
        pch_mib = sum(os.path.getsize(f) for f in pch) / 2**20
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%-38s %10s %10s" % ("command (median of %d)" % RUNS, "time", "peak RSS"))
    for name, wall, rss in rows:
        print("%-38s %8.1f ms %7.1f MiB" % (name, wall * 1000, rss))
    for path in (MAIN, CXX):
        if os.path.exists(path):
            print("%-38s %8.1f MiB" % ("size of " + os.path.basename(path),
                                        os.path.getsize(path) / 2**20))
    if pch:
        print("%-38s %8.1f MiB" % ("size of the cached PCH", pch_mib))
    return 0


if __name__ == "__main__":
    sys.exit(main())
