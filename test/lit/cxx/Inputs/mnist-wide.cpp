// The MNIST convnet of mnist.cpp with conv2 twice as wide (40 channels), for
// `wattlint-cxx diff` (test/lit/cxx/diff.test).
// PyTorch's C++ examples: two convolutions, dropout, two linear layers.
#include <torch/torch.h>

#include <cstdio>
#include <iostream>
#include <vector>

// The data pipeline's headers are not needed to read the model.
#include <argparse/argparse.hpp>

const int64_t kNumClasses = 10;

struct Net : torch::nn::Module {
  Net()
      : conv1(torch::nn::Conv2dOptions(1, 10, /*kernel_size=*/5)),
        conv2(torch::nn::Conv2dOptions(10, 40, /*kernel_size=*/5)),
        fc1(640, 50),
        fc2(50, kNumClasses) {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("conv2_drop", conv2_drop);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  // wattlint: input x=[N,1,28,28]
  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(torch::max_pool2d(conv1->forward(x), 2));
    x = torch::relu(
        torch::max_pool2d(conv2_drop->forward(conv2->forward(x)), 2));
    x = x.view({-1, 640});
    x = torch::relu(fc1->forward(x));
    x = torch::dropout(x, /*p=*/0.5, /*training=*/is_training());
    x = fc2->forward(x);
    return torch::log_softmax(x, /*dim=*/1);
  }

  torch::nn::Conv2d conv1;
  torch::nn::Conv2d conv2;
  torch::nn::Dropout2d conv2_drop;
  torch::nn::Linear fc1;
  torch::nn::Linear fc2;
};

int main(int argc, char **argv) {
  argparse::ArgumentParser program("mnist");
  torch::manual_seed(1);
  torch::Device device(torch::kCPU);
  Net model;
  model.to(device);
  auto train_loader = torch::data::make_data_loader(
      torch::data::datasets::MNIST("./data").map(torch::data::transforms::Stack<>()), 64);
  for (auto &batch : *train_loader) {
    auto output = model.forward(batch.data.to(device));
    std::printf("%f\n", output.sum().item<float>());
  }
}
