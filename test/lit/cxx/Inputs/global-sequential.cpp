// The discriminator as the C++ frontend tutorial ("Using the PyTorch C++
// Frontend") writes it: a Sequential at namespace scope, built where it is
// declared, and a const global the layers read.
#include <torch/torch.h>

using namespace torch;

const int64_t kChannels = 64;

nn::Sequential discriminator(
    // Layer 1
    nn::Conv2d(nn::Conv2dOptions(1, kChannels, 4).stride(2).padding(1).bias(false)),
    nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)),
    // Layer 2
    nn::Conv2d(nn::Conv2dOptions(kChannels, 128, 4).stride(2).padding(1).bias(false)),
    nn::BatchNorm2d(128),
    nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)),
    // Layer 3
    nn::Conv2d(nn::Conv2dOptions(128, 256, 4).stride(2).padding(1).bias(false)),
    nn::BatchNorm2d(256),
    nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)),
    // Layer 4
    nn::Conv2d(nn::Conv2dOptions(256, 1, 3).stride(1).padding(0).bias(false)),
    nn::Sigmoid());

int main() {
  torch::optim::Adam optimizer(discriminator->parameters(), torch::optim::AdamOptions(5e-4));
}
