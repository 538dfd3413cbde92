"""The handwriting line recognizer: a small CRNN (CNN + 2-layer BiLSTM + CTC), in PyTorch.

Input (N, 1, 32, W) as made by :func:`formsift.handwriting.preprocess.line_tensor`; output
(N, W/2, classes) log-probabilities (class 0: CTC blank). Training only: inference runs the
exported ONNX file through onnxruntime.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class ModelConfig:
    classes: int
    height: int = 32
    channels: tuple[int, ...] = (16, 32, 64, 96)
    collapse: int = 128
    hidden: int = 128
    layers: int = 2
    dropout: float = 0.2


def _block(cin: int, cout: int, pool: tuple[int, int]) -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True), nn.MaxPool2d(pool, pool)]


class CRNN(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        c = cfg.channels
        layers: list[nn.Module] = []
        cin = 1
        h = cfg.height
        for i, cout in enumerate(c):
            pool = (2, 2) if i == 0 else (2, 1)  # horizontal stride 2 overall
            layers += _block(cin, cout, pool)
            cin, h = cout, h // 2
        # collapse the remaining height into features
        layers += [nn.Conv2d(cin, cfg.collapse, (h, 1), bias=False),
                   nn.BatchNorm2d(cfg.collapse), nn.ReLU(inplace=True)]
        self.cnn = nn.Sequential(*layers)
        self.rnn = nn.LSTM(cfg.collapse, cfg.hidden, num_layers=cfg.layers,
                           bidirectional=True, batch_first=True,
                           dropout=cfg.dropout if cfg.layers > 1 else 0.0)
        self.drop = nn.Dropout(cfg.dropout)
        self.head = nn.Linear(2 * cfg.hidden, cfg.classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f = self.cnn(x)  # (N, C, 1, W/2)
        f = f.squeeze(2).permute(0, 2, 1)  # (N, T, C)
        f, _ = self.rnn(f)
        return torch.log_softmax(self.head(self.drop(f)), dim=-1)


def output_lengths(widths: torch.Tensor) -> torch.Tensor:
    """Time steps of the output for inputs of the given pixel widths."""
    return torch.div(widths, 2, rounding_mode="floor").clamp(min=1)
