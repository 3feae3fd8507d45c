/**
 * `pnpm bench:peers`: the input gradient of the same models with the same weights in axplain
 * (onnxruntime-node CPU EP: loadModel + vjp), TensorFlow.js (Wasm backend, `tf.grad`, weights read
 * from our ONNX file) and jax-js (Wasm, `grad` over the ONNX file via @jax-js/onnx). Each peer's
 * gradient is first checked against axplain's (max |difference| / max |axplain gradient|), then
 * timed at batch 1 and 32 as the median of BENCH_RUNS interleaved runs (axplain, tfjs, jax-js in
 * turn, after one warm-up each). Writes bench/peers-results.md and bench/peers-results.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@axplain/core';
import { type Runner, axplainRunner, jaxRunner, tfjsRunner } from './peers/runners.js';
import { gapAsReduceMean, peerModels } from './peers/models.js';
import { environment, spread, median } from './peers/env.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BATCHES = [1, 32];
const TOL = 1e-3;
const PEERS = { tfjs: tfjsRunner, 'jax-js': jaxRunner } as const;
type Peer = keyof typeof PEERS;

const relErr = (a: Float32Array, b: Float32Array) => {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i]! - b[i]!)); den = Math.max(den, Math.abs(a[i]!)); }
  return num / den;
};
const errText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 240);

interface Row { model: string; batch: number; peer: Peer; relErr?: number; axplainMs?: number[]; peerMs?: number[]; error?: string }
const rows: Row[] = [];
const notes: string[] = [];
const env0 = environment();

for (const pm of peerModels()) {
  const rng = new Rng(7);
  let models: Record<Peer | 'axplain', typeof pm.model> = { axplain: pm.model, tfjs: pm.model, 'jax-js': pm.model };
  const axp = await axplainRunner(pm.model);
  const peers: Partial<Record<Peer, Runner>> = {};
  const failed: Partial<Record<Peer, string>> = {};
  for (const p of Object.keys(PEERS) as Peer[]) {
    try {
      peers[p] = await PEERS[p](models[p]);
      // A load can succeed and the first run fail (jax-js resolves ops lazily): probe once.
      await peers[p]!.grad(new Float32Array(pm.inputShape.reduce((a, b) => a * b, 1)), [1, ...pm.inputShape], new Float32Array(pm.classes).fill(1), pm.classes);
    } catch (e) {
      const hasGap = (pm.model.graph!.node ?? []).some((n) => n.opType === 'GlobalAveragePool');
      if (!hasGap) { failed[p] = errText(e); continue; }
      // Retry on the same function with GlobalAveragePool written as ReduceMean, and say so.
      notes.push(`${p} on ${pm.name}: the original graph fails (${errText(e)}); timed on the same graph with GlobalAveragePool written as ReduceMean(axes 2,3) (same weights, same function).`);
      try {
        models = { ...models, [p]: gapAsReduceMean(pm.model) };
        peers[p] = await PEERS[p](models[p]);
      } catch (e2) { failed[p] = errText(e2); }
    }
  }
  for (const batch of BATCHES) {
    const shape = [batch, ...pm.inputShape];
    const x = rng.fillUniform(shape.reduce((a, b) => a * b, 1), 0, 1);
    const cot = rng.fillNormal(batch * pm.classes, 1);
    const ref = await axp.grad(x, shape, cot, pm.classes);
    const live: Peer[] = [];
    for (const p of Object.keys(PEERS) as Peer[]) {
      if (!peers[p]) { rows.push({ model: pm.name, batch, peer: p, error: failed[p] }); continue; }
      try {
        const e = relErr(ref, await peers[p]!.grad(x, shape, cot, pm.classes));
        rows.push({ model: pm.name, batch, peer: p, relErr: e, axplainMs: [], peerMs: [] });
        if (e < TOL) live.push(p);
        else rows.at(-1)!.error = `gradient differs from axplain's (max rel. error ${e.toExponential(2)} >= ${TOL}); not timed`;
      } catch (e) { rows.push({ model: pm.name, batch, peer: p, error: errText(e) }); }
    }
    const axMs: number[] = [];
    const peerMs: Partial<Record<Peer, number[]>> = {};
    for (let r = 0; r < RUNS; r++) {
      let t0 = performance.now();
      await axp.grad(x, shape, cot, pm.classes);
      axMs.push(performance.now() - t0);
      for (const p of live) {
        t0 = performance.now();
        await peers[p]!.grad(x, shape, cot, pm.classes);
        (peerMs[p] ??= []).push(performance.now() - t0);
      }
    }
    for (const row of rows.filter((q) => q.model === pm.name && q.batch === batch && live.includes(q.peer))) {
      row.axplainMs = axMs;
      row.peerMs = peerMs[row.peer]!;
    }
    process.stderr.write(`${pm.name} batch ${batch} done\n`);
  }
  await axp.dispose();
  for (const r of Object.values(peers)) await r.dispose();
}

const tfFlags = ['WASM_HAS_SIMD_SUPPORT', 'WASM_HAS_MULTITHREAD_SUPPORT'].map((f) => `${f} ${String(tf.env().get(f))}`).join(', ');
notes.push(
  `Threads: onnxruntime-node runs with its default intra-op pool (one thread per core, ${cpus().length} here); tfjs-backend-wasm in Node reports ${tfFlags}, so its kernels run on one thread (at most a ${cpus().length}x handicap on this machine, less under load); jax-js's Wasm device sizes its worker pool from navigator.hardwareConcurrency.`,
  'jax-js reads `navigator` (userAgent, hardwareConcurrency), which Node 20 lacks: the benchmark defines those two fields (Node 21+ has them). Its gradient is `jit(grad(...))`, compiled once per input shape before timing.',
  'Ties: at an input where MaxPool windows tie (a constant image), the libraries route the gradient to different maxima (all valid subgradients); the seeded uniform input has no ties.',
);
const env1 = environment();
const f1 = (v: number) => v.toFixed(1);
const table = rows.map((r) => {
  if (!r.peerMs?.length) return `| ${r.model} | ${r.batch} | ${r.peer} | ${r.relErr?.toExponential(1) ?? '-'} | - | - | - | ${r.error} |`;
  const a = median(r.axplainMs!), p = median(r.peerMs);
  return `| ${r.model} | ${r.batch} | ${r.peer} | ${r.relErr!.toExponential(1)} | ${f1(a)} ± ${f1(spread(r.axplainMs!))} | ${f1(p)} ± ${f1(spread(r.peerMs))} | ${(p / a).toFixed(1)}x | |`;
});
const md = [
  '# Peers: input gradient, same model, same weights',
  '',
  `Generated by \`pnpm bench:peers\` on ${env0.date}. ${env0.machine}. Load average before ${env0.load.join(' / ')}, after ${env1.load.join(' / ')}: the machine is shared with other jobs, so absolute times are inflated and noisy; the runs are interleaved so that the ratios are comparable.`,
  `Versions: ${Object.entries(env0.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
  '',
  `Gradient of sum(cotangent · logits) w.r.t. the input (seeded uniform input, seeded normal cotangent). rel. error = max |peer − axplain| / max |axplain| (must be < ${TOL} before timing). Times: median ± half the interquartile range of ${RUNS} interleaved runs after one warm-up, ms per call (batch included). Ratio = peer / axplain (> 1: axplain faster).`,
  '',
  '| model | batch | peer | rel. error | axplain ms | peer ms | axplain speed-up | note |',
  '|---|---|---|---|---|---|---|---|',
  ...table,
  '',
  ...peerModels().map((m) => `- ${m.name}: ${m.description}`),
  ...notes.map((n) => `- ${n}`),
  '',
].join('\n');
writeFileSync(new URL('./peers-results.md', import.meta.url), md);
writeFileSync(new URL('./peers-results.json', import.meta.url), JSON.stringify({ env: env0, loadAfter: env1.load, runs: RUNS, tolerance: TOL, rows, notes }, null, 1) + '\n');
process.stdout.write(md);
