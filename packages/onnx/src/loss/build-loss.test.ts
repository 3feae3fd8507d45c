import { describe, expect, it } from 'vitest';
import { Graph } from '../graph.js';
import { ModelBuilder } from '../model-builder.js';
import { encodeModel, tensorValues } from '../proto.js';
import { buildLoss } from './build-loss.js';
import { compileLoss } from './compile-loss.js';
import { LossGraphError } from './loss-graph-error.js';
import { crossEntropy, doubleBackprop, rightReasons, weightDecay } from './terms.js';

function cnn(opset = 13) {
  const b = new ModelBuilder({ opset });
  const x = b.input('image', ['N', 1, 4, 4]);
  const c = b.node('Relu', [b.node('Conv', [x, b.initializer('K', [2, 1, 3, 3], new Array(18).fill(0.1)), b.initializer('k', [2], [0, 0])])]);
  const f = b.node('Flatten', [c], { axis: 1 });
  b.output(b.node('Gemm', [f, b.initializer('W', [8, 3], new Array(24).fill(0.05))]));
  return b.build();
}

const shapeOf = (g: Graph, name: string) => g.info(name).shape;

describe('buildLoss', () => {
  it('adds labels and mask inputs, turns the parameters into inputs, outputs loss, terms and logits', () => {
    const lg = buildLoss(cnn(), { terms: [crossEntropy(), rightReasons(10), weightDecay(1e-3, ['K', 'W'])] });
    const gr = lg.model.graph!;
    expect(gr.input!.map((i) => i.name)).toEqual(['image', 'labels', 'mask', 'K', 'k', 'W']);
    expect(gr.initializer!.some((t) => ['K', 'k', 'W'].includes(t.name!))).toBe(false);
    expect(gr.output!.map((o) => o.name)).toEqual(['loss', 'loss_ce', 'loss_rrr', 'loss_l2', lg.logits]);
    expect(lg).toMatchObject({ x: 'image', labels: 'labels', mask: 'mask', loss: 'loss' });
    expect(lg.params.map((p) => [p.name, p.shape])).toEqual([['K', [2, 1, 3, 3]], ['k', [2]], ['W', [8, 3]]]);
    expect(Array.from(lg.params[0]!.values)).toEqual(new Array(18).fill(Math.fround(0.1)));
    const g = new Graph(lg.model);
    expect(shapeOf(g, 'labels')).toEqual(['N', 3]);
    expect(shapeOf(g, 'mask')).toEqual(['N', 1, 4, 4]);
    expect(shapeOf(g, 'loss')).toEqual([]);
  });

  it('splices the input gradient in with a constant seed of 1 (no cotangent to feed)', () => {
    const lg = buildLoss(cnn(), { terms: [rightReasons(1), doubleBackprop(1)] });
    const seeds = lg.model.graph!.initializer!.filter((t) => t.name!.endsWith('_cotangent'));
    // One seed per differentiated function: sum log p and sum CE.
    expect(seeds).toHaveLength(2);
    for (const s of seeds) expect([s.dims, tensorValues(s)]).toEqual([[], [1]]);
    // The input gradient of the Conv is in the graph: a ConvTranspose fed from the Relu's mask.
    expect(lg.model.graph!.node!.some((n) => n.opType === 'ConvTranspose')).toBe(true);
  });

  it('without input-gradient terms, the loss graph is the model plus a few reductions', () => {
    const m = cnn();
    const lg = buildLoss(m, { terms: [crossEntropy()] });
    expect(lg.mask).toBeUndefined();
    const added = lg.model.graph!.node!.slice(m.graph!.node!.length).map((n) => n.opType);
    expect(added).toEqual(['LogSoftmax', 'Mul', 'ReduceSum', 'Neg', 'ReduceMean', 'Identity', 'Identity']);
  });

  it('compileLoss adds one gradient per parameter, shaped like it, and needs no cotangent input', () => {
    for (const opset of [7, 9, 13, 18]) {
      const train = compileLoss(buildLoss(cnn(opset), { terms: [crossEntropy(), rightReasons(10), doubleBackprop(1, 'l1'), weightDecay(1e-3)] }));
      expect(train.model.graph!.input!.map((i) => i.name)).toEqual(['image', 'labels', 'mask', 'K', 'k', 'W']);
      const g = new Graph(train.model);
      expect(Object.keys(train.grads)).toEqual(['K', 'k', 'W']);
      for (const p of train.params) expect(shapeOf(g, train.grads[p.name]!), `opset ${opset} ${p.name}`).toEqual(p.shape);
      expect(train.model.graph!.output!.map((o) => o.name)).toContain('K_grad');
      expect(encodeModel(train.model).length).toBeGreaterThan(0);
    }
  });

  it('names the tensors it adds apart from the model\'s own', () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('labels', ['N', 2]);
    const y = b.node('MatMul', [x, b.initializer('loss', [2, 2], [1, 0, 0, 1])]);
    b.output(y);
    const lg = buildLoss(b.build(), { terms: [doubleBackprop(1)] });
    expect(lg.x).toBe('labels');
    expect(lg.labels).toBe('labels_1');
    expect(lg.loss).toBe('loss_1');
    expect(lg.params.map((p) => p.name)).toEqual(['loss']);
  });

  it('rejects bad options and models with actionable errors', () => {
    const m = cnn();
    expect(() => buildLoss(m, { terms: [] })).toThrow(/options.terms: no loss terms/);
    expect(() => buildLoss(m, { terms: [crossEntropy(), crossEntropy()] })).toThrow(/two terms are named 'ce'/);
    expect(() => buildLoss(m, { terms: [crossEntropy(Number.NaN)] })).toThrow(/weight NaN/);
    expect(() => buildLoss(m, { params: ['nope'] })).toThrow(RangeError);
    expect(() => buildLoss(m, { params: ['nope'] })).toThrow(/no initializer named 'nope'.*K, k, W/);
    expect(() => buildLoss(m, { params: ['K'], terms: [weightDecay(1, ['W'])] })).toThrow(/weight decay names 'W'/);
    expect(() => buildLoss(m, { input: 'K' })).toThrow(/options.input: 'K' is not a graph input/);
    expect(() => buildLoss(m, { output: 'relu_1' })).toThrow(/options.output: 'relu_1' is not a graph output/);
    const b = new ModelBuilder({ opset: 13 });
    b.output(b.node('Relu', [b.input('x', ['N', 2, 3])]));
    expect(() => buildLoss(b.build())).toThrow(LossGraphError);
    expect(() => buildLoss(b.build())).toThrow(/shaped \[N, C\]/);
    expect(() => compileLoss(buildLoss(cnn(), { params: [] }))).toThrow(/no trained parameters/);
  });
});
