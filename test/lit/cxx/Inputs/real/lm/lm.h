// A word-level language model (the style of the language model of the
// pytorch-cpp tutorials): forward() takes the LSTM's initial (h, c) as a
// tuple and returns the output with the new state. Written for wattlint's
// tests.
#pragma once
#include <torch/torch.h>
#include <tuple>

class WordModelImpl : public torch::nn::Module {
 public:
  WordModelImpl(int64_t vocab_size, int64_t embed_size, int64_t hidden_size, int64_t num_layers);
  std::tuple<torch::Tensor, std::tuple<torch::Tensor, torch::Tensor>> forward(
      torch::Tensor x, std::tuple<torch::Tensor, torch::Tensor> hx);

 private:
  torch::nn::Embedding embed;
  torch::nn::LSTM lstm;
  torch::nn::Linear linear;
};
TORCH_MODULE(WordModel);
