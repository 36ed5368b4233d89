"""The Python twin of Inputs/encoder/translator.cpp: the same translator in
PyTorch, sequence first, with the batch N on axis 1.
Usage: python3 translator.py OUT.onnx"""
import sys

import torch
import torch.nn as nn

from export import export


class Translator(nn.Module):
    def __init__(self, vocab, d_model, nhead, dim_ff):
        super().__init__()
        self.src_embed = nn.Embedding(vocab, d_model)
        self.tgt_embed = nn.Embedding(vocab, d_model)
        self.encoder = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(d_model, nhead, dim_ff), 1, enable_nested_tensor=False)
        self.decoder = nn.TransformerDecoder(nn.TransformerDecoderLayer(d_model, nhead, dim_ff), 1)
        self.generator = nn.Linear(d_model, vocab)

    def forward(self, src, tgt):
        memory = self.encoder(self.src_embed(src))
        out = self.decoder(self.tgt_embed(tgt), memory)
        return self.generator(out)


model = Translator(500, 32, 4, 64)
src = torch.zeros(10, 1, dtype=torch.int64)
tgt = torch.zeros(6, 1, dtype=torch.int64)
export(model, [src, tgt], sys.argv[1], names=["src", "tgt"],
       axes={"src": {1: "N"}, "tgt": {1: "N"}, "y": {1: "N"}})
