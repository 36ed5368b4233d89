"""The Python twins of Inputs/dcgan.cpp: the generator (DCGANGeneratorImpl)
and the discriminator (the Sequential built in main()), as in PyTorch's
DCGAN example. Usage: python3 dcgan.py generator|discriminator OUT.onnx"""
import sys

import torch
import torch.nn as nn

from export import export


class DCGANGenerator(nn.Module):
    def __init__(self, noise_size):
        super().__init__()
        self.conv1 = nn.ConvTranspose2d(noise_size, 256, 4, bias=False)
        self.batch_norm1 = nn.BatchNorm2d(256)
        self.conv2 = nn.ConvTranspose2d(256, 128, 3, stride=2, padding=1, bias=False)
        self.batch_norm2 = nn.BatchNorm2d(128)
        self.conv3 = nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1, bias=False)
        self.batch_norm3 = nn.BatchNorm2d(64)
        self.conv4 = nn.ConvTranspose2d(64, 1, 4, stride=2, padding=1, bias=False)

    def forward(self, x):
        x = torch.relu(self.batch_norm1(self.conv1(x)))
        x = torch.relu(self.batch_norm2(self.conv2(x)))
        x = torch.relu(self.batch_norm3(self.conv3(x)))
        return torch.tanh(self.conv4(x))


def discriminator():
    return nn.Sequential(
        nn.Conv2d(1, 64, 4, stride=2, padding=1, bias=False),
        nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 4, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(128),
        nn.LeakyReLU(0.2),
        nn.Conv2d(128, 256, 4, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(256),
        nn.LeakyReLU(0.2),
        nn.Conv2d(256, 1, 3, stride=1, padding=0, bias=False),
        nn.Sigmoid())


if sys.argv[1] == "generator":
    export(DCGANGenerator(100), (1, 100, 1, 1), sys.argv[2])
else:
    export(discriminator(), (1, 1, 28, 28), sys.argv[2])
