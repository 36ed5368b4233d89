"""The Python twin of Inputs/containers.cpp: the same Net in PyTorch.
Usage: python3 containers.py OUT.onnx"""
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

from export import export


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(OrderedDict([
            ("conv", nn.Conv2d(3, 8, 3, padding=1)),
            ("bn", nn.BatchNorm2d(8)),
            ("relu", nn.ReLU())]))
        self.blocks = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])
        self.heads = nn.ModuleDict({"cls": nn.Linear(8, 10)})
        self.ln_w = nn.Parameter(torch.ones(8))
        self.ln_b = nn.Parameter(torch.zeros(8))

    def forward(self, x):
        x = self.features(x)
        x = F.adaptive_avg_pool2d(x, 1).view(x.size(0), -1)
        for block in self.blocks:
            x = block(x)
        x = F.layer_norm(x, (8,), self.ln_w, self.ln_b)
        x = F.dropout(x, 0.1, self.training)
        return self.heads["cls"](x)


export(Net(), (1, 3, 16, 16), sys.argv[1])
