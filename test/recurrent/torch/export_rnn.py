"""Exports small seeded torch recurrent models to ONNX for the LSTM/GRU/RNN gradient tests.

Usage: python3 export_rnn.py OUT_DIR

Writes, per model, OUT_DIR/<name>.onnx and OUT_DIR/<name>.json. The JSON holds the input x,
a cotangent ct (both float32-representable) and the float64 torch-autograd oracle
grad = d sum(ct * model(x)) / dx, computed on a float64 copy of the model.
"""
import json
import os
import sys

import torch
from torch import nn

SEQ, BATCH, INPUT, HIDDEN = 5, 2, 3, 4


class Seq(nn.Module):
    """A recurrent layer whose outputs are all returned (Y, then Y_h, then Y_c for LSTM) as one tensor."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        out, state = self.rnn(x)
        parts = [out.flatten()]
        for s in state if isinstance(state, tuple) else (state,):
            parts.append(s.flatten())
        return torch.cat(parts).unsqueeze(0)


class Classifier(nn.Module):
    """LSTM over a sequence -> last hidden state -> Linear (exported as Gemm) -> logits."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(INPUT, HIDDEN, batch_first=True)
        self.fc = nn.Linear(HIDDEN, 3)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[-1])


def models():
    yield "lstm", Seq(nn.LSTM(INPUT, HIDDEN)), False
    yield "lstm_bidirectional_2layers", Seq(nn.LSTM(INPUT, HIDDEN, num_layers=2, bidirectional=True)), False
    yield "lstm_batch_first", Seq(nn.LSTM(INPUT, HIDDEN, batch_first=True)), True
    yield "gru", Seq(nn.GRU(INPUT, HIDDEN)), False
    yield "gru_bidirectional_2layers", Seq(nn.GRU(INPUT, HIDDEN, num_layers=2, bidirectional=True)), False
    yield "rnn_tanh_2layers", Seq(nn.RNN(INPUT, HIDDEN, num_layers=2)), False
    yield "rnn_relu_bidirectional", Seq(nn.RNN(INPUT, HIDDEN, nonlinearity="relu", bidirectional=True)), False
    yield "lstm_no_bias", Seq(nn.LSTM(INPUT, HIDDEN, bias=False)), False
    yield "classifier", Classifier(), True


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for k, (name, model, batch_first) in enumerate(models()):
        torch.manual_seed(100 + k)
        for p in model.parameters():
            nn.init.uniform_(p, -0.6, 0.6)
        model.eval()
        shape = (BATCH, SEQ, INPUT) if batch_first else (SEQ, BATCH, INPUT)
        x = torch.rand(shape) * 2 - 1
        # The classifier keeps a symbolic batch dim (as loadModel expects); the others are static.
        dynamic = {"input": {0: "N"}, "output": {0: "N"}} if name == "classifier" else None
        torch.onnx.export(model, (x,), os.path.join(out_dir, name + ".onnx"), input_names=["input"],
                          output_names=["output"], opset_version=14, do_constant_folding=True, dynamic_axes=dynamic)
        # float64 oracle on the same (float32-rounded) weights and input.
        m64 = model.double()
        x64 = x.double().requires_grad_(True)
        y = m64(x64)
        ct = torch.randn(y.shape, generator=torch.Generator().manual_seed(200 + k)).float().double()
        (g,) = torch.autograd.grad((ct * y).sum(), x64)
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump({"shape": list(shape), "x": x.flatten().tolist(), "outShape": list(y.shape),
                       "ct": ct.flatten().tolist(), "grad": g.flatten().tolist()}, f)


if __name__ == "__main__":
    main(sys.argv[1])
