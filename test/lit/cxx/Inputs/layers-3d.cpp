// The 3-D pooling and padding layers, and layers wattlint-cxx does not map
// (CELU, a loss the model holds): declared by the stubs, so the model
// compiles; a call of one is an unknown op under its name.
#include <torch/torch.h>

struct VoxelNetImpl : torch::nn::Module {
  VoxelNetImpl()
      : conv(register_module("conv", torch::nn::Conv3d(2, 4, 3))),
        pad(register_module("pad", torch::nn::ReflectionPad3d(1))),
        zero(register_module("zero", torch::nn::ZeroPad3d(torch::nn::ZeroPad3dOptions({0, 1, 0, 0, 0, 0})))),
        pool(register_module("pool", torch::nn::AdaptiveAvgPool3d(torch::nn::AdaptiveAvgPool3dOptions({3, 2, 1})))),
        fc(register_module("fc", torch::nn::Linear(24, 5))),
        act(register_module("act", torch::nn::CELU(torch::nn::CELUOptions().alpha(0.5)))),
        act2(register_module("act2", torch::nn::CELU())),
        criterion(register_module("criterion", torch::nn::CrossEntropyLoss())) {}

  torch::Tensor forward(torch::Tensor x) {
    x = pool(zero(pad(conv(x))));
    return act2(fc(x.flatten(1)));
  }

  torch::nn::Conv3d conv;
  torch::nn::ReflectionPad3d pad;
  torch::nn::ZeroPad3d zero;
  torch::nn::AdaptiveAvgPool3d pool;
  torch::nn::Linear fc;
  torch::nn::CELU act, act2;
  torch::nn::CrossEntropyLoss criterion;
};
TORCH_MODULE(VoxelNet);
