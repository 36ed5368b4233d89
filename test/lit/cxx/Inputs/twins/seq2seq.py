"""The Python twin of Inputs/seq2seq/seq2seq.cpp: the decoder LSTM starts
from the encoder's final state.
Usage: python3 seq2seq.py OUT.onnx"""
import sys

import torch.nn as nn

from export import export


class Seq2Seq(nn.Module):
    def __init__(self, src_features, tgt_features, hidden, classes):
        super().__init__()
        self.encoder = nn.LSTM(src_features, hidden, batch_first=True)
        self.decoder = nn.LSTM(tgt_features, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, classes)

    def forward(self, src, tgt):
        _, (h0, c0) = self.encoder(src)
        out, _ = self.decoder(tgt, (h0, c0))
        return self.fc(out)


export(Seq2Seq(16, 8, 32, 4), [(1, 12, 16), (1, 6, 8)], sys.argv[1], names=["src", "tgt"])
