/**
 * Gradient attributions through the Node adapter on the real trained MNIST model (ONNX model
 * zoo; digits scaled to [0, 1]): IG completeness at 64 steps, maps that concentrate on the
 * strokes, and the WebGPU EP's numbers equal to the CPU's.
 */
import { concatBatch, inferPreprocessSpec, integratedGradients, saliency, smoothGrad, type Tensor } from '@axplain/core';
import { loadImageTensor, loadModel, type OnnxGradientModel } from '@axplain/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sharedDir } from './support/shared.js';
import { webgpu } from './support/webgpu.js';

const zoo = sharedDir('attributions on the MNIST zoo model', 'models/mnist-zoo');
const MODEL = zoo.file('mnist-8-opt.onnx');
const DIGITS = [0, 3, 5, 7];
let model: OnnxGradientModel;
let x: Tensor;

/** Loads the model and the four digits for the suite it is called in (hooks of a skipped suite never run). */
function setUp() {
  beforeAll(async () => {
    model = await loadModel(MODEL);
    const spec = inferPreprocessSpec(model.inputShape);
    x = concatBatch(await Promise.all(DIGITS.map((d) => loadImageTensor([zoo.file(`digit-${d}.jpg`)], spec))));
  });
  afterAll(async () => { await model.dispose(); });
}

/** Share of sum |a| on the stroke (pixels > 0.2, grown by one pixel) per sample, and the stroke's share of the area. */
function strokeShare(a: Tensor, img: Tensor): { mass: number; area: number }[] {
  return DIGITS.map((_, n) => {
    const px = img.data.subarray(n * 784, n * 784 + 784);
    const at = a.data.subarray(n * 784, n * 784 + 784);
    const on = new Uint8Array(784);
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr, cc = c + dc;
        if (rr >= 0 && rr < 28 && cc >= 0 && cc < 28 && px[rr * 28 + cc]! > 0.2) on[r * 28 + c] = 1;
      }
    }
    let mass = 0, total = 0, area = 0;
    for (let i = 0; i < 784; i++) { total += Math.abs(at[i]!); if (on[i]) { mass += Math.abs(at[i]!); area++; } }
    return { mass: mass / total, area: area / 784 };
  });
}

zoo.describe('attributions on the trained MNIST model', () => {
  setUp();
  it('predicts the four digits', async () => {
    const l = await model.logits(x);
    const pred = DIGITS.map((_, n) => { const row = [...l.data.subarray(n * 10, n * 10 + 10)]; return row.indexOf(Math.max(...row)); });
    expect(pred).toEqual(DIGITS);
  });

  it('IG completeness within 1% at 64 steps', async () => {
    const r = await integratedGradients(model, x, { steps: 64 });
    for (let n = 0; n < DIGITS.length; n++)
      expect(Math.abs(r.delta[n]!)).toBeLessThan(0.01 * Math.abs(r.inputScores[n]! - r.baselineScores[n]!));
  });

  it('saliency and SmoothGrad concentrate on the strokes', async () => {
    for (const a of [(await saliency(model, x)).attribution, (await smoothGrad(model, x, { samples: 16, seed: 1 })).attribution]) {
      for (const s of strokeShare(a, x)) {
        // The stroke region (about 35% of the image) holds most of the evidence (measured 55-63%;
        // a map unrelated to the strokes would hold about its area's share).
        expect(s.area).toBeLessThan(0.45);
        expect(s.mass).toBeGreaterThan(Math.max(0.5, 1.4 * s.area));
      }
    }
  });
});

// The WebGPU EP is only probed when the model is there (no GPU probe for a skipped file).
const gpu = zoo.ok ? await webgpu('WebGPU attributions on the MNIST zoo model') : zoo;
gpu.describe('the WebGPU EP gives the CPU attributions', () => {
  setUp();
  it('IG (16 steps) and saliency agree within 1e-3 relative', async () => {
    const web = await loadModel(MODEL, { executionProviders: ['webgpu'] });
    try {
      expect(web.executionProvider).toBe('webgpu');
      for (const run of [(m: OnnxGradientModel) => integratedGradients(m, x, { steps: 16 }), (m: OnnxGradientModel) => saliency(m, x)]) {
        const a = (await run(model)).attribution.data;
        const b = (await run(web)).attribution.data;
        const scale = Math.max(...a.map(Math.abs));
        expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!))) / scale).toBeLessThan(1e-3);
      }
    } finally {
      await web.dispose();
    }
  });
});
