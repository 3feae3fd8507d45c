import { describe, expect, it } from 'vitest';
import { reluNet } from '../attacks/attack-fixtures.test-util.js';
import { runAttack } from './attack-runner.js';

describe('runAttack quantize option', () => {
  it('quantize: 255 returns examples on the 8-bit grid, their own success and norms, and what rounding did', async () => {
    const { model, x } = reluNet(3, 12, 4, 16);
    const grid = { data: x.data.map((v) => Math.round(v * 255) / 255), shape: x.shape };
    const plain = await runAttack(model, grid, { attack: 'deepfool', norm: 'l2', seed: 0 });
    expect(plain.quantization).toBeUndefined();
    const q = await runAttack(model, grid, { attack: 'deepfool', norm: 'l2', seed: 0 }, { quantize: 255 });
    expect(q.quantization!.levels).toBe(255);
    expect(Array.from(q.quantization!.unrounded.adversarial.data)).toEqual(Array.from(plain.result.adversarial.data));
    expect(q.result.adversarial.data.every((v) => Math.abs(v * 255 - Math.round(v * 255)) < 1e-3)).toBe(true);
    const pred = await model.logits(q.result.adversarial);
    for (let s = 0; s < 16; s++) {
      const row = Array.from(pred.data.subarray(s * 4, s * 4 + 4));
      expect(q.result.success[s]).toBe(row.indexOf(Math.max(...row)) !== q.result.labels[s] ? 1 : 0);
      // DeepFool ends just past the boundary: whatever it fooled, the saved example fools too.
      if (plain.result.success[s]) expect(q.result.success[s]).toBe(1);
    }
  });
});
