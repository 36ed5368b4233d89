// Tensor functions and methods beyond the basics, with the shapes they
// make written beside them.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct OpsImpl : torch::nn::Module {
  OpsImpl() { w = register_parameter("w", torch::randn({5, 6})); }
  torch::Tensor w;

  // wattlint: input x=[N,4,6]
  torch::Tensor forward(torch::Tensor x) {
    auto a = torch::square(x).clamp_min(0.5);               // [N, 4, 6]
    auto b = torch::maximum(a, x.reciprocal()).repeat({1, 2, 1}); // [N, 8, 6]
    auto c = b.cumsum(1).argmax(2, true);                   // [N, 8, 1], int64
    auto d = x.select(2, 0).unsqueeze(2).expand({-1, -1, 6}); // [N, 4, 6]
    auto e = F::gelu(d, F::GELUFuncOptions().approximate("tanh")) + F::logsigmoid(d);
    auto m = torch::max(e);                                 // []
    auto n = std::get<1>(torch::min(e, 1));                 // [N, 6], int64
    auto l = F::linear(F::normalize(x, F::NormalizeFuncOptions().dim(2)), w); // [N, 4, 5]
    return e * m + b.sum() + c.sum() + n.sum() + l.sum();
  }
};
TORCH_MODULE(Ops);
