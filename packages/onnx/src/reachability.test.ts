import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { NonDifferentiablePathError, UnsupportedOpError } from './errors.js';
import { ModelBuilder } from './model-builder.js';
import { DT } from './proto.js';

/** x -> body -> Mul w -> y, with an optional second, differentiable path x -> Relu added to y. */
function model(body: (b: ModelBuilder, x: string) => string, alternative = false) {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', [2, 3]);
  let y = b.node('Mul', [body(b, x), b.initializer('w', [3], [0.5, -1, 2])]);
  if (alternative) y = b.node('Add', [y, b.node('Relu', [x])]);
  b.output(y);
  return b.build();
}

const cutters: [string, string, (b: ModelBuilder, x: string) => string][] = [
  ['Round', 'Round', (b, x) => b.node('Round', [x])],
  ['a cast to int32 and back', 'Cast', (b, x) => b.node('Cast', [b.node('Cast', [x], { to: DT.INT32 })], { to: DT.FLOAT })],
  ['ArgMax', 'ArgMax', (b, x) => b.node('Cast', [b.node('ArgMax', [x], { axis: 1, keepdims: 1 })], { to: DT.FLOAT })],
  ['a Where whose only input from x is its condition', 'Greater',
    (b, x) => b.node('Where', [b.node('Greater', [x, b.initializer('zero', [], [0])]), b.initializer('one', [], [1]), b.initializer('two', [], [2])])],
];

describe('no silent zero gradients', () => {
  for (const [what, op, body] of cutters) {
    it(`a path only through ${what} raises NonDifferentiablePathError naming the ${op} node`, () => {
      const m = model(body);
      let err: unknown;
      try { compile(m); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(NonDifferentiablePathError);
      const e = err as NonDifferentiablePathError;
      expect(e).toMatchObject({ opType: op, wrt: 'x', of: m.graph!.output![0]!.name, code: 'NON_DIFFERENTIABLE_PATH' });
      expect(e.message).toContain(`(${op})`);
      expect(e.message).toContain(`'${e.nodeName}'`);
    });
    it(`compiles when a differentiable path runs beside ${what}`, () => {
      const res = compile(model(body, true));
      expect(res.gradOutputs).toEqual(['x_grad']);
    });
  }

  it('a tensor that reaches the output only through its shape, or not at all, has a genuine zero gradient', () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [2, 3]);
    const u = b.input('u', [4]);
    b.input('unused', [1]);
    b.output(b.node('Add', [b.node('Relu', [x]), b.node('Cast', [b.node('Shape', [u])], { to: DT.FLOAT })]));
    const m = b.build();
    expect(compile(m, { wrt: ['x', 'u', 'unused'] }).gradOutputs).toEqual(['x_grad', 'u_grad', 'unused_grad']);
  });

  it('names the wrt tensor that is cut off when another one is not', () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [3]);
    const v = b.input('v', [3]);
    b.output(b.node('Add', [b.node('Relu', [x]), b.node('Floor', [v])]));
    expect(() => compile(b.build(), { wrt: ['x', 'v'] })).toThrow(/depends on 'v' only through node #1 'Floor_1' \(Floor\)/);
  });

  it('a quantised op without a rule on the only path is an UnsupportedOpError naming it, not a zero', () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', [2, 3]);
    const s = b.initializer('s', [], [0.1]);
    const z = b.initializer('z', [], [0], DT.UINT8);
    const q = b.node('QuantizeLinear', [x, s, z]);
    const y = b.nodeIn('com.microsoft', 'QLinearSoftmax', [q, s, z, s, z], { axis: 1 });
    // Its output type is unknown to axplain: declare it as the quantiser would.
    const m = b.build();
    m.graph!.valueInfo = [{ name: y, type: { tensorType: { elemType: DT.UINT8, shape: { dim: [{ dimValue: 2 }, { dimValue: 3 }] } } } }];
    m.graph!.node!.push({ opType: 'DequantizeLinear', name: 'dq', input: [y, s, z], output: ['out'] });
    m.graph!.output = [{ name: 'out', type: { tensorType: { elemType: DT.FLOAT, shape: { dim: [{ dimValue: 2 }, { dimValue: 3 }] } } } }];
    expect(() => compile(m)).toThrow(UnsupportedOpError);
    expect(() => compile(m)).toThrow(/'QLinearSoftmax_\d+' \(QLinearSoftmax, opset 13\): op type 'QLinearSoftmax' \(domain com.microsoft\) has no gradient rule/);
  });
});
