// The block of stack.h, defined apart as the tutorials do.
#include "stack.h"

namespace zoo {
UnitImpl::UnitImpl(int64_t in, int64_t out) : conv(conv3x3(in, out)), bn(out) {
  register_module("conv", conv);
  register_module("bn", bn);
  register_module("relu", relu);
}

torch::Tensor UnitImpl::forward(torch::Tensor x) {
  return relu->forward(bn->forward(conv->forward(x)));
}

torch::nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false));
}
}  // namespace zoo
