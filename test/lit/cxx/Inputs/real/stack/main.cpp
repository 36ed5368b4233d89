#include "stack.h"
#include "cifar10.h"

using zoo::Stack;
using zoo::Unit;

int main() {
  std::array<int64_t, 2> depth{2, 1};
  Stack<Unit> model(depth, 10);
  auto dataset = CIFAR10("data/");
}
