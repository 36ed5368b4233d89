// A ResNet-18 in the style of torchvision's C++ models: helper functions
// make the 3x3 and 1x1 convolutions, a BasicBlock adds its input back
// (through a strided 1x1 convolution and a batch norm when the shape
// changes), and _make_layer() builds each stage in a loop, keeping the
// planes of the next block's input in a member.
#include <torch/torch.h>

#include <iostream>
#include <vector>

namespace resnet {

torch::nn::Conv2d conv3x3(int64_t in_planes, int64_t out_planes, int64_t stride = 1) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in_planes, out_planes, 3).stride(stride).padding(1).bias(false));
}

torch::nn::Conv2d conv1x1(int64_t in_planes, int64_t out_planes, int64_t stride = 1) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in_planes, out_planes, 1).stride(stride).bias(false));
}

struct BasicBlockImpl : torch::nn::Module {
  static const int64_t expansion = 1;

  BasicBlockImpl(int64_t inplanes, int64_t planes, int64_t stride = 1,
                 torch::nn::Sequential downsample = nullptr)
      : conv1(conv3x3(inplanes, planes, stride)), bn1(planes), conv2(conv3x3(planes, planes)),
        bn2(planes), downsample(downsample) {
    register_module("conv1", conv1);
    register_module("bn1", bn1);
    register_module("conv2", conv2);
    register_module("bn2", bn2);
    if (!downsample.is_empty())
      register_module("downsample", downsample);
  }

  torch::Tensor forward(torch::Tensor x) {
    auto identity = x;

    auto out = conv1->forward(x);
    out = bn1->forward(out).relu_();
    out = conv2->forward(out);
    out = bn2->forward(out);

    if (!downsample.is_empty())
      identity = downsample->forward(x);

    out += identity;
    return out.relu_();
  }

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
  torch::nn::Sequential downsample{nullptr};
};
TORCH_MODULE(BasicBlock);

struct ResNetImpl : torch::nn::Module {
  int64_t inplanes = 64;
  torch::nn::Conv2d conv1;
  torch::nn::BatchNorm2d bn1;
  torch::nn::Sequential layer1, layer2, layer3, layer4;
  torch::nn::Linear fc;

  torch::nn::Sequential _make_layer(int64_t planes, int64_t blocks, int64_t stride = 1) {
    torch::nn::Sequential downsample = nullptr;
    if (stride != 1 || inplanes != planes * BasicBlockImpl::expansion) {
      downsample = torch::nn::Sequential(
          conv1x1(inplanes, planes * BasicBlockImpl::expansion, stride),
          torch::nn::BatchNorm2d(planes * BasicBlockImpl::expansion));
    }

    torch::nn::Sequential layers;
    layers->push_back(BasicBlock(inplanes, planes, stride, downsample));
    inplanes = planes * BasicBlockImpl::expansion;
    for (int64_t i = 1; i < blocks; ++i)
      layers->push_back(BasicBlock(inplanes, planes));
    return layers;
  }

  ResNetImpl(const std::vector<int64_t> &layers, int64_t num_classes = 1000)
      : conv1(torch::nn::Conv2dOptions(3, 64, 7).stride(2).padding(3).bias(false)), bn1(64),
        layer1(_make_layer(64, layers[0])), layer2(_make_layer(128, layers[1], 2)),
        layer3(_make_layer(256, layers[2], 2)), layer4(_make_layer(512, layers[3], 2)),
        fc(512 * BasicBlockImpl::expansion, num_classes) {
    register_module("conv1", conv1);
    register_module("bn1", bn1);
    register_module("layer1", layer1);
    register_module("layer2", layer2);
    register_module("layer3", layer3);
    register_module("layer4", layer4);
    register_module("fc", fc);
  }

  // wattlint: input x=[N,3,224,224]
  torch::Tensor forward(torch::Tensor x) {
    x = conv1->forward(x);
    x = bn1->forward(x).relu_();
    x = torch::max_pool2d(x, 3, 2, 1);

    x = layer1->forward(x);
    x = layer2->forward(x);
    x = layer3->forward(x);
    x = layer4->forward(x);

    x = torch::adaptive_avg_pool2d(x, {1, 1});
    x = x.reshape({x.size(0), -1});
    x = fc->forward(x);
    return x;
  }
};
TORCH_MODULE(ResNet);

} // namespace resnet

int main() {
  // ResNet-18: two basic blocks per stage.
  resnet::ResNet model(std::vector<int64_t>{2, 2, 2, 2}, 1000);
  model->eval();
  auto y = model->forward(torch::rand({1, 3, 224, 224}));
  std::cout << y.sizes() << "\n";
}
