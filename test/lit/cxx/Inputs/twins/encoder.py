"""The Python twin of Inputs/encoder/encoder.cpp: the same classifier in
PyTorch, sequence first, with the batch N on axis 1.
Usage: python3 encoder.py OUT.onnx"""
import math
import sys

import torch.nn as nn

from export import export


class Classifier(nn.Module):
    def __init__(self, vocab, d_model, nhead, dim_ff, nlayers, classes):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_ff, 0.1)
        self.encoder = nn.TransformerEncoder(layer, nlayers, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, classes)
        self.scale = math.sqrt(d_model)

    def forward(self, tokens):
        x = self.embed(tokens) * self.scale
        x = self.encoder(x)
        return self.head(x[0])


export(Classifier(1000, 64, 4, 128, 2, 5), (20, 1), sys.argv[1], names=["tokens"],
       batch_axis=1, dtype="int64")
