#include "taps.h"
#include "load_image.h"

int main() {
  const std::string weights = "vgg_layers.pt";
  SmallTaps model(weights);
  auto features = model->forward(load_image("content.png"));
}
