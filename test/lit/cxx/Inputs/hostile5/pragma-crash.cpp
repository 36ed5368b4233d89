#include <torch/torch.h>
#pragma clang __debug crash
#pragma clang __debug parser_crash
#pragma clang __debug llvm_fatal_error
struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(16, 4)); }
  // wattlint: input x=[N,16]
  torch::Tensor forward(torch::Tensor x) { return fc->forward(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);
