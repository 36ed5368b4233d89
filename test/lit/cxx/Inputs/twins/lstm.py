"""The Python twin of Inputs/lstm (rnn.h, rnn.cpp, main.cpp): a 2-layer
batch-first LSTM whose last step a linear layer classifies.
Usage: python3 lstm.py OUT.onnx"""
import sys

import torch.nn as nn

from export import export


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, num_classes):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers=num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out = self.lstm(x)[0]
        out = out[:, -1]
        return self.fc(out)


export(RNN(28, 128, 2, 10), (1, 28, 28), sys.argv[1])
