import { DT, ModelBuilder, type ModelProto, valueInfo } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { ModelSignatureError, TensorNotFoundError } from './errors.js';
import { classesOf, declaredShape, pinInputShape, resolveSignature } from './io-names.js';

/** x [shape] -> MatMul W [k, 3] -> logits. */
function linear(shape: (number | string)[], opts: { inputType?: number } = {}): ModelProto {
  const b = new ModelBuilder({ opset: 13 });
  const k = shape.at(-1) as number;
  const x = b.input('x', shape, opts.inputType ?? DT.FLOAT);
  const w = b.initializer('w', [k, 3], new Float32Array(k * 3).fill(0.5));
  b.output(b.node('MatMul', [x, w]));
  return b.build();
}

const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
};

describe('resolveSignature', () => {
  it('reads the input, the output, the per-sample shape and a dynamic batch', () => {
    const s = resolveSignature(linear(['N', 4]), {}, 'm.onnx');
    expect(s).toEqual({ input: 'x', output: 'matmul_0', inputShape: [4], fixedBatch: undefined, outputDims: [3], extraInputs: [], batchDim: 'N' });
  });

  it('reports a static batch size', () => {
    expect(resolveSignature(linear([1, 4]), {}, 'm').fixedBatch).toBe(1);
    expect(resolveSignature(linear([2, 4]), {}, 'm').fixedBatch).toBe(2);
  });

  it('skips inputs that are initializers (IR 3 weights) when choosing the default input', () => {
    const m = linear(['N', 4]);
    m.graph!.input = [valueInfo('w', DT.FLOAT, [4, 3]), ...m.graph!.input!];
    expect(resolveSignature(m, {}, 'm').input).toBe('x');
  });

  it('defaults to the first float32 output, past non-float ones', () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', ['N', 4]);
    const am = b.node('Cast', [x], { to: DT.INT64 });
    b.output(am);
    b.output(b.node('Relu', [x]));
    const s = resolveSignature(b.build(), {}, 'm');
    expect(s.output).toBe('relu_1');
    expect(s.outputDims).toEqual([4]);
    expect(thrown(() => resolveSignature(b.build(), { output: am }, 'm')).message).toMatch(/output 'cast_0' is int64; the logits must be float32/);
  });

  it('names the available tensors when options.input or options.output names none', () => {
    const e = thrown(() => resolveSignature(linear(['N', 4]), { input: 'image' }, 'm.onnx')) as TensorNotFoundError;
    expect(e).toBeInstanceOf(TensorNotFoundError);
    expect(e.code).toBe('TENSOR_NOT_FOUND');
    expect(e.available).toEqual(['x']);
    expect(e.message).toBe("m.onnx: no input tensor named 'image'; the model's inputs are: 'x'. Pass one of them as options.input");
    const o = thrown(() => resolveSignature(linear(['N', 4]), { output: 'logits' }, 'm.onnx')) as TensorNotFoundError;
    expect(o.option).toBe('output');
    expect(o.message).toContain("no output tensor named 'logits'; the model's outputs are: 'matmul_0'");
    // A weight listed as an input is not a valid choice either.
    const m = linear(['N', 4]);
    m.graph!.input = [valueInfo('w', DT.FLOAT, [4, 3]), ...m.graph!.input!];
    expect((thrown(() => resolveSignature(m, { input: 'w' }, 'm')) as TensorNotFoundError).available).toEqual(['x']);
  });

  it('rejects a model without a float input, listing its inputs and types', () => {
    const b = new ModelBuilder({ opset: 13 });
    const ids = b.input('ids', ['N', 4], DT.INT64);
    b.output(b.node('Cast', [ids], { to: DT.FLOAT }));
    const e = thrown(() => resolveSignature(b.build(), {}, 'm.onnx'));
    expect(e).toBeInstanceOf(ModelSignatureError);
    expect(e.message).toBe("m.onnx: the model has no float input to explain (inputs: 'ids' int64); axplain differentiates with respect to a float32 input");
  });

  it('rejects a float16 input (the adapter feeds float32)', () => {
    const e = thrown(() => resolveSignature(linear(['N', 4], { inputType: DT.FLOAT16 }), {}, 'm'));
    expect(e).toBeInstanceOf(ModelSignatureError);
    expect(e.message).toContain("input 'x' is float16; the node adapter feeds float32");
  });

  it('lists the extra inputs (fed by extra-inputs.ts) and the batch dim', () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', ['N', 4]);
    const y = b.input('mask', ['N', 4]);
    b.output(b.node('Mul', [x, y]));
    const s = resolveSignature(b.build(), {}, 'm');
    expect(s.extraInputs.map((i) => i.name)).toEqual(['mask']);
    expect(s.batchDim).toBe('N');
  });

  it('needs inputShape for symbolic per-sample dims, and checks it against the static ones', () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('img', ['N', 3, 'H', 'W']);
    b.output(b.node('GlobalAveragePool', [x]));
    const m = b.build();
    const e = thrown(() => resolveSignature(m, {}, 'm.onnx'));
    expect(e).toBeInstanceOf(ModelSignatureError);
    expect(e.message).toBe(
      "m.onnx: input 'img' is declared [N, 3, H, W] with symbolic per-sample dims (H, W); pass options.inputShape with their values (per sample, without the batch axis), e.g. [3, 224, 224]",
    );
    expect(resolveSignature(m, { inputShape: [3, 8, 6] }, 'm').inputShape).toEqual([3, 8, 6]);
    expect(() => resolveSignature(m, { inputShape: [1, 8, 6] }, 'm')).toThrow(/inputShape: \[1, 8, 6\] does not fit input 'img' declared as \[N, 3, H, W\]/);
    expect(() => resolveSignature(m, { inputShape: [3, 8] }, 'm')).toThrow(RangeError);
    expect(() => resolveSignature(m, { inputShape: [3, 8, 0] }, 'm')).toThrow(/inputShape: expected positive integers/);
  });

  it('keeps the declared per-sample output dims, symbolic ones included', () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('x', ['N', 5, 'H', 'W']);
    b.output(b.node('GlobalAveragePool', [x]));
    expect(resolveSignature(b.build(), { inputShape: [5, 4, 4] }, 'm').outputDims).toEqual([5, 1, 1]);
  });
});

describe('pinInputShape', () => {
  it('writes inputShape over symbolic per-sample dims and keeps the batch axis', () => {
    const b = new ModelBuilder({ opset: 13 });
    b.output(b.node('GlobalAveragePool', [b.input('img', ['N', 3, 'H', 'W'])]));
    const m = b.build();
    expect(pinInputShape(m, { input: 'img', inputShape: [3, 8, 6] })).toBe(true);
    expect(declaredShape(m.graph!.input![0]!)).toEqual(['N', 3, 8, 6]);
    expect(pinInputShape(m, { input: 'img', inputShape: [3, 8, 6] })).toBe(false);
    expect(pinInputShape(linear([1, 4]), { input: 'x', inputShape: [4] })).toBe(false);
  });
});

describe('classesOf', () => {
  it('reads C from [C] and from SqueezeNet-style [C, 1, 1]', () => {
    expect(classesOf('y', [10])).toBe(10);
    expect(classesOf('y', [1000, 1, 1])).toBe(1000);
  });

  it('flattens sequences [T, C] and maps [1, H, W]; rejects a scalar or a zero dim', () => {
    expect(classesOf('y', [10, 2])).toBe(20);
    expect(classesOf('y', [1, 4, 5])).toBe(20);
    expect(() => classesOf('y', [])).toThrow(ModelSignatureError);
    expect(() => classesOf('y', [3, 0])).toThrow("output 'y' has per-sample shape [3, 0]; expected logits [N, C], a sequence [N, T, C] or a map [N, 1, H, W]");
  });
});
