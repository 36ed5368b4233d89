// A model whose sizes come from the C math functions, used as LibTorch's
// headers make them visible: without <cmath>.
#include <torch/torch.h>

struct Net : torch::nn::Module {
  Net() {
    const int64_t d = static_cast<int64_t>(std::sqrt(64.0));              // 8
    const int64_t h = static_cast<int64_t>(std::pow(2.0, 4.0));           // 16
    const int64_t k = static_cast<int64_t>(std::floor(M_PI));             // 3
    const int64_t o = static_cast<int64_t>(::ceil(2.5) + std::log2(4.0)); // 5
    fc1 = register_module("fc1", torch::nn::Linear(d, h));
    fc2 = register_module("fc2", torch::nn::Linear(h, k * o));
  }
  // wattlint: input x=[N,8]
  torch::Tensor forward(torch::Tensor x) { return fc2->forward(torch::relu(fc1->forward(x))); }
  // Training code checks a loss the same way (in the class: a compile
  // error here would be reported).
  bool diverged(torch::Tensor loss) {
    return std::isnan(loss.template item<float>()) || !std::isfinite(loss.item<double>());
  }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
