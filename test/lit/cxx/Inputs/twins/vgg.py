"""The Python twin of Inputs/vgg: the feature extractor built from the same
configuration list (-1 is a 2x2 max pool) into a Sequential, so that the
layers have the same indices, and the same classifier.
Usage: python3 vgg.py OUT.onnx"""
import sys

import torch
import torch.nn as nn

from export import export


def make_features(cfg, batch_norm):
    layers = []
    in_channels = 3
    for v in cfg:
        if v == -1:
            layers.append(nn.MaxPool2d(2, stride=2))
            continue
        layers.append(nn.Conv2d(in_channels, v, 3, stride=1, padding=1, bias=False))
        if batch_norm:
            layers.append(nn.BatchNorm2d(v))
        layers.append(nn.ReLU(inplace=True))
        in_channels = v
    return nn.Sequential(*layers)


class VGG(nn.Module):
    def __init__(self, cfg, num_classes=10, batch_norm=True):
        super().__init__()
        self.features = make_features(cfg, batch_norm)
        self.classifier = nn.Sequential(
            nn.Linear(128 * 4 * 4, 256), nn.ReLU(True), nn.Dropout(),
            nn.Linear(256, num_classes))

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x, 1)
        x = self.classifier(x)
        return torch.log_softmax(x, 1)


export(VGG([32, 32, -1, 64, 64, -1, 128, 128, -1], 10, True), (1, 3, 32, 32), sys.argv[1])
