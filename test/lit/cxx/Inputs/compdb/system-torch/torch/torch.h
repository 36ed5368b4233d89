// A stand-in for an installed LibTorch (Debian has no LibTorch C++
// headers): found only through the -I of compile_commands.json, it marks
// itself and declares the API with wattlint's own stubs.
#pragma once
#define WATTLINT_FAKE_SYSTEM_TORCH 1
#include "../../../../../../../libtorch/stubs/torch/torch.h"
