//===- test/fuzz/FileFuzzer.cpp - libFuzzer targets for the other files ---===//
//
// One binary per file kind (WATTLINT_FUZZ_KIND): the configuration
// (.wattlint.yaml, merged into a session), a target file (YAML), a
// baseline (JSON) and a runtime file (YAML). Each input must end in a result
// or an llvm::Error.
//
//===----------------------------------------------------------------------===//
#include "cost/Runtime.h"
#include "cost/Target.h"
#include "report/Analysis.h"
#include "report/Session.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <unistd.h>

using namespace wattlint;

namespace {

/// A private folder for the file the target reads (config and baseline
/// readers take a path, as they resolve paths relative to the file).
std::string scratch(const char *Name) {
  static std::string Dir = [] {
    llvm::SmallString<128> D;
    llvm::sys::fs::createUniqueDirectory("wattlint-fuzz", D);
    return std::string(D);
  }();
  return Dir + "/" + Name;
}

void write(const std::string &Path, const uint8_t *Data, size_t Size) {
  std::error_code EC;
  llvm::raw_fd_ostream Out(Path, EC);
  Out.write(reinterpret_cast<const char *>(Data), Size);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
#if WATTLINT_FUZZ_KIND == 0
  std::string Path = scratch(".wattlint.yaml");
  write(Path, Data, Size);
  llvm::Expected<Config> C = loadConfig(Path);
  if (!C) {
    llvm::consumeError(C.takeError());
    return 0;
  }
  llvm::Expected<Session> S = makeSession(Flags(), std::move(*C));
  if (!S) {
    llvm::consumeError(S.takeError());
    return 0;
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  dumpSession(*S, OS);
#elif WATTLINT_FUZZ_KIND == 1
  llvm::Expected<Target> T = parseTarget(Text, "fuzz.yaml", nullptr);
  if (!T)
    llvm::consumeError(T.takeError());
#elif WATTLINT_FUZZ_KIND == 3
  // Over the default runtime, as --runtime-file does, and on its own.
  llvm::Expected<Runtime> Base = resolveRuntime("", "");
  if (!Base) {
    llvm::consumeError(Base.takeError());
    return 0;
  }
  const Runtime *Bases[] = {&*Base, nullptr};
  for (const Runtime *On : Bases) {
    llvm::Expected<Runtime> R = parseRuntime(Text, "fuzz.yaml", On);
    if (!R)
      llvm::consumeError(R.takeError());
  }
#else
  std::string Path = scratch("baseline.json");
  write(Path, Data, Size);
  llvm::Expected<Baseline> B = readBaseline(Path);
  if (!B)
    llvm::consumeError(B.takeError());
#endif
  return 0;
}
