// A feature extractor that returns the outputs of chosen layers (the style
// of the style-transfer VGG of the pytorch-cpp tutorials): layers from a
// list of kinds through a switch, the chosen indices a std::set given as a
// default argument of a derived class, forward() walking the Sequential
// with a range-for and AnyModule::forward<>(). Written for wattlint's tests.
#pragma once
#include <torch/torch.h>
#include <set>
#include <vector>

enum class Kind { C8, C16, POOL };

class TapsImpl : public torch::nn::Module {
 public:
  TapsImpl(const std::vector<Kind>& config, const std::set<size_t>& taps,
           const std::string& weights);
  std::vector<torch::Tensor> forward(torch::Tensor x);

 private:
  torch::nn::Sequential make_layers(const std::vector<Kind>& config);
  torch::nn::Sequential layers;
  std::set<size_t> taps_;
};
TORCH_MODULE(Taps);

class SmallTapsImpl : public TapsImpl {
 public:
  SmallTapsImpl(const std::string& weights = {}, const std::set<size_t>& taps = {0, 3});
};
TORCH_MODULE(SmallTaps);
