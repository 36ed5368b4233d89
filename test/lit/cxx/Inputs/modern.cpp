// A small modern image-to-logits net, in the style of LibTorch code that
// uses the layers beyond the classic ones: GroupNorm with SiLU in a
// residual block, InstanceNorm, PReLU, ELU, Mish, Upsample, PixelShuffle,
// interpolate, hardswish, Softplus, Hardtanh and SELU.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct ResBlockImpl : torch::nn::Module {
  explicit ResBlockImpl(int64_t channels)
      : conv(torch::nn::Conv2dOptions(channels, channels, 3).padding(1)),
        gn(torch::nn::GroupNormOptions(4, channels)) {
    register_module("conv", conv);
    register_module("gn", gn);
    register_module("act", act);
  }
  torch::Tensor forward(torch::Tensor x) { return act(gn(conv(x))) + x; }

  torch::nn::Conv2d conv;
  torch::nn::GroupNorm gn;
  torch::nn::SiLU act;
};
TORCH_MODULE(ResBlock);

struct ModernNetImpl : torch::nn::Module {
  ModernNetImpl() {
    stem = register_module("stem", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 16, 3).padding(1)));
    norm = register_module(
        "norm", torch::nn::InstanceNorm2d(torch::nn::InstanceNorm2dOptions(16).affine(true)));
    prelu = register_module("prelu", torch::nn::PReLU(torch::nn::PReLUOptions().num_parameters(16)));
    block = register_module("block", ResBlock(16));
    elu = register_module("elu", torch::nn::ELU(torch::nn::ELUOptions().alpha(0.5)));
    mish = register_module("mish", torch::nn::Mish());
    up = register_module("up", torch::nn::Upsample(torch::nn::UpsampleOptions()
                                                       .scale_factor(std::vector<double>{2, 2})
                                                       .mode(torch::kBilinear)
                                                       .align_corners(false)));
    shuffle = register_module("shuffle", torch::nn::PixelShuffle(2));
    head = register_module("head", torch::nn::Conv2d(torch::nn::Conv2dOptions(4, 8, 3).padding(1)));
    pool = register_module("pool", torch::nn::AdaptiveAvgPool2d(1));
    fc = register_module("fc", torch::nn::Linear(8, 10));
    softplus = register_module("softplus", torch::nn::Softplus());
    clip = register_module(
        "clip", torch::nn::Hardtanh(torch::nn::HardtanhOptions().min_val(-2).max_val(2)));
    selu = register_module("selu", torch::nn::SELU());
  }

  torch::Tensor forward(torch::Tensor x) {
    // wattlint: input x=[N,3,32,32]
    x = prelu(norm(stem(x)));      // [N, 16, 32, 32]
    x = mish(elu(block(x)));
    x = shuffle(up(x));            // [N, 16, 64, 64], then [N, 4, 128, 128]
    x = torch::hardswish(head(x)); // [N, 8, 128, 128]
    x = F::interpolate(x, F::InterpolateFuncOptions()
                              .size(std::vector<int64_t>{64, 64})
                              .mode(torch::kNearest));
    x = torch::flatten(pool(x), 1); // [N, 8]
    return selu(clip(softplus(fc(torch::silu(x)))));
  }

  torch::nn::Conv2d stem{nullptr}, head{nullptr};
  torch::nn::InstanceNorm2d norm{nullptr};
  torch::nn::PReLU prelu{nullptr};
  ResBlock block{nullptr};
  torch::nn::ELU elu{nullptr};
  torch::nn::Mish mish{nullptr};
  torch::nn::Upsample up{nullptr};
  torch::nn::PixelShuffle shuffle{nullptr};
  torch::nn::AdaptiveAvgPool2d pool{nullptr};
  torch::nn::Linear fc{nullptr};
  torch::nn::Softplus softplus{nullptr};
  torch::nn::Hardtanh clip{nullptr};
  torch::nn::SELU selu{nullptr};
};
TORCH_MODULE(ModernNet);

int main() {
  ModernNet net;
  net->eval();
  auto y = net->forward(torch::randn({1, 3, 32, 32}));
}
