//===- tools/DiffCommand.cpp - `wattlint diff OLD NEW` --------------------===//
//
// Opens the two ONNX files and diffs them (tools/DiffRun.cpp).
//
//===----------------------------------------------------------------------===//
#include "onnx/OnnxSource.h"
#include "tools/Commands.h"

namespace wattlint {

int runDiff(const Flags &F, const DiffArgs &Args) {
  OnnxFile Old(Args.Old), New(Args.New);
  return runDiffOf(F, Args, Old, New);
}

} // namespace wattlint
