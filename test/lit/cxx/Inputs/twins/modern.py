"""The Python twin of Inputs/modern.cpp: the same ModernNet in PyTorch.
Usage: python3 modern.py OUT.onnx"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from export import export


class ResBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.gn = nn.GroupNorm(4, channels)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.gn(self.conv(x))) + x


class ModernNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1)
        self.norm = nn.InstanceNorm2d(16, affine=True)
        self.prelu = nn.PReLU(16)
        self.block = ResBlock(16)
        self.elu = nn.ELU(alpha=0.5)
        self.mish = nn.Mish()
        self.up = nn.Upsample(scale_factor=(2, 2), mode="bilinear", align_corners=False)
        self.shuffle = nn.PixelShuffle(2)
        self.head = nn.Conv2d(4, 8, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 10)
        self.softplus = nn.Softplus()
        self.clip = nn.Hardtanh(-2, 2)
        self.selu = nn.SELU()

    def forward(self, x):
        x = self.prelu(self.norm(self.stem(x)))
        x = self.mish(self.elu(self.block(x)))
        x = self.shuffle(self.up(x))
        x = F.hardswish(self.head(x))
        x = F.interpolate(x, size=(64, 64), mode="nearest")
        x = torch.flatten(self.pool(x), 1)
        return self.selu(self.clip(self.softplus(self.fc(F.silu(x)))))


export(ModernNet(), (1, 3, 32, 32), sys.argv[1])
