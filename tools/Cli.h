//===- tools/Cli.h - what the commands of the command line share -*- C++ -*-===//
//
// Exit codes, the one error message, output that fails loudly, and one
// Session per configuration file of a run.
//
//===----------------------------------------------------------------------===//
#ifndef WATTLINT_TOOLS_CLI_H
#define WATTLINT_TOOLS_CLI_H

#include "report/Session.h"

#include "llvm/ADT/ArrayRef.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>
#include <vector>
#include <memory>

namespace wattlint {

struct Analysis;

inline constexpr int ExitClean = 0, ExitFindings = 1, ExitError = 2;

/// Prints "PROGRAM: error: MSG" (escaped for a terminal); returns ExitError.
int fail(const llvm::Twine &Msg);
/// "wattlint", or the program parseCommandLine() was given ("wattlint-cxx"):
/// what its messages start with.
llvm::StringRef programName();
/// Prints a model's warning W as "PROGRAM: warning: PATH: W". One that
/// names its own place in a source ("file.cpp:5:66: ...", the C++ front
/// end's) is printed once per run, without PATH: a compile error in sources
/// that several models share is one message, not one per model.
void warnModel(llvm::StringRef Path, llvm::StringRef W);
/// Standard output as every command writes it: the code points that control or
/// reorder what a terminal shows and that JSON leaves raw (DEL, the C1 controls
/// with CSI among them, the bidi marks, overrides and isolates, the line and
/// paragraph separators) are written as \uXXXX, which every JSON reader reads
/// back as the same string; model text elsewhere is already escaped by
/// printable(), and our own text has none of them.
llvm::raw_ostream &out();
/// Flushes standard output: a write that failed is an error, not a silent
/// truncation.
int finish(int Code);
/// llvm::cl's parse with its messages on standard error, prefixed as ours
/// ("PROGRAM: error: ..."): Args[0] is replaced by that prefix unless help is
/// asked for, and the hint that names the program as called reads "Try:
/// 'PROGRAM --help'". False on a usage error.
bool parseCommandLine(std::vector<char *> &Args, llvm::StringRef Program,
                      llvm::StringRef Overview, bool AsksForHelp);
/// Writes Text to Path (replacing it), escaped as out() escapes; an error
/// names the path.
llvm::Error writeOutputFile(llvm::StringRef Path, llvm::StringRef Text);
/// --write-baseline: today's findings and the baselined ones (budgets
/// never), keyed as a baseline is read back.
llvm::Error writeBaseline(llvm::StringRef Path, llvm::ArrayRef<Analysis> As);

/// The one Session per configuration file of a run.
class Sessions {
public:
  explicit Sessions(const Flags &F) : F(F) {}
  llvm::Expected<const Session *> forModel(llvm::StringRef ModelPath);

private:
  const Flags &F;
  std::map<std::string, std::unique_ptr<Session>> Cache;
};

} // namespace wattlint

#endif
