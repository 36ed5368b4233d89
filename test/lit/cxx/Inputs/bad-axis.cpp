// A softmax over dim -5 of a 3-D tensor: PyTorch throws at run time, so the
// model is refused, not read as the last dim (-5 + 3 = -2 would be valid).
#include <torch/torch.h>

struct Net : torch::nn::Module {
  Net() { fc = register_module("fc", torch::nn::Linear(4, 2)); }
  torch::Tensor forward(torch::Tensor x) { return torch::softmax(fc(x), -5); }
  torch::nn::Linear fc{nullptr};
};
