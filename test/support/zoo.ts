/**
 * Real model-zoo architectures for tests: the zoo-light models build every weight with
 * ConstantOfShape; `randomizeWeights` turns each into an initializer with seeded random values
 * (He-scaled weights, small biases, BatchNormalization scale near 1 and variance > 0).
 */
import { Graph, makeTensor, type ModelProto, onnx } from '@axplain/onnx';
import { Rng } from '@axplain/node';

export const ZOO_LIGHT = ['light_squeezenet', 'light_inception_v1', 'light_vgg19', 'light_resnet50'] as const;

export function randomizeWeights(model: ModelProto, seed = 1): ModelProto {
  const m = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  const g = new Graph(m);
  const rng = new Rng(seed);
  const consumers = new Map<string, { op: string; k: number }>();
  for (const n of m.graph!.node ?? []) (n.input ?? []).forEach((x, k) => consumers.set(x, { op: n.opType!, k }));
  const inits = [...(m.graph!.initializer ?? [])];
  const nodes = (m.graph!.node ?? []).filter((n) => {
    if (n.opType !== 'ConstantOfShape') return true;
    const out = n.output![0]!;
    const shape = g.info(out).shape as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    const use = consumers.get(out);
    let vals: Float32Array;
    if (use?.op === 'BatchNormalization') {
      vals = use.k === 1 ? rng.fillUniform(size, 0.8, 1.2) : use.k === 4 ? rng.fillUniform(size, 0.5, 1.5) : rng.fillNormal(size, 0.1);
    } else if (shape.length >= 2) {
      const fanIn = shape.slice(1).reduce((a, b) => a * b, 1);
      vals = rng.fillNormal(size, Math.sqrt(2 / fanIn));
    } else vals = rng.fillNormal(size, 0.05);
    inits.push(makeTensor(out, 1, shape, vals));
    return false;
  });
  m.graph!.node = nodes;
  m.graph!.initializer = inits;
  return m;
}

/** Name of the tensor entering the final Softmax (the logits), or the first output. */
export function logitsOf(model: ModelProto): string {
  const nodes = model.graph!.node ?? [];
  const out = model.graph!.output![0]!.name!;
  const sm = nodes.find((n) => n.opType === 'Softmax' && n.output![0] === out);
  return sm ? sm.input![0]! : out;
}
