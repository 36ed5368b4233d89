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
config.substitutions.append(("%python", "/usr/bin/python3"))
config.substitutions.append(
    ("%exit1", "/usr/bin/python3 " + os.path.join(config.test_source_root, "exitcode.py") + " 1"))
config.substitutions.append(
    ("%exit2", "/usr/bin/python3 " + os.path.join(config.test_source_root, "exitcode.py") + " 2"))
