"""Run `wattlint profile` on every file in a folder: each must exit 0, or 2
with one 'error:' message; a signal or any other code fails.
Usage: expect-clean.py WATTLINT DIR"""
import os
import subprocess
import sys

wattlint, folder = sys.argv[1], sys.argv[2]
bad = 0
files = sorted(os.listdir(folder))
for name in files:
    out = subprocess.run([wattlint, "profile", os.path.join(folder, name)], capture_output=True, text=True,
                         timeout=60)
    ok = out.returncode == 0 or (out.returncode == 2 and "error:" in out.stderr)
    bad += not ok
    print("%s %s: exit %d" % ("ok" if ok else "FAIL", name, out.returncode))
print("%d files, %d failed" % (len(files), bad))
sys.exit(1 if bad else 0)
