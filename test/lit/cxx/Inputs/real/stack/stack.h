// A residual-style tower as a class template in a namespace with a holder
// written by hand (the style of the deep residual network of the pytorch-cpp
// tutorials): stages made by a member function that keeps the channel count
// in a member, depths from a std::array built in main(), a member
// initialized with braces from a helper's result. Written for wattlint's
// tests.
#pragma once
#include <torch/torch.h>
#include <array>

namespace zoo {
torch::nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride = 1);

class UnitImpl : public torch::nn::Module {
 public:
  UnitImpl(int64_t in, int64_t out);
  torch::Tensor forward(torch::Tensor x);

 private:
  torch::nn::Conv2d conv;
  torch::nn::BatchNorm2d bn;
  torch::nn::ReLU relu;
};
TORCH_MODULE(Unit);

template <typename Block>
class StackImpl : public torch::nn::Module {
 public:
  explicit StackImpl(const std::array<int64_t, 2>& depth, int64_t classes = 10)
      : stage1(make_stage(8, depth[0])), stage2(make_stage(16, depth[1])), fc(16, classes) {
    register_module("stem", stem);
    register_module("stage1", stage1);
    register_module("stage2", stage2);
    register_module("pool", pool);
    register_module("fc", fc);
  }

  torch::Tensor forward(torch::Tensor x) {
    auto out = stem->forward(x);
    out = stage1->forward(out);
    out = stage2->forward(out);
    out = pool->forward(out);
    out = out.view({out.size(0), -1});
    return fc->forward(out);
  }

 private:
  int64_t channels = 8;
  torch::nn::Conv2d stem{conv3x3(3, 8)};
  torch::nn::Sequential stage1;
  torch::nn::Sequential stage2;
  torch::nn::AdaptiveAvgPool2d pool{1};
  torch::nn::Linear fc;

  torch::nn::Sequential make_stage(int64_t out, int64_t blocks) {
    torch::nn::Sequential stage;
    stage->push_back(Block(channels, out));
    channels = out;
    for (int64_t i = 1; i != blocks; ++i)
      stage->push_back(Block(out, out));
    return stage;
  }
};

template <typename Block = Unit>
class Stack : public torch::nn::ModuleHolder<StackImpl<Block>> {
 public:
  using torch::nn::ModuleHolder<StackImpl<Block>>::ModuleHolder;
};
}  // namespace zoo
