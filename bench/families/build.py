"""Builds the three CNN families of issue 15 that the model zoo files are not held here for:
DenseNet-121 (Huang, Liu, van der Maaten, Weinberger, "Densely Connected Convolutional Networks",
2017), BN-Inception (Ioffe, Szegedy, "Batch Normalization: Accelerating Deep Network Training by
Reducing Internal Covariate Shift", 2015) and ShuffleNet v1 with 3 groups (Zhang, Zhou, Lin, Sun,
"ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices", 2018).

Seeded random weights (BatchNormalization statistics randomised too), exported like the model
zoo's files: opset 9, batch 1, 224 px, BatchNormalization nodes kept (not folded into the convs).
For benchmarks only: `pnpm bench` runs it with /usr/bin/python3 (Debian's python3-torch) when
the files are missing.

    /usr/bin/python3 bench/families/build.py OUT_DIR
"""
import os
import sys
import warnings

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn(cin, cout, k, stride=1, pad=0, groups=1, relu=True):
    layers = [nn.Conv2d(cin, cout, k, stride, pad, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    return nn.Sequential(*layers, nn.ReLU()) if relu else nn.Sequential(*layers)


# ---- DenseNet-121: growth 32, blocks of 6/12/24/16 bottleneck layers, compression 0.5 ----------

class DenseLayer(nn.Module):
    def __init__(self, cin, growth):
        super().__init__()
        self.body = nn.Sequential(nn.BatchNorm2d(cin), nn.ReLU(), nn.Conv2d(cin, 4 * growth, 1, bias=False),
                                  nn.BatchNorm2d(4 * growth), nn.ReLU(), nn.Conv2d(4 * growth, growth, 3, 1, 1, bias=False))

    def forward(self, x):
        return torch.cat([x, self.body(x)], 1)


def densenet121():
    layers = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    c = 64
    for i, n in enumerate((6, 12, 24, 16)):
        for _ in range(n):
            layers.append(DenseLayer(c, 32))
            c += 32
        if i < 3:
            layers += [nn.BatchNorm2d(c), nn.ReLU(), nn.Conv2d(c, c // 2, 1, bias=False), nn.AvgPool2d(2, 2)]
            c //= 2
    layers += [nn.BatchNorm2d(c), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, 1000)]
    return nn.Sequential(*layers)


# ---- BN-Inception: every conv followed by BatchNormalization and ReLU --------------------------

class Mixed(nn.Module):
    """Branches: 1x1; 1x1 -> 3x3; 1x1 -> 3x3 -> 3x3; pool (-> 1x1). Stride 2 drops the 1x1 branch
    and passes the max pool through."""

    def __init__(self, cin, c1, r3, c3, rd, cd, pool, proj, stride=1):
        super().__init__()
        self.b1 = conv_bn(cin, c1, 1) if c1 else None
        self.b3 = nn.Sequential(conv_bn(cin, r3, 1), conv_bn(r3, c3, 3, stride, 1))
        self.bd = nn.Sequential(conv_bn(cin, rd, 1), conv_bn(rd, cd, 3, 1, 1), conv_bn(cd, cd, 3, stride, 1))
        self.pool = nn.MaxPool2d(3, stride, 1) if pool == 'max' else nn.AvgPool2d(3, 1, 1, count_include_pad=True)
        self.proj = conv_bn(cin, proj, 1) if proj else None

    def forward(self, x):
        p = self.pool(x)
        out = ([self.b1(x)] if self.b1 else []) + [self.b3(x), self.bd(x), self.proj(p) if self.proj else p]
        return torch.cat(out, 1)


def bn_inception():
    return nn.Sequential(
        conv_bn(3, 64, 7, 2, 3), nn.MaxPool2d(3, 2, 1), conv_bn(64, 64, 1), conv_bn(64, 192, 3, 1, 1), nn.MaxPool2d(3, 2, 1),
        Mixed(192, 64, 64, 64, 64, 96, 'avg', 32), Mixed(256, 64, 64, 96, 64, 96, 'avg', 64),
        Mixed(320, 0, 128, 160, 64, 96, 'max', 0, stride=2),
        Mixed(576, 224, 64, 96, 96, 128, 'avg', 128), Mixed(576, 192, 96, 128, 96, 128, 'avg', 128),
        Mixed(576, 160, 128, 160, 128, 160, 'avg', 128), Mixed(608, 96, 128, 192, 160, 192, 'avg', 128),
        Mixed(608, 0, 128, 192, 192, 256, 'max', 0, stride=2),
        Mixed(1056, 352, 192, 320, 160, 224, 'avg', 128), Mixed(1024, 352, 192, 320, 192, 224, 'max', 128),
        nn.AvgPool2d(7, 1), nn.Flatten(), nn.Linear(1024, 1000))


# ---- ShuffleNet v1, g = 3: stages of 4/8/4 units with 240/480/960 channels --------------------

class ShuffleUnit(nn.Module):
    def __init__(self, cin, cout, stride, groups, first_groups, hw):
        super().__init__()
        self.stride, self.groups, self.hw = stride, groups, hw
        mid = cout // 4
        branch = cout - cin if stride == 2 else cout
        self.reduce = conv_bn(cin, mid, 1, groups=first_groups)
        self.dw = conv_bn(mid, mid, 3, stride, 1, groups=mid, relu=False)
        self.expand = conv_bn(mid, branch, 1, groups=groups, relu=False)
        self.mid = mid

    def forward(self, x):
        y = self.reduce(x)
        # Channel shuffle with the static shapes the zoo's files carry: [1, g, C/g, H, W] and back.
        h = self.hw
        y = y.reshape(1, self.groups, self.mid // self.groups, h, h).transpose(1, 2).reshape(1, self.mid, h, h)
        y = self.expand(self.dw(y))
        if self.stride == 2:
            return F.relu(torch.cat([F.avg_pool2d(x, 3, 2, 1), y], 1))
        return F.relu(x + y)


def shufflenet_v1():
    layers = [conv_bn(3, 24, 3, 2, 1), nn.MaxPool2d(3, 2, 1)]
    cin, hw = 24, 56
    for i, (cout, n) in enumerate(((240, 4), (480, 8), (960, 4))):
        for j in range(n):
            stride = 2 if j == 0 else 1
            layers.append(ShuffleUnit(cin, cout, stride, 3, 1 if i == 0 and j == 0 else 3, hw))
            if j == 0:
                hw //= 2
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(960, 1000)]
    return nn.Sequential(*layers)


BUILDERS = {'densenet121': densenet121, 'bn_inception': bn_inception, 'shufflenet_v1': shufflenet_v1}


def randomise_bn(model, gen):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            c = m.num_features
            m.weight.data = 0.8 + 0.4 * torch.rand(c, generator=gen)
            m.bias.data = 0.1 * torch.randn(c, generator=gen)
            m.running_mean.data = 0.1 * torch.randn(c, generator=gen)
            m.running_var.data = 0.5 + torch.rand(c, generator=gen)


def main(out_dir):
    warnings.filterwarnings('ignore', category=UserWarning)
    os.makedirs(out_dir, exist_ok=True)
    for i, (name, build) in enumerate(BUILDERS.items()):
        torch.manual_seed(100 + i)
        model = build()
        randomise_bn(model, torch.Generator().manual_seed(200 + i))
        model.eval()
        x = torch.rand(1, 3, 224, 224)
        path = os.path.join(out_dir, f'{name}.onnx')
        torch.onnx.export(model, x, path, opset_version=9, input_names=['data'], output_names=['logits'],
                          training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=True)
        # Constant nodes (the channel shuffle's Reshape shapes) become initializers, as in the zoo's files.
        m = onnx.load(path)
        for n in [n for n in m.graph.node if n.op_type == 'Constant']:
            t = onnx.helper.get_attribute_value(n.attribute[0])
            t.name = n.output[0]
            m.graph.initializer.append(t)
            m.graph.node.remove(n)
        onnx.save(m, path)
        print(path)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '.')
