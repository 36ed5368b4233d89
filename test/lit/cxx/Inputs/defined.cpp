// A macro defined before the first #include could change what the stub
// headers, or the standard headers they include, declare: this source is
// parsed without the precompiled stubs.
#define WIDTH 16
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() : fc(WIDTH, 4) { register_module("fc", fc); }
  // wattlint: input x=[N,16]
  torch::Tensor forward(torch::Tensor x) { return fc->forward(x); }
  torch::nn::Linear fc;
};
TORCH_MODULE(Net);
