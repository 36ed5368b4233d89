// A decoder in the style of the image-captioning tutorial's: forward()
// steps a loop whose bound the data gives (lengths[0].item()), so the
// analysis stops there; the layers called inside the loop still hold their
// parameters, as PyTorch's parameters() counts them.
#include <torch/torch.h>

struct DecoderImpl : torch::nn::Module {
  DecoderImpl() : init_h(64, 32), out(32, 10), cell(torch::nn::LSTMCellOptions(16, 32)) {
    register_module("init_h", init_h);
    register_module("cell", cell);
    register_module("out", out);
  }
  torch::Tensor forward(torch::Tensor features, torch::Tensor tokens, torch::Tensor lengths) {
    auto keep = torch::ones_like(features); // a mask, the features' shape
    auto h = torch::tanh(init_h->forward(features * keep));
    auto c = torch::zeros_like(h);
    auto steps = lengths[0].item<int64_t>();
    std::vector<torch::Tensor> outputs;
    for (int64_t i = 0; i < steps; ++i) {
      std::tie(h, c) = cell->forward(tokens.select(1, i), std::make_tuple(h, c));
      outputs.push_back(out->forward(h));
    }
    return torch::stack(outputs, 1);
  }
  torch::nn::Linear init_h, out;
  torch::nn::LSTMCell cell;
};
TORCH_MODULE(Decoder);
