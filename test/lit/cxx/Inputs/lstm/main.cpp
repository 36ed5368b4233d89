#include "rnn.h"

#include <iostream>

int main() {
  const int64_t sequence_length = 28;
  const int64_t input_size = 28;
  const int64_t hidden_size = 128;
  const int64_t num_layers = 2;
  const int64_t num_classes = 10;
  const int64_t batch_size = 100;

  RNN model(input_size, hidden_size, num_layers, num_classes);
  auto images = torch::randn({batch_size, sequence_length, input_size});
  auto output = model->forward(images);
  std::cout << output.sizes() << "\n";
}
