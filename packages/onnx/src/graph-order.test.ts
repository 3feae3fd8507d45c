import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { ModelFormatError } from './errors.js';
import { checkTopologicalOrder } from './graph-order.js';
import { ModelBuilder } from './model-builder.js';
import type { ModelProto } from './proto.js';

/** x -> Relu -> Tanh -> y. */
function chain(): ModelProto {
  const b = new ModelBuilder({ opset: 13 });
  b.output(b.node('Tanh', [b.node('Relu', [b.input('x', [1, 3])])]));
  return b.build();
}

describe('checkTopologicalOrder', () => {
  it('accepts a graph in topological order (and compile differentiates it)', () => {
    expect(() => checkTopologicalOrder(chain())).not.toThrow();
    expect(compile(chain()).gradOutputs).toEqual(['x_grad']);
  });

  it('names a dangling input (or a missing initializer)', () => {
    const m = chain();
    m.graph!.node![1]!.input = ['nowhere'];
    expect(() => compile(m)).toThrow(ModelFormatError);
    expect(() => compile(m)).toThrow(/node #1 '.*' \(Tanh\): input 'nowhere' is not a graph input, an initializer or the output of any node/);
  });

  it('names a cycle (a node reading its own output) and nodes out of order', () => {
    const self = chain();
    self.graph!.node![0]!.input = [self.graph!.node![0]!.output![0]!];
    expect(() => compile(self)).toThrow(/node #0 '.*' \(Relu\): input '.*' is produced by node #0, which comes at or after it: the graph has a cycle/);
    const swapped = chain();
    swapped.graph!.node!.reverse();
    expect(() => checkTopologicalOrder(swapped)).toThrow(/node #0 '.*' \(Tanh\): input '.*' is produced by node #1, which comes at or after it/);
  });
});
