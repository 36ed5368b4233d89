//===- tools/reporters/Sweep.cpp - `profile --sweep DIM=V1,V2,...` --------===//
//
// One result per value, in the format of a single profile: tables one after
// another under a heading; JSON schema wattlint.sweep/1, an array of
// profiles; CSV with the dim and its value in front of every row.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Text.h"
#include "tools/reporters/Reporters.h"

#include "llvm/Support/JSON.h"

using namespace llvm;

namespace wattlint {

void writeSweep(ProfileFormat Format, StringRef Dim, ArrayRef<int64_t> Values,
                ArrayRef<std::string> Profiles, raw_ostream &OS) {
  switch (Format) {
  case ProfileFormat::table:
    for (size_t I = 0; I < Values.size(); ++I) {
      if (I)
        OS << "\n";
      OS << "== " << printable(Dim, 64) << "=" << Values[I] << " ==\n" << Profiles[I];
    }
    return;
  case ProfileFormat::json: {
    json::OStream J(OS, 1);
    J.object([&] {
      J.attribute("schema", "wattlint.sweep/1");
      J.attribute("dim", jsonText(Dim));
      J.attributeArray("results", [&] {
        for (size_t I = 0; I < Values.size(); ++I)
          J.object([&] {
            J.attribute("value", Values[I]);
            // Parsed again so that the whole document is indented alike.
            Expected<json::Value> V = json::parse(Profiles[I]);
            if (V) {
              J.attribute("profile", std::move(*V));
              return;
            }
            consumeError(V.takeError());
            J.attributeBegin("profile");
            J.rawValue(StringRef(Profiles[I]).rtrim());
            J.attributeEnd();
          });
      });
    });
    OS << "\n";
    return;
  }
  case ProfileFormat::csv: {
    // Each profile's rows, the header once; a field never holds a newline
    // (model text is escaped), so a line is a row.
    std::string DimField = "\"";
    for (char C : printable(Dim, 64))
      DimField += C == '"' ? std::string("\"\"") : std::string(1, C);
    DimField += "\"";
    for (size_t I = 0; I < Values.size(); ++I) {
      StringRef Text = Profiles[I];
      bool Header = true;
      while (!Text.empty()) {
        auto [Line, Rest] = Text.split('\n');
        Text = Rest;
        if (Header) {
          Header = false;
          if (I == 0)
            OS << "sweep_dim,sweep_value," << Line << "\n";
          continue;
        }
        OS << DimField << "," << Values[I] << "," << Line << "\n";
      }
    }
    return;
  }
  }
}

} // namespace wattlint
