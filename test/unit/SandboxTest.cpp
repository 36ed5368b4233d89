//===- test/unit/SandboxTest.cpp - the ONNX inference child is confined ---===//
#include "onnx/Sandbox.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

/// Runs Body in a confined child and returns what it wrote to its pipe.
template <typename F> std::string inConfinedChild(F Body) {
  int Fds[2];
  EXPECT_EQ(pipe(Fds), 0);
  pid_t Pid = fork();
  if (Pid == 0) {
    close(Fds[0]);
    if (!wattlint::confineChild(Fds[1]))
      _exit(3);
    std::string Out = Body();
    if (write(Fds[1], Out.data(), Out.size()) != ssize_t(Out.size()))
      _exit(4);
    _exit(0);
  }
  close(Fds[1]);
  std::string In;
  char Buf[256];
  for (ssize_t N; (N = read(Fds[0], Buf, sizeof(Buf))) > 0;)
    In.append(Buf, size_t(N));
  close(Fds[0]);
  int Status = 0;
  waitpid(Pid, &Status, 0);
  EXPECT_TRUE(WIFEXITED(Status) && WEXITSTATUS(Status) == 0) << "child status " << Status;
  return In;
}

TEST(Sandbox, ChildCannotOpenFilesOrSockets) {
  std::string Got = inConfinedChild([] {
    std::string R;
    int Fd = open("/etc/hostname", O_RDONLY);
    R += Fd < 0 && errno == EPERM ? "open:denied " : "open:ALLOWED ";
    int S = socket(AF_INET, SOCK_STREAM, 0);
    R += S < 0 && errno == EPERM ? "socket:denied " : "socket:ALLOWED ";
    R += fork() < 0 && errno == EPERM ? "fork:denied" : "fork:ALLOWED";
    return R;
  });
  EXPECT_EQ(Got, "open:denied socket:denied fork:denied");
}

TEST(Sandbox, ChildAddressSpaceIsBounded) {
  std::string Got = inConfinedChild([] {
    struct rlimit L;
    getrlimit(RLIMIT_AS, &L);
    return std::to_string(L.rlim_cur);
  });
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "sanitizer builds leave the address space unbounded";
#endif
  EXPECT_EQ(Got, std::to_string(wattlint::SandboxAddressBytes));
}

TEST(Sandbox, ChildCanAllocateAndAnswer) {
  std::string Got = inConfinedChild([] {
    // Large and small allocations (mmap and brk) both work.
    std::string Big(64 << 20, 'x');
    void *Small = std::malloc(100);
    std::string R = Big.size() == (64u << 20) && Small ? "allocated" : "no memory";
    std::free(Small);
    return R;
  });
  EXPECT_EQ(Got, "allocated");
}

TEST(Sandbox, ChildKeepsOnlyItsPipeAndStderr) {
  int Extra = open("/dev/null", O_RDONLY);
  ASSERT_GE(Extra, 0);
  std::string Got = inConfinedChild([Extra] {
    // fstat is allowed: EBADF tells a closed descriptor.
    struct stat St;
    return std::string(fstat(Extra, &St) < 0 && errno == EBADF ? "closed" : "OPEN") +
           (fstat(2, &St) == 0 ? " stderr" : " no-stderr");
  });
  close(Extra);
  EXPECT_EQ(Got, "closed stderr");
}

} // namespace
