/**
 * Which form the Conv input gradient takes for 1 x 1 strided kernels (ResNet's shortcuts): a
 * nearest upsample times a 0/1 grid by default, the Pad of unit axes when portable (values are
 * checked against finite differences by the op tables, on the WebGPU EP by test/webgpu.test.ts).
 */
import { compile } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { buildCase } from '../support/op-case.js';
import { CONV_CASES } from './cases/conv.js';

const gradOps = (name: string, portable: boolean): string[] => {
  const { model, wrt } = buildCase(CONV_CASES.find((c) => c.name === name)!);
  return compile(model, { wrt, portable }).model.graph!.node!.filter((n) => n.name!.startsWith('axplain_grad')).map((n) => n.opType!);
};

describe('1 x 1 strided Conv: input-gradient form', () => {
  it.each([
    ['Conv constant W stride 2 kernel 1 opset 9 (Upsample form)', 'Upsample'],
    ['Conv constant W stride 2 kernel 1 opset 10 (Resize-10 form)', 'Resize'],
    ['Conv constant W stride 2 kernel 1 (ResNet shortcut)', 'Resize'],
  ])('%s: %s and a Mul, no Pad; portable: the Pad', (name, op) => {
    const ops = gradOps(name, false);
    expect(ops).toContain(op);
    expect(ops).toContain('Mul');
    expect(ops).not.toContain('Pad');
    const portable = gradOps(name, true);
    expect(portable).toContain('Pad');
    expect(portable).not.toContain(op);
  });

  it('stride 1: neither an upsample nor a grid Mul (nothing to spread)', () => {
    const ops = gradOps('Conv constant W kernel 1 stride 1 (squeeze / expand 1x1)', false);
    expect(ops.filter((op) => ['Upsample', 'Resize', 'Mul', 'Pad'].includes(op))).toEqual([]);
  });
});
