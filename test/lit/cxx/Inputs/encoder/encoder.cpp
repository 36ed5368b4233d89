// A sentence classifier built on LibTorch's transformer encoder, in the style
// of the word-language-model tutorials: token embeddings scaled by
// sqrt(d_model), a stack of encoder layers (self-attention and a
// feed-forward block, post-norm), the first position read as a [CLS] token
// by a linear head. Inputs are sequence-first, as LibTorch's encoder takes them.
#include <torch/torch.h>

#include <cmath>

struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl(int64_t vocab, int64_t d_model, int64_t nhead, int64_t dim_ff,
                 int64_t nlayers, int64_t classes)
      : embed(vocab, d_model),
        encoder(torch::nn::TransformerEncoderOptions(
            torch::nn::TransformerEncoderLayerOptions(d_model, nhead)
                .dim_feedforward(dim_ff)
                .dropout(0.1),
            nlayers)),
        head(d_model, classes),
        scale(std::sqrt(double(d_model))) {
    register_module("embed", embed);
    register_module("encoder", encoder);
    register_module("head", head);
  }

  // wattlint: input tokens=i64[20,N]
  torch::Tensor forward(torch::Tensor tokens) {
    auto x = embed->forward(tokens) * scale;
    x = encoder->forward(x);
    return head->forward(x[0]);
  }

  torch::nn::Embedding embed;
  torch::nn::TransformerEncoder encoder;
  torch::nn::Linear head;
  double scale;
};
TORCH_MODULE(Classifier);

int main() {
  Classifier model(/*vocab=*/1000, /*d_model=*/64, /*nhead=*/4, /*dim_ff=*/128,
                   /*nlayers=*/2, /*classes=*/5);
  model->eval();
}
