/**
 * `pnpm bench:metrics`: seconds per image of @axplain/metrics batched (many perturbed inputs per
 * model call, `batchSize` rows) against a naive loop that scores one perturbed input per model
 * call, image after image (what a per-sample Python loop such as Quantus' does), on the same
 * model and the same work per image (the loop is the same metric with batchSize 1 on one image
 * at a time; perturbations are keyed by the image's content, so both give the same values, which
 * the script checks). Models: models/mnist-standard (MLP) and, when ../shared is
 * there, the ONNX model zoo's MNIST CNN. CPU EP. Each timing is the fastest of BENCH_RUNS runs
 * (batched and naive alternating): the development machine is shared, and other jobs only ever
 * add time.
 */
import { existsSync } from 'node:fs';
import { gradientXInput, type Tensor, tensor } from '@axplain/core';
import { metric, type MetricInput, registryExplainer } from '@axplain/metrics';
import { loadMnist, loadModel } from '@axplain/node';
import { sharedPath } from './shared.js';

const IMAGES = Number(process.env.BENCH_IMAGES ?? 16);
const BATCH = Number(process.env.BENCH_BATCH ?? 256);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CASES = [
  { metric: 'deletion', options: { steps: 50 }, rows: '51 inputs' },
  { metric: 'faithfulness-correlation', options: { samples: 100, subsetSize: 64 }, rows: '101 inputs' },
  { metric: 'infidelity', options: { samples: 50 }, rows: '51 inputs' },
  { metric: 'max-sensitivity', options: { samples: 10 }, rows: '11 saliency maps' },
  { metric: 'road', options: { steps: 20 }, rows: '20 imputed inputs' },
] as const;

const { test } = loadMnist({ seed: 0 });
const x: Tensor = tensor(test.x.slice(0, IMAGES * 784), [IMAGES, 1, 28, 28]);
const target = Array.from(test.y.slice(0, IMAGES));
const models = [['mnist-standard (MLP 784-128-64-10)', 'models/mnist-standard/model.onnx']];
const zooCnn = sharedPath('models/mnist-zoo/mnist-8-opt.onnx');
if (existsSync(zooCnn)) models.push(['mnist-8 (ONNX zoo CNN)', zooCnn]);
else process.stderr.write('../shared/models/mnist-zoo not found: benchmarking mnist-standard only\n');

const seconds = async (f: () => Promise<unknown>): Promise<number> => { const t0 = performance.now(); await f(); return (performance.now() - t0) / 1000; };
const rows: string[] = [];
for (const [label, path] of models) {
  const model = await loadModel(path!, { maxBatch: BATCH });
  const { attribution } = await gradientXInput(model, x, { target });
  const input: MetricInput = { model, x, attribution, target, explainer: registryExplainer('saliency') };
  await metric('deletion').evaluate(input, { steps: 4 }); // warm-up
  for (const c of CASES) {
    const m = metric(c.metric);
    let batched: Float64Array | undefined;
    const naive = new Float64Array(IMAGES);
    let tb = Infinity, tn = Infinity;
    for (let run = 0; run < RUNS; run++) {
      tb = Math.min(tb, await seconds(async () => { batched = (await m.evaluate(input, c.options, { batchSize: BATCH })).perSample; }));
      tn = Math.min(tn, await seconds(async () => {
        for (let s = 0; s < IMAGES; s++) {
          const one = (t: Tensor) => tensor(t.data.slice(s * 784, (s + 1) * 784), [1, 1, 28, 28]);
          const r = await m.evaluate({ ...input, x: one(x), attribution: one(attribution), target: target[s] }, c.options, { batchSize: 1 });
          naive[s] = r.perSample[0]!;
        }
      }));
    }
    // Perturbations follow the image's content, so the loop reproduces the batched values (up to float32 round-off).
    const same = batched!.every((v, i) => Math.abs(v - naive[i]!) <= 1e-4 * Math.max(1, Math.abs(v)));
    if (!same) throw new Error(`${c.metric}: batched and one-at-a-time results differ`);
    rows.push(`| ${label} | ${c.metric} | ${c.rows} | ${((tb / IMAGES) * 1000).toFixed(1)} | ${((tn / IMAGES) * 1000).toFixed(1)} | ${(tn / tb).toFixed(1)}x |`);
    process.stderr.write(`${label} ${c.metric} done\n`);
  }
  await model.dispose();
}
process.stdout.write([
  `${IMAGES} MNIST test digits, CPU EP, batched = ${BATCH} rows per model call; naive = one row per call, image after image (ms per image, fastest of ${RUNS} runs)`,
  '| model | metric | model rows per image | batched ms | naive ms | speed-up |',
  '|---|---|---|---|---|---|',
  ...rows,
].join('\n') + '\n');
