// A Llama-style decoder block's arithmetic, as LibTorch ports write it:
// RMSNorm with torch::rsqrt, a SwiGLU feed-forward (F::silu of one
// projection times another), residual adds, and a head that ties the
// embedding through torch::einsum, clamps the logits and takes their max.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct RMSNormImpl : torch::nn::Module {
  explicit RMSNormImpl(int64_t dim, double eps = 1e-6) : eps(eps) {
    weight = register_parameter("weight", torch::ones({dim}));
  }
  torch::Tensor forward(torch::Tensor x) {
    return x * torch::rsqrt(x.pow(2).mean(-1, true) + eps) * weight;
  }
  torch::Tensor weight;
  double eps;
};
TORCH_MODULE(RMSNorm);

struct FeedForwardImpl : torch::nn::Module {
  FeedForwardImpl(int64_t dim, int64_t hidden)
      : w1(torch::nn::LinearOptions(dim, hidden).bias(false)),
        w2(torch::nn::LinearOptions(hidden, dim).bias(false)),
        w3(torch::nn::LinearOptions(dim, hidden).bias(false)) {
    register_module("w1", w1);
    register_module("w2", w2);
    register_module("w3", w3);
  }
  torch::Tensor forward(torch::Tensor x) { return w2(F::silu(w1(x)) * w3(x)); }
  torch::nn::Linear w1, w2, w3;
};
TORCH_MODULE(FeedForward);

struct TinyLlamaImpl : torch::nn::Module {
  TinyLlamaImpl(int64_t vocab, int64_t dim, int64_t hidden) {
    embed = register_module("embed", torch::nn::Embedding(vocab, dim));
    norm = register_module("norm", RMSNorm(dim));
    ffn = register_module("ffn", FeedForward(dim, hidden));
    final_norm = register_module("final_norm", RMSNorm(dim));
  }
  // wattlint: input tokens=i64[N,16]
  torch::Tensor forward(torch::Tensor tokens) {
    auto h = embed(tokens);                                   // [N, 16, 64]
    h = h + ffn(norm(h));
    auto logits = torch::einsum("btd,vd->btv", {final_norm(h), embed->weight}); // [N, 16, 100]
    logits = torch::clamp(logits, -30, 30);
    return std::get<0>(torch::max(logits, -1));                // [N, 16]
  }
  torch::nn::Embedding embed{nullptr};
  RMSNorm norm{nullptr}, final_norm{nullptr};
  FeedForward ffn{nullptr};
};
TORCH_MODULE(TinyLlama);

int main() {
  TinyLlama model(100, 64, 172);
  auto y = model->forward(torch::zeros({1, 16}, torch::kLong));
}
