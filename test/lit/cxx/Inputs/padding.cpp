// Padding, pooling to one element, unflatten and activations as functions,
// with the shapes they make written beside them.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct PadNetImpl : torch::nn::Module {
  PadNetImpl() {
    zero = register_module("zero", torch::nn::ZeroPad2d(1));
    mirror = register_module("mirror", torch::nn::ReflectionPad2d(torch::nn::ReflectionPad2dOptions({1, 2, 3, 4})));
    pool = register_module("pool", torch::nn::AdaptiveMaxPool2d(1));
    unflatten = register_module("unflatten", torch::nn::Unflatten(1, std::vector<int64_t>{3, 1}));
  }

  // wattlint: input x=[N,3,8,8]
  torch::Tensor forward(torch::Tensor x) {
    x = zero(x);                                                    // [N, 3, 10, 10]
    x = mirror(x);                                                  // [N, 3, 17, 13]
    x = F::pad(x, F::PadFuncOptions({1, 1}).mode(torch::kReplicate)); // [N, 3, 17, 15]
    x = torch::elu(x, 0.2);
    x = torch::softplus(x, 2);
    x = torch::flatten(pool(x), 1);                                 // [N, 3]
    return unflatten(x);                                            // [N, 3, 1]
  }

  torch::nn::ZeroPad2d zero{nullptr};
  torch::nn::ReflectionPad2d mirror{nullptr};
  torch::nn::AdaptiveMaxPool2d pool{nullptr};
  torch::nn::Unflatten unflatten{nullptr};
};
TORCH_MODULE(PadNet);

// What is not mapped stays a node that is reported, never free.
struct UnmappedImpl : torch::nn::Module {
  UnmappedImpl() {
    pool = register_module("pool", torch::nn::AdaptiveMaxPool2d(2));
    stats = register_module("stats", torch::nn::InstanceNorm2d(
                                         torch::nn::InstanceNorm2dOptions(3).track_running_stats(true)));
    groups = register_module("groups", torch::nn::GroupNorm(2, 3));
  }

  // wattlint: input x=[N,3,8,8]
  torch::Tensor forward(torch::Tensor x) { return groups(stats(pool(x))); }

  torch::nn::AdaptiveMaxPool2d pool{nullptr};
  torch::nn::InstanceNorm2d stats{nullptr};
  torch::nn::GroupNorm groups{nullptr};
};
TORCH_MODULE(Unmapped);
