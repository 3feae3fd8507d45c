/**
 * `pnpm bench:web:io`: the cost of a CPU round trip per gradient run on onnxruntime-web's WebGPU
 * EP (SwiftShader here) — outputs read back after every run (what `GradientModel.vjp` does) vs
 * left on the GPU with IO binding (`preferredOutputLocation: 'gpu-buffer'`). Milliseconds per run
 * of the mnist-mlp gradient graph, batch 1 and 64 (IG's path chunk), BENCH_RUNS runs (default 20).
 * Then PGD-Linf on digit 7 (eps 0.1, step 0.02, no random start, no early stop), milliseconds per
 * step: the compiled step graph (`pgdOnDevice`) with the iterate kept in a GPU buffer, the same
 * graph read back every step, and core's `pgd` on the WebGPU `GradientModel` (logits and gradient
 * read back every step); on wasm the step graph and core's `pgd`. PGD_STEPS (default 10)
 * timed steps after 2 warm-up steps (shader compilation left out), final download included; the
 * variants run interleaved PGD_REPEATS times (default 5), median.
 */
import { fileURLToPath } from 'node:url';
import { preprocess } from '@axplain/core';
import { loadImage, readPreprocessSpec } from '@axplain/node';
import type { Page } from 'playwright-core';
import { serveDemo } from '../packages/web/build/serve-demo.js';
import { CHROMIUM, chromiumAvailable, launchChromium } from '../test/web/browser.js';

interface IoResult { model: string; runs: number; batch: number; readBackMs: number; gpuBufferMs: number; gpuBufferDownloadEachMs: number }

if (!chromiumAvailable()) process.exit(1);
const runs = Number(process.env.BENCH_RUNS ?? 20);
const server = await serveDemo();
const browser = await launchChromium();
try {
  const rows: IoResult[] = [];
  for (const batch of [1, 64]) {
    const page = await browser.newPage();
    await page.goto(`${server.url}io-binding.html?model=mnist-mlp&runs=${runs}&batch=${batch}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => ['done', 'error'].includes(document.body?.dataset.status ?? ''), undefined, { timeout: 900_000, polling: 100 });
    const r = await page.evaluate(() => ({ error: document.body.dataset.error, result: (window as unknown as { ioBinding?: IoResult }).ioBinding }));
    if (r.error) throw new Error(r.error);
    rows.push(r.result!);
    await page.close();
  }
  console.log(`Chromium ${CHROMIUM}, WebGPU on SwiftShader, mnist-mlp gradient graph, ${runs} runs each, ms per run:\n`);
  console.log('| batch | read back every run | left on the GPU (one download at the end) | on the GPU, downloaded every run | round-trip share |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(`| ${r.batch} | ${r.readBackMs.toFixed(1)} | ${r.gpuBufferMs.toFixed(1)} | ${r.gpuBufferDownloadEachMs.toFixed(1)} | ${(100 * (1 - r.gpuBufferMs / r.readBackMs)).toFixed(0)}% |`);
  await pgdTable(await browser.newPage(), server.url);
} finally {
  await browser.close();
  await server.close();
}

/** PGD-Linf per step: the step graph kept on the GPU / read back, and core's pgd, on WebGPU and wasm. */
async function pgdTable(page: Page, base: string): Promise<void> {
  const steps = Number(process.env.PGD_STEPS ?? 10);
  const path = fileURLToPath(new URL('../models/mnist-mlp/model.onnx', import.meta.url));
  const x = preprocess([await loadImage(fileURLToPath(new URL('../models/samples/mnist/digit-7.png', import.meta.url)))], (await readPreprocessSpec(path))!);
  await page.goto(`${base}pgd-on-device.html?model=mnist-mlp`, { waitUntil: 'commit' });
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body?.dataset.status ?? ''), undefined, { timeout: 120_000, polling: 100 });
  const error = await page.evaluate(() => document.body.dataset.error);
  if (error) throw new Error(error);
  const perStep = async (fn: 'onDevice' | 'core', ep: string, keepOnDevice: boolean) => page.evaluate(
    ([f, arg]) => (window as unknown as { axplainPgd: Record<string, (a: unknown) => Promise<{ msPerStep: number }>> }).axplainPgd[f]!(arg),
    [fn, { x: Array.from(x.data), shape: [...x.shape], options: { eps: 0.1, stepSize: 0.02, steps, target: 7, executionProvider: ep, keepOnDevice, warmupSteps: 2 } }] as const,
  ).then((r) => r.msPerStep);
  // The variants interleaved, PGD_REPEATS times (default 5), median of each: the machine is shared.
  const variants = [['onDevice', 'webgpu', true], ['onDevice', 'webgpu', false], ['core', 'webgpu', true], ['onDevice', 'wasm', true], ['core', 'wasm', true]] as const;
  const samples: number[][] = variants.map(() => []);
  for (let rep = 0; rep < Number(process.env.PGD_REPEATS ?? 5); rep++)
    for (const [i, [fn, ep, keep]] of variants.entries()) samples[i]!.push(await perStep(fn, ep, keep));
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  const m = samples.map(median);
  console.log(`\nper-step samples (ms): ${JSON.stringify(samples.map((v) => v.map((t) => Math.round(t * 10) / 10)))}`);
  const rows: [string, number, number | undefined][] = [
    ['step graph, iterate kept in a GPU buffer', m[0]!, undefined],
    ['step graph, iterate read back every step', m[1]!, m[3]!],
    ["core's pgd on the GradientModel (logits + vjp read back)", m[2]!, m[4]!],
  ];
  console.log(`\nPGD-Linf on mnist-mlp, digit 7, eps 0.1, step 0.02, ${steps} steps after 2 warm-up steps, median of ${samples[0]!.length} interleaved runs: ms per step\n`);
  console.log('| loop | WebGPU (SwiftShader) | wasm |');
  console.log('|---|---:|---:|');
  for (const [what, gpu, wasm] of rows) console.log(`| ${what} | ${gpu.toFixed(1)} | ${wasm === undefined ? '—' : wasm.toFixed(1)} |`);
}
