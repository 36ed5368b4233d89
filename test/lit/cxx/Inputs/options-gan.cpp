// A generator that reads its sizes from the command line, in the style of
// koba-jon/pytorch_cpp (networks.cpp and main.cpp in one file): every size is
// vm["KEY"].as<size_t>(), the number of up-sampling stages is log2 of the
// image size.
#include <torch/torch.h>
#include <boost/program_options.hpp>
#include <cmath>

namespace nn = torch::nn;
namespace po = boost::program_options;

struct GeneratorImpl : nn::Module {
  nn::Sequential model;
  GeneratorImpl(po::variables_map &vm) {
    size_t feature = vm["ngf"].as<size_t>();
    size_t num_ups = (size_t)(std::log2(vm["size"].as<size_t>()));
    model->push_back(nn::ConvTranspose2d(
        nn::ConvTranspose2dOptions(vm["nz"].as<size_t>(), feature * 4, 4).stride(1).padding(0).bias(false)));
    model->push_back(nn::BatchNorm2d(feature * 4));
    model->push_back(nn::ReLU(nn::ReLUOptions().inplace(true)));
    for (size_t i = 0; i < num_ups - 3; i++) {
      model->push_back(nn::ConvTranspose2d(
          nn::ConvTranspose2dOptions(feature * 4, feature * 4, 4).stride(2).padding(1).bias(false)));
      model->push_back(nn::ReLU(nn::ReLUOptions().inplace(true)));
    }
    model->push_back(nn::ConvTranspose2d(
        nn::ConvTranspose2dOptions(feature * 4, vm["nc"].as<size_t>(), 4).stride(2).padding(1).bias(false)));
    model->push_back(nn::Tanh());
    register_module("model", model);
  }
  torch::Tensor forward(torch::Tensor z) { return model->forward(z); }
};
TORCH_MODULE(Generator);

int main(int argc, const char *argv[]) {
  po::options_description args("Options", 200, 30);
  args.add_options()
      ("help", "produce help message")
      ("size", po::value<size_t>()->default_value(64), "image width and height")
      ("nc", po::value<size_t>()->default_value(3), "input image channel")
      ("nz", po::value<size_t>()->default_value(100), "dimensions of latent space")
      ("ngf", po::value<size_t>()->default_value(64), "the number of filters in generator");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, args), vm);
  po::notify(vm);
  if (vm.empty() || vm.count("help"))
    return 1;
  Generator gen(vm);
  torch::Tensor z = torch::randn({1, (long)vm["nz"].as<size_t>(), 1, 1});
  gen->forward(z);
  return 0;
}
