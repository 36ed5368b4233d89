// Features pooled to a fixed grid before the classifier, as torchvision's
// VGG and AlexNet do (AdaptiveAvgPool2d({7, 7})), here on inputs whose size
// the grid does not divide, max pooling to a coarser grid, and the
// functional form.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct GridNetImpl : torch::nn::Module {
  GridNetImpl()
      : features(torch::nn::Conv2dOptions(3, 8, 3).padding(1)),
        pool(torch::nn::AdaptiveAvgPool2dOptions({7, 7})),
        coarse(torch::nn::AdaptiveMaxPool2dOptions(3)),
        classifier(8 * 7 * 7, 10) {
    register_module("features", features);
    register_module("pool", pool);
    register_module("coarse", coarse);
    register_module("classifier", classifier);
  }

  // wattlint: input x=[N,3,20,20]
  torch::Tensor forward(torch::Tensor x) {
    x = pool(torch::relu(features(x)));
    auto wide = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions({5, 7}));
    auto pooled = torch::adaptive_max_pool2d(x, {2, 2});
    return classifier(torch::flatten(x, 1)) + coarse(x).sum() + wide.sum() +
           std::get<0>(pooled).sum();
  }

  torch::nn::Conv2d features;
  torch::nn::AdaptiveAvgPool2d pool;
  torch::nn::AdaptiveMaxPool2d coarse;
  torch::nn::Linear classifier;
};
TORCH_MODULE(GridNet);
