// A residual block whose Functional member is never given a function (as in
// pytorch-cpp's legacy ResNet): LibTorch refuses to compile it, and the
// front end says so at the call instead of counting the block as free.
#include <torch/torch.h>

struct BlockImpl : torch::nn::Module {
  BlockImpl() : conv(torch::nn::Conv2dOptions(4, 4, 3).padding(1)) {
    register_module("conv", conv);
    register_module("relu", relu);
  }
  // wattlint: input x=[N,4,8,8]
  torch::Tensor forward(torch::Tensor x) { return relu->forward(conv(x)) + x; }
  torch::nn::Conv2d conv;
  torch::nn::Functional relu;
};
TORCH_MODULE(Block);
