//===- onnx/Sandbox.cpp - confine the child that runs ONNX's inference ----===//
#include "onnx/Sandbox.h"

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <initializer_list>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

// Sanitizer builds map terabytes of shadow memory: no address-space limit.
#if defined(__SANITIZE_ADDRESS__)
#define WATTLINT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define WATTLINT_SANITIZED 1
#endif
#endif
#ifndef WATTLINT_SANITIZED
#define WATTLINT_SANITIZED 0
#endif

namespace wattlint {

namespace {

/// Closes every descriptor but stderr and Keep.
void closeOthers(int Keep) {
  for (int Fd : {0, 1})
    if (Fd != Keep)
      close(Fd);
  if (Keep > 3)
    close_range(3, unsigned(Keep) - 1, 0);
  close_range(unsigned(Keep) + 1 > 3 ? unsigned(Keep) + 1 : 3, ~0u, 0);
}

#if defined(__x86_64__)
/// System calls the inference needs: memory, signals for a crash, clocks,
/// threads' futexes, and writing its answer. Everything else fails with
/// EPERM (not a kill: a library that probes a file degrades, it does not
/// turn into a crash).
constexpr int Allowed[] = {SYS_read,          SYS_write,
                           SYS_close,         SYS_fstat,
                           SYS_newfstatat,    SYS_lseek,
                           SYS_mmap,          SYS_munmap,
                           SYS_mremap,        SYS_mprotect,
                           SYS_madvise,       SYS_brk,
                           SYS_rt_sigaction,  SYS_rt_sigprocmask,
                           SYS_rt_sigreturn,  SYS_sigaltstack,
                           SYS_futex,         SYS_exit,
                           SYS_exit_group,    SYS_getpid,
                           SYS_gettid,        SYS_tgkill,
                           SYS_clock_gettime, SYS_getrandom,
                           SYS_sched_yield,   SYS_sched_getaffinity,
                           SYS_prlimit64,     SYS_getrlimit,
                           // Anonymous pipes: the sanitizers' runtime probes whether memory
                           // is readable by writing it into one (a vptr check).
                           SYS_pipe,          SYS_pipe2};

bool installFilter() {
  constexpr size_t N = sizeof(Allowed) / sizeof(Allowed[0]);
  struct sock_filter Prog[4 + 2 * N + 1];
  size_t I = 0;
  // Only x86-64 system calls (no i386 or x32 entry points).
  Prog[I++] = BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
  Prog[I++] = BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
  Prog[I++] = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  Prog[I++] = BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
  for (int Nr : Allowed) {
    Prog[I++] = BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, unsigned(Nr), 0, 1);
    Prog[I++] = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  }
  Prog[I++] = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA));
  struct sock_fprog Fprog = {static_cast<unsigned short>(I), Prog};
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &Fprog) == 0;
}
#else
bool installFilter() { return true; } // no filter for this architecture
#endif

} // namespace

namespace {
/// Lowers a limit to at most Soft (hard: Hard); a limit the caller already
/// set lower (ulimit -v, a CI runner's) stays, as a process cannot raise it.
bool lowerLimit(int Resource, rlim_t Soft, rlim_t Hard) {
  struct rlimit Now;
  if (getrlimit(Resource, &Now) != 0)
    return false;
  struct rlimit New = {std::min(Soft, Now.rlim_max), std::min(Hard, Now.rlim_max)};
  New.rlim_cur = std::min(New.rlim_cur, New.rlim_max);
  return setrlimit(Resource, &New) == 0;
}
} // namespace

bool confineChild(int AnswerFd) {
  closeOthers(AnswerFd);
  if (!lowerLimit(RLIMIT_CPU, SandboxCpuSeconds, SandboxCpuSeconds + 1))
    return false;
  // No file the child could create may grow; no core dumps of model data.
  struct rlimit Zero = {0, 0};
  setrlimit(RLIMIT_FSIZE, &Zero);
  setrlimit(RLIMIT_CORE, &Zero);
  // Bounded memory: ONNX's inference on a hostile model cannot take the
  // machine's.
#if !WATTLINT_SANITIZED
  if (!lowerLimit(RLIMIT_AS, SandboxAddressBytes, SandboxAddressBytes))
    return false;
#endif
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return false;
  return installFilter();
}

} // namespace wattlint
