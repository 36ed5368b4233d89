// A sequence classifier: an LSTM reads the rows of an image one by one and a
// linear layer classifies the hidden state after the last row. Declared
// here, defined in rnn.cpp, constructed in main.cpp.
#pragma once

#include <torch/torch.h>

class RNNImpl : public torch::nn::Module {
public:
  RNNImpl(int64_t input_size, int64_t hidden_size, int64_t num_layers,
          int64_t num_classes);
  torch::Tensor forward(torch::Tensor x);

private:
  torch::nn::LSTM lstm{nullptr};
  torch::nn::Linear fc{nullptr};
};

TORCH_MODULE(RNN);
