// Names the stubs lack, which Clang's typo correction replaces with the
// nearest name they have ("did you mean"): a call of one is not counted as
// Clang's guess. A misspelt name of the program's own (widht) is Clang's
// guess too, said as a compile problem, and followed as the guess.
#include <torch/torch.h>

struct HeadImpl : torch::nn::Module {
  HeadImpl(int64_t width) : fc(register_module("fc", torch::nn::Linear(64, width))), width(width) {}
  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu6(fc->forward(x));
    return x.view({-1, widht});
  }
  torch::nn::Linear fc;
  int64_t width;
};
TORCH_MODULE(Head);

int main() { Head head(32); }
