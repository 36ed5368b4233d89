#include "vgg.h"

torch::nn::Sequential make_features(std::vector<int> &cfg, bool batch_norm) {
  torch::nn::Sequential features;
  int in_channels = 3;
  for (auto v : cfg) {
    if (v == -1) {
      features->push_back(torch::nn::MaxPool2d(maxpool_options(2, 2)));
    } else {
      auto conv2d = torch::nn::Conv2d(conv_options(in_channels, v, 3, 1, 1));
      features->push_back(conv2d);
      if (batch_norm)
        features->push_back(torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(v)));
      features->push_back(torch::nn::ReLU(torch::nn::ReLUOptions(true)));
      in_channels = v;
    }
  }
  return features;
}

VGGImpl::VGGImpl(std::vector<int> &cfg, int num_classes, bool batch_norm) {
  features_ = make_features(cfg, batch_norm);
  classifier->push_back(torch::nn::Linear(torch::nn::LinearOptions(128 * 4 * 4, 256)));
  classifier->push_back(torch::nn::ReLU(true));
  classifier->push_back(torch::nn::Dropout());
  classifier->push_back(torch::nn::Linear(torch::nn::LinearOptions(256, num_classes)));
  features_ = register_module("features", features_);
  classifier = register_module("classifier", classifier);
}

// wattlint: input x=[N,3,32,32]
torch::Tensor VGGImpl::forward(torch::Tensor x) {
  x = features_->forward(x);
  x = torch::flatten(x, 1);
  x = classifier->forward(x);
  return torch::log_softmax(x, 1);
}

int main() {
  std::vector<int> cfg = {32, 32, -1, 64, 64, -1, 128, 128, -1};
  VGG vgg(cfg, 10, true);
  auto y = vgg->forward(torch::rand({8, 3, 32, 32}));
}
