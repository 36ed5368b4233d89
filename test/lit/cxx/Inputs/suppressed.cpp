// A sentiment classifier whose LSTM the team keeps on purpose: the finding
// is suppressed in the source, on the line above the layer.
#include <torch/torch.h>

struct SentimentImpl : torch::nn::Module {
  SentimentImpl(int64_t vocab, int64_t embed, int64_t hidden)
      : embedding(vocab, embed),
        // wattlint: allow recurrent-dense-suffices
        lstm(torch::nn::LSTMOptions(embed, hidden).batch_first(true)),
        fc(hidden, 1) {
    register_module("embedding", embedding);
    register_module("lstm", lstm);
    register_module("fc", fc);
  }

  // wattlint: input tokens=[N,80]
  torch::Tensor forward(torch::Tensor tokens) {
    auto x = embedding->forward(tokens);
    auto [out, state] = lstm->forward(x);
    return torch::sigmoid(fc->forward(out.select(1, -1)));
  }

  torch::nn::Embedding embedding;
  torch::nn::LSTM lstm;
  torch::nn::Linear fc;
};
TORCH_MODULE(Sentiment);

int main() { Sentiment model(20000, 64, 64); }
