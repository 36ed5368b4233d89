"""Check `wattlint profile --format json` totals against closed-form formulas.

Usage: wattlint profile ... --format json | expect.py [NAME=VALUE ...] 'FIELD = EXPR' ...

NAME=VALUE binds a variable of the formulas: an integer, or the name of a
symbolic dim of the model (its value is read from the profile's "dims"). An
argument whose name is a field of "totals" (macs, params, flops, ...) is a
check instead: 'FIELD = EXPR' evaluates EXPR (integer arithmetic) and compares it with the
profile's totals[FIELD]; both must be equal to the integer. Nothing may be
unresolved or of an unknown op, or the totals would be short.

A sweep (schema wattlint.sweep/1) is checked value by value, the swept dim bound
to each value; the MACs' first and second differences between consecutive
values are printed last (constant second differences: a quadratic term).

Prints one line per check; exits 1 on the first mismatch.
"""
import json
import re
import sys


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(profile, binds, formulas, prefix=""):
    if profile["unresolved_shapes"] or profile["unknown_ops"]:
        fail("%sunresolved %s, unknown %s" % (prefix, profile["unresolved_shapes"][:5],
                                               profile["unknown_ops"]))
    env = {}
    for name, value in binds:
        if re.fullmatch(r"-?[0-9]+", value):
            env[name] = int(value)
        elif value in profile["dims"]:
            env[name] = profile["dims"][value]
        else:
            fail("%s=%s: no such dim in %s" % (name, value, sorted(profile["dims"])))
    for f in formulas:
        field, expr = (s.strip() for s in f.split("=", 1))
        want = eval(expr, {"__builtins__": {}}, dict(env))
        got = profile["totals"][field]
        if got != want:
            fail("%s%s: wattlint %d, formula %s = %d (off by %d)" %
                 (prefix, field, got, expr, want, got - want))
        print("%s%s = %d ok" % (prefix, field, got))


def main():
    doc = json.load(sys.stdin)
    sweep = doc.get("schema") == "wattlint.sweep/1"
    fields = (doc["results"][0]["profile"] if sweep else doc)["totals"]
    binds, formulas = [], []
    for a in sys.argv[1:]:
        name, _, value = (s.strip() for s in a.partition("="))
        if name in fields:
            formulas.append(a)
        else:
            binds.append((name, value))
    if not sweep:
        check(doc, binds, formulas)
        return
    macs = []
    for r in doc["results"]:
        check(r["profile"], binds, formulas, "%s=%d: " % (doc["dim"], r["value"]))
        macs.append(r["profile"]["totals"]["macs"])
    first = [b - a for a, b in zip(macs, macs[1:])]
    print("differences: %s" % " ".join(map(str, first)))
    print("second differences: %s" % " ".join(str(b - a) for a, b in zip(first, first[1:])))


main()
