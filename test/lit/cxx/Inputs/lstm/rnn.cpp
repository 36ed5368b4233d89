#include "rnn.h"

RNNImpl::RNNImpl(int64_t input_size, int64_t hidden_size, int64_t num_layers,
                 int64_t num_classes)
    : lstm(torch::nn::LSTMOptions(input_size, hidden_size)
               .num_layers(num_layers)
               .batch_first(true)),
      fc(hidden_size, num_classes) {
  register_module("lstm", lstm);
  register_module("fc", fc);
}

torch::Tensor RNNImpl::forward(torch::Tensor x) {
  auto out = std::get<0>(lstm->forward(x));
  // Only the hidden state of the last step is classified.
  out = out.index({torch::indexing::Slice(), -1});
  return fc->forward(out);
}
