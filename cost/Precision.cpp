//===- cost/Precision.cpp - the precisions float compute can run at -------===//
#include "cost/Precision.h"

using namespace llvm;

namespace wattlint {

namespace {
struct Row {
  Precision P;
  const char *Name;
};
const Row Rows[] = {{Precision::FP32, "fp32"}, {Precision::TF32, "tf32"},
                    {Precision::BF16, "bf16"}, {Precision::FP16, "fp16"},
                    {Precision::FP8, "fp8"},   {Precision::INT8, "int8"}};
} // namespace

StringRef precisionName(Precision P) {
  for (const Row &R : Rows)
    if (R.P == P)
      return R.Name;
  return "";
}

std::optional<Precision> parsePrecision(StringRef S) {
  if (S.empty() || S.equals_insensitive("model"))
    return Precision::Model;
  for (const Row &R : Rows)
    if (S.equals_insensitive(R.Name))
      return R.P;
  return std::nullopt;
}

StringRef precisionChoices() { return "model, fp32, tf32, bf16, fp16, fp8 or int8"; }

} // namespace wattlint
