// A greedy decoder that runs its recurrent cell in its own loop, one step
// at a time, as attention decoders and captioners written against LibTorch
// do: an LSTMCell fed its previous state, a GRUCell and an RNNCell started
// from zeros. Steps are a constant; the state is carried by std::tie.
#include <torch/torch.h>

#include <tuple>
#include <vector>

struct DecoderImpl : torch::nn::Module {
  DecoderImpl(int64_t vocab, int64_t embed, int64_t hidden)
      : emb(vocab, embed), lstm(torch::nn::LSTMCellOptions(embed, hidden)),
        gru(torch::nn::GRUCellOptions(hidden, hidden).bias(false)), rnn(hidden, hidden),
        out(hidden, vocab), hidden_(hidden) {
    register_module("emb", emb);
    register_module("lstm", lstm);
    register_module("gru", gru);
    register_module("rnn", rnn);
    register_module("out", out);
  }

  torch::Tensor forward(torch::Tensor tokens) {
    const int64_t steps = 5;
    auto h = torch::zeros({tokens.size(0), hidden_});
    auto c = torch::zeros({tokens.size(0), hidden_});
    std::vector<torch::Tensor> logits;
    for (int64_t t = 0; t < steps; ++t) {
      auto x = emb->forward(tokens.select(1, t));
      std::tie(h, c) = lstm->forward(x, std::make_tuple(h, c));
      auto g = gru->forward(h);
      auto r = rnn(g);
      logits.push_back(out->forward(r));
    }
    return torch::stack(logits, 1);
  }

  torch::nn::Embedding emb;
  torch::nn::LSTMCell lstm;
  torch::nn::GRUCell gru;
  torch::nn::RNNCell rnn;
  torch::nn::Linear out;
  int64_t hidden_;
};
TORCH_MODULE(Decoder);

int main() {
  Decoder decoder(100, 16, 32);
  auto y = decoder->forward(torch::zeros({4, 5}, torch::kLong));
}
