/**
 * `pnpm bench:methods`: what the explanation methods cost, in the units issue 15 states them.
 * 1. ResNet-50 (zoo-light, random weights, CPU EP, batch 1, 224 px): Integrated Gradients with 32
 *    steps and SmoothGrad with 32 noisy samples (steps batched, internalBatchSize 32) in
 *    forward-equivalents (method time / one batch-1 forward), and IG's peak RSS growth against the
 *    number of steps beyond internalBatchSize (one child process per run, bench/methods/ig-memory.ts).
 * 2. The int8 ShuffleNet v2 on a photo at 224 px: AXAI (20 L2 PGD steps) vs LIME (1000 samples)
 *    vs KernelSHAP (2M + 2048 coalitions), all on the same QuickShift segmentation (AXAI's default,
 *    and LIME's reference image segmenter, kernel 4, max distance 200, ratio 0.2), with the
 *    segmentation, the model calls (attack / sampled forwards) and the rest (scoring: tail filter
 *    and densities; LIME's ridge fit; KernelSHAP's weighted regression) timed separately; and a
 *    plain gradient (one vjp) against LIME.
 * Writes bench/methods-results.md and bench/methods-results.json.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { axai, integratedGradients, kernelShap, lime, mapDims, presetSpec, resolveAxaiSegments, smoothGrad, type GradientModel, type Tensor } from '@axplain/core';
import { loadImageTensor, loadModel } from '@axplain/node';
import { encodeModel } from '@axplain/onnx';
import { loadShared, sharedPath } from './shared.js';
import { randomizeWeights } from '../test/support/zoo.js';
import { environment, median, spread } from './peers/env.js';
import { photoLikeImage } from './methods/image.js';
import { timedModel } from './methods/timed-model.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const METHOD_RUNS = Number(process.env.BENCH_METHOD_RUNS ?? 3);
const IG_MEMORY_STEPS = (process.env.BENCH_IG_STEPS ?? '8,32,128').split(',').map(Number);
const IG_MEMORY_CHUNK = 8;
const env0 = environment();
const log = (s: string) => process.stderr.write(`${s}\n`);

async function times(n: number, f: () => Promise<unknown>): Promise<number[]> {
  await f();
  const ts: number[] = [];
  for (let i = 0; i < n; i++) { const t0 = performance.now(); await f(); ts.push(performance.now() - t0); }
  return ts;
}
const stat = (ts: number[]) => ({ median: median(ts), spread: spread(ts), runs: ts });
const ones = (m: GradientModel, n: number): Tensor => ({ data: new Float32Array(n * m.classes).fill(1), shape: [n, m.classes] });

// 1. ResNet-50: IG and SmoothGrad in forward-equivalents.
const resnet = await loadModel(encodeModel(randomizeWeights(loadShared('models/zoo-light/light_resnet50.onnx'), 1)), { maxBatch: 32 });
const x = photoLikeImage(224);
// Interleaved: forwards, vjps, IG and SmoothGrad in turn, so that load changes on the shared
// machine hit the forward and the methods alike (forward-equivalents are a ratio of the two).
await resnet.logits(x);
await resnet.vjp(x, ones(resnet, 1));
await integratedGradients(resnet, x, { steps: 32, internalBatchSize: 32, target: 0 });
await smoothGrad(resnet, x, { samples: 32, internalBatchSize: 32, target: 0, seed: 0 });
const fwdTs: number[] = [], vjpTs: number[] = [], igTs: number[] = [], sgTs: number[] = [];
const clock = async (into: number[], f: () => Promise<unknown>) => { const t0 = performance.now(); await f(); into.push(performance.now() - t0); };
for (let r = 0; r < METHOD_RUNS; r++) {
  for (let k = 0; k < RUNS; k++) { await clock(fwdTs, () => resnet.logits(x)); await clock(vjpTs, () => resnet.vjp(x, ones(resnet, 1))); }
  await clock(igTs, () => integratedGradients(resnet, x, { steps: 32, internalBatchSize: 32, target: 0 }));
  for (let k = 0; k < RUNS; k++) await clock(fwdTs, () => resnet.logits(x));
  await clock(sgTs, () => smoothGrad(resnet, x, { samples: 32, internalBatchSize: 32, target: 0, seed: 0 }));
  log(`ResNet-50 round ${r + 1} of ${METHOD_RUNS} done`);
}
const fwd = stat(fwdTs), vjp = stat(vjpTs), ig = stat(igTs), sg = stat(sgTs);
await resnet.dispose();
// Rows at internalBatchSize 8, then a control: a 64-step path in one call after the same batch-8
// warm-up, which must show growth (else the measurement could not see any). 64, not 32: RSS
// absorbs a batch-32 call's extra arena in heap freed after compiling (7-37 MiB seen at 32).
const igRuns: [number, number, number][] = [...IG_MEMORY_STEPS.map((s): [number, number, number] => [s, IG_MEMORY_CHUNK, IG_MEMORY_CHUNK]), [64, 64, IG_MEMORY_CHUNK]];
const igMemory = igRuns.map(([steps, chunk, warmBatch]) => {
  const out = execFileSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', fileURLToPath(new URL('./methods/ig-memory.ts', import.meta.url)), String(steps), String(chunk), String(warmBatch)], { encoding: 'utf8' });
  log(`IG memory, ${steps} steps by ${chunk} done`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as { steps: number; chunk: number; warmBatch: number; baseMiB: number; peakMiB: number; growthMiB: number; ms: number };
});

// 2. ShuffleNet v2 (int8 QDQ) on a photo: AXAI vs LIME vs KernelSHAP, phases apart.
const photo = readdirSync(sharedPath('data/imagenet-sample')).filter((f) => f.endsWith('.JPEG')).sort()[0]!;
const shuffle = await loadModel(sharedPath('models/imagenet/shufflenet-v2-12-qdq.onnx'), { maxBatch: 50 });
const px = await loadImageTensor([sharedPath(`data/imagenet-sample/${photo}`)], presetSpec('imagenet', [1, 3, 224, 224]));
const sFwd = stat(await times(RUNS, () => shuffle.logits(px)));
const sVjp = stat(await times(RUNS, () => shuffle.vjp(px, ones(shuffle, 1))));
const segT = stat(await times(METHOD_RUNS, async () => resolveAxaiSegments(undefined, px, mapDims(shuffle.inputShape))));
const seg = resolveAxaiSegments(undefined, px, mapDims(shuffle.inputShape))[0]!;
log(`ShuffleNet forward / vjp / QuickShift (${seg.count} segments) done`);
const tm = timedModel(shuffle);
async function phases(name: string, budget: string, f: () => Promise<unknown>) {
  await f(); // warm-up (session arenas at these batch sizes)
  tm.reset();
  const t0 = performance.now();
  await f();
  const total = performance.now() - t0;
  const model = tm.ms.logits + tm.ms.vjp;
  log(`${name} done`);
  return { name, budget, modelMs: model, rows: tm.ms.logitsRows + tm.ms.vjpRows, restMs: total - model, totalMs: total };
}
const methods = [
  await phases('AXAI', '20 L2 PGD steps (vjp), eps 2', () => axai(tm.model, px, { segments: seg })),
  await phases('LIME', '1000 samples', () => lime(tm.model, px, { segments: seg, maxEvals: 1000, seed: 0 })),
  await phases('KernelSHAP', `2M + 2048 = ${2 * seg.count + 2048} coalitions`, () => kernelShap(tm.model, px, { segments: seg, seed: 0 })),
];
const top = (await shuffle.logits(px)).data;
const predicted = top.indexOf(Math.max(...top));
await shuffle.dispose();
const env1 = environment();

const f1 = (v: number) => v.toFixed(1);
const f0 = (v: number) => (v.toFixed(0) === '-0' ? '0' : v.toFixed(0));
const ms = (s: { median: number; spread: number }) => `${f1(s.median)} ± ${f1(s.spread)}`;
const axaiTotal = methods[0]!.totalMs + segT.median;
const md = [
  '# Methods: cost of the explanations',
  '',
  `Generated by \`pnpm bench:methods\` on ${env0.date}. ${env0.machine}; onnxruntime-node ${env0.versions['onnxruntime-node']}, CPU EP, default session options. Load average before ${env0.load.join(' / ')}, after ${env1.load.join(' / ')}: the machine is shared with other jobs, so the absolute times are inflated and noisy; forward-equivalents and ratios are measured in the same run.`,
  '',
  `## ResNet-50 (zoo-light, random weights), one 224 px image, batch 1`,
  '',
  `Median ± half the interquartile range, interleaved after one warm-up of each: ${METHOD_RUNS} rounds of (${RUNS} forward + vjp pairs, IG, ${RUNS} forwards, SmoothGrad), i.e. ${fwdTs.length} forwards, ${vjpTs.length} vjps, ${METHOD_RUNS} runs of each method.`,
  '',
  '| what | ms | forward-equivalents |',
  '|---|---|---|',
  `| forward (logits) | ${ms(fwd)} | 1 |`,
  `| gradient (vjp: forward + backward) | ${ms(vjp)} | ${(vjp.median / fwd.median).toFixed(1)} |`,
  `| Integrated Gradients, 32 steps (internalBatchSize 32) | ${ms(ig)} | ${(ig.median / fwd.median).toFixed(1)} |`,
  `| SmoothGrad, 32 samples (internalBatchSize 32) | ${ms(sg)} | ${(sg.median / fwd.median).toFixed(1)} |`,
  '',
  `IG peak memory against steps (one process per row; growth = peak RSS during IG (Linux VmHWM, reset just before it) − RSS before IG, after a warm-up vjp at the warm-up batch; the last row is the control, the whole path in one model call, which shows what growth looks like):`,
  '',
  '| steps | internalBatchSize | model calls | warm-up batch | RSS before (MiB) | peak RSS during (MiB) | growth (MiB) | IG ms |',
  '|---|---|---|---|---|---|---|---|',
  ...igMemory.map((r) => `| ${r.steps} | ${r.chunk} | ${Math.ceil(r.steps / r.chunk)} | ${r.warmBatch} | ${f0(r.baseMiB)} | ${f0(r.peakMiB)} | ${f0(r.growthMiB)} | ${f0(r.ms)} |`),
  '',
  `## AXAI vs LIME vs KernelSHAP: int8 ShuffleNet v2 (shufflenet-v2-12-qdq), ${photo}, 224 px`,
  '',
  `Predicted class ${predicted}. One shared QuickShift segmentation (${seg.count} segments): ${ms(segT)} ms (median of ${METHOD_RUNS}). Forward at batch 1: ${ms(sFwd)} ms; one input gradient (vjp): ${ms(sVjp)} ms. Each method: one timed run after a warm-up; "model" = time inside the model's logits/vjp calls (rows = samples sent), "rest" = everything else (AXAI: PGD bookkeeping, tail filter, densities; LIME: masks and ridge fit; KernelSHAP: coalitions and weighted regression).`,
  '',
  '| method | budget | model ms (rows) | rest ms | total ms (+ segmentation) | vs AXAI |',
  '|---|---|---|---|---|---|',
  ...methods.map((m) => `| ${m.name} | ${m.budget} | ${f0(m.modelMs)} (${m.rows}) | ${f0(m.restMs)} | ${f0(m.totalMs + segT.median)} | ${((m.totalMs + segT.median) / axaiTotal).toFixed(1)}x |`),
  `| gradient (one vjp) | 1 gradient | ${f1(sVjp.median)} (1) | - | ${f1(sVjp.median)} | LIME / gradient = ${f0((methods[1]!.totalMs + segT.median) / sVjp.median)}x |`,
  '',
].join('\n');
writeFileSync(new URL('./methods-results.md', import.meta.url), md);
writeFileSync(new URL('./methods-results.json', import.meta.url), JSON.stringify({
  env: env0, loadAfter: env1.load, runs: RUNS, methodRuns: METHOD_RUNS,
  resnet50: { forwardMs: fwd, vjpMs: vjp, igMs: ig, smoothGradMs: sg, igMemory },
  shufflenet: { photo, predicted, segments: seg.count, forwardMs: sFwd, vjpMs: sVjp, segmentationMs: segT, methods },
}, null, 1) + '\n');
process.stdout.write(md);
