// Attention used directly: a decoder block with causal self-attention (the
// mask made in forward(), as in the tutorials: triu of ones) and
// cross-attention over an encoder's memory without biases, whose averaged
// attention weights are returned by forward() but not used.
#include <torch/torch.h>

#include <tuple>

struct DecoderBlockImpl : torch::nn::Module {
  DecoderBlockImpl(int64_t d_model, int64_t nhead)
      : self_attn(d_model, nhead),
        cross_attn(torch::nn::MultiheadAttentionOptions(d_model, nhead).bias(false)) {
    register_module("self_attn", self_attn);
    register_module("cross_attn", cross_attn);
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor memory) {
    auto mask = torch::triu(torch::ones({x.size(0), x.size(0)}), /*diagonal=*/1) * -1e9;
    auto attended = std::get<0>(self_attn->forward(x, x, x, /*key_padding_mask=*/{},
                                                   /*need_weights=*/false, mask));
    x = x + attended;
    auto both = cross_attn->forward(x, memory, memory);
    return x + std::get<0>(both);
  }

  torch::nn::MultiheadAttention self_attn, cross_attn;
};
TORCH_MODULE(DecoderBlock);

int main() { DecoderBlock block(/*d_model=*/32, /*nhead=*/4); }
