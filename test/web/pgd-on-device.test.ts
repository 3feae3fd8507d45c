/**
 * PGD-Linf kept on the GPU, in real Chromium (SwiftShader WebGPU): `pgdOnDevice` on the demo
 * build's pgd-on-device.html gives the adversarial that onnxruntime-node's run of the same step
 * graph and core's `pgd` (same settings: Linf, step 0.02, eps 0.1, no random start, no early
 * stop) reach on models/mnist-mlp, with the iterate left in a GPU buffer between steps; it stays
 * in the eps-ball and the box. Prints the time per step (the figures are `pnpm bench:web:io`'s).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type GradientModel, pgd, preprocess, type Tensor } from '@axplain/core';
import { loadImage, loadModel, readPreprocessSpec } from '@axplain/node';
import { type OnDevicePgdOptions, runPgdStepGraph } from '../../packages/web/src/attack/run-pgd-step-graph.js';
import * as ort from 'onnxruntime-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, serveDemo } from '../../packages/web/build/serve-demo.js';
import { chromiumAvailable, launchChromium } from './browser.js';

const MODELS = fileURLToPath(new URL('../../models/', import.meta.url));
const PATH = `${MODELS}mnist-mlp/model.onnx`;
const EPS = 0.1, ALPHA = 0.02, STEPS = 5;
const run = chromiumAvailable();

interface Out { adversarial: number[]; msPerStep: number; location?: string; executionProvider: string }
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!)); return m; };

/** core pgd's iterate x_STEPS: the input of its last gradient call when run for STEPS + 1 steps. */
async function coreIterate(model: GradientModel, x: Tensor, target: number): Promise<Float32Array> {
  const seen: Float32Array[] = [];
  const spy: GradientModel = {
    specificationVersion: 'v1', inputShape: model.inputShape, classes: model.classes,
    logits: (t) => model.logits(t), vjp: (t, c) => { seen.push(Float32Array.from(t.data)); return model.vjp(t, c); }, dispose: () => model.dispose(),
  };
  await pgd(spy, x, { norm: 'linf', eps: EPS, stepSize: ALPHA, steps: STEPS + 1, randomStart: false, earlyStop: false, target });
  return seen[STEPS]!;
}

describe.runIf(run)('PGD-Linf with the iterate on the GPU, in Chromium', () => {
  let server: DemoServer, browser: Browser, page: Page, x: Tensor, target: number, nodeAdv: Float32Array, coreAdv: Float32Array;
  beforeAll(async () => {
    const model = await loadModel(PATH);
    try {
      x = preprocess([await loadImage(`${MODELS}samples/mnist/digit-7.png`)], (await readPreprocessSpec(PATH))!);
      const z = Array.from((await model.logits(x)).data);
      target = z.indexOf(Math.max(...z));
      coreAdv = await coreIterate(model, x, target);
    } finally {
      await model.dispose();
    }
    const runtime = { InferenceSession: ort.InferenceSession, Tensor: ort.Tensor };
    nodeAdv = (await runPgdStepGraph(runtime, new Uint8Array(readFileSync(PATH)), x, { eps: EPS, stepSize: ALPHA, steps: STEPS, target, executionProvider: 'cpu' })).adversarial.data;
    server = await serveDemo();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${server.url}pgd-on-device.html?model=mnist-mlp`, { waitUntil: 'commit' });
    await page.waitForFunction(() => ['ready', 'error'].includes(document.body?.dataset.status ?? ''), undefined, { timeout: 60_000, polling: 100 });
    expect(await page.evaluate(() => document.body.dataset.error)).toBeUndefined();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const onDevice = (options: OnDevicePgdOptions): Promise<Out> => page.evaluate(
    (arg) => (window as unknown as { axplainPgd: { onDevice(a: unknown): Promise<Out> } }).axplainPgd.onDevice(arg),
    { x: Array.from(x.data), shape: [...x.shape], options },
  );

  it(`WebGPU, iterate kept in a GPU buffer: ${STEPS} steps equal onnxruntime-node's and core pgd's within 1e-3, in ball and box`, async () => {
    expect(maxAbs(nodeAdv, coreAdv)).toBeLessThan(1e-5);
    const r = await onDevice({ eps: EPS, stepSize: ALPHA, steps: STEPS, target, executionProvider: 'webgpu' });
    expect([r.executionProvider, r.location]).toEqual(['webgpu', 'gpu-buffer']);
    expect(r.adversarial).toHaveLength(784);
    expect(maxAbs(r.adversarial, nodeAdv)).toBeLessThan(1e-3);
    expect(maxAbs(r.adversarial, coreAdv)).toBeLessThan(1e-3);
    // it moved by the full budget (5 steps of 0.02 reach eps 0.1), and no further
    expect(maxAbs(r.adversarial, x.data)).toBeGreaterThan(EPS - 1e-6);
    expect(maxAbs(r.adversarial, x.data)).toBeLessThanOrEqual(EPS + 1e-6);
    expect(Math.min(...r.adversarial)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...r.adversarial)).toBeLessThanOrEqual(1);
    const back = await onDevice({ eps: EPS, stepSize: ALPHA, steps: STEPS, target, executionProvider: 'webgpu', keepOnDevice: false });
    expect(back.location).toBe('cpu');
    expect(maxAbs(back.adversarial, r.adversarial)).toBeLessThan(1e-3);
    console.log(`web e2e: PGD-Linf ${STEPS} steps, mnist-mlp, SwiftShader WebGPU, first run (shader compilation) included: ${r.msPerStep.toFixed(0)} ms/step kept on the GPU, ${back.msPerStep.toFixed(0)} ms/step read back every step (per-step figures: pnpm bench:web:io)`);
  }, 90_000);

  it('wasm runs the same graph with CPU tensors: equal to onnxruntime-node within 1e-5', async () => {
    const r = await onDevice({ eps: EPS, stepSize: ALPHA, steps: STEPS, target, executionProvider: 'wasm' });
    expect([r.executionProvider, r.location]).toEqual(['wasm', 'cpu']);
    expect(maxAbs(r.adversarial, nodeAdv)).toBeLessThan(1e-5);
  }, 60_000);

  it('a bad eps fails in the page with OnDeviceAttackError', async () => {
    const err = await onDevice({ eps: -1, steps: STEPS, target, executionProvider: 'webgpu' }).then(() => '', (e: Error) => e.message);
    expect(err).toMatch(/OnDeviceAttackError|eps: got -1; expected a finite number > 0/);
    expect(err).toContain('eps: got -1');
  }, 30_000);
});
