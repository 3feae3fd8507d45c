import { compile } from '@axplain/onnx';
import { gradCheck } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { counterLoop, tanhLoop } from './models.js';

describe('Loop', () => {
  it('carried state x <- tanh(x W + b) with scan outputs, static trip count', async () => {
    const model = tanhLoop(7, 4);
    const res = compile(model, { wrt: ['x', 'w', 'a'] });
    expect(res.model.graph!.node!.filter((n) => n.opType === 'Loop')).toHaveLength(3);
    const r = await gradCheck(model, { wrt: ['x', 'w', 'b', 'a'], direction: 'gradient', randomDirections: 2, seed: 2 });
    expect(r.maxRelError, JSON.stringify(r.perWrt.map((p) => [p.name, p.checks.map((c) => [c.kind, c.analytic, c.numeric])]))).toBeLessThan(1e-2);
  });
  it('early exit through the body condition (trip count known at run time)', async () => {
    const r = await gradCheck(tanhLoop(8, 10, 2), { wrt: ['x', 'w'], direction: 'gradient', randomDirections: 2, seed: 3 });
    expect(r.maxRelError, JSON.stringify(r.perWrt.map((p) => [p.name, p.checks.map((c) => [c.kind, c.analytic, c.numeric])]))).toBeLessThan(1e-2);
  });
  it('an int64 counter carried beside the float state, x read as initial state and from the outer scope', async () => {
    const r = await gradCheck(counterLoop(12), { wrt: ['x', 'w'], direction: 'gradient', randomDirections: 2, seed: 5 });
    expect(r.maxRelError, JSON.stringify(r.perWrt.map((p) => [p.name, p.checks.map((c) => [c.kind, c.analytic, c.numeric])]))).toBeLessThan(1e-2);
  });
});
