// A tutorial's main() in the style of pytorch-cpp's basics: a pretrained
// network loaded as TorchScript and run on its own, then an independent
// example model built and saved; and a new head trained with the loaded
// backbone through a helper. Written for wattlint's tests.
#include <torch/script.h>
#include <torch/torch.h>

void train(torch::jit::script::Module backbone, torch::nn::Linear head) {}

int main(int argc, const char *argv[]) {
  torch::jit::script::Module resnet;
  resnet = torch::jit::load(argv[1]);
  std::vector<torch::jit::IValue> inputs{torch::ones({1, 3, 224, 224})};
  auto output = resnet.forward(inputs).toTensor();

  torch::nn::Sequential model{
      torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 16, 3).stride(2).padding(1)),
      torch::nn::Functional(torch::relu)};
  torch::save(model, "model.pt");

  torch::nn::Linear head(512, 2);
  train(resnet, head);
}
