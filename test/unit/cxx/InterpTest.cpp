//===- test/unit/cxx/InterpTest.cpp - the C++ front end's interpreter -----===//
//
// What the interpreter folds out of a constructor: each test writes a small
// LibTorch source, opens it against the stub headers, and checks the layers'
// folded options (or the problem reported) against values worked by hand.
//
//===----------------------------------------------------------------------===//
#include "libtorch/Frontend.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace wattlint;
using namespace wattlint::cxx;

namespace {

/// Opens Source (a whole .cpp file) and returns its discovery; fails the
/// test when the project does not open.
Discovery discover(const std::string &Source, std::vector<std::string> Args = {}) {
  llvm::SmallString<128> Dir;
  EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("wattlint-interp", Dir));
  llvm::SmallString<128> File(Dir);
  llvm::sys::path::append(File, "model.cpp");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(File, EC);
    EXPECT_FALSE(EC);
    OS << "#include <torch/torch.h>\n" << Source;
  }
  FrontendOptions O;
  O.Sources = {std::string(File)};
  O.ExplicitFlags = true;
  O.Args = std::move(Args);
  llvm::Expected<std::unique_ptr<Project>> P = Project::open(O);
  if (!P) {
    ADD_FAILURE() << llvm::toString(P.takeError());
    return {};
  }
  Discovery D = (*P)->discovery();
  llvm::sys::fs::remove_directories(Dir);
  return D;
}

/// "path: Kind options" of every layer of the first model.
std::vector<std::string> layers(const Discovery &D) {
  std::vector<std::string> Out;
  if (D.Models.empty())
    return Out;
  for (const LayerEntry &L : D.Models[0].Layers)
    Out.push_back(L.Path + ": " + L.Kind + (L.Options.empty() ? "" : " " + L.Options));
  return Out;
}

bool mentions(const Discovery &D, const std::string &Text) {
  for (const Problem &P : D.Problems)
    if (P.Message.find(Text) != std::string::npos)
      return true;
  return false;
}

} // namespace

TEST(Interp, LoopsBuildLayersWithTheirRunningValues) {
  // Channels double each turn; the loop bound comes from a constant.
  Discovery D = discover(R"(
const int kStages = 3;
struct NetImpl : torch::nn::Module {
  NetImpl() {
    int64_t c = 8;
    for (int i = 0; i < kStages; ++i) {
      body->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(c, c * 2, 3)));
      c *= 2;
    }
    register_module("body", body);
  }
  torch::Tensor forward(torch::Tensor x) { return body->forward(x); }
  torch::nn::Sequential body;
};
TORCH_MODULE(Net);
int main() { Net n; }
)");
  std::vector<std::string> L = layers(D);
  ASSERT_EQ(L.size(), 4u); // the Sequential, then its three convolutions
  EXPECT_EQ(L[1], "body.0: Conv2d in_channels=8 out_channels=16 kernel_size=3");
  EXPECT_EQ(L[2], "body.1: Conv2d in_channels=16 out_channels=32 kernel_size=3");
  EXPECT_EQ(L[3], "body.2: Conv2d in_channels=32 out_channels=64 kernel_size=3");
}

TEST(Interp, HelpersDefaultsAndBranches) {
  // A helper with a default argument and a ternary; integer division and
  // remainder of negatives as C++ defines them (toward zero).
  Discovery D = discover(R"(
int64_t widen(int64_t base, int64_t mult = 3) { return base > 4 ? base * mult : base + 1; }
struct NetImpl : torch::nn::Module {
  NetImpl(int64_t in) {
    int64_t a = widen(in);          // 10 * 3 = 30
    int64_t b = widen(2, 100);      // 2 + 1 = 3
    int64_t q = -7 / 2;             // -3
    int64_t r = -7 % 2;             // -1
    fc1 = register_module("fc1", torch::nn::Linear(in, a));
    fc2 = register_module("fc2", torch::nn::Linear(a, b - q - r));  // 3 + 3 + 1 = 7
  }
  torch::Tensor forward(torch::Tensor x) { return fc2->forward(fc1->forward(x)); }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Net);
int main() { Net n(10); }
)");
  std::vector<std::string> L = layers(D);
  ASSERT_EQ(L.size(), 2u);
  EXPECT_EQ(L[0], "fc1: Linear in_features=10 out_features=30");
  EXPECT_EQ(L[1], "fc2: Linear in_features=30 out_features=7");
}

TEST(Interp, MemberStateCarriesAcrossCalls) {
  // A member updated by a method each call, as _make_layer() keeps inplanes.
  Discovery D = discover(R"(
struct NetImpl : torch::nn::Module {
  int64_t width = 4;
  torch::nn::Linear grow(int64_t by) {
    torch::nn::Linear l(width, width + by);
    width += by;
    return l;
  }
  NetImpl() {
    a = register_module("a", grow(2));   // 4 -> 6
    b = register_module("b", grow(10));  // 6 -> 16
  }
  torch::Tensor forward(torch::Tensor x) { return b->forward(a->forward(x)); }
  torch::nn::Linear a{nullptr}, b{nullptr};
};
TORCH_MODULE(Net);
int main() { Net n; }
)");
  std::vector<std::string> L = layers(D);
  ASSERT_EQ(L.size(), 2u);
  EXPECT_EQ(L[0], "a: Linear in_features=4 out_features=6");
  EXPECT_EQ(L[1], "b: Linear in_features=6 out_features=16");
}

TEST(Interp, RunTimeValuesAreNamedHolesNotGuesses) {
  // A width read from argv is a hole named after the constructor's
  // parameter; --arg binds it.
  const char *Source = R"(
#include <cstdlib>
struct NetImpl : torch::nn::Module {
  NetImpl(int64_t hidden) : fc(784, hidden) { register_module("fc", fc); }
  torch::Tensor forward(torch::Tensor x) { return fc->forward(x); }
  torch::nn::Linear fc;
};
TORCH_MODULE(Net);
int main(int argc, char **argv) { Net n(std::atoi(argv[1])); }
)";
  Discovery D = discover(Source);
  ASSERT_EQ(D.Models.size(), 1u);
  EXPECT_EQ(D.Models[0].Holes, std::vector<std::string>{"hidden"});
  EXPECT_TRUE(mentions(D, "parameter 'hidden' of NetImpl is not known"));
  Discovery Bound = discover(Source, {"hidden=128"});
  std::vector<std::string> L = layers(Bound);
  ASSERT_EQ(L.size(), 1u);
  EXPECT_EQ(L[0], "fc: Linear in_features=784 out_features=128");
  EXPECT_TRUE(Bound.Models[0].Holes.empty());
}

TEST(Interp, AnEndlessLoopStopsAtTheStepBudget) {
  // The interpreter gives up on a loop it cannot bound, says so, and keeps
  // what it built before it.
  Discovery D = discover(R"(
struct NetImpl : torch::nn::Module {
  NetImpl() {
    first = register_module("first", torch::nn::Linear(8, 8));
    int64_t n = 1;
    while (n > 0)
      n += 1;
    second = register_module("second", torch::nn::Linear(8, n));
  }
  torch::Tensor forward(torch::Tensor x) { return second->forward(first->forward(x)); }
  torch::nn::Linear first{nullptr}, second{nullptr};
};
TORCH_MODULE(Net);
int main() { Net n; }
)");
  ASSERT_FALSE(D.Models.empty());
  std::vector<std::string> L = layers(D);
  ASSERT_GE(L.size(), 1u);
  EXPECT_EQ(L[0], "first: Linear in_features=8 out_features=8");
  EXPECT_TRUE(mentions(D, "step budget ran out"));
  // Nothing after the loop is guessed: no layer "second" with a made-up n.
  for (const std::string &Layer : L)
    EXPECT_EQ(Layer.find("second"), std::string::npos) << Layer;
}

TEST(Interp, SwitchFallsThroughToItsBreak) {
  // A case with no break of its own runs on into the next; an enum class
  // value selects; default catches the rest.
  Discovery D = discover(R"(
enum class Size { Small, Medium, Large };
int64_t width(Size s) {
  int64_t w = 1;
  switch (s) {
  case Size::Small:
    w = 4;
    break;
  case Size::Medium:
    w += 7;
  case Size::Large:
    w *= 2;
    break;
  default:
    w = 0;
  }
  return w;
}
struct NetImpl : torch::nn::Module {
  NetImpl() {
    a = register_module("a", torch::nn::Linear(width(Size::Small), 2));
    b = register_module("b", torch::nn::Linear(width(Size::Medium), 2));
    c = register_module("c", torch::nn::Linear(width(Size::Large), 2));
  }
  torch::Tensor forward(torch::Tensor x) { return a->forward(x); }
  torch::nn::Linear a{nullptr}, b{nullptr}, c{nullptr};
};
TORCH_MODULE(Net);
int main() { Net n; }
)");
  std::vector<std::string> L = layers(D);
  ASSERT_EQ(L.size(), 3u);
  EXPECT_EQ(L[0], "a: Linear in_features=4 out_features=2");
  EXPECT_EQ(L[1], "b: Linear in_features=16 out_features=2"); // (1 + 7) * 2
  EXPECT_EQ(L[2], "c: Linear in_features=2 out_features=2");
}

TEST(Interp, SetsFindAndStringsAreRead) {
  // A std::set built from a braced list, find() against end(), count(), and
  // a string's empty().
  Discovery D = discover(R"(
#include <set>
#include <string>
struct NetImpl : torch::nn::Module {
  NetImpl(const std::set<size_t> &wide = {1, 3}, const std::string &name = "net") {
    for (size_t i = 0; i < 4; ++i) {
      int64_t out = wide.find(i) != wide.end() ? 32 : 8;
      if (wide.count(i + 10) == 0 && !name.empty())
        body->push_back(torch::nn::Linear(8, out));
    }
    register_module("body", body);
  }
  torch::Tensor forward(torch::Tensor x) { return body->forward(x); }
  torch::nn::Sequential body;
};
TORCH_MODULE(Net);
int main() { Net n; }
)");
  std::vector<std::string> L = layers(D);
  ASSERT_EQ(L.size(), 5u);
  EXPECT_EQ(L[1], "body.0: Linear in_features=8 out_features=8");
  EXPECT_EQ(L[2], "body.1: Linear in_features=8 out_features=32");
  EXPECT_EQ(L[3], "body.2: Linear in_features=8 out_features=8");
  EXPECT_EQ(L[4], "body.3: Linear in_features=8 out_features=32");
}

TEST(InputSpec, TuplesOfTensors) {
  llvm::Expected<InputSpec> S = parseInputSpec("hx=([1,N,32], i64[1,N,32])");
  ASSERT_TRUE(bool(S)) << llvm::toString(S.takeError());
  EXPECT_EQ(S->Name, "hx");
  EXPECT_TRUE(S->Dims.empty());
  ASSERT_EQ(S->Elems.size(), 2u);
  EXPECT_EQ(S->Elems[0].Dims, (std::vector<std::string>{"1", "N", "32"}));
  EXPECT_EQ(S->Elems[1].Type, DType::I64);
  EXPECT_EQ(inputSpecText(*S), "hx=([1,N,32],i64[1,N,32])");
  // Positional, and nested.
  llvm::Expected<InputSpec> P = parseInputSpec("([2,3],([4],[5]))");
  ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
  ASSERT_EQ(P->Elems.size(), 2u);
  EXPECT_EQ(P->Elems[1].Elems.size(), 2u);
  // Errors: an element with a name, a tuple not closed.
  llvm::Expected<InputSpec> Named = parseInputSpec("hx=(h=[1,2],[1,2])");
  EXPECT_FALSE(bool(Named));
  llvm::consumeError(Named.takeError());
  llvm::Expected<InputSpec> Open = parseInputSpec("hx=([1,2],[1,2]");
  EXPECT_FALSE(bool(Open));
  llvm::consumeError(Open.takeError());
}

TEST(Interp, AMacroThatExpandsToNothingIsNoLostStatement) {
  // Text between two statements is a statement Clang left out only where it
  // reported an error; here it is a macro with an empty expansion.
  Discovery D = discover(R"(
#define TRACE(msg)
struct NetImpl : torch::nn::Module {
  NetImpl() {
    TRACE("building");
    fc = register_module("fc", torch::nn::Linear(4, 2));
    TRACE("built")
  }
  torch::Tensor forward(torch::Tensor x) { return fc->forward(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);
int main() { Net n; }
)");
  std::vector<std::string> L = layers(D);
  ASSERT_EQ(L.size(), 1u);
  EXPECT_EQ(L[0], "fc: Linear in_features=4 out_features=2");
  EXPECT_FALSE(mentions(D, "left out"));
}
