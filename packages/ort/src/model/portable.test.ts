/** Which execution-provider lists get a portable gradient graph, and what portable changes. */
import { ModelBuilder, encodeModel, decodeModel } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { compileGradient, needsPortableGraph } from './compile.js';

describe('needsPortableGraph', () => {
  it('is false for the EPs that run every form, true as soon as another is listed', () => {
    expect(needsPortableGraph(['cpu'])).toBe(false);
    expect(needsPortableGraph(['wasm'])).toBe(false);
    expect(needsPortableGraph([{ name: 'cuda' }, 'cpu'])).toBe(false);
    expect(needsPortableGraph(['webgpu', 'cpu'])).toBe(true);
    expect(needsPortableGraph(['cpu', { name: 'dml' }])).toBe(true);
    expect(needsPortableGraph(['webnn'])).toBe(true);
  });

  it('compileGradient passes portable to the compiler: no MaxPool Indices output and no scatter', () => {
    const b = new ModelBuilder({ opset: 12 });
    b.output(b.node('Flatten', [b.node('MaxPool', [b.input('x', [1, 2, 7, 7])], { kernel_shape: [3, 3], strides: [2, 2] })]));
    const bytes = encodeModel(b.build());
    const ops = (portable: boolean) => decodeModel(compileGradient(bytes, { wrt: 'x', of: b.build().graph!.output![0]!.name!, portable }).bytes)
      .graph!.node!.map((n) => n.opType!);
    expect(ops(false)).toContain('ScatterElements');
    expect(ops(true).filter((op) => op.startsWith('Scatter'))).toEqual([]);
    expect(ops(true).filter((op) => op === 'MaxPool')).toHaveLength(1); // the forward's own
  });
});
