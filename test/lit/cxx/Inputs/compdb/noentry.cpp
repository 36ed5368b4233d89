// A source with no entry of its own in compile_commands.json: it takes
// model.cpp's flags (-DHIDDEN=128, -Iinclude), inferred as clang-tidy does.
#include <torch/torch.h>

#include "widths.h"

struct Encoder : torch::nn::Module {
  Encoder() : fc(kInFeatures, HIDDEN) { register_module("fc", fc); }

  // wattlint: input x=[N,64]
  torch::Tensor forward(torch::Tensor x) { return fc->forward(x); }

  torch::nn::Linear fc;
};
