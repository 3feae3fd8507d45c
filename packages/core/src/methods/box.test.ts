/**
 * The registry's searching methods (BSM, BIG, AGI, AXAI, fw) keep their points in the input box the
 * front end passes (`RunContext.box`, e.g. `inputBox` of ImageNet mean/std), not in the default
 * [0, 1]: a registry run with a box equals the core call with that box bit for bit, and on inputs
 * outside [0, 1] the box changes the answer (so forgetting to forward it cannot pass unnoticed).
 */
import { describe, expect, it } from 'vitest';
import type { Box } from '../attacks/types.js';
import { axai } from '../explanations/axai/axai.js';
import { adversarialGradientIntegration } from '../explanations/boundary/adversarial-gradient-integration.js';
import { boundaryIntegratedGradients } from '../explanations/boundary/boundary-integrated-gradients.js';
import { boundarySaliency } from '../explanations/boundary/boundary-saliency.js';
import { sparseCounterfactual } from '../explanations/counterfactual/sparse-counterfactual.js';
import { Rng } from '../rng.js';
import type { Tensor } from '../tensor.js';
import { LinearModel } from '../testing/linear-model.js';
import { inputBox } from './input-box.js';
import { explanationMethod } from './registry.js';

const model = new LinearModel([1, 8, 8], 3, new Rng(11).fillNormal(3 * 64));
// Normalised inputs well outside [0, 1], as ImageNet mean/std produces them.
const x: Tensor = { data: Float32Array.from(new Rng(5).fillNormal(64), (v) => -1.5 + 0.4 * Math.tanh(v)), shape: [1, 1, 8, 8] };
const box: Box = { lo: -2.2, hi: 2.7 };

type Direct = (b: Box | undefined) => Promise<{ attribution: Tensor }>;
const DIRECT: Record<string, Direct> = {
  bsm: (b) => boundarySaliency(model, x, { search: { box: b } }),
  big: (b) => boundaryIntegratedGradients(model, x, { search: { box: b } }),
  agi: (b) => adversarialGradientIntegration(model, x, { box: b }),
  axai: async (b) => {
    const r = await axai(model, x, { box: b });
    const e = r.explanations[0]!;
    return { attribution: { data: Float32Array.from(e.mask, (m, p) => (m ? e.density[e.segmentation.labels[p]!]! : 0)), shape: [1, 1, 8, 8] } };
  },
  fw: async (b) => ({ attribution: (await sparseCounterfactual(model, x, { box: b })).perturbation }),
};

describe('RunContext.box reaches every searching method', () => {
  for (const [name, direct] of Object.entries(DIRECT)) {
    it(`${name}: the registry run inside the box equals the core call with that box, and differs from [0, 1]`, async () => {
      const run = await explanationMethod(name).explain(model, x, {}, { box });
      const want = await direct(box);
      expect(Array.from(run.attribution.data)).toEqual(Array.from(want.attribution.data));
      expect(run.attribution.data.some((v) => v !== 0)).toBe(true);
      // The default box [0, 1] holds none of these inputs: the answer changes or the call refuses.
      // (BSM on a linear model: the same gradient everywhere, but another boundary point and distance.)
      const unboxed = await explanationMethod(name).explain(model, x, {}).then((r) => r, (e: Error) => e);
      if (unboxed instanceof Error) expect(unboxed.message).toMatch(/box/);
      else expect(JSON.stringify([Array.from(unboxed.attribution.data), unboxed.summary])).not.toEqual(JSON.stringify([Array.from(run.attribution.data), run.summary]));
    });
  }

  it('inputBox of ImageNet mean/std is the per-channel range the methods are given', () => {
    const b = inputBox({ width: 4, height: 4, channels: 'rgb', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
    expect(b.lo).toEqual([-0.485 / 0.229, -0.456 / 0.224, -0.406 / 0.225].map((v) => expect.closeTo(v, 6)));
    expect(b.hi).toEqual([0.515 / 0.229, 0.544 / 0.224, 0.594 / 0.225].map((v) => expect.closeTo(v, 6)));
  });
});
