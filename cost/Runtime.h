//===- cost/Runtime.h - what a framework runs, as sourced data --*- C++ -*-===//
//
// A runtime is a YAML file (cost/runtimes/<name>.yaml, built into the binary,
// or the user's --runtime-file): how the software that executes a model turns
// its graph into kernels. Which patterns it fuses into one kernel, what it
// runs that the exported graph folded away (BatchNorm in eager PyTorch), what
// a float32 convolution runs at by default, and what the host spends per op
// while the device works. Every number carries a tag and a source, as targets
// do; docs/cost-model.md gives each its meaning.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_COST_RUNTIME_H
#define WATTLINT_COST_RUNTIME_H

#include "cost/Sourced.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace wattlint {

/// The fusion patterns a runtime may apply (cost/Runtime.cpp matches them).
inline constexpr const char *FusionNames[] = {
    "gemm-bias",       // MatMul -> Add of a constant bias: the GEMM's epilogue
    "gemm-activation", // Conv/Gemm/MatMul -> Relu, Clip, Sigmoid, ...: epilogue
    "conv-residual",   // Conv -> Add of another tensor (-> activation): epilogue
    "attention",       // MatMul -> scale/mask -> Softmax -> MatMul, with its layout ops
    "layernorm",       // ReduceMean -> Sub -> Pow -> ReduceMean -> Add -> Sqrt -> Div
    "gelu",            // Div -> Erf -> Add -> Mul -> Mul
    "pointwise",       // chains of elementwise ops with one consumer each
};

struct Runtime {
  std::string Name;
  std::string DisplayName;
  std::string Origin; // "built-in ..." or the file it came from
  /// Host time per framework op (Python, dispatcher, launch call): the host
  /// timeline that runs ahead of the device.
  Sourced HostOpUs;
  /// Host time per inference beyond its ops (graph launch, synchronization).
  Sourced HostInferenceUs;
  /// Device kernels and host ops an exported Conv runs as (eager frameworks
  /// run the BatchNorm the exporter folded, and layout transforms).
  Sourced ConvKernels, ConvHostOps;
  /// Kernels a non-persistent recurrent layer launches per time step and
  /// direction (cuDNN launches them from its own loop, not the framework's).
  Sourced RecurrentKernelsPerStep;
  /// Optimizer and zero-grad kernels per weight tensor and step.
  Sourced TrainKernelsPerWeight;
  /// Host time per backward op (autograd's engine, in C++), and per
  /// training step beyond its ops (loss, backward() and step() calls).
  Sourced BackwardHostOpUs, TrainStepHostUs;
  /// What float32 convolutions and matrix products run at when no precision
  /// is asked: "fp32" or "tf32" (PyTorch lets cuDNN use TF32 by default).
  std::string Fp32Conv = "fp32", Fp32Matmul = "fp32";
  /// True when its convolutions reach only the target's conv_tflops_cap
  /// (NCHW tensors through cuDNN, with layout transforms around the
  /// tensor-core kernels), false when it picks its own layouts and kernels.
  bool CappedConvolutions = true;
  std::string CappedConvolutionsSource;
  std::string Fp32Source;
  std::vector<std::string> Fusions;
  std::string FusionSource;
  /// The precisions at which a recurrent layer whose weights fit on chip
  /// (the target's persistent_recurrent_kb) runs the library's fast
  /// persistent path; at the others each step launches its kernels. Empty:
  /// every precision.
  std::vector<std::string> PersistentRecurrentPrecisions;
  std::string PersistentRecurrentSource;
  std::map<std::string, std::string> Sources;

  bool fuses(llvm::StringRef Pattern) const;
  bool persistentRecurrentAt(llvm::StringRef Precision) const;
};

/// Parses one runtime from YAML text; Base (when given) supplies every field
/// the text leaves out.
llvm::Expected<Runtime> parseRuntime(llvm::StringRef Yaml, llvm::StringRef Origin,
                                     const Runtime *Base = nullptr);
/// The built-in runtimes, by name.
llvm::Expected<std::vector<Runtime>> builtinRuntimes();
/// Their names (each file's name, which is the name the file gives).
std::vector<std::string> builtinRuntimeNames();
/// The runtime named Name (case-insensitive; "" = pytorch-eager), after the
/// user's file (which may define a new runtime or override fields of a
/// built-in one, as --target-file does for targets).
llvm::Expected<Runtime> resolveRuntime(llvm::StringRef Name, llvm::StringRef RuntimeFile);

inline constexpr const char *DefaultRuntime = "pytorch-eager";

} // namespace wattlint

#endif
