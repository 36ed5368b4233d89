// Module classes as templates: a block whose width is a template argument,
// and a tower whose depth and widths come from a configuration type, both
// analyzed at the instantiation the program uses.
#include <torch/torch.h>

template <int64_t C> struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int64_t in_channels)
      : conv(torch::nn::Conv2dOptions(in_channels, C, 3).padding(1).bias(false)), bn(C) {
    register_module("conv", conv);
    register_module("bn", bn);
  }
  torch::Tensor forward(torch::Tensor x) { return torch::relu(bn(conv(x))); }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};

struct SmallConfig {
  static constexpr int64_t depth = 3;
  static constexpr int64_t classes = 10;
};

template <typename Config> struct TowerImpl : torch::nn::Module {
  TowerImpl() {
    int64_t in = 3;
    for (int64_t i = 0; i < Config::depth; ++i) {
      blocks->push_back(std::make_shared<BlockImpl<16>>(in));
      in = 16;
    }
    register_module("blocks", blocks);
    head = register_module("head", torch::nn::Linear(16, Config::classes));
  }
  // wattlint: input x=[N,3,8,8]
  torch::Tensor forward(torch::Tensor x) {
    x = blocks->forward(x);
    x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
    return head(x);
  }
  torch::nn::Sequential blocks;
  torch::nn::Linear head{nullptr};
};

template <typename Config>
class Tower : public torch::nn::ModuleHolder<TowerImpl<Config>> {
public:
  using torch::nn::ModuleHolder<TowerImpl<Config>>::ModuleHolder;
};

int main() {
  Tower<SmallConfig> model;
  auto y = model->forward(torch::randn({2, 3, 8, 8}));
}
