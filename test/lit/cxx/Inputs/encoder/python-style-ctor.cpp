// A transformer layer constructed with Python's positional arguments
// (d_model, nhead, dim_feedforward, dropout). LibTorch's
// TransformerEncoderLayerImpl takes (d_model, nhead) or its Options, so this
// program does not compile against LibTorch.
#include <torch/torch.h>

struct TaggerImpl : torch::nn::Module {
  TaggerImpl() {
    layer = register_module("layer", torch::nn::TransformerEncoderLayer(64, 4, 256, 0.1));
    head = register_module("head", torch::nn::Linear(64, 10));
  }
  torch::Tensor forward(torch::Tensor x) { return head(layer(x)); }
  torch::nn::TransformerEncoderLayer layer{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(Tagger);

int main() { Tagger tagger; }
