// Attention whose keys and values have widths of their own (kdim, vdim):
// a query of 32 features attends over keys of 48 and values of 16, as a
// decoder reading another encoder's features does.
#include <torch/torch.h>

#include <tuple>

struct CrossAttentionImpl : torch::nn::Module {
  CrossAttentionImpl()
      : attn(torch::nn::MultiheadAttentionOptions(/*embed_dim=*/32, /*num_heads=*/4)
                 .kdim(48)
                 .vdim(16)) {
    register_module("attn", attn);
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor keys, torch::Tensor values) {
    return std::get<0>(attn->forward(x, keys, values));
  }

  torch::nn::MultiheadAttention attn;
};
TORCH_MODULE(CrossAttention);

int main() { CrossAttention attention; }
