//===- test/unit/AnalysisTest.cpp - analyze() over a hand-built IR --------===//
//
// The ModelSource seam: a front end that is not ONNX (here, a graph built in
// the test, as the LibTorch front end will build one) gets the whole
// pipeline: counts, costs, rules with their re-cost callback, suppressions.
//
//===----------------------------------------------------------------------===//
#include "report/Analysis.h"
#include "Builder.h"
#include "analyzer/ShapeRules.h"
#include "analyzer/Text.h"
#include "analyzer/ops/OpFamilies.h"
#include "onnx/OnnxSource.h"
#include "tools/Format.h"
#include "tools/reporters/Reporters.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace wattlint;
using llvm::cantFail;
using llvm::Expected;
using llvm::toString;

namespace {

/// A two-layer MLP whose batch dim N is symbolic: bind() rebuilds it with
/// the bound batch, as a front end re-binds its symbolic dims.
class HandBuilt : public ModelSource {
public:
  unsigned Binds = 0;
  llvm::StringRef path() const override { return "mlp.cpp"; }
  llvm::Expected<Model> bind(const DimBindings &Dims) override {
    ++Binds;
    int64_t N = Dims.count("N") ? Dims.at("N") : 1;
    test::Builder B;
    B.M.Path = "mlp.cpp";
    B.M.BatchDim = "N";
    B.M.BoundDims = {{"N", N}};
    if (!Dims.count("N"))
      B.M.DefaultedDims = {"N"};
    B.val("x", {N, 1024});
    B.val("w1", {1024, 4096}, DType::F32, true);
    B.val("w2", {4096, 10}, DType::F32, true);
    B.node("MatMul", {"x", "w1"}, {"h"});
    B.val("h", {N, 4096});
    B.node("Relu", {"h"}, {"r"});
    B.val("r", {N, 4096});
    B.node("MatMul", {"r", "w2"}, {"y"});
    B.val("y", {N, 10});
    B.node("Sigmoid", {"x"}, {"dead"}); // reaches no output
    B.val("dead", {N, 1024});
    B.g().Outputs = {B.g().find("y")};
    B.g().Inputs = {B.g().find("x")};
    return std::move(B.M);
  }
};

Session session(std::vector<std::string> Dims = {}) {
  Flags F;
  F.Dims = std::move(Dims);
  return llvm::cantFail(makeSession(F, Config()));
}

TEST(Analysis, AHandBuiltGraphGetsTheWholePipeline) {
  HandBuilt Src;
  Session S = session({"N=1"});
  AnalyzeOptions O;
  O.RunRules = true;
  llvm::Expected<Analysis> A = analyze(Src, S, O);
  ASSERT_TRUE(bool(A)) << llvm::toString(A.takeError());
  ASSERT_EQ(A->Nodes.size(), 4u);
  // MACs: N*1024*4096 + N*4096*10 at N = 1.
  EXPECT_EQ(A->P.Totals.Macs, uint64_t(1024 * 4096 + 4096 * 10));
  EXPECT_EQ(A->Nodes[0].Key, "MatMul0");
  ASSERT_TRUE(A->E);
  EXPECT_GT(A->E->EnergyJ, 0);
  EXPECT_TRUE(A->BatchStated);
  bool Dead = false, Batch = false;
  for (const Finding &F : A->Findings) {
    Dead |= F.Rule == "graph-dead-node" && A->keyOf(F) == "Sigmoid3";
    // batch-underutilized re-costs at batch 64 through the source: a bind.
    Batch |= F.Rule == "batch-underutilized" && F.Sev == Severity::Warning;
  }
  EXPECT_TRUE(Dead);
  EXPECT_TRUE(Batch);
  EXPECT_GE(Src.Binds, 2u) << "the rules' re-cost goes through the source";
}

TEST(Analysis, AnUnstatedBatchMakesBatchFindingsNotes) {
  HandBuilt Src;
  Session S = session();
  AnalyzeOptions O;
  O.RunRules = true;
  llvm::Expected<Analysis> A = analyze(Src, S, O);
  ASSERT_TRUE(bool(A)) << llvm::toString(A.takeError());
  EXPECT_FALSE(A->BatchStated);
  bool Seen = false;
  for (const Finding &F : A->Findings)
    if (F.Rule == "batch-underutilized") {
      Seen = true;
      EXPECT_EQ(F.Sev, Severity::Note);
      EXPECT_EQ(F.Unstated, Deployment::Batch);
    }
  EXPECT_TRUE(Seen);
  ASSERT_EQ(A->Warnings.size(), 1u);
  EXPECT_NE(A->Warnings[0].find("unbound symbolic dims set to 1: N"), std::string::npos);
}

TEST(Analysis, OverlappingSavingsNeverExceedTheModel) {
  HandBuilt Src;
  Session S = session({"N=1"});
  AnalyzeOptions O;
  O.RunRules = true;
  Analysis A = llvm::cantFail(analyze(Src, S, O));
  double Sum = 0;
  for (const Finding &F : A.Findings)
    Sum += F.SavingsJ;
  EXPECT_GT(Sum, A.E->EnergyJ) << "the fixture's findings overlap";
  EXPECT_LE(A.savingsJ(), A.E->EnergyJ);
}

TEST(Analysis, ADimTheConfigNamesMustExist) {
  HandBuilt Src;
  Config C;
  C.Dims["seq"].assign(8, "cfg.yaml:3:8");
  Session S = llvm::cantFail(makeSession(Flags(), std::move(C)));
  llvm::Expected<Analysis> A = analyze(Src, S, AnalyzeOptions());
  ASSERT_FALSE(bool(A));
  EXPECT_EQ(llvm::toString(A.takeError()),
            "cfg.yaml:3:8: dim 'seq' is not a symbolic dim of mlp.cpp (its dims: N)");
}

TEST(Analysis, AnOnnxFileIsReadOnceAndReBound) {
  llvm::SmallString<128> Path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("rebind", "onnxtxt", Path));
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    ASSERT_FALSE(EC);
    OS << "<ir_version: 8, opset_import: [\"\" : 17]>\n"
          "g (float[N, 64] X, float[64, 32] W) => (float[N, 32] Y) {\n  Y = MatMul (X, W)\n}\n";
  }
  OnnxFile Src(std::string(Path.str()));
  Expected<Model> One = Src.bind({{"N", 1}});
  ASSERT_TRUE(bool(One)) << toString(One.takeError());
  // The file is gone: a what-if at batch 64 re-binds the IR.
  llvm::sys::fs::remove(Path);
  Expected<Model> Big = Src.rebind(*One, {{"N", 64}});
  ASSERT_TRUE(bool(Big)) << toString(Big.takeError());
  Profile P1 = cantFail(profileModel(*One)), P64 = cantFail(profileModel(*Big));
  EXPECT_EQ(P1.Totals.Macs, 64u * 32u);
  EXPECT_EQ(P64.Totals.Macs, 64u * 64u * 32u);
}

TEST(Findings, TheRendererWritesTheSentencesFromMeasuresAndWords) {
  Finding F;
  F.Measures = {{"steps", 80, ""},       {"energy", 0.0132, "J"}, {"share", 0.4231, ""},
                {"time", 0.000153, "s"}, {"macs", 1.81e9, "MAC"}, {"ratio", 14.76, "x"}};
  F.Words = {{"op", "LSTM"}, {"name", "{steps} of {op}"}};
  EXPECT_EQ(renderText("{op} runs {steps} steps, {energy} on it", F),
            "LSTM runs 80 steps, 13.2 mJ on it");
  EXPECT_EQ(renderText("{share:%.1f}% in {time:m.3g} ms; {macs:G.3g} GMAC, {ratio:.0f}x", F),
            "42.3% in 0.153 ms; 1.81 GMAC, 15x");
  // A word from the model is text, never a template: its braces stay.
  EXPECT_EQ(renderText("initializer '{name}'", F), "initializer '{steps} of {op}'");
  EXPECT_EQ(renderText("no such {thing}", F), "no such {thing}");
}

/// The models a fresh read at Dims and a re-binding of the IR read at N=1
/// must agree on, node by node.
unsigned ReboundInIr = 0;

void expectSameAsFreshRead(const std::string &Path, const DimBindings &Dims) {
  OnnxFile Rebound(Path), Fresh(Path);
  Expected<Model> First = Rebound.bind({{"N", 1}});
  ASSERT_TRUE(bool(First)) << toString(First.takeError());
  ReboundInIr += !First->FrontEndShapes;
  Expected<Model> Again = Rebound.rebind(*First, Dims), Direct = Fresh.bind(Dims);
  ASSERT_TRUE(bool(Again)) << toString(Again.takeError());
  ASSERT_TRUE(bool(Direct)) << toString(Direct.takeError());
  Profile A = cantFail(profileModel(*Again)), B = cantFail(profileModel(*Direct));
  EXPECT_EQ(A.Totals.Macs, B.Totals.Macs) << Path;
  EXPECT_EQ(A.Totals.Flops, B.Totals.Flops) << Path;
  EXPECT_EQ(A.Totals.bytesRead() + A.Totals.BytesWritten,
            B.Totals.bytesRead() + B.Totals.BytesWritten)
      << Path;
  EXPECT_EQ(A.Totals.Params, B.Totals.Params) << Path;
  EXPECT_EQ(A.CostedNodes, B.CostedNodes) << Path;
  EXPECT_EQ(Again->BoundDims, Direct->BoundDims) << Path;
  EXPECT_EQ(Again->DefaultedDims, Direct->DefaultedDims) << Path;
  ASSERT_EQ(A.Nodes.size(), B.Nodes.size()) << Path;
  for (size_t I = 0; I < A.Nodes.size(); ++I)
    for (size_t O = 0; O < A.Nodes[I].N->Outputs.size(); ++O) {
      int X = A.Nodes[I].N->Outputs[O], Y = B.Nodes[I].N->Outputs[O];
      if (X >= 0 && Y >= 0)
        EXPECT_EQ(A.Nodes[I].G->value(X).Shape, B.Nodes[I].G->value(Y).Shape)
            << Path << ": " << A.Nodes[I].Name.str();
    }
}

TEST(Analysis, ReBindingTheIrEqualsAFreshRead) {
  const std::string Root = WATTLINT_SOURCE_DIR "/test/models/";
  for (const char *Dir : {"torch113/", "torch211/"})
    for (const char *Name : {"resnet18", "resnet50", "mobilenet_v2", "vit_b_16", "bert_enc",
                             "imdb_lstm", "imdb_dense", "gru", "bilstm2", "mlp_mnist"}) {
      std::string Path = Root + Dir + Name + ".onnx";
      if (!llvm::sys::fs::exists(Path))
        continue;
      expectSameAsFreshRead(Path, {{"N", 8}});
    }
  expectSameAsFreshRead(WATTLINT_SOURCE_DIR "/test/lit/shapes/dynamic-batch-arithmetic.onnxtxt",
                        {{"N", 8}});
  // Every fixture's shapes come from the shape rules alone: all were
  // re-bound in the IR, none through the ONNX reader.
  EXPECT_EQ(ReboundInIr, 21u);
}

TEST(Text, PrintableEscapesWhatATerminalWouldObey) {
  EXPECT_EQ(printable("conv\x1b[2J"), "conv\\x1b[2J");
  EXPECT_EQ(printable("a\xc2\x9b" "b"), "a\\xc2\\x9bb");          // C1 CSI
  EXPECT_EQ(printable("x\xe2\x80\xaey"), "x\\xe2\\x80\\xaey");   // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(printable("\xe2\x81\xa6z"), "\\xe2\\x81\\xa6z");     // LEFT-TO-RIGHT ISOLATE
  EXPECT_EQ(printable("\xff"), "\\xff");                         // invalid UTF-8
  EXPECT_EQ(printable("x\xe2\x80\x8fy"), "x\\xe2\\x80\\x8fy");   // RIGHT-TO-LEFT MARK
  EXPECT_EQ(printable("\xd8\x9cz"), "\\xd8\\x9cz");              // ARABIC LETTER MARK
  EXPECT_EQ(printable("l\xe2\x80\xa8m"), "l\\xe2\\x80\\xa8m");   // LINE SEPARATOR
  EXPECT_EQ(printable("caf\xc3\xa9 \xe2\x80\x94"), "caf\xc3\xa9 \xe2\x80\x94"); // kept
}

TEST(Text, TerminalSafeStreamEscapesEvenWhereAWriteCutsASequence) {
  const std::string In = "a\x7f"
                         "b\xc2\x9b"
                         "c\xe2\x80\xae"
                         "d\xd8\x9c"
                         "e\xe2\x81\xa6"
                         "f\xe2\x80\xa9"
                         "caf\xc3\xa9 \xe2\x80\x94\xe2";
  const std::string Want =
      "a\\u007fb\\u009bc\\u202ed\\u061ce\\u2066f\\u2029caf\xc3\xa9 \xe2\x80\x94\xe2";
  // One write, and one write per byte: a sequence cut between writes is held
  // until the next, and an incomplete one at the end is written as it came.
  for (bool ByteByByte : {false, true}) {
    std::string Got;
    {
      llvm::raw_string_ostream To(Got);
      TerminalSafeStream S(To);
      S.SetUnbuffered();
      if (ByteByByte)
        for (char C : In)
          S << C;
      else
        S << In;
    }
    EXPECT_EQ(Got, Want) << ByteByByte;
  }
  // Long ASCII runs go eight bytes at a time: what follows one is still seen.
  std::string Got;
  {
    llvm::raw_string_ostream To(Got);
    TerminalSafeStream S(To);
    S << std::string(21, 'x') << "\x7f" << std::string(9, 'y') << "\xe2\x80\xae"
      << std::string(8, 'z') << "\xc2\x85";
  }
  EXPECT_EQ(Got, std::string(21, 'x') + "\\u007f" + std::string(9, 'y') + "\\u202e" +
                     std::string(8, 'z') + "\\u0085");
}

TEST(ShapeRules, EveryCostRowHasAShapeRuleBesideIt) {
  // None leaves its shape to ONNX's inference (GatherND and OneHot did).
  for (const OpEntry &E : allOps())
    ASSERT_NE(E.Shape, nullptr) << E.OpType;
}

TEST(ShapeRules, AFrontEndWithoutOnnxGetsShapes) {
  // Conv (no pads) -> Relu -> Flatten -> Gemm, shapes from analyzer/ alone.
  test::Builder B;
  B.val("x", {2, 3, 32, 32});
  B.val("w", {16, 3, 3, 3}, DType::F32, true);
  B.val("fc", {10, 16 * 30 * 30}, DType::F32, true);
  B.node("Conv", {"x", "w"}, {"c"});
  B.node("Relu", {"c"}, {"r"});
  B.node("Flatten", {"r"}, {"f"});
  Node &G = B.node("Gemm", {"f", "fc"}, {"y"});
  test::Builder::setInt(G, "transB", 1);
  ASSERT_FALSE(bool(inferShapes(B.M)));
  const Value &Y = B.g().value(B.g().find("y"));
  ASSERT_TRUE(Y.shapeKnown());
  EXPECT_EQ(*Y.Shape, (Dims{2, 10}));
  EXPECT_EQ(*B.g().value(B.g().find("c")).Shape, (Dims{2, 16, 30, 30}));
}

} // namespace

TEST(Format, ANumberMemoGivesEachKeyItsOwnText) {
  // More keys than slots, in an order that revisits them: each text is its
  // key's, whether remembered or made again; long texts are made each time.
  NumberMemo Memo;
  unsigned Made = 0;
  for (int Round = 0; Round < 3; ++Round)
    for (uint64_t K = 0; K < 40; ++K) {
      auto Text = Memo.text(K * 977, [&](std::string &Out) {
        ++Made;
        Out = std::to_string(K * 977) + (K == 5 ? std::string(50, 'x') : "");
      });
      EXPECT_EQ(Text.str(), std::to_string(K * 977) + (K == 5 ? std::string(50, 'x') : ""));
    }
  EXPECT_GE(Made, 40u);
  // A key asked twice in a row is made once.
  Made = 0;
  for (int I = 0; I < 3; ++I)
    Memo.text(NumberMemo::key(2.5), [&](std::string &Out) { ++Made, Out = "2.5"; });
  EXPECT_EQ(Made, 1u);
}

TEST(Format, FixedDigitsAreFmtsOwn) {
  // appendFixed writes by integer arithmetic what fmt's "{:.Nf}" writes:
  // compared on ties and near-ties (0.125, 2.5, 0.005, 9.995, 99.95),
  // values that round up across a power of ten, and a spread of magnitudes.
  std::vector<double> Vs = {0,       0.125, 0.375,  2.5,   0.005,  0.015,      1.005,
                            9.995,   99.95, 999.5,  9.999, 99.996, 0.0049,     1e-9,
                            123.456, 1e11,  5e-324, 0.5,   1.5,    1234567.891};
  uint64_t State = 12345;
  for (int I = 0; I < 200000; ++I) {
    State = State * 6364136223846793005ull + 1442695040888963407ull;
    double Mantissa = double(State >> 11) / double(uint64_t(1) << 53);
    int Exp = int((State >> 3) % 16) - 6;
    Vs.push_back(Mantissa * std::pow(10.0, Exp));
    // Exact binary ties at two and three digits.
    Vs.push_back(double(State % 100000) / 8);
  }
  for (double V : Vs)
    for (int Prec = 0; Prec <= 3; ++Prec) {
      std::string Got;
      appendFixed(Got, V, Prec);
      ASSERT_EQ(Got, fmt::format("{:.{}f}", V, Prec)) << V << " at " << Prec;
    }
  std::string Neg;
  appendFixed(Neg, -1.25, 1);
  EXPECT_EQ(Neg, fmt::format("{:.1f}", -1.25));
}
