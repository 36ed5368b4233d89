"""Every rule listed by `wattlint rules` has docs/rules/<id>.md and a lit test
test/lit/rules/<id>.test, and every doc page and rule test names a rule."""
import os
import subprocess
import sys

wattlint, root = sys.argv[1], sys.argv[2]
ids = [l.split()[0] for l in subprocess.run([wattlint, "rules"], capture_output=True, text=True,
                                             check=True).stdout.splitlines() if l.strip()]
docs = {f[:-3] for f in os.listdir(os.path.join(root, "docs", "rules")) if f.endswith(".md")}
tests = {f[:-5] for f in os.listdir(os.path.join(root, "test", "lit", "rules")) if f.endswith(".test")}
problems = []
for i in ids:
    if i not in docs:
        problems.append("no docs/rules/%s.md" % i)
    if i not in tests:
        problems.append("no test/lit/rules/%s.test" % i)
for d in sorted(docs - set(ids)):
    problems.append("docs/rules/%s.md names no rule" % d)
for t in sorted(tests - set(ids)):
    problems.append("test/lit/rules/%s.test names no rule" % t)
for p in problems:
    print("PROBLEM:", p)
print("%d rules, %d doc pages, %d tests: %s" % (len(ids), len(docs), len(tests),
                                                "consistent" if not problems else "inconsistent"))
sys.exit(1 if problems else 0)
