// Sizes read from tensors in forward() (the style of the 60-minute-blitz
// network of the pytorch-cpp tutorials and of the sentence classifier of
// PyTorch's C++ examples): a helper multiplying the sizes after the batch,
// at::size and at::_unsafe_view. Then two models whose code uses parts of
// the API that wattlint-cxx does not know: they must come out unresolved,
// not counted as something else. Written for wattlint's tests.
#include <torch/torch.h>

class FlatNetImpl : public torch::nn::Module {
 public:
  FlatNetImpl() : conv(torch::nn::Conv2dOptions(1, 4, 3)), fc(4 * 3 * 3, 10), head(10, 2) {
    register_module("conv", conv);
    register_module("fc", fc);
    register_module("head", head);
  }
  torch::Tensor forward(torch::Tensor x) {
    auto out = torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions({2, 2}))->forward(conv->forward(x));
    out = out.view({-1, num_flat_features(out)});
    out = fc->forward(out);
    out = at::_unsafe_view(out, {at::size(out, 0), at::size(out, 1)});
    return head->forward(out);
  }

 private:
  int num_flat_features(torch::Tensor x) {
    auto sz = x.sizes().slice(1);  // all dimensions except the batch dimension
    int num_features = 1;
    for (auto s : sz) {
      num_features *= s;
    }
    return num_features;
  }
  torch::nn::Conv2d conv;
  torch::nn::Linear fc, head;
};
TORCH_MODULE(FlatNet);

// The same helper over a part of the API the stubs lack: Clang leaves the
// loop out of the function, which must not then return 1.
class OddNetImpl : public torch::nn::Module {
 public:
  OddNetImpl() : fc(36, 10) { register_module("fc", fc); }
  torch::Tensor forward(torch::Tensor x) {
    return fc->forward(x.view({-1, features(x)}));
  }

 private:
  int64_t features(torch::Tensor x) {
    int64_t n = 1;
    for (auto s : x.sym_sizes().slice(1))
      n *= s;
    return n;
  }
  torch::nn::Linear fc;
};
TORCH_MODULE(OddNet);

// A body built by a helper the interpreter stops in (a try block): its
// registration must not crash the analysis.
torch::nn::Sequential make_body() {
  try {
    return torch::nn::Sequential(torch::nn::Linear(4, 4));
  } catch (const std::exception &) {
    throw;
  }
}

class TryNetImpl : public torch::nn::Module {
 public:
  TryNetImpl() : body(make_body()) { register_module("body", body); }
  torch::Tensor forward(torch::Tensor x) { return body->forward(x); }

 private:
  torch::nn::Sequential body;
};
TORCH_MODULE(TryNet);

int main() {
  FlatNet flat;
  OddNet odd;
  TryNet tried;
}
