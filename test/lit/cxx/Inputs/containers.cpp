// Module containers as LibTorch code uses them: a Sequential of named
// modules, a ModuleList walked with a range-for and as<Linear>(), a
// ModuleDict indexed by name, and F::layer_norm with registered weights.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct NetImpl : torch::nn::Module {
  NetImpl() {
    features = register_module(
        "features", torch::nn::Sequential(
                        {{"conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1))},
                         {"bn", torch::nn::BatchNorm2d(8)},
                         {"relu", torch::nn::ReLU()}}));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int i = 0; i < 2; ++i)
      blocks->push_back(torch::nn::Linear(8, 8));
    heads = register_module("heads", torch::nn::ModuleDict());
    heads->update({{"cls", torch::nn::Linear(8, 10).ptr()}});
    ln_w = register_parameter("ln_w", torch::ones({8}));
    ln_b = register_parameter("ln_b", torch::zeros({8}));
  }

  // wattlint: input x=[N,3,16,16]
  torch::Tensor forward(torch::Tensor x) {
    x = features->forward(x);
    x = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(1)).view({x.size(0), -1});
    for (const auto &block : *blocks)
      x = block->as<torch::nn::Linear>()->forward(x);
    x = F::layer_norm(x, F::LayerNormFuncOptions({8}).weight(ln_w).bias(ln_b));
    x = torch::dropout(x, 0.1, is_training());
    return heads["cls"]->as<torch::nn::Linear>()->forward(x);
  }

  torch::nn::Sequential features{nullptr};
  torch::nn::ModuleList blocks{nullptr};
  torch::nn::ModuleDict heads{nullptr};
  torch::Tensor ln_w, ln_b;
};
TORCH_MODULE(Net);
