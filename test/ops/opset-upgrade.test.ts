/**
 * Opset upgrade (packages/onnx/src/opset-upgrade.ts): every conversion keeps every output value
 * (original and upgraded models run side by side in onnxruntime, outputs compared exactly), the
 * models it cannot convert keep their opset with a reason naming the node, and compile() emits
 * the scatter-add form for an upgraded model.
 */
import { compile, encodeModel, ModelBuilder, type ModelProto, upgradeOpset } from '@axplain/onnx';
import { Rng } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

const X_SHAPE = [2, 3, 6, 6];

/** Every output of a model on one seeded input, as plain arrays (floats and int64 alike). */
async function outputs(model: ModelProto): Promise<Record<string, number[]>> {
  const sess = await ort.InferenceSession.create(encodeModel(model), { logSeverityLevel: 3 });
  try {
    const x = new Rng(5).fillNormal(X_SHAPE.reduce((a, b) => a * b, 1));
    const out = await sess.run({ x: new ort.Tensor('float32', x, X_SHAPE) });
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Array.from(v.data as ArrayLike<number | bigint>, Number)]));
  } finally {
    await sess.release();
  }
}

/** A model at `opset`: x -> MaxPool (the reason to upgrade) and x -> `body` (the op under test). */
function model(opset: number, body: (b: ModelBuilder, x: string) => string[]): ModelProto {
  const b = new ModelBuilder({ opset });
  const x = b.input('x', X_SHAPE);
  b.output(b.node('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2] }));
  for (const o of body(b, x)) b.output(o);
  return b.build();
}

const opsetOf = (m: ModelProto) => Number(m.opsetImport!.find((o) => !o.domain)!.version);

const CONVERTED: { name: string; opset: number; body: (b: ModelBuilder, x: string) => string[] }[] = [
  { name: 'Clip-6 min and max attributes', opset: 9, body: (b, x) => [b.node('Clip', [x], { min: { f: -0.3 }, max: { f: 0.4 } })] },
  { name: 'Clip-6 max only', opset: 9, body: (b, x) => [b.node('Clip', [x], { max: { f: 0.2 } })] },
  { name: 'Pad-2 constant value', opset: 9, body: (b, x) => [b.node('Pad', [x], { pads: [0, 0, 1, 2, 0, 0, 2, 1], value: { f: 1.5 } })] },
  { name: 'Pad-2 reflect', opset: 10, body: (b, x) => [b.node('Pad', [x], { pads: [0, 0, 1, 2, 0, 0, 2, 1], mode: 'reflect' })] },
  { name: 'Slice-1 with axes', opset: 9, body: (b, x) => [b.node('Slice', [x], { starts: [1, 0], ends: [5, 4], axes: [2, 3] })] },
  // Exporters write "to the end" as INT64_MAX: read as a JS number it is 2^63, which must not wrap.
  {
    name: 'Slice-1 with INT64_MAX / INT64_MIN bounds', opset: 9, body: (b, x) => {
      const y = b.node('Slice', [x], { starts: [0, 2], ends: [0, 0], axes: [-1, 2] });
      return [y];
    },
  },
  { name: 'Split-2 with split sizes', opset: 9, body: (b, x) => b.nodeN('Split', [x], { axis: 2, split: [2, 4] }, 2) },
  { name: 'Squeeze-1 and Unsqueeze-1 axes', opset: 9, body: (b, x) => [b.node('Unsqueeze', [b.node('Squeeze', [b.node('ReduceMean', [x], { axes: [1] })], { axes: [1] })], { axes: [0] })] },
  { name: 'ReduceSum-1 axes, keepdims 0', opset: 11, body: (b, x) => [b.node('ReduceSum', [x], { axes: [2, 3], keepdims: 0 })] },
  {
    name: 'Scatter-9 -> ScatterElements', opset: 9, body: (b, x) => {
      const idx = b.initializer('idx', [2, 3, 1, 6], Array.from({ length: 36 }, (_, i) => i % 6), 7);
      const upd = b.initializer('upd', [2, 3, 1, 6], Array.from({ length: 36 }, (_, i) => i / 10));
      return [b.node('Scatter', [x, idx, upd], { axis: 2 })];
    },
  },
  { name: 'Dropout-7 ratio -> Identity', opset: 7, body: (b, x) => [b.node('Relu', [b.node('Dropout', [x], { ratio: { f: 0.3 } })])] },
  { name: 'Dropout-12 (ratio input) kept as it is', opset: 12, body: (b, x) => [b.node('Relu', [b.node('Dropout', [x, b.initializer('ratio', [], [0.3])])])] },
  // The model zoo's files name the mask output without reading it.
  { name: 'Dropout-7 with a named mask nobody reads -> Identity', opset: 9, body: (b, x) => [b.nodeN('Dropout', [x], { ratio: { f: 0.5 } }, 2)[0]!] },
  {
    name: 'BatchNormalization-7 spatial 1', opset: 7, body: (b, x) => {
      const p = (n: string, v: number[]) => b.initializer(n, [3], v);
      return [b.node('BatchNormalization', [x, p('s', [1, 2, 0.5]), p('bias', [0.1, 0, -0.2]), p('mean', [0, 0.3, -1]), p('var', [1, 0.5, 2])], { spatial: 1, epsilon: { f: 1e-3 } })];
    },
  },
  { name: 'Softmax-9 over the last axis of a 2-D input', opset: 9, body: (b, x) => [b.node('Softmax', [b.node('Flatten', [x], { axis: 1 })], { axis: 1 })] },
  { name: 'LogSoftmax-9 axis 1 of [N, C, 1, 1] (SqueezeNet\'s classifier)', opset: 9, body: (b, x) => [b.node('LogSoftmax', [b.node('GlobalAveragePool', [x])], { axis: 1 })] },
  { name: 'Softmax-11 axis -3 of [N, 1, 36, 1]', opset: 11, body: (b, x) => [b.node('Softmax', [b.node('Reshape', [b.node('ReduceMean', [x], { axes: [1] }), b.initializer('shp', [4], [0, 1, 36, 1], 7)])], { axis: -3 })] },
];

describe('upgradeOpset converts without changing a value', () => {
  for (const c of CONVERTED)
    it(c.name, async () => {
      const m = model(c.opset, c.body);
      if (c.name.includes('INT64_MAX')) {
        // JS numbers cannot hold INT64_MAX: the attributes take the exact decimal strings.
        const attrs = m.graph!.node!.find((n) => n.opType === 'Slice')!.attribute!;
        attrs.find((a) => a.name === 'starts')!.ints = ['-9223372036854775808', '2'] as never;
        attrs.find((a) => a.name === 'ends')!.ints = ['9223372036854775807', '9223372036854775807'] as never;
      }
      const up = upgradeOpset(m);
      if (!('model' in up)) throw new Error(up.reason);
      expect(opsetOf(up.model)).toBe(16);
      expect(opsetOf(m)).toBe(c.opset); // the input model is not touched
      // Dropout-12 may carry training_mode = true (then it drops): it stays a Dropout.
      if (c.name.includes('kept as it is')) expect(up.model.graph!.node!.map((n) => n.opType)).toContain('Dropout');
      const [a, b] = [await outputs(m), await outputs(up.model)];
      expect(Object.keys(b)).toEqual(Object.keys(a));
      for (const k of Object.keys(a)) expect(b[k], k).toEqual(a[k]);
    });
});

describe('models upgradeOpset leaves at their opset, with the reason', () => {
  const rows: { name: string; m: () => ModelProto; reason: RegExp }[] = [
    { name: 'Softmax-9 over axes 1.. of a 4-D input', m: () => model(9, (b, x) => [b.node('Softmax', [x], { axis: 1 })]), reason: /Softmax 'Softmax_1' normalises over axes 1\.\. of a \[2, 3, 6, 6\] input together/ },
    { name: 'Upsample-9', m: () => model(9, (b, x) => [b.node('Upsample', [x, b.initializer('sc', [4], [1, 1, 2, 2])], { mode: 'nearest' })]), reason: /no conversion of Upsample from opset 9/ },
    { name: 'Dropout mask output used', m: () => model(9, (b, x) => [b.nodeN('Dropout', [x], {}, 2)[1]!]), reason: /Dropout 'Dropout_1' has its mask output used/ },
    { name: 'BatchNormalization spatial 0', m: () => model(7, (b, x) => { const p = (n: string) => b.initializer(n, [3, 6, 6], new Array<number>(108).fill(1)); return [b.node('BatchNormalization', [x, p('s'), p('b'), p('m'), p('v')], { spatial: 0 })]; }), reason: /spatial = 0/ },
    { name: 'no MaxPool', m: () => { const b = new ModelBuilder({ opset: 9 }); b.output(b.node('Relu', [b.input('x', X_SHAPE)])); return b.build(); }, reason: /no float32 or float16 MaxPool/ },
    { name: 'already opset 16', m: () => model(16, (b, x) => [b.node('Relu', [x])]), reason: /already has ScatterElements with reduction/ },
    {
      name: 'a subgraph (If)', m: () => model(11, (b, x) => {
        const branch = (op: string) => { const s = new ModelBuilder({ opset: 11 }); s.output(s.node(op, [s.initializer('k', [1], [1])])); return s.build().graph!; };
        return [b.node('If', [b.initializer('c', [], [1], 9)], { then_branch: { graph: branch('Relu') }, else_branch: { graph: branch('Neg') } })];
      }), reason: /If 'If_1' has a subgraph/,
    },
  ];
  for (const r of rows)
    it(r.name, () => {
      const up = upgradeOpset(r.m());
      expect('reason' in up ? up.reason : 'converted').toMatch(r.reason);
    });

  it('the value comparison above catches a change of meaning: Softmax-9 bumped to 16 as it is gives other values', async () => {
    const m = model(9, (b, x) => [b.node('Softmax', [x], { axis: 1 })]);
    const naive = model(9, (b, x) => [b.node('Softmax', [x], { axis: 1 })]);
    naive.opsetImport = [{ domain: '', version: 16 }];
    naive.irVersion = 8;
    const [a, b] = [await outputs(m), await outputs(naive)];
    expect(b.softmax_1).not.toEqual(a.softmax_1);
    expect(b.maxpool_0).toEqual(a.maxpool_0);
  });
});

describe('compile and the upgrade', () => {
  const m = () => model(9, (b, x) => [b.node('Relu', [x])]);
  const form = (res: ReturnType<typeof compile>) => ({
    opset: opsetOf(res.model),
    scatterAdd: res.model.graph!.node!.filter((n) => n.opType === 'ScatterElements' && n.attribute?.some((a) => a.name === 'reduction')).length,
  });
  it('an opset-9 model with a MaxPool compiles at opset 16 with one scatter-add per MaxPool', () => {
    expect(form(compile(m(), { of: 'maxpool_0' }))).toEqual({ opset: 16, scatterAdd: 1 });
  });
  it('portable graphs and keepOpset stay at the model opset', () => {
    expect(form(compile(m(), { of: 'maxpool_0', portable: true }))).toEqual({ opset: 9, scatterAdd: 0 });
    expect(form(compile(m(), { of: 'maxpool_0' }, { keepOpset: true }))).toEqual({ opset: 9, scatterAdd: 0 });
  });
});
