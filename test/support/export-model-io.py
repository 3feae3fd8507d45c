"""Exports the torch models of test/torch-model-io.test.ts (issue 18) into the folder argv[1]
(committed in test/fixtures/torch-model-io: /usr/bin/python3 test/support/export-model-io.py test/fixtures/torch-model-io).

torch.onnx.export (opset 13) with symbolic dims as shipped models have them:
  sigmoid-head.onnx  img [N, 3, H, W] -> conv -> mean over H, W -> linear -> Sigmoid [N, 3]
  stateful.onnx      x [N, 16], state [N, 8], sr int64 [] -> linear(tanh(x A + state B) * sr / 16000) [N, 4]
  ctc.onnx           img [N, 1, 16, W] -> conv (stride 4 along W) -> per column linear -> log_softmax [N, W/4, 6]
Weights are seeded (torch.manual_seed(0)).
"""
import sys
import torch
import torch.nn as nn

out = sys.argv[1]
torch.manual_seed(0)


class SigmoidHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4, 3)
        with torch.no_grad():
            self.fc.bias[0] = 30.0  # class 0 saturates: sigmoid(>= 17) is 1.0 in float32

    def forward(self, img):
        h = torch.tanh(self.conv(img)).mean(dim=(2, 3))
        return torch.sigmoid(self.fc(h))


class Stateful(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(16, 8)
        self.b = nn.Linear(8, 8, bias=False)
        self.out = nn.Linear(8, 4)

    def forward(self, x, state, sr):
        h = torch.tanh(self.a(x) + self.b(state)) * (sr.float() / 16000.0)
        return self.out(h)


class Ctc(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 5, (16, 4), stride=(1, 4))
        self.fc = nn.Linear(5, 6)

    def forward(self, img):
        h = torch.tanh(self.conv(img)).squeeze(2).permute(0, 2, 1)  # [N, T, 5]
        return torch.log_softmax(self.fc(h), dim=-1)


kw = dict(opset_version=13, do_constant_folding=True)
torch.onnx.export(SigmoidHead(), (torch.randn(1, 3, 8, 10),), f"{out}/sigmoid-head.onnx", input_names=["img"], output_names=["probs"],
                  dynamic_axes={"img": {0: "N", 2: "H", 3: "W"}, "probs": {0: "N"}}, **kw)
torch.onnx.export(Stateful(), (torch.randn(1, 16), torch.randn(1, 8), torch.tensor(16000)), f"{out}/stateful.onnx",
                  input_names=["x", "state", "sr"], output_names=["y"], dynamic_axes={"x": {0: "N"}, "state": {0: "N"}, "y": {0: "N"}}, **kw)
torch.onnx.export(Ctc(), (torch.randn(1, 1, 16, 24),), f"{out}/ctc.onnx", input_names=["img"], output_names=["logprobs"],
                  dynamic_axes={"img": {0: "N", 3: "W"}, "logprobs": {0: "N", 1: "T"}}, **kw)
print("ok")
