"""Run a command and succeed only if it exits with the given code.
Usage: exitcode.py CODE CMD [ARGS...]; the command's output passes through."""
import subprocess
import sys

want = int(sys.argv[1])
rc = subprocess.run(sys.argv[2:]).returncode
if rc != want:
    sys.stderr.write("exitcode.py: expected exit %d, got %d\n" % (want, rc))
    sys.exit(1)
