// A variational autoencoder (the style of the pytorch-cpp tutorials'):
// encode() returns a std::pair, forward() a struct built with braces, and
// the sampling step only runs in training. Written for wattlint's tests.
#include <torch/torch.h>
#include <utility>

struct CodecOutput {
  torch::Tensor reconstruction;
  torch::Tensor mu;
  torch::Tensor log_var;
};

class CodecImpl : public torch::nn::Module {
 public:
  CodecImpl(int64_t image_size, int64_t h_dim, int64_t z_dim)
      : fc1(image_size, h_dim), fc2(h_dim, z_dim), fc3(h_dim, z_dim), fc4(z_dim, h_dim),
        fc5(h_dim, image_size) {
    register_module("fc1", fc1);
    register_module("fc2", fc2);
    register_module("fc3", fc3);
    register_module("fc4", fc4);
    register_module("fc5", fc5);
  }

  CodecOutput forward(torch::Tensor x) {
    auto encoded = encode(x);
    auto mu = encoded.first;
    auto log_var = encoded.second;
    auto z = reparameterize(mu, log_var);
    return {decode(z), mu, log_var};
  }

 private:
  std::pair<torch::Tensor, torch::Tensor> encode(torch::Tensor x) {
    auto h = torch::nn::functional::relu(fc1->forward(x));
    return {fc2->forward(h), fc3->forward(h)};
  }
  torch::Tensor reparameterize(torch::Tensor mu, torch::Tensor log_var) {
    if (is_training()) {
      auto std = log_var.div(2).exp_();
      auto eps = torch::randn_like(std);
      return eps.mul(std).add_(mu);
    }
    return mu;
  }
  torch::Tensor decode(torch::Tensor z) {
    auto h = torch::nn::functional::relu(fc4->forward(z));
    return torch::sigmoid(fc5->forward(h));
  }
  torch::nn::Linear fc1, fc2, fc3, fc4, fc5;
};
TORCH_MODULE(Codec);

int main() {
  const int64_t image_size = 8 * 8;
  Codec model(image_size, 32, 8);
}
