/**
 * `pnpm bench:methods`: what the explanation methods cost, in the units issue 15 states them.
 * 1. ResNet-50 (zoo-light, random weights, CPU EP, batch 1, 224 px): Integrated Gradients with 32
 *    steps and SmoothGrad with 32 noisy samples (steps batched, internalBatchSize 32) in
 *    forward-equivalents (method time / one batch-1 forward), and IG's peak RSS growth against the
 *    number of steps beyond internalBatchSize (one child process per run, bench/methods/ig-memory.ts).
 * 2. The int8 ShuffleNet v2 and the float16 SqueezeNet 1.0 (../shared/models/imagenet) on a photo
 *    at 224 px, each with its own preprocessing and input box: AXAI (20 L2 PGD steps) vs LIME (1000
 *    samples) vs KernelSHAP (2M + 2048 coalitions), all on one QuickShift segmentation (AXAI's default,
 *    and LIME's reference image segmenter, kernel 4, max distance 200, ratio 0.2), with the
 *    segmentation, the model calls (attack / sampled forwards) and the rest (scoring: tail filter
 *    and densities; LIME's ridge fit; KernelSHAP's weighted regression) timed separately; and a
 *    plain gradient (one vjp) against LIME.
 * Writes bench/methods-results.md and bench/methods-results.json.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { axai, inputBox, integratedGradients, kernelShap, lime, mapDims, presetSpec, resolveAxaiSegments, smoothGrad, type GradientModel, type Tensor } from '@axplain/core';
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
const fwdTs: number[] = [], vjpTs: number[] = [], igTs: number[] = [], sgTs: number[] = [], fwd32Ts: number[] = [], vjp32Ts: number[] = [];
// IG's 32 steps are one batch of 32: what a batch-32 forward and vjp cost says how far batching helps.
const x32: Tensor = { data: new Float32Array(32 * x.data.length).map((_, i) => x.data[i % x.data.length]!), shape: [32, ...x.shape.slice(1)] };
await resnet.logits(x32);
await resnet.vjp(x32, ones(resnet, 32));
const clock = async (into: number[], f: () => Promise<unknown>) => { const t0 = performance.now(); await f(); into.push(performance.now() - t0); };
for (let r = 0; r < METHOD_RUNS; r++) {
  for (let k = 0; k < RUNS; k++) { await clock(fwdTs, () => resnet.logits(x)); await clock(vjpTs, () => resnet.vjp(x, ones(resnet, 1))); }
  await clock(fwd32Ts, () => resnet.logits(x32));
  await clock(vjp32Ts, () => resnet.vjp(x32, ones(resnet, 32)));
  await clock(igTs, () => integratedGradients(resnet, x, { steps: 32, internalBatchSize: 32, target: 0 }));
  for (let k = 0; k < RUNS; k++) await clock(fwdTs, () => resnet.logits(x));
  await clock(sgTs, () => smoothGrad(resnet, x, { samples: 32, internalBatchSize: 32, target: 0, seed: 0 }));
  log(`ResNet-50 round ${r + 1} of ${METHOD_RUNS} done`);
}
const fwd = stat(fwdTs), vjp = stat(vjpTs), ig = stat(igTs), sg = stat(sgTs), fwd32 = stat(fwd32Ts), vjp32 = stat(vjp32Ts);
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

// 2. The two ImageNet models on a photo: AXAI vs LIME vs KernelSHAP, phases apart. One QuickShift
// segmentation of the photo (on ShuffleNet's RGB input; both crops are the same 224 px) serves both
// models, so KernelSHAP's coalition count and the segmentation time are the same for both.
const photo = readdirSync(sharedPath('data/imagenet-sample')).filter((f) => f.endsWith('.JPEG')).sort()[0]!;
const photoPath = sharedPath(`data/imagenet-sample/${photo}`);
const rgb = await loadImageTensor([photoPath], presetSpec('imagenet', [1, 3, 224, 224]));
const segT = stat(await times(METHOD_RUNS, async () => resolveAxaiSegments(undefined, rgb, mapDims([3, 224, 224]))));
const seg = resolveAxaiSegments(undefined, rgb, mapDims([3, 224, 224]))[0]!;
log(`QuickShift (${seg.count} segments) done`);
// eps: 2 in ImageNet-normalised units (AXAI's default); SqueezeNet's inputs are 0-255 pixel
// units, in which the same perturbation is about 2 x 255 x 0.226 (the mean ImageNet std).
const IMAGENET_MODELS = [
  { key: 'shufflenet', title: 'int8 ShuffleNet v2 (shufflenet-v2-12-qdq)', file: 'shufflenet-v2-12-qdq.onnx', preset: 'imagenet', eps: 2 },
  { key: 'squeezenet', title: 'float16 SqueezeNet 1.0 (squeezenet1.0-fp16)', file: 'squeezenet1.0-fp16.onnx', preset: 'caffe', eps: 2 * 255 * 0.226 },
] as const;
async function compareMethods(m: (typeof IMAGENET_MODELS)[number]) {
  const model = await loadModel(sharedPath(`models/imagenet/${m.file}`), { maxBatch: 50 });
  const spec = presetSpec(m.preset, [1, 3, 224, 224]);
  const px = m.preset === 'imagenet' ? rgb : await loadImageTensor([photoPath], spec);
  const box = inputBox(spec);
  const fwdMs = stat(await times(RUNS, () => model.logits(px)));
  const vjpMs = stat(await times(RUNS, () => model.vjp(px, ones(model, 1))));
  log(`${m.key} forward / vjp done`);
  const tm = timedModel(model);
  async function phases(name: string, budget: string, f: () => Promise<unknown>) {
    await f(); // warm-up (session arenas at these batch sizes)
    tm.reset();
    const t0 = performance.now();
    await f();
    const total = performance.now() - t0;
    const inModel = tm.ms.logits + tm.ms.vjp;
    log(`${m.key} ${name} done`);
    return { name, budget, modelMs: inModel, rows: tm.ms.logitsRows + tm.ms.vjpRows, restMs: total - inModel, totalMs: total };
  }
  const methods = [
    await phases('AXAI', `20 L2 PGD steps (vjp), eps ${m.eps.toFixed(0)}`, () => axai(tm.model, px, { segments: seg, eps: m.eps, box })),
    await phases('LIME', '1000 samples', () => lime(tm.model, px, { segments: seg, maxEvals: 1000, seed: 0 })),
    await phases('KernelSHAP', `2M + 2048 = ${2 * seg.count + 2048} coalitions`, () => kernelShap(tm.model, px, { segments: seg, seed: 0 })),
  ];
  const top = (await model.logits(px)).data;
  await model.dispose();
  return { ...m, photo, predicted: top.indexOf(Math.max(...top)), segments: seg.count, forwardMs: fwdMs, vjpMs, segmentationMs: segT, methods };
}
const imagenet: Awaited<ReturnType<typeof compareMethods>>[] = [];
for (const m of IMAGENET_MODELS) imagenet.push(await compareMethods(m));
const env1 = environment();

const f1 = (v: number) => v.toFixed(1);
const f0 = (v: number) => (v.toFixed(0) === '-0' ? '0' : v.toFixed(0));
const ms = (s: { median: number; spread: number }) => `${f1(s.median)} ± ${f1(s.spread)}`;
function methodsSection(r: (typeof imagenet)[number]): string[] {
  const total = (m: { totalMs: number }) => m.totalMs + segT.median;
  return [
    `## AXAI vs LIME vs KernelSHAP: ${r.title}, ${r.photo}, 224 px`,
    '',
    `Predicted class ${r.predicted}. The shared QuickShift segmentation (${r.segments} segments): ${ms(segT)} ms (median of ${METHOD_RUNS}). Forward at batch 1: ${ms(r.forwardMs)} ms; one input gradient (vjp): ${ms(r.vjpMs)} ms (${(r.vjpMs.median / r.forwardMs.median).toFixed(1)} forwards). Each method: one timed run after a warm-up; "model" = time inside the model's logits/vjp calls (rows = samples sent), "rest" = everything else (AXAI: PGD bookkeeping, tail filter, densities; LIME: masks and ridge fit; KernelSHAP: coalitions and weighted regression).`,
    '',
    '| method | budget | model ms (rows) | rest ms | total ms (+ segmentation) | vs AXAI |',
    '|---|---|---|---|---|---|',
    ...r.methods.map((m) => `| ${m.name} | ${m.budget} | ${f0(m.modelMs)} (${m.rows}) | ${f0(m.restMs)} | ${f0(total(m))} | ${(total(m) / total(r.methods[0]!)).toFixed(1)}x |`),
    `| gradient (one vjp) | 1 gradient | ${f1(r.vjpMs.median)} (1) | - | ${f1(r.vjpMs.median)} | LIME / gradient = ${f0(total(r.methods[1]!) / r.vjpMs.median)}x |`,
    '',
  ];
}
const md = [
  '# Methods: cost of the explanations',
  '',
  `Generated by \`pnpm bench:methods\` on ${env0.date}. ${env0.machine}; onnxruntime-node ${env0.versions['onnxruntime-node']}, CPU EP, default session options. Load average before ${env0.load.join(' / ')}, after ${env1.load.join(' / ')}: the machine is shared with other jobs, so the absolute times are inflated and noisy; forward-equivalents and ratios are measured in the same run.`,
  '',
  `## ResNet-50 (zoo-light, random weights), one 224 px image, batch 1`,
  '',
  `Median ± half the interquartile range, interleaved after one warm-up of each: ${METHOD_RUNS} rounds of (${RUNS} forward + vjp pairs, a batch-32 forward and vjp, IG, ${RUNS} forwards, SmoothGrad), i.e. ${fwdTs.length} forwards, ${vjpTs.length} vjps, ${METHOD_RUNS} runs of each method and batch-32 call. IG's 32 steps are one batch-32 vjp (plus the path's endpoints), so IG's forward-equivalents are about the batch-32 gradient's.`,
  '',
  '| what | ms | forward-equivalents |',
  '|---|---|---|',
  `| forward (logits) | ${ms(fwd)} | 1 |`,
  `| gradient (vjp: forward + backward) | ${ms(vjp)} | ${(vjp.median / fwd.median).toFixed(1)} |`,
  `| forward at batch 32 (one call) | ${ms(fwd32)} | ${(fwd32.median / fwd.median).toFixed(1)} |`,
  `| gradient at batch 32 (one vjp call) | ${ms(vjp32)} | ${(vjp32.median / fwd.median).toFixed(1)} |`,
  `| Integrated Gradients, 32 steps (internalBatchSize 32) | ${ms(ig)} | ${(ig.median / fwd.median).toFixed(1)} |`,
  `| SmoothGrad, 32 samples (internalBatchSize 32) | ${ms(sg)} | ${(sg.median / fwd.median).toFixed(1)} |`,
  '',
  `IG peak memory against steps (one process per row; growth = peak RSS during IG (Linux VmHWM, reset just before it) − RSS before IG, after a warm-up vjp at the warm-up batch; the last row is the control, the whole path in one model call, which shows what growth looks like):`,
  '',
  '| steps | internalBatchSize | model calls | warm-up batch | RSS before (MiB) | peak RSS during (MiB) | growth (MiB) | IG ms |',
  '|---|---|---|---|---|---|---|---|',
  ...igMemory.map((r) => `| ${r.steps} | ${r.chunk} | ${Math.ceil(r.steps / r.chunk)} | ${r.warmBatch} | ${f0(r.baseMiB)} | ${f0(r.peakMiB)} | ${f0(r.growthMiB)} | ${f0(r.ms)} |`),
  '',
  ...imagenet.flatMap((r) => methodsSection(r)),
].join('\n');
writeFileSync(new URL('./methods-results.md', import.meta.url), md);
writeFileSync(new URL('./methods-results.json', import.meta.url), JSON.stringify({
  env: env0, loadAfter: env1.load, runs: RUNS, methodRuns: METHOD_RUNS,
  resnet50: { forwardMs: fwd, vjpMs: vjp, forwardBatch32Ms: fwd32, vjpBatch32Ms: vjp32, igMs: ig, smoothGradMs: sg, igMemory },
  imagenet,
}, null, 1) + '\n');
process.stdout.write(md);
