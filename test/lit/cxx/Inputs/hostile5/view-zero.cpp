#include <torch/torch.h>
struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(16, 4)); }
  // wattlint: input x=[2,16]
  torch::Tensor forward(torch::Tensor x) {
    // PyTorch: a dim of size 0, and -1 cannot be inferred (an error).
    return fc->forward(x.view({0, -1}));
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);
