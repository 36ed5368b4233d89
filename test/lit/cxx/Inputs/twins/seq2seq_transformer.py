"""The Python twin of Inputs/encoder/seq2seq-transformer.cpp: nn.Transformer
between the embeddings and the generator, sequence first, the batch N on
axis 1.
Usage: python3 seq2seq_transformer.py OUT.onnx"""
import sys

import torch
import torch.nn as nn

from export import export


class Seq2Seq(nn.Module):
    def __init__(self, vocab, d_model):
        super().__init__()
        self.src_embed = nn.Embedding(vocab, d_model)
        self.tgt_embed = nn.Embedding(vocab, d_model)
        self.transformer = nn.Transformer(d_model, 4, 1, 1, dim_feedforward=64)
        self.generator = nn.Linear(d_model, vocab)

    def forward(self, src, tgt):
        return self.generator(self.transformer(self.src_embed(src), self.tgt_embed(tgt)))


src = torch.zeros(10, 1, dtype=torch.int64)
tgt = torch.zeros(6, 1, dtype=torch.int64)
export(Seq2Seq(500, 32), [src, tgt], sys.argv[1], names=["src", "tgt"],
       axes={"src": {1: "N"}, "tgt": {1: "N"}, "y": {1: "N"}})
