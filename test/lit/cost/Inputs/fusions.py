"""Reads `wattlint profile --format json` on stdin and prints its fused
kernels: the count, then each fused node and the kernel it runs in (or, with
--count, how many kernels each pattern makes)."""
import collections
import json
import sys

d = json.load(sys.stdin)
if "--count" in sys.argv:
    c = collections.Counter(n["fusion"] for n in d["nodes"] if n.get("fusion") and "fused_into" not in n)
    for k in sorted(c):
        print(k, c[k])
else:
    print("fused kernels", d["totals"]["fused_kernels"])
    for n in d["nodes"]:
        if "fused_into" in n:
            print("%s: %s into %s" % (n["name"], n["fusion"], n["fused_into"]))
