#include <torch/torch.h>
struct NetImpl : torch::nn::Module {
  NetImpl() {}
  // wattlint: input x=[N,16]
  torch::Tensor forward(torch::Tensor x) {
    long i = 9223372036854775806;
    ++i;
    ++i; // past INT64_MAX: unknown, never wrapped
    return x;
  }
};
TORCH_MODULE(Net);
