# lit configuration for wattlint's end-to-end tests.
import os
import lit.formats

config.name = "wattlint"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".onnxtxt", ".test"]
config.excludes = ["Inputs", "exitcode.py", "expect-clean.py", "consistency.py", "layering.py"]
config.test_source_root = os.path.join(config.wattlint_src_root, "test", "lit")
config.test_exec_root = os.path.join(os.path.dirname(config.wattlint_bin_dir), "test", "lit-out")

config.environment["PATH"] = os.pathsep.join(
    [config.wattlint_bin_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
config.substitutions.append(("%models", os.path.join(config.wattlint_src_root, "test", "models")))
config.substitutions.append(("%srcroot", config.wattlint_src_root))
config.substitutions.append(("%builddir", os.path.dirname(config.wattlint_bin_dir)))
config.substitutions.append(("%python", "/usr/bin/python3"))
import shutil
if shutil.which("dpkg-deb") and shutil.which("dpkg-shlibdeps"):
    config.available_features.add("dpkg-deb")

# Microsoft's SARIF validator (tools/node, installed by tools/install-deps.sh
# from npm); without it the SARIF validation tests are UNSUPPORTED.
sarif_multitool = os.path.join(config.wattlint_src_root, "tools", "node", "node_modules",
                               "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")
if os.access(sarif_multitool, os.X_OK):
    config.available_features.add("sarif-multitool")
    config.substitutions.append(("%sarif-multitool", sarif_multitool))
else:
    lit_config.note("SARIF validator not installed (npm unreachable when tools/install-deps.sh "
                    "ran?): the SARIF validation tests are skipped")
# A sanitizer build maps terabytes of shadow memory: tests that run wattlint
# under an address-space limit (prlimit --as) are UNSUPPORTED there.
if getattr(config, "wattlint_sanitize", "OFF") in ("ON", "TRUE", "1", "YES"):
    config.available_features.add("asan")
config.substitutions.append(
    ("%exit1", "/usr/bin/python3 " + os.path.join(config.test_source_root, "exitcode.py") + " 1"))
config.substitutions.append(
    ("%exit2", "/usr/bin/python3 " + os.path.join(config.test_source_root, "exitcode.py") + " 2"))
# The HTML report's browser test (report/chromium.test) needs Debian's
# chromium; without it lit reports the test UNSUPPORTED.
if os.path.exists("/usr/bin/chromium"):
    config.available_features.add("chromium")
else:
    lit_config.note("chromium not installed: the HTML report's browser test is skipped")

# wattlint-cxx, the LibTorch C++ front end, is built only where Clang's
# static libraries are (libclang-19-dev); without it its tests are
# UNSUPPORTED. The Python twins of its fixtures need Debian's torch.
if os.access(os.path.join(config.wattlint_bin_dir, "wattlint-cxx"), os.X_OK):
    config.available_features.add("wattlint-cxx")
# Its precompiled stub headers are cached in the build tree, shared by the
# tests (so that they also race to write it), never in the user's home:
# lit passes on neither HOME nor XDG_CACHE_HOME, and wattlint-cxx would
# fall back to the password database's home folder.
config.environment["WATTLINT_CACHE_DIR"] = os.path.join(config.test_exec_root, "cxx-pch-cache")
import subprocess
if subprocess.run(["/usr/bin/python3", "-c", "import torch"], stdout=subprocess.DEVNULL,
                  stderr=subprocess.DEVNULL).returncode == 0:
    config.available_features.add("torch")
else:
    lit_config.note("python3-torch not installed: the C++ fixtures' ONNX twins are not checked")
# The torchvision zoo test (zoo/torchvision.test) exports models with it.
if subprocess.run(["/usr/bin/python3", "-c", "import torch, torchvision"],
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
    config.available_features.add("torchvision")
else:
    lit_config.note("python3-torchvision not installed: the torchvision zoo is not checked")
