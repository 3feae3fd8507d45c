/**
 * Control flow as torch.jit.script + torch.onnx.export (torch 1.13, opset 13) emits it: an If
 * whose branches capture the input, weights and the first-stage score, and a Loop whose trip
 * count comes from the dynamic batch size. The fixtures are made by ./make_torch_fixtures.py.
 */
import { readFileSync } from 'node:fs';
import { compile, decodeModel } from '@axplain/onnx';
import { gradCheck } from '@axplain/node';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => decodeModel(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

describe('TorchScript control flow', () => {
  it('two-stage detector If: both branches, against finite differences', async () => {
    const model = fixture('torch-two-stage-if.onnx');
    const wrt = ['x', 'verify.0.weight', 'stage1.weight'];
    expect(compile(model, { wrt }).model.graph!.node!.some((n) => n.opType === 'If' && n.name!.startsWith('axplain_grad'))).toBe(true);
    let branches = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const r = await gradCheck(model, { wrt, direction: 'gradient', randomDirections: 2, seed, inputRange: [-2, 2] });
      expect(r.maxRelError, `seed ${seed}`).toBeLessThan(1e-2);
      // The verifier's weights get a gradient exactly when the then-branch runs.
      branches |= r.perWrt[1]!.gradNorm > 0 ? 1 : 2;
    }
    expect(branches, 'both branches taken over the seeds').toBe(3);
  });

  it('Loop with a trip count from the dynamic batch size (batch 1 and 2: 4 and 5 steps)', async () => {
    const model = fixture('torch-recurrent-loop.onnx');
    for (const batch of [1, 2]) {
      const r = await gradCheck(model, { wrt: ['x', 'lin.weight', 'lin.bias'], dims: { batch }, direction: 'gradient', randomDirections: 2, seed: batch });
      expect(r.maxRelError, `batch ${batch}`).toBeLessThan(1e-2);
    }
  });
});
