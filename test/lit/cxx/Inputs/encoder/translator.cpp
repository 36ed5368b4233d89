// A translation model in the style of the sequence-to-sequence transformer
// tutorials: source and target token embeddings, a TransformerEncoder over
// the source, a TransformerDecoder over the target that attends to the
// encoder's memory, and a generator over the target vocabulary.
// Sequence-first, as LibTorch's layers take it.
#include <torch/torch.h>

struct TranslatorImpl : torch::nn::Module {
  TranslatorImpl(int64_t vocab, int64_t d_model, int64_t nhead, int64_t dim_ff)
      : src_embed(vocab, d_model), tgt_embed(vocab, d_model),
        encoder(torch::nn::TransformerEncoderOptions(
            torch::nn::TransformerEncoderLayerOptions(d_model, nhead).dim_feedforward(dim_ff),
            /*num_layers=*/1)),
        decoder(torch::nn::TransformerDecoderOptions(
            torch::nn::TransformerDecoderLayerOptions(d_model, nhead).dim_feedforward(dim_ff),
            /*num_layers=*/1)),
        generator(d_model, vocab) {
    register_module("src_embed", src_embed);
    register_module("tgt_embed", tgt_embed);
    register_module("encoder", encoder);
    register_module("decoder", decoder);
    register_module("generator", generator);
  }

  // wattlint: input src=i64[10,N]
  // wattlint: input tgt=i64[6,N]
  torch::Tensor forward(torch::Tensor src, torch::Tensor tgt) {
    auto memory = encoder->forward(src_embed->forward(src));
    auto out = decoder->forward(tgt_embed->forward(tgt), memory);
    return generator->forward(out);
  }

  torch::nn::Embedding src_embed, tgt_embed;
  torch::nn::TransformerEncoder encoder;
  torch::nn::TransformerDecoder decoder;
  torch::nn::Linear generator;
};
TORCH_MODULE(Translator);

int main() { Translator model(/*vocab=*/500, /*d_model=*/32, /*nhead=*/4, /*dim_ff=*/64); }
