// A classifier whose width comes from the command line, with a helper whose
// body lives in another library: neither is guessed.
#include <torch/torch.h>

#include <cstdlib>

torch::Tensor normalize_rows(const torch::Tensor &x);

struct ClassifierImpl : torch::nn::Module {
  explicit ClassifierImpl(int64_t hidden) : fc1(784, hidden), fc2(hidden, 10) {
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(fc1->forward(x.view({-1, 784})));
    x = normalize_rows(x);
    return fc2->forward(x);
  }

  torch::nn::Linear fc1, fc2;
};
TORCH_MODULE(Classifier);

int main(int argc, char **argv) {
  Classifier model(std::atoi(argv[1]));
}
