//===- onnx/Sandbox.h - confine the child that runs ONNX's inference -*- C++ -*-===//
//
// ONNX 1.12's shape inference trusts its input; it runs in a forked child
// that is confined before it touches the model: no new privileges, no file
// descriptors but the answer's pipe and stderr, a CPU-time limit, and a
// seccomp filter that lets it compute, allocate and write its answer back
// while every other system call (open, socket, exec, ptrace...) fails.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_ONNX_SANDBOX_H
#define WATTLINT_ONNX_SANDBOX_H

namespace wattlint {

/// CPU seconds the child may use before the kernel stops it.
inline constexpr unsigned SandboxCpuSeconds = 30;
/// Address space of the inference child (it holds a copy of the graph,
/// weights stripped).
inline constexpr unsigned long SandboxAddressBytes = 4UL << 30;

/// Confines the calling (child) process, keeping AnswerFd open; false when a
/// step failed, and the child should then not run the inference.
bool confineChild(int AnswerFd);

} // namespace wattlint

#endif
