// An encoder-decoder over sequences: the decoder LSTM starts from the
// encoder's final state, passed explicitly as (h0, c0).
#include <torch/torch.h>

struct Seq2SeqImpl : torch::nn::Module {
  Seq2SeqImpl(int64_t src_features, int64_t tgt_features, int64_t hidden, int64_t classes)
      : encoder(torch::nn::LSTMOptions(src_features, hidden).batch_first(true)),
        decoder(torch::nn::LSTMOptions(tgt_features, hidden).batch_first(true)),
        fc(hidden, classes) {
    register_module("encoder", encoder);
    register_module("decoder", decoder);
    register_module("fc", fc);
  }

  // wattlint: input src=[N,12,16]; tgt=[N,6,8]
  torch::Tensor forward(torch::Tensor src, torch::Tensor tgt) {
    auto state = std::get<1>(encoder->forward(src));
    auto h0 = std::get<0>(state);
    auto c0 = std::get<1>(state);
    auto out = std::get<0>(decoder->forward(tgt, std::make_tuple(h0, c0)));
    return fc->forward(out);
  }

  torch::nn::LSTM encoder{nullptr}, decoder{nullptr};
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Seq2Seq);

int main() {
  Seq2Seq model(16, 8, 32, 4);
  auto y = model->forward(torch::randn({2, 12, 16}), torch::randn({2, 6, 8}));
}
