// The C++ frontend tutorial's first module (a Linear and a bias of its own)
// and a training loop as LibTorch programs write one: the shapes the program
// runs the model on are suggested, never used as a default.
#include <torch/torch.h>

#include <iostream>

struct Net : torch::nn::Module {
  Net(int64_t N, int64_t M) : linear(register_module("linear", torch::nn::Linear(N, M))) {
    another_bias = register_parameter("b", torch::randn(M));
  }
  torch::Tensor forward(torch::Tensor input) { return linear(input) + another_bias; }
  torch::nn::Linear linear;
  torch::Tensor another_bias;
};

int main() {
  const int64_t kBatchSize = 32;
  Net net(784, 10);
  torch::optim::SGD optimizer(net.parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
  auto loader = torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
      torch::data::datasets::MNIST("./data")
          .map(torch::data::transforms::Normalize<>(0.1307, 0.3081))
          .map(torch::data::transforms::Stack<>()),
      kBatchSize);
  for (auto &batch : *loader) {
    optimizer.zero_grad();
    auto images = batch.data.view({-1, 28 * 28});
    auto loss = torch::nn::functional::cross_entropy(net.forward(images), batch.target);
    loss.backward();
    optimizer.step();
  }
  // A width the data decides: no suggestion.
  auto rows = torch::rand({5, 784}).view({5, -1});
  net.forward(rows);
  std::cout << net.forward(torch::ones({2, 784})) << std::endl;
}
