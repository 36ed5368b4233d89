"""The Python twin of Inputs/llama-block.cpp: the same TinyLlama in PyTorch.
Usage: python3 llama_block.py OUT.onnx"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from export import export


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class FeedForward(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.w1 = nn.Linear(dim, hidden, bias=False)
        self.w2 = nn.Linear(hidden, dim, bias=False)
        self.w3 = nn.Linear(dim, hidden, bias=False)

    def forward(self, x):
        return self.w2(F.silu(self.w1(x)) * self.w3(x))


class TinyLlama(nn.Module):
    def __init__(self, vocab, dim, hidden):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.norm = RMSNorm(dim)
        self.ffn = FeedForward(dim, hidden)
        self.final_norm = RMSNorm(dim)

    def forward(self, tokens):
        h = self.embed(tokens)
        h = h + self.ffn(self.norm(h))
        logits = torch.einsum("btd,vd->btv", self.final_norm(h), self.embed.weight)
        logits = torch.clamp(logits, -30, 30)
        return torch.max(logits, -1)[0]


export(TinyLlama(100, 64, 172), (1, 16), sys.argv[1], names=("tokens",), dtype="int64")
