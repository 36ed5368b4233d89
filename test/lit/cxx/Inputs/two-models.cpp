// Two models in one source; A calls a method LibTorch does not have.
#include <torch/torch.h>
struct AImpl : torch::nn::Module {
  AImpl() : fc(4, 4) { register_module("fc", fc); }
  // wattlint: input x=[2,4]
  torch::Tensor forward(torch::Tensor x) { return fc->forward(x).frobnicate(); }
  torch::nn::Linear fc;
};
TORCH_MODULE(A);
struct BImpl : torch::nn::Module {
  BImpl() : fc(4, 8) { register_module("fc", fc); }
  // wattlint: input x=[2,4]
  torch::Tensor forward(torch::Tensor x) { return fc->forward(x); }
  torch::nn::Linear fc;
};
TORCH_MODULE(B);
