// Tensors registered by hand instead of layers, as the PyTorch C++ frontend
// tutorial writes its first network: a hand-written linear layer with
// torch::addmm, an input normalization by a registered buffer, and a
// projection that multiplies and scales by its own parameters.
#include <torch/torch.h>

struct NormalizeImpl : torch::nn::Module {
  explicit NormalizeImpl(int64_t features) {
    // Running statistics of the input: state, not trained.
    mean = register_buffer("mean", torch::zeros({features}));
  }
  torch::Tensor forward(torch::Tensor x) { return x - mean; }
  torch::Tensor mean;
};
TORCH_MODULE(Normalize);

struct NetImpl : torch::nn::Module {
  NetImpl(int64_t N, int64_t M, int64_t K) : norm(N) {
    register_module("norm", norm);
    W = register_parameter("W", torch::randn({N, M}));
    b = register_parameter("b", torch::randn(M));
    V = register_parameter("V", torch::randn({M, K}) * 0.01);
    gamma = register_parameter("gamma", torch::ones(K));
    torch::nn::init::xavier_uniform_(W);
  }

  // wattlint: input x=[N,8]
  torch::Tensor forward(torch::Tensor x) {
    x = torch::addmm(b, norm(x), W);
    x = torch::relu(x);
    return torch::matmul(x, V) * gamma;
  }

  Normalize norm;
  torch::Tensor W, b, V, gamma;
};
TORCH_MODULE(Net);

int main() {
  Net net(8, 16, 4);
  auto y = net->forward(torch::randn({2, 8}));
}
