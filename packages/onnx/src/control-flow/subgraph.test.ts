import { describe, expect, it } from 'vitest';
import { Node } from '../node.js';
import type { NodeProto } from '../proto.js';
import { graphCaptures, nodeCaptures } from './subgraph.js';

const n = (opType: string, input: string[], output: string[], attribute: NodeProto['attribute'] = []): NodeProto => ({ opType, input, output, attribute });

describe('subgraph captures', () => {
  // Loop body reads w (outer) and its own h; a nested If reads h (body scope) and b (outer).
  const inner = { node: [n('Add', ['h', 'b'], ['t'])], output: [{ name: 't' }] };
  const body = {
    input: [{ name: 'i' }, { name: 'c' }, { name: 'h0' }], initializer: [{ name: 'k' }],
    node: [
      n('MatMul', ['h0', 'w'], ['h']),
      n('If', ['c'], ['y'], [{ name: 'then_branch', g: inner }, { name: 'else_branch', g: { node: [n('Mul', ['h', 'k'], ['u'])], output: [{ name: 'u' }] } }]),
      n('Identity', ['c'], ['c1']),
    ],
    output: [{ name: 'c1' }, { name: 'y' }],
  };
  it('a body captures outer names read by it or by nested subgraphs, not its own', () => {
    expect(graphCaptures(body)).toEqual(['w', 'b']);
  });
  it('a control-flow Node lists its captures after its explicit inputs', () => {
    const loop = n('Loop', ['m', '', 'x'], ['out'], [{ name: 'body', g: body }]);
    expect(nodeCaptures(loop)).toEqual(['w', 'b']);
    const node = new Node(loop, 0);
    expect(node.inputs).toEqual(['m', '', 'x', 'w', 'b']);
    expect(node.explicitInputs).toEqual(['m', '', 'x']);
    expect(new Node(n('Relu', ['x'], ['y']), 1).inputs).toEqual(['x']);
  });
});
