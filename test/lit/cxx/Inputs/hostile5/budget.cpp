#include <torch/torch.h>
struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(16, 16)); }
  // wattlint: input x=[N,16]
  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    long s = 0;
    for (long i = 0; i < 100000000; ++i) // past the interpreter's step budget
      s += i;
    return fc(x);
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);
