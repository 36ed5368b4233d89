#include <torch/torch.h>
namespace F = torch::nn::functional;
struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(16, 4)); }
  // wattlint: input x=[N,16]
  torch::Tensor forward(torch::Tensor x) {
    // PyTorch's weight is [4, 16]: F::linear(x, W) is x W^T, [N, 4].
    torch::Tensor y = F::linear(x, fc->weight);
    return y.view({-1, fc->weight.size(0)});
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);
