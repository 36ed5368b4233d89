#include "taps.h"

namespace {
void init_weights(torch::nn::Module& module) {
  if (auto* conv = module.as<torch::nn::Conv2d>())
    torch::nn::init::kaiming_normal_(conv->weight);
}
}  // namespace

TapsImpl::TapsImpl(const std::vector<Kind>& config, const std::set<size_t>& taps,
                   const std::string& weights)
    : layers(make_layers(config)), taps_(taps) {
  register_module("layers", layers);
  if (weights.empty()) {
    layers->apply(init_weights);
  } else {
    torch::load(layers, weights);
  }
}

std::vector<torch::Tensor> TapsImpl::forward(torch::Tensor x) {
  std::vector<torch::Tensor> out;
  size_t id = 0;
  for (auto m : *layers) {
    x = m.forward<>(x);
    if (taps_.find(id) != taps_.end()) {
      out.push_back(x);
    }
    ++id;
  }
  return out;
}

torch::nn::Sequential TapsImpl::make_layers(const std::vector<Kind>& config) {
  torch::nn::Sequential seq;
  int64_t in = 3;
  for (auto kind : config) {
    if (kind == Kind::POOL) {
      seq->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2).stride(2)));
      continue;
    }
    int64_t out = 0;
    switch (kind) {
      case Kind::C8:
        out = 8;
        break;
      case Kind::C16:
        out = 16;
        break;
      default:
        throw std::runtime_error("no such layer");
    }
    seq->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
    seq->push_back(torch::nn::ReLU());
    in = out;
  }
  return seq;
}

SmallTapsImpl::SmallTapsImpl(const std::string& weights, const std::set<size_t>& taps)
    : TapsImpl({Kind::C8, Kind::POOL, Kind::C16, Kind::C16}, taps, weights) {}
