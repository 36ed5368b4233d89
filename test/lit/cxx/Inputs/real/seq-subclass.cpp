// A classifier that is itself a Sequential (the style of the custom-dataset
// example shipped with PyTorch's C++ examples): layers push_back()ed in the
// constructor, functions wrapped in Functional, a local ExpandingArray for
// the pooling stride and the flattening shape. Written for wattlint's tests.
#include <opencv2/opencv.hpp>
#include <torch/torch.h>

struct TinyNetImpl : torch::nn::SequentialImpl {
  TinyNetImpl() {
    using namespace torch::nn;
    auto stride = torch::ExpandingArray<2>({2, 2});
    torch::ExpandingArray<2> shape({-1, 8 * 4 * 4});
    push_back(Conv2d(Conv2dOptions(3, 8, 3).padding(1)));
    push_back(Functional(torch::relu));
    push_back(Functional(torch::max_pool2d, 2, stride, 0, 1, false));
    push_back(Functional(torch::reshape, shape));
    push_back(Dropout());
    push_back(Linear(8 * 4 * 4, 10));
    push_back(Functional(torch::log_softmax, 1, torch::nullopt));
  }
};
TORCH_MODULE(TinyNet);

int main() {
  TinyNet network;
  cv::Mat image = cv::imread("cat.png");
  auto out = network->forward(torch::randn({2, 3, 8, 8}));
}
