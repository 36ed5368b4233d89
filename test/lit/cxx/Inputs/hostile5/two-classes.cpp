#include <torch/torch.h>
struct AImpl : torch::nn::Module {
  AImpl() { fc = register_module("fc", torch::nn::Linear(16, 4)); }
  // wattlint: input x=[1,16]
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
struct BImpl : torch::nn::Module {
  BImpl() { fc = register_module("fc", torch::nn::Linear(16, 8)); }
  // wattlint: input x=[1,16]
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
