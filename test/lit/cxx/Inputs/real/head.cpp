// Transfer learning as the C++ examples do it (the style of PyTorch's
// transfer-learning example): a pretrained backbone loaded as TorchScript at
// run time, and a new head made in C++. Written for wattlint's tests.
#include <torch/script.h>
#include <torch/torch.h>

int main(int argc, const char *argv[]) {
  torch::jit::script::Module backbone;
  backbone = torch::jit::load(argv[1]);
  torch::nn::Linear head(512, 2);
  std::vector<torch::jit::IValue> input{torch::randn({4, 3, 224, 224})};
  auto features = backbone.forward(input).toTensor();
  auto out = head(features.view({features.size(0), -1}));
}
