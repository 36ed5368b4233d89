// Grouped-query attention with rotary embeddings, as LibTorch ports of
// Llama write it: the rotary tables computed in the constructor (arange,
// pow, outer, cat, cos, sin) and registered as buffers, rotate_half with
// chunk and cat, the key and value heads repeated with repeat_interleave,
// a causal mask from triu, and the heads merged back with view.
#include <torch/torch.h>
#include <cmath>
namespace F = torch::nn::functional;

torch::Tensor rotate_half(const torch::Tensor &x) {
  auto halves = x.chunk(2, -1);
  return torch::cat({-halves[1], halves[0]}, -1);
}

struct AttentionImpl : torch::nn::Module {
  AttentionImpl(int64_t dim, int64_t heads, int64_t kv_heads, int64_t max_seq)
      : heads(heads), kv_heads(kv_heads), head_dim(dim / heads) {
    wq = register_module("wq", torch::nn::Linear(torch::nn::LinearOptions(dim, heads * head_dim).bias(false)));
    wk = register_module("wk", torch::nn::Linear(torch::nn::LinearOptions(dim, kv_heads * head_dim).bias(false)));
    wv = register_module("wv", torch::nn::Linear(torch::nn::LinearOptions(dim, kv_heads * head_dim).bias(false)));
    wo = register_module("wo", torch::nn::Linear(torch::nn::LinearOptions(heads * head_dim, dim).bias(false)));
    auto inv = 1.0 / torch::pow(10000.0, torch::arange(0, head_dim, 2, torch::kFloat) / head_dim);
    auto t = torch::arange(max_seq, torch::kFloat);
    auto freqs = torch::outer(t, inv);
    auto emb = torch::cat({freqs, freqs}, -1);
    cos_cached = register_buffer("cos_cached", emb.cos());
    sin_cached = register_buffer("sin_cached", emb.sin());
  }
  // wattlint: input x=[N,16,64]
  torch::Tensor forward(torch::Tensor x) {
    auto B = x.size(0), T = x.size(1);
    auto q = wq(x).view({B, T, heads, head_dim}).transpose(1, 2);
    auto k = wk(x).view({B, T, kv_heads, head_dim}).transpose(1, 2);
    auto v = wv(x).view({B, T, kv_heads, head_dim}).transpose(1, 2);
    auto cos = cos_cached.index({torch::indexing::Slice(0, T)});
    auto sin = sin_cached.index({torch::indexing::Slice(0, T)});
    q = q * cos + rotate_half(q) * sin;
    k = k * cos + rotate_half(k) * sin;
    k = k.repeat_interleave(heads / kv_heads, 1);
    v = v.repeat_interleave(heads / kv_heads, 1);
    auto scores = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(head_dim));
    auto mask = torch::triu(torch::ones({T, T}), 1).to(torch::kBool);
    scores = scores.masked_fill(mask, -INFINITY);
    auto att = torch::softmax(scores, -1);
    auto y = torch::matmul(att, v).transpose(1, 2).contiguous().view({B, T, -1});
    return wo(y);
  }
  int64_t heads, kv_heads, head_dim;
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr}, wo{nullptr};
  torch::Tensor cos_cached, sin_cached;
};
TORCH_MODULE(Attention);
int main() { Attention attention(64, 4, 2, 128); }
