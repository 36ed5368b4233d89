// Plain C++, no torch::nn::Module.
#include <vector>
int main() { std::vector<int> v = {1, 2, 3}; return int(v.size()); }
