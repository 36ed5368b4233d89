"""The Python twin of Inputs/params/params.cpp: registered parameters and a
buffer instead of layers.
Usage: python3 params.py OUT.onnx"""
import sys

import torch
import torch.nn as nn

from export import export


class Normalize(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.register_buffer("mean", torch.zeros(features))

    def forward(self, x):
        return x - self.mean


class Net(nn.Module):
    def __init__(self, n, m, k):
        super().__init__()
        self.norm = Normalize(n)
        self.W = nn.Parameter(torch.randn(n, m))
        self.b = nn.Parameter(torch.randn(m))
        self.V = nn.Parameter(torch.randn(m, k) * 0.01)
        self.gamma = nn.Parameter(torch.ones(k))

    def forward(self, x):
        x = torch.addmm(self.b, self.norm(x), self.W)
        x = torch.relu(x)
        return torch.matmul(x, self.V) * self.gamma


export(Net(8, 16, 4), (1, 8), sys.argv[1])
