"""Check that project #includes follow the layer direction of DESIGN.md:
analyzer <- onnx, libtorch, cost <- rules <- report <- tools, and that no
string literal in analyzer/, cost/ or rules/ names a flag, a subcommand or the
configuration file.
Usage: layering.py ROOT. Walks the layer folders under ROOT for .h/.cpp/.def/.inc
files, prints `FILE:LINE: LAYER may not include "X" (layer L)` per violation and
a summary line; exits 1 on any violation.

Only quoted includes whose first path component names a layer count. Includes
without a slash (generated "RuleDocs.inc"), <...> includes and third-party
headers ("llvm/...", "fmt/...") are ignored. "onnx/X" is the ONNX library's
header unless ROOT/onnx/X exists, so "onnx/onnx_pb.h" is ignored."""
import os
import re
import sys

# Which layers each layer may include. onnx, libtorch and cost are siblings and
# never include each other; report never includes a front end; nothing but
# tools includes tools.
ALLOWED = {
    "analyzer": {"analyzer"},
    "onnx": {"analyzer", "onnx"},
    "libtorch": {"analyzer", "libtorch"},
    "cost": {"analyzer", "cost"},
    "rules": {"analyzer", "cost", "rules"},
    "report": {"analyzer", "cost", "rules", "report"},
    "tools": {"analyzer", "onnx", "libtorch", "cost", "rules", "report", "tools"},
}
ORDER = ["analyzer", "onnx", "libtorch", "cost", "rules", "report", "tools"]
EXTENSIONS = (".h", ".cpp", ".def", ".inc")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
# The lower layers speak in data and errors: no string literal in them names a
# command-line flag, a subcommand or the configuration file (report/ and
# tools/ say where a value came from).
SPEAKS_DATA = ("analyzer", "cost", "rules")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
CLI_WORDS = re.compile(r'(?<![\w-])--[a-z][a-z-]*|\.wattlint\.yaml|`wattlint ')


def layer_of(root, target):
    """The project layer a quoted include names, or None when it is not one."""
    if "/" not in target:
        return None
    first = target.split("/", 1)[0]
    if first not in ALLOWED:
        return None
    # The ONNX library's headers are also spelled "onnx/...": only a file that
    # exists in the repository's onnx/ folder is the project's onnx layer.
    if first == "onnx" and not os.path.isfile(os.path.join(root, target)):
        return None
    return first


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: layering.py ROOT\n")
        return 2
    root = sys.argv[1]
    files = includes = 0
    violations = []
    for layer in ORDER:
        top = os.path.join(root, layer)
        if not os.path.isdir(top):
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith(EXTENSIONS):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                files += 1
                with open(path, encoding="utf-8", errors="replace") as f:
                    for lineno, line in enumerate(f, 1):
                        if layer in SPEAKS_DATA and not line.lstrip().startswith("//"):
                            for lit in STRING.findall(line):
                                w = CLI_WORDS.search(lit)
                                if w:
                                    violations.append('%s:%d: %s may not name "%s" in a string '
                                                      '(a flag, subcommand or config file)'
                                                      % (rel, lineno, layer, w.group(0).strip()))
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(1)
                        other = layer_of(root, target)
                        if other is None:
                            continue
                        includes += 1
                        if other not in ALLOWED[layer]:
                            violations.append('%s:%d: %s may not include "%s" (layer %s)'
                                              % (rel, lineno, layer, target, other))
    for v in violations:
        print(v)
    print("layering: %d files, %d project includes, %d violations"
          % (files, includes, len(violations)))
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
