// A model whose hidden width comes only from the build: HIDDEN is defined
// by -DHIDDEN=128 in compile_commands.json (compile_commands.json.in), and
// kInFeatures is in include/widths.h, found through the database's
// relative -Iinclude.
#include <opencv2/opencv.hpp> // not installed: skipped
#include <torch/torch.h>

#include "widths.h"

// The fake "system" LibTorch (system-torch/torch/torch.h) says so: with
// --headers=system the output layer is 20 wide, with the stubs 10.
#ifdef WATTLINT_FAKE_SYSTEM_TORCH
const int64_t kOut = 20;
#else
const int64_t kOut = 10;
#endif

struct Net : torch::nn::Module {
  Net() : fc1(kInFeatures, HIDDEN), fc2(HIDDEN, kOut) {
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  // wattlint: input x=[N,64]
  torch::Tensor forward(torch::Tensor x) { return fc2->forward(torch::relu(fc1->forward(x))); }

  torch::nn::Linear fc1;
  torch::nn::Linear fc2;
};

int main() {
  cv::Mat image = cv::imread("digit.png"); // skipped header: ignored here
  Net model;
  return 0;
}
