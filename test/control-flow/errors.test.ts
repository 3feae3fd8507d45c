import { compile, DT, ModelBuilder, NonDifferentiablePathError, UnsupportedOpError } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { graph, node } from './models.js';

/** y = If(cond) then f(x) (a branch built from `then`) else x * 0.5 — x captured in both branches. */
function ifModel(thenNodes: ReturnType<typeof node>[], thenOut: string, condFromX = false) {
  const b = new ModelBuilder({ opset: 17 });
  const x = b.input('x', [1, 3]);
  const c = condFromX
    ? b.node('Greater', [b.node('ReduceSum', [x], { keepdims: 0 }), b.initializer('zero', [], [0])])
    : b.input('c', [], DT.BOOL);
  const thenB = graph('then', thenNodes, [], [[thenOut, [1, 3]]]);
  const elseB = graph('else', [node('Mul', [x, b.initializer('half', [], [0.5])], ['e_y'])], [], [['e_y', [1, 3]]]);
  b.output(b.node('If', [c], { then_branch: thenB as never, else_branch: elseB as never }));
  return b.build();
}

describe('control flow: no silent zero gradients', () => {
  it('a Round inside a branch on the only path from x names the Round and the If', () => {
    // Only the then-branch reads x (the else branch returns a constant).
    const b = new ModelBuilder({ opset: 17 });
    const x = b.input('x', [1, 3]);
    const c = b.input('c', [], DT.BOOL);
    const thenB = graph('then', [node('Round', [x], ['t_r'])], [], [['t_r', [1, 3]]]);
    const elseB = graph('else', [node('Identity', [b.initializer('k', [1, 3], [1, 2, 3])], ['e_y'])], [], [['e_y', [1, 3]]]);
    const y = b.node('If', [c], { then_branch: thenB as never, else_branch: elseB as never });
    b.output(y);
    let err: unknown;
    try { compile(b.build(), { wrt: ['x'] }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(NonDifferentiablePathError);
    const e = err as NonDifferentiablePathError;
    expect(e.opType).toBe('Round');
    expect(e.nodeName).toMatch(/^If_\d+\/then_branch\/Round_/);
    expect(e.message).toMatch(/inside node #\d+ 'If_\d+' \(If\), graph attribute 'then_branch'/);
  });

  it('a Floor on Loop-carried state names the Floor inside the body', () => {
    const b = new ModelBuilder({ opset: 17 });
    const x = b.input('x', [1, 3]);
    const body = graph('step', [node('Floor', ['h_in'], ['h_out']), node('Identity', ['c_in'], ['c_out'])],
      [['i', [], DT.INT64], ['c_in', [], DT.BOOL], ['h_in', [1, 3]]], [['c_out', [], DT.BOOL], ['h_out', [1, 3]]]);
    b.output(b.node('Loop', [b.initializer('m', [], [3], DT.INT64), '', x], { body: body as never }));
    expect(() => compile(b.build(), { wrt: ['x'] })).toThrow(/Floor.*inside node #\d+ 'Loop_\d+' \(Loop\), graph attribute 'body'/s);
  });

  it('a Round on one path inside a branch is fine when another path carries the derivative', () => {
    const m = ifModel([node('Round', ['x'], ['t_r']), node('Mul', ['t_r', 'x'], ['t_y'])], 't_y');
    expect(compile(m, { wrt: ['x'] }).gradOutputs).toEqual(['x_grad']);
  });

  it('an op without a gradient rule inside a branch is UnsupportedOpError naming it', () => {
    const m = ifModel([node('Trilu', ['x'], ['t_y'])], 't_y');
    expect(() => compile(m, { wrt: ['x'] })).toThrow(UnsupportedOpError);
    expect(() => compile(m, { wrt: ['x'] })).toThrow(/Trilu_t_y_\d+/);
  });

  it('dependence only through the condition of an If is a NonDifferentiablePathError at the comparison', () => {
    const b = new ModelBuilder({ opset: 17 });
    const x = b.input('x', [1, 3]);
    const c = b.node('Greater', [b.node('ReduceSum', [x], { keepdims: 0 }), b.initializer('zero', [], [0])]);
    const thenB = graph('then', [node('Identity', [b.initializer('p', [2], [1, 2])], ['t_y'])], [], [['t_y', [2]]]);
    const elseB = graph('else', [node('Identity', [b.initializer('q', [2], [3, 4])], ['e_y'])], [], [['e_y', [2]]]);
    b.output(b.node('If', [c], { then_branch: thenB as never, else_branch: elseB as never }));
    expect(() => compile(b.build(), { wrt: ['x'] })).toThrow(/Greater/);
  });

  it('Loop state that changes shape across iterations is refused, naming the Loop', () => {
    const b = new ModelBuilder({ opset: 17 });
    const x = b.input('x', [1, 3]);
    const body = graph('grow', [node('Concat', ['h_in', 'h_in'], ['h_out'], [{ name: 'axis', type: 2, i: 1 }]), node('Identity', ['c_in'], ['c_out'])],
      [['i', [], DT.INT64], ['c_in', [], DT.BOOL], ['h_in', [1, 3]]], [['c_out', [], DT.BOOL], ['h_out', [1, 6]]]);
    const h = b.node('Loop', [b.initializer('m', [], [1], DT.INT64), '', x], { body: body as never });
    b.output(b.node('ReduceSum', [h], { keepdims: 0 }));
    expect(() => compile(b.build(), { wrt: ['x'] })).toThrow(/Loop_\d+.*changes shape across iterations/s);
  });
});
