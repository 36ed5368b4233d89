// The translator again, built on torch::nn::Transformer, which holds the
// encoder and the decoder and closes each with a LayerNorm.
#include <torch/torch.h>

struct Seq2SeqImpl : torch::nn::Module {
  Seq2SeqImpl(int64_t vocab, int64_t d_model)
      : src_embed(vocab, d_model), tgt_embed(vocab, d_model),
        transformer(torch::nn::TransformerOptions(d_model, /*nhead=*/4, /*num_encoder_layers=*/1,
                                                  /*num_decoder_layers=*/1)
                        .dim_feedforward(64)),
        generator(d_model, vocab) {
    register_module("src_embed", src_embed);
    register_module("tgt_embed", tgt_embed);
    register_module("transformer", transformer);
    register_module("generator", generator);
  }

  // wattlint: input src=i64[10,N]
  // wattlint: input tgt=i64[6,N]
  torch::Tensor forward(torch::Tensor src, torch::Tensor tgt) {
    return generator->forward(
        transformer->forward(src_embed->forward(src), tgt_embed->forward(tgt)));
  }

  torch::nn::Embedding src_embed, tgt_embed;
  torch::nn::Transformer transformer;
  torch::nn::Linear generator;
};
TORCH_MODULE(Seq2Seq);

int main() { Seq2Seq model(/*vocab=*/500, /*d_model=*/32); }
