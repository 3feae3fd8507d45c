/**
 * `pnpm bench:web`: the same methods, model (mnist-mlp) and digit in Chromium on onnxruntime-web
 * wasm (1 thread and N threads, a cross-origin isolated page) against onnxruntime-node's CPU EP,
 * and the cost of one step of an iterative method (PGD) on WebGPU (SwiftShader here), where every
 * step reads the gradient back to the CPU and writes the next input to the GPU. Milliseconds per
 * run, the model already loaded, median of BENCH_REPEATS (default 3) runs after one warm-up.
 */
import { explanationMethod, preprocess, runAttack } from '@axplain/core';
import { loadImage, loadModel, readPreprocessSpec } from '@axplain/node';
import type { Page } from 'playwright-core';
import { serveDemo } from '../packages/web/build/serve-demo.js';
import { CHROMIUM, chromiumAvailable, launchChromium, type PageResult, runContract } from '../test/web/browser.js';

const MODEL = 'mnist-mlp', SAMPLE = 'mnist/digit-7';
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
/** Methods and their page settings (steps: IG/SmoothGrad/BIG path or noise samples). */
const METHODS: { name: string; steps?: number }[] = [{ name: 'saliency' }, { name: 'ig', steps: 50 }, { name: 'smoothgrad', steps: 50 }, { name: 'big', steps: 20 }];
/** PGD-Linf targeted at class 3 within eps 0.001: it cannot succeed, so every step runs (no early stop). */
const PGD_STEPS = [5, 15], PGD_EPS = 0.001, PGD_TARGET = 3;

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function nodeTimes(): Promise<Record<string, number>> {
  const path = `models/${MODEL}/model.onnx`;
  const model = await loadModel(path);
  const x = preprocess([await loadImage(`models/samples/${SAMPLE}.png`)], (await readPreprocessSpec(path))!);
  const out: Record<string, number> = {};
  const time = async (f: () => Promise<unknown>) => {
    await f();
    const t: number[] = [];
    for (let i = 0; i < REPEATS; i++) { const t0 = performance.now(); await f(); t.push(performance.now() - t0); }
    return median(t);
  };
  for (const m of METHODS) out[m.name] = await time(async () => { await model.logits(x); await explanationMethod(m.name).explain(model, x, { steps: m.steps, samples: m.steps }); });
  for (const s of PGD_STEPS) out[`pgd-${s}`] = await time(() => runAttack(model, x, { attack: 'pgd', norm: 'linf', eps: PGD_EPS, target: PGD_TARGET, steps: s, seed: 0 }));
  await model.dispose();
  return out;
}

async function pageRun(page: Page, method: string, steps: number | undefined): Promise<number> {
  await page.selectOption('#method', method);
  await page.fill('#steps', steps === undefined ? '' : String(steps));
  const attack = method.startsWith('attack:');
  await page.fill('#eps', attack ? String(PGD_EPS) : '');
  await page.fill('#target', attack ? String(PGD_TARGET) : 'predicted');
  const t: number[] = [];
  for (let i = 0; i < REPEATS + 1; i++) {
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.status !== 'running', undefined, { timeout: 600_000, polling: 50 });
    const r = await page.evaluate(() => [document.body.dataset.status, document.body.dataset.error, (window as unknown as { axplainResult: PageResult }).axplainResult.ms] as const);
    if (r[0] !== 'done') throw new Error(`${method}: ${r[1]}`);
    if (i > 0) t.push(r[2]);
  }
  return median(t);
}

async function browserTimes(page: Page, base: string, ep: 'wasm' | 'webgpu', threads: number, methods: typeof METHODS): Promise<Record<string, number>> {
  const first = await runContract(page, base, { model: MODEL, sample: SAMPLE, method: 'saliency', ep, threads: String(threads), run: '1' }, 300_000);
  if (first.status !== 'done') throw new Error(`${ep}: ${first.error}`);
  const out: Record<string, number> = {};
  for (const m of methods) out[m.name] = await pageRun(page, m.name, m.steps);
  for (const s of PGD_STEPS) out[`pgd-${s}`] = await pageRun(page, 'attack:pgd', s);
  return out;
}

if (!chromiumAvailable()) process.exit(process.env.CI === 'true' ? 1 : 0);
const node = await nodeTimes();
process.stderr.write('node done\n');
const server = await serveDemo();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const wasm1 = await browserTimes(page, server.url, 'wasm', 1, METHODS);
  process.stderr.write('wasm x1 done\n');
  const wasmN = await browserTimes(page, server.url, 'wasm', THREADS, METHODS);
  process.stderr.write(`wasm x${THREADS} done\n`);
  const gpu = await browserTimes(page, server.url, 'webgpu', 1, [{ name: 'saliency' }]);
  const cols = ['onnxruntime-node CPU', 'wasm, 1 thread', `wasm, ${THREADS} threads`, 'WebGPU (SwiftShader)'];
  const fmt = (v: number | undefined) => (v === undefined ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(0));
  const rows = [...METHODS.map((m) => `${m.name}${m.steps ? ` (${m.steps})` : ''}`), ...PGD_STEPS.map((s) => `PGD-Linf, ${s} steps (targeted, eps ${PGD_EPS}: all run)`)];
  const keys = [...METHODS.map((m) => m.name), ...PGD_STEPS.map((s) => `pgd-${s}`)];
  const perStep = (r: Record<string, number>) => (r[`pgd-${PGD_STEPS[1]}`]! - r[`pgd-${PGD_STEPS[0]}`]!) / (PGD_STEPS[1]! - PGD_STEPS[0]!);
  const lines = [
    `ms per image (${MODEL}, ${SAMPLE}; Chromium ${CHROMIUM}; median of ${REPEATS}, model loaded):`, '',
    `| method | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`,
    ...rows.map((r, i) => `| ${r} | ${[node, wasm1, wasmN, gpu].map((c) => fmt(c[keys[i]!])).join(' | ')} |`),
    `| one PGD step (difference) | ${[node, wasm1, wasmN, gpu].map((c) => fmt(perStep(c))).join(' | ')} |`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
} finally {
  await browser.close();
  await server.close();
}
