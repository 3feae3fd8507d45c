/**
 * `pnpm bench:explainers`: seconds per image of AXAI against the forward-only baselines (LIME,
 * KernelSHAP, Occlusion) on a 224x224 ImageNet architecture (zoo-light ResNet-50 with random
 * weights, logits output, CPU EP), as in the AXAI paper's timing table (ResNet-34 on a laptop
 * CPU: LIME 105 s, SHAP 35 s, AXAI 6.6 s). Budgets are the methods' usual defaults; AXAI's time
 * includes its QuickShift segmentation.
 */
import { axai, kernelShap, lime, occlusion, type Tensor } from '@axplain/core';
import { loadModel } from '@axplain/node';
import { encodeModel } from '@axplain/onnx';
import { loadShared } from './shared.js';
import { randomizeWeights } from '../test/support/zoo.js';

const LIME_EVALS = Number(process.env.BENCH_LIME_EVALS ?? 1000);
const SHAP_EVALS = Number(process.env.BENCH_SHAP_EVALS ?? 1000);
const proto = randomizeWeights(loadShared('models/zoo-light/light_resnet50.onnx'), 1);
const model = await loadModel(encodeModel(proto), { maxBatch: 16, sessionOptions: { graphOptimizationLevel: 'all' } });
// A smooth synthetic image (not noise) so segmentations are meaningful.
const x: Tensor = {
  data: Float32Array.from({ length: 3 * 224 * 224 }, (_, i) => {
    const c = Math.floor(i / 50176), p = i % 50176, r = Math.floor(p / 224), q = p % 224;
    return 0.5 + 0.4 * Math.sin((r + 40 * c) / 23) * Math.cos(q / 31);
  }),
  shape: [1, 3, 224, 224],
};
const time = async (name: string, f: () => Promise<unknown>, budget: string) => {
  const t0 = performance.now();
  await f();
  const s = (performance.now() - t0) / 1000;
  process.stderr.write(`${name} done\n`);
  return { name, s, budget };
};
const rows = [
  await time('AXAI', () => axai(model, x, { steps: 20 }), '20 PGD steps (vjp) + QuickShift'),
  await time('LIME', () => lime(model, x, { maxEvals: LIME_EVALS, seed: 0 }), `${LIME_EVALS} forward evaluations, SLIC segments`),
  await time('KernelSHAP', () => kernelShap(model, x, { maxEvals: SHAP_EVALS, seed: 0 }), `${SHAP_EVALS} forward evaluations, SLIC segments`),
  await time('Occlusion', () => occlusion(model, x, { window: 16 }), '16x16 window, stride 16 (196 evaluations)'),
];
await model.dispose();
const axaiS = rows[0]!.s;
process.stdout.write([
  'ResNet-50 (zoo-light, random weights), one 224x224 image, CPU EP, seconds per image',
  '| method | budget | seconds | vs AXAI |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.budget} | ${r.s.toFixed(1)} | ${(r.s / axaiS).toFixed(1)}x |`),
].join('\n') + '\n');
