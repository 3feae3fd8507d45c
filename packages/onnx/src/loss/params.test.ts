import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../model-builder.js';
import { DT, tensorValues } from '../proto.js';
import { paramsToInputs, trainableParams, withParameters } from './params.js';
import { seedCotangent } from './seed-cotangent.js';

function bnModel() {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', ['N', 2, 3, 3]);
  const c = b.node('Conv', [x, b.initializer('C', [2, 2, 1, 1], [1, 0, 0, 1])]);
  const bn = b.node('BatchNormalization', [c, b.initializer('gamma', [2], [1, 1]), b.initializer('beta', [2], [0, 0]), b.initializer('mean', [2], [0, 0]), b.initializer('var', [2], [1, 1])]);
  // A rank-0 constant (as a decomposed Gelu has) and an int64 shape are not parameters.
  const h = b.node('Mul', [bn, b.initializer('half', [], [0.5])]);
  const f = b.node('Reshape', [h, b.initializer('shape', [2], [-1, 18], DT.INT64)]);
  b.output(b.node('MatMul', [f, b.initializer('W', [18, 4], new Array(72).fill(0.01))]));
  return b.build();
}

describe('trainable parameters', () => {
  it('by default: weights, biases and norm affine parameters; not running statistics, rank-0 constants or shapes', () => {
    expect(trainableParams(bnModel())).toEqual(['C', 'gamma', 'beta', 'W']);
  });

  it('paramsToInputs moves initializers to inputs with their values and rejects unknown or non-float names', () => {
    const { model, params } = paramsToInputs(bnModel(), ['gamma', 'half']);
    expect(model.graph!.input!.map((i) => i.name)).toEqual(['x', 'gamma', 'half']);
    expect(model.graph!.initializer!.map((t) => t.name)).not.toContain('gamma');
    expect(params).toEqual([{ name: 'gamma', shape: [2], values: Float32Array.from([1, 1]) }, { name: 'half', shape: [], values: Float32Array.from([0.5]) }]);
    expect(() => paramsToInputs(bnModel(), ['shape'])).toThrow(/'shape' has element type 7; only float32/);
    expect(() => paramsToInputs(bnModel(), ['W', 'W'])).toThrow(/'W' is listed twice/);
  });

  it('withParameters writes trained values into a copy and checks sizes', () => {
    const m = bnModel();
    const out = withParameters(m, { W: new Float32Array(72).fill(2), beta: Float32Array.from([3, 4]) });
    const get = (name: string) => tensorValues(out.graph!.initializer!.find((t) => t.name === name)!);
    expect(get('W')).toEqual(new Array(72).fill(2));
    expect(get('beta')).toEqual([3, 4]);
    expect(tensorValues(m.graph!.initializer!.find((t) => t.name === 'beta')!)).toEqual([0, 0]);
    expect(() => withParameters(m, { W: new Float32Array(3) })).toThrow(/3 values for initializer 'W' of shape \[18, 4\] \(72 elements\)/);
    expect(() => withParameters(m, { nope: new Float32Array(1) })).toThrow(/no initializer named 'nope'/);
  });
});

describe('seedCotangent', () => {
  it('replaces a scalar cotangent input by an initializer of ones and refuses dynamic shapes', () => {
    const b = new ModelBuilder({ opset: 13 });
    b.input('s_cotangent', []);
    b.input('v_cotangent', ['N']);
    b.output(b.node('Identity', ['s_cotangent']));
    const m = b.build();
    seedCotangent(m, 's_cotangent');
    expect(m.graph!.input!.map((i) => i.name)).toEqual(['v_cotangent']);
    expect(tensorValues(m.graph!.initializer!.at(-1)!)).toEqual([1]);
    expect(() => seedCotangent(m, 'v_cotangent')).toThrow(/not statically shaped/);
  });
});
