#include <torch/torch.h>
#include <cstdint>
struct NetImpl : torch::nn::Module {
  NetImpl() {
    uint32_t big = 65536;
    uint32_t w = big * big + 4; // wraps to 4 in C++; 2^32 + 4 unwrapped
    uint8_t narrow = 300;       // 44 in C++
    double huge = 1e30;
    long h = (long)huge;        // no value in C++
    fc = register_module("fc", torch::nn::Linear(16, w));
    fc2 = register_module("fc2", torch::nn::Linear(16, narrow));
    fc3 = register_module("fc3", torch::nn::Linear(16, 4 + 0 * h));
  }
  // wattlint: input x=[N,16]
  torch::Tensor forward(torch::Tensor x) { return torch::cat({fc(x), fc2(x), fc3(x)}, 1); }
  torch::nn::Linear fc{nullptr}, fc2{nullptr}, fc3{nullptr};
};
TORCH_MODULE(Net);
