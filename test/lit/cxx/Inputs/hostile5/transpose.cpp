#include <torch/torch.h>
struct NetImpl : torch::nn::Module {
  NetImpl() {}
  // wattlint: input x=[N,16]
  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor v = torch::relu(x).sum(0); // [16]
    return v.t() + x.transpose(0, 100000000).sum();
  }
};
TORCH_MODULE(Net);
