"""Generates the TorchScript control-flow fixtures in ./fixtures (torch.jit.script + torch.onnx.export).

Run with /usr/bin/python3 (torch 1.13, onnx); the .onnx files are committed, so the tests need no Python.
Weights come from torch.manual_seed(0).
"""
import os
import torch
from torch import nn

torch.manual_seed(0)
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


class TwoStage(nn.Module):
    """A first-stage score; a verifier network only when the score passes 0.5 (an If)."""

    def __init__(self):
        super().__init__()
        self.stage1 = nn.Linear(4, 1)
        self.verify = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 1))

    def forward(self, x):
        s = torch.sigmoid(self.stage1(x))
        if bool(s.sum() > 0.5):
            out = s * self.verify(x)
        else:
            out = s
        return out


class Recurrent(nn.Module):
    """h <- tanh(W h + b) for batch + 3 steps, with a running sum of the states (a Loop: the trip
    count depends on the dynamic batch size, so the exporter keeps the loop)."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 3)

    def forward(self, x):
        h = x
        acc = torch.zeros_like(x)
        for _ in range(x.size(0) + 3):
            h = torch.tanh(self.lin(h))
            acc = acc + h
        return acc


def export(module, example, name, dynamic_axes=None):
    path = os.path.join(HERE, name)
    torch.onnx.export(torch.jit.script(module), (example,), path, opset_version=13,
                      input_names=["x"], output_names=["y"], dynamic_axes=dynamic_axes)
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    os.makedirs(HERE, exist_ok=True)
    export(TwoStage().eval(), torch.randn(1, 4), "torch-two-stage-if.onnx")
    export(Recurrent().eval(), torch.randn(1, 3), "torch-recurrent-loop.onnx", {"x": {0: "batch"}, "y": {0: "batch"}})
