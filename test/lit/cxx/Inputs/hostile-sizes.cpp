// Sizes from the source that would hang or exhaust memory if taken as
// they are: a constructor squaring a tensor 40 times (its shape is worked
// out once per value, not once per path), a normalization over 2^40
// features, normalized shapes whose product overflows.
#include <torch/torch.h>
namespace F = torch::nn::functional;
struct HImpl : torch::nn::Module {
  HImpl() {
    auto t = torch::ones({4});
    for (int i = 0; i < 40; ++i) t = t * t;
    buf = register_buffer("buf", t);
    in = register_module("in", torch::nn::InstanceNorm2d(torch::nn::InstanceNorm2dOptions(1LL << 40)));
  }
  // wattlint: input x=[2,3]
  torch::Tensor forward(torch::Tensor x) {
    auto y = F::layer_norm(x, F::LayerNormFuncOptions({1 << 20, 1 << 20}));
    auto z = F::layer_norm(x, F::LayerNormFuncOptions({0, 1LL << 40, (1LL << 24) - 1}));
    return x + buf.sum() + y + z + in(x);
  }
  torch::Tensor buf;
  torch::nn::InstanceNorm2d in{nullptr};
};
TORCH_MODULE(H);
