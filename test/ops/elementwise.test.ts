import { compile, DT, ModelBuilder } from '@axplain/onnx';
import { gradCheck, Rng } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { buildCase, type OpCase } from '../support/op-case.js';
import { offZero } from './cases/elementwise.js';

describe('elementwise special cases', () => {
  it('Max(x, x) and Min(x, x): a tie sends the whole gradient to one input', async () => {
    for (const op of ['Max', 'Min']) {
      const b = new ModelBuilder({ opset: 13 });
      const x = b.input('x', [2, 3]);
      b.output(b.node(op, [x, x]));
      const r = await gradCheck(b.build(), { wrt: ['x'] });
      expect(r.maxRelError).toBeLessThan(1e-3);
    }
  });

  it('float16 models (Cast in, Cast out): activations and Max/Min', async () => {
    // onnxruntime's CPU provider mis-compares float16 Max/Min outputs (opset 12+) with their own
    // inputs, so the Max/Min rule compares inputs pairwise: this guards that choice.
    for (const [op, opset] of [['Relu', 7], ['Sigmoid', 7], ['LeakyRelu', 13], ['Max', 13], ['Min', 17]] as const) {
      const b = new ModelBuilder({ opset });
      const x = b.input('x', [2, 3]);
      const h = b.node('Cast', [x], { to: DT.FLOAT16 });
      const ins = op === 'Max' || op === 'Min' ? [h, b.node('Cast', [b.input('w', [3])], { to: DT.FLOAT16 }), b.node('Neg', [h])] : [h];
      b.output(b.node('Cast', [b.node(op, ins)], { to: DT.FLOAT }));
      const feeds = { x: Float32Array.from([0.7, -0.8, 0.9, -0.6, 0.65, 0.75]), w: Float32Array.from([0.1, 0.3, -0.5]) };
      const wrt = ins.length > 1 ? ['x', 'w'] : ['x'];
      const r = await gradCheck(b.build(), { wrt, feeds, steps: [0.04, 0.02] });
      expect(r.maxRelError, `${op} opset ${opset}`).toBeLessThan(2e-2);
    }
  });

  it('Mul(x, x) accumulates both operands', async () => {
    const b = new ModelBuilder();
    const x = b.input('x', [2, 3]);
    b.output(b.node('Mul', [x, x]));
    const r = await gradCheck(b.build(), { wrt: ['x'] });
    expect(r.maxRelError).toBeLessThan(2e-2);
  });

  it('Cast float -> float16 -> float casts the cotangent back', async () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [2, 3]);
    const h = b.node('Cast', [x], { to: DT.FLOAT16 });
    const s = b.node('Mul', [h, b.initializer('two', [], [2], DT.FLOAT16)]);
    b.output(b.node('Cast', [s], { to: DT.FLOAT }));
    const model = b.build();
    const res = compile(model, { wrt: ['x'] });
    expect(res.model.graph!.node!.filter((n) => n.opType === 'Cast').length).toBeGreaterThan(2);
    // The function is linear, so large steps keep float16 rounding out of the finite differences.
    const r = await gradCheck(model, { wrt: ['x'], steps: [0.5, 0.25] });
    expect(r.maxRelError).toBeLessThan(2e-2);
  });

  it('a Cast to an integer type cuts the gradient path', async () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [2, 3]);
    const i = b.node('Cast', [x], { to: DT.INT32 });
    const f = b.node('Cast', [i], { to: DT.FLOAT });
    b.output(b.node('Add', [f, b.node('Mul', [x, x])]));
    const model = b.build();
    const res = compile(model, { wrt: ['x'] });
    // No gradient node reads the integer tensor.
    const emitted = res.model.graph!.node!.slice(4);
    expect(emitted.some((n) => (n.input ?? []).includes(i))).toBe(false);
    // Away from integer boundaries the truncation is locally constant.
    const r = await gradCheck(model, { wrt: ['x'], feeds: { x: Float32Array.from(offZero(6, 0.2, 0.8)) } });
    expect(r.maxRelError).toBeLessThan(2e-2);
  });

  it('Dropout mask cast to float and used downstream gets a zero cotangent', async () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [2, 3]);
    const [y, mask] = b.nodeN('Dropout', [x], {}, 2) as [string, string];
    b.output(b.node('Mul', [y, b.node('Cast', [mask], { to: DT.FLOAT })]));
    const r = await gradCheck(b.build(), { wrt: ['x'] });
    expect(r.maxRelError).toBeLessThan(2e-2);
  });

  it('Pow with a runtime integer exponent (opset 13)', async () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [2, 3]);
    const p = b.input('p', [3]);
    b.output(b.node('Pow', [x, b.node('Cast', [p], { to: DT.INT64 })]));
    const model = b.build();
    const feeds = { x: Float32Array.from([0.5, 1.2, 1.7, 0.8, 1.5, 0.4]), p: Float32Array.from([2, 3, -1]) };
    const r = await gradCheck(model, { wrt: ['x'], feeds });
    expect(r.maxRelError).toBeLessThan(2e-2);
  });
});

/**
 * Second order: the gradient graphs these rules emit are themselves differentiated and checked
 * (every op a rule emits must have a rule of its own).
 */
const SECOND_ORDER: OpCase[] = [
  { name: 'Sigmoid', op: 'Sigmoid', inputs: [{ shape: [2, 3], range: [-3, 3] }] },
  { name: 'Tanh', op: 'Tanh', inputs: [{ shape: [2, 3], range: [-2, 2] }] },
  { name: 'Exp', op: 'Exp', inputs: [{ shape: [2, 3] }] },
  { name: 'Log', op: 'Log', inputs: [{ shape: [2, 3], range: [0.5, 2] }] },
  { name: 'Sqrt', op: 'Sqrt', inputs: [{ shape: [2, 3], range: [0.5, 2] }] },
  { name: 'Reciprocal', op: 'Reciprocal', inputs: [{ shape: [2, 3], range: [0.5, 2] }] },
  { name: 'Softplus', op: 'Softplus', inputs: [{ shape: [2, 3], range: [-3, 3] }] },
  { name: 'Softsign', op: 'Softsign', inputs: [{ shape: [2, 3], values: offZero(6, 0.2, 2) }] },
  { name: 'Erf', op: 'Erf', inputs: [{ shape: [2, 3], range: [-2, 2] }] },
  { name: 'Sin', op: 'Sin', inputs: [{ shape: [2, 3], range: [-3, 3] }] },
  { name: 'Elu', op: 'Elu', inputs: [{ shape: [2, 3], values: offZero(6, 0.2, 2) }] },
  { name: 'Selu opset 8', op: 'Selu', opset: 8, inputs: [{ shape: [2, 3], values: offZero(6, 0.2, 2) }] },
  { name: 'Gelu none', op: 'Gelu', opset: 20, inputs: [{ shape: [2, 3], range: [-3, 3] }] },
  { name: 'Gelu tanh', op: 'Gelu', opset: 20, attrs: { approximate: 'tanh' }, inputs: [{ shape: [2, 3], range: [-3, 3] }] },
  { name: 'Mish', op: 'Mish', opset: 18, inputs: [{ shape: [2, 3], range: [-3, 3] }] },
  { name: 'HardSwish', op: 'HardSwish', opset: 14, inputs: [{ shape: [2, 3], values: [-2.5, -1, -0.3, 0.4, 1.6, 2.6] }] },
  { name: 'Pow x^3', op: 'Pow', inputs: [{ shape: [2, 3] }, { shape: [], kind: 'const', values: [3] }] },
  { name: 'Pow base and exponent', op: 'Pow', inputs: [{ shape: [2, 3], range: [0.5, 2] }, { shape: [2, 3] }] },
  { name: 'Div', op: 'Div', inputs: [{ shape: [2, 3] }, { shape: [2, 3], range: [0.5, 2] }] },
  { name: 'Mul', op: 'Mul', inputs: [{ shape: [2, 3] }, { shape: [2, 3] }] },
];

describe('elementwise second order', () => {
  for (const c of SECOND_ORDER)
    it(c.name, async () => {
      const { model, wrt, feeds, dims } = buildCase(c);
      const first = compile(model, { wrt });
      // The second compile names its output `${x}_grad` too: give the first one another name.
      const g1 = first.gradOutputs[0]!;
      for (const n of first.model.graph!.node!) {
        n.output = (n.output ?? []).map((o) => (o === g1 ? `${g1}1` : o));
        if (n.name === `${g1}_identity`) n.name = `${g1}1_identity`;
      }
      for (const o of first.model.graph!.output!) if (o.name === g1) o.name = `${g1}1`;
      const ct = new Rng(7).fillNormal(feeds[wrt[0]!]!.length);
      const r = await gradCheck(first.model, {
        of: `${g1}1`, wrt: [wrt[0]!], feeds: { ...feeds, [first.cotangentInput]: ct }, dims,
      });
      expect(r.maxRelError).toBeLessThan(c.tol ?? 2e-2);
    });
});
