// Self-attention with a learned extra key and value (add_bias_kv) and a
// key of zeros (add_zero_attn), as some speech and retrieval models use to
// let a query attend to "nothing": each adds one key to every sequence, and
// the masks a column.
#include <torch/torch.h>

#include <tuple>

struct SinkAttentionImpl : torch::nn::Module {
  SinkAttentionImpl()
      : attn(torch::nn::MultiheadAttentionOptions(/*embed_dim=*/32, /*num_heads=*/4)
                 .add_bias_kv(true)
                 .add_zero_attn(true)) {
    register_module("attn", attn);
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor padding, torch::Tensor mask) {
    return std::get<0>(attn->forward(x, x, x, padding, /*need_weights=*/false, mask));
  }

  torch::nn::MultiheadAttention attn;
};
TORCH_MODULE(SinkAttention);

int main() { SinkAttention attention; }
