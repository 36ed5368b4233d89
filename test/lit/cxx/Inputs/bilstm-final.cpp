// A bidirectional LSTM classifier that reads each direction's final state
// from the output sequence: the forward half at the last step, the backward
// half at the first (the features chunked in two).
#include <torch/torch.h>

// The backward half's step read (-DBWD_STEP=-1: its state after one step).
#ifndef BWD_STEP
#define BWD_STEP 0
#endif

struct BiClassifierImpl : torch::nn::Module {
  BiClassifierImpl(int64_t in, int64_t hidden, int64_t classes)
      : lstm(torch::nn::LSTMOptions(in, hidden).batch_first(true).bidirectional(true)),
        fc(2 * hidden, classes) {
    register_module("lstm", lstm);
    register_module("fc", fc);
  }

  torch::Tensor forward(torch::Tensor x) {
    auto out = std::get<0>(lstm->forward(x));
    auto halves = out.chunk(2, 2);
    auto fwd = halves[0].index({torch::indexing::Slice(), -1});
    auto bwd = halves[1].index({torch::indexing::Slice(), BWD_STEP});
    return fc->forward(torch::cat({fwd, bwd}, 1));
  }

  torch::nn::LSTM lstm;
  torch::nn::Linear fc;
};
TORCH_MODULE(BiClassifier);

int main() { BiClassifier model(16, 32, 4); }
