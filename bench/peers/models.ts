/**
 * The two models the peers benchmark differentiates, built with the repository's architectures
 * and every weight redrawn from one seed (He-normal weights, N(0, 0.05) biases; the ResNet's
 * zero-initialised residual convolutions too, so no branch is silently the identity):
 * - an MNIST LeNet CNN (input [N, 1, 28, 28], 10 logits);
 * - a small CIFAR-shaped ResNet (width 16, two stages of two blocks, input [N, 3, 32, 32]).
 */
import { Rng } from '@axplain/core';
import { makeTensor, type ModelProto, onnx } from '@axplain/onnx';
import { buildArchitecture } from '@axplain/ort';

export interface PeerModel { name: string; model: ModelProto; inputShape: number[]; classes: number; description: string }

function redrawWeights(model: ModelProto, seed: number): ModelProto {
  const m = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  const rng = new Rng(seed);
  m.graph!.initializer = (m.graph!.initializer ?? []).map((t) => {
    const dims = (t.dims ?? []).map(Number);
    const size = dims.reduce((a, b) => a * b, 1);
    // Gemm weights are [in, out]; Conv weights [out, in, kh, kw].
    const fanIn = dims.length === 2 ? dims[0]! : dims.slice(1).reduce((a, b) => a * b, 1);
    const vals = dims.length >= 2 ? rng.fillNormal(size, Math.sqrt(2 / fanIn)) : rng.fillNormal(size, 0.05);
    return makeTensor(t.name!, 1, dims, vals);
  });
  return m;
}

/** The same graph with GlobalAveragePool written as ReduceMean over H and W (same function). */
export function gapAsReduceMean(model: ModelProto): ModelProto {
  const m = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  for (const n of m.graph!.node ?? []) {
    if (n.opType !== 'GlobalAveragePool') continue;
    n.opType = 'ReduceMean';
    n.attribute = [
      onnx.AttributeProto.create({ name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [2, 3] }),
      onnx.AttributeProto.create({ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 }),
    ];
  }
  return m;
}

export function peerModels(): PeerModel[] {
  const lenet = buildArchitecture({ kind: 'lenet' }, { inputShape: [1, 28, 28], classes: 10, seed: 0 });
  const resnet = buildArchitecture({ kind: 'resnet', width: 16, blocks: [2, 2] }, { inputShape: [3, 32, 32], classes: 10, seed: 0 });
  return [
    { name: 'MNIST LeNet CNN', model: redrawWeights(lenet, 1), inputShape: [1, 28, 28], classes: 10, description: lenet.docString ?? '' },
    { name: 'ResNet (16x2,2) 32 px', model: redrawWeights(resnet, 2), inputShape: [3, 32, 32], classes: 10, description: resnet.docString ?? '' },
  ];
}
