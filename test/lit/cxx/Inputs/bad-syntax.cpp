#include <torch/torch.h>

struct Net : torch::nn::Module {
  Net() : fc(10, 2) { register_module("fc", fc) }
  torch::Tensor forward(torch::Tensor x) { return fc->forward(x); }
  torch::nn::Linear fc;
};
