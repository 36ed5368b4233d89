// Programs whose whole model is one layer, made in main() (the style of the
// regression examples of PyTorch's C++ examples and of the pytorch-cpp
// tutorials): a Linear with constant sizes, and one sized from the shape of
// a tensor a factory made. Written for wattlint's tests.
#include <torch/torch.h>

#define DEGREE 3

int main() {
  const int64_t input_size = 784;
  const int64_t num_classes = 10;
  torch::nn::Linear model(input_size, num_classes);

  auto W_target = torch::randn({DEGREE, 1}) * 5;
  auto fit = torch::nn::Linear(W_target.size(0), 1);

  auto x = torch::randn({100, input_size});
  auto y = model->forward(x);
  auto z = fit(torch::randn({32, DEGREE}));
}
