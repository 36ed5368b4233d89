"""Writes into OUTDIR files whose deep nesting is hidden from a lexer that
guesses where strings and comments are: YAML where '#' or a quote inside a
plain scalar (a#b, a'b) is no comment or string, long runs of empty flow
entries and document end markers (each a recursion of LLVM's parser), ONNX text where a '#' after
code starts a comment and a backslash escapes nothing (ONNX 1.12's parser).
Each would overflow the stack of a recursive parser. Usage: OUTDIR"""
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
N = 100000


def write(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)


flow = "[" * N + "]" * N
write("hash-target.yaml", "name: h200\nmodel: [a#b, %s]\n" % flow)
write("quote-target.yaml", "name: h200\nmodel: [a'b, %s]\n" % flow)
write("hash-runtime.yaml", "name: onnxruntime\nfusions: [a#b, %s]\n" % flow)
write("hash-config.yaml", "options: {batch-underutilized: {batch: [a#b, %s]}}\n" % flow)
write("map-target.yaml", "name: h200\npeak_tflops: {a#b: %s1%s}\n" % ("{a: " * N, "}" * N))
# Runs of tokens LLVM's parser takes by recursion: empty flow entries and
# document end markers.
write("commas-target.yaml", "name: h200\nmodel: [%s]\n" % (", " * 200000))
write("commas-config.yaml", "rules: {%s}\n" % ("," * 600000))
write("comment-commas-target.yaml", "name: h200\nmodel: [%s]\n" % (",#c\n" * 100000))
write("docend-runtime.yaml", "name: onnxruntime\n" + "...\n" * 200000)
# Shallow YAML with tricky quoting stays readable.
write("shallow-target.yaml", "name: h200\n# it's [[[[ a comment\ndisplay_name: \"a [\\\" b\"\n")

s = "y = Identity (X)"
for i in range(5000):
    s = ("y = If (c) <then_branch = t%d () => (float[2] y) { %s }, "
         "else_branch = e%d () => (float[2] y) { y = Identity (X) }>" % (i, s, i))
head = '<ir_version: 8, opset_import: ["" : 17]>\n'
write("comment.onnxtxt", head + 'g (float[2] X, bool c) => (float[2] y) { # a "quote\n%s\n}\n' % s)
write("escape.onnxtxt", head + 'g (float[2] X, bool c) => (float[2] y) {\n'
      ' z = Identity <s = "a\\"> (X)\n %s\n w = Identity <t = "x"> (X)\n}\n' % s)
