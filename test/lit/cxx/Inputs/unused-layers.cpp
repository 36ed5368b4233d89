// A classifier that still registers a projection it no longer calls (left
// over from an experiment) and a temperature forward() never reads: PyTorch
// allocates, saves and loads both.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() : fc(16, 4), old_proj(16, 16) {
    register_module("fc", fc);
    register_module("old_proj", old_proj);
    temperature = register_parameter("temperature", torch::ones({1}));
  }

  // wattlint: input x=[N,16]
  torch::Tensor forward(torch::Tensor x) { return fc->forward(x); }

  torch::nn::Linear fc, old_proj;
  torch::Tensor temperature;
};
TORCH_MODULE(Net);
