/**
 * The demo page in real Chromium (wasm and SwiftShader WebGPU): its numbers are the Node
 * adapter's, its picture is a heatmap, its errors are shown, and every bundled MNIST model
 * passes the URL contract. Starts its own static server on a free port and closes it.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explanationMethod, preprocess } from '@axplain/core';
import { loadImage, loadModel, readPreprocessSpec } from '@axplain/node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, serveDemo } from '../../packages/web/build/serve-demo.js';
import { chromiumAvailable, launchChromium, maxAbsDiff, type PageResult, runContract } from './browser.js';

const MODELS = fileURLToPath(new URL('../../models/', import.meta.url));
const SAMPLE = 'mnist/digit-7';
/** Path steps of IG and BIG: few, since SwiftShader WebGPU is ~500x slower than the CPU. */
const STEPS = 8;
const run = chromiumAvailable();
/** `pnpm test:web:full` (AXPLAIN_WEB_E2E_FULL=1) adds BIG on WebGPU. */
const FULL = process.env.AXPLAIN_WEB_E2E_FULL === '1';
if (run && !FULL) console.log('web e2e: BIG on WebGPU (SwiftShader, minutes) runs only in pnpm test:web:full');

/** The Node adapter's attribution for the same model, image and method. */
async function nodeReference(model: string, method: string, steps?: number): Promise<{ attribution: number[]; predicted: number; probabilities: number[] }> {
  const m = await loadModel(`${MODELS}${model}/model.onnx`);
  try {
    const spec = (await readPreprocessSpec(`${MODELS}${model}/model.onnx`))!;
    const x = preprocess([await loadImage(`${MODELS}samples/${SAMPLE}.png`)], spec);
    const z = (await m.logits(x)).data;
    const max = Math.max(...z), e = Array.from(z, (v) => Math.exp(v - max)), s = e.reduce((a, b) => a + b, 0);
    const r = await explanationMethod(method).explain(m, x, { target: 'predicted', steps });
    return { attribution: Array.from(r.attribution.data), predicted: e.indexOf(Math.max(...e)), probabilities: e.map((v) => v / s) };
  } finally {
    await m.dispose();
  }
}

/** Runs the method chosen in the UI again on the loaded model (no page reload). */
async function rerun(page: Page, method: string, steps: number): Promise<PageResult> {
  await page.selectOption('#method', method);
  await page.fill('#steps', String(steps));
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.status !== 'running', undefined, { timeout: FULL ? 800_000 : 120_000, polling: 100 });
  const status = await page.evaluate(() => [document.body.dataset.status, document.body.dataset.error]);
  expect(status).toEqual(['done', undefined]);
  return page.evaluate(() => (window as unknown as { axplainResult: PageResult }).axplainResult);
}

describe.runIf(run)('the demo page in Chromium', () => {
  let server: DemoServer, browser: Browser, page: Page;
  beforeAll(async () => {
    server = await serveDemo();
    browser = await launchChromium();
    page = await browser.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // BIG's boundary search makes hundreds of model calls: over 3 minutes on SwiftShader WebGPU,
  // so the default run checks it on wasm and `pnpm test:web:full` on WebGPU too.
  const cases = [['wasm', 1e-4, ['saliency', 'ig', 'big']], ['webgpu', 1e-3, FULL ? ['saliency', 'ig', 'big'] : ['saliency', 'ig']]] as const;
  for (const [ep, tol, methods] of cases) {
    it(`${methods.join(', ')} on ${ep} give the Node adapter's numbers (within ${tol})`, async () => {
      const first = await runContract(page, server.url, { model: 'mnist-mlp', sample: SAMPLE, method: 'saliency', ep, target: 'predicted', run: '1' });
      expect(first.error).toBeUndefined();
      expect(first.result!.executionProvider).toBe(ep);
      const results: Record<string, PageResult> = { saliency: first.result! };
      for (const method of methods.slice(1)) results[method] = await rerun(page, method, STEPS);
      for (const method of methods) {
        const ref = await nodeReference('mnist-mlp', method, method === 'saliency' ? undefined : STEPS);
        const got = results[method]!;
        expect(got.predicted).toBe(ref.predicted);
        expect(maxAbsDiff(got.probabilities, ref.probabilities)).toBeLessThan(tol);
        expect(got.attribution).toHaveLength(784);
        // The map is not trivially small against the tolerance (BIG's on mnist-mlp peaks near 8e-3),
        // and agrees entry by entry.
        const peak = Math.max(...ref.attribution.map(Math.abs)), diff = maxAbsDiff(got.attribution, ref.attribution);
        console.log(`web e2e: ${method} on ${ep}: max |attribution| ${peak.toExponential(2)}, max |page - node| ${diff.toExponential(2)}`);
        expect(peak).toBeGreaterThan(5 * tol);
        expect(diff, `${method} on ${ep}`).toBeLessThan(tol);
      }
    }, FULL ? 900_000 : 240_000);
  }

  it('draws a heatmap: the screenshot of the picture has a grey input and a coloured map', async () => {
    const r = await runContract(page, server.url, { model: 'mnist-mlp', sample: SAMPLE, method: 'saliency', ep: 'wasm', run: '1' });
    expect(r.status).toBe('done');
    const png = await page.locator('#picture').screenshot();
    const img = await loadImage(new Uint8Array(png));
    // Side by side: input | heatmap | overlay. The input third is grey; the heatmap third is coloured.
    const third = Math.floor(img.width / 3);
    const colourful = (x0: number, x1: number) => {
      let n = 0, total = 0;
      for (let y = 0; y < img.height; y++)
        for (let x = x0; x < x1; x++) {
          const i = 4 * (y * img.width + x), [r0, g0, b0] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
          total++;
          if (Math.max(r0, g0, b0) - Math.min(r0, g0, b0) > 60) n++;
        }
      return n / total;
    };
    expect(colourful(0, third)).toBeLessThan(0.01);
    expect(colourful(third, 2 * third)).toBeGreaterThan(0.2);
  }, 120_000);

  it('shows an error in plain words for a dropped file that is not ONNX, and for an unknown model', async () => {
    await runContract(page, server.url, {});
    await page.setInputFiles('#model-file', { name: 'notes.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('these are my notes, not a model') });
    await page.waitForFunction(() => document.body.dataset.status === 'error', undefined, { timeout: 60_000 });
    expect(await page.locator('#error').isVisible()).toBe(true);
    expect(await page.locator('#error').textContent()).toMatch(/notes\.onnx: not a valid ONNX ModelProto/);
    const r = await runContract(page, server.url, { model: 'mnist-nonexistent', run: '1' });
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/unknown model 'mnist-nonexistent'; the bundled models are .*mnist-standard/);
  }, 120_000);

  it("runs the README's browser example as written: WebGPU, IG drawn to #out, the compiled graph from IndexedDB after a reload", async () => {
    // A fresh context: an empty IndexedDB, so the first load compiles ('miss') and the reload reads it ('hit').
    const context = await browser.newContext();
    const tab = await context.newPage();
    const open = async () => {
      await tab.goto(`${server.url}readme-example.html`, { waitUntil: 'commit', timeout: 180_000 });
      await tab.waitForFunction(() => ['done', 'error'].includes(document.body?.dataset.status ?? ''), undefined, { timeout: 180_000, polling: 100 });
      return tab.evaluate(() => ({
        error: document.body.dataset.error,
        result: (window as unknown as { readmeExample?: { logs: unknown[][]; out: { width: number; height: number; pixels: number[] } } }).readmeExample,
      }));
    };
    try {
      const first = await open();
      expect(first.error).toBeUndefined();
      expect(first.result!.logs).toEqual([['webgpu', [], 'miss']]);
      const { width, height, pixels } = first.result!.out;
      expect(width * height).toBeGreaterThan(28 * 28);
      // A heatmap, not a blank or grey canvas: many opaque pixels whose channels differ.
      let coloured = 0;
      for (let p = 0; p < pixels.length; p += 4) if (pixels[p + 3] === 255 && (pixels[p] !== pixels[p + 1] || pixels[p + 1] !== pixels[p + 2])) coloured++;
      expect(coloured).toBeGreaterThan(0.01 * width * height);
      const again = await open();
      expect(again.error).toBeUndefined();
      expect(again.result!.logs).toEqual([['webgpu', [], 'hit']]);
    } finally {
      await context.close();
    }
  }, 400_000);

  const mnist = readdirSync(MODELS).filter((d) => d.startsWith('mnist-')).sort();
  it(`passes the contract for every bundled MNIST model (${mnist.join(', ')})`, async () => {
    expect(mnist.length).toBeGreaterThanOrEqual(5);
    for (const model of mnist) {
      // A fresh tab per model (same browser context: the IndexedDB cache and HTTP cache are shared).
      const tab = await browser.newPage();
      const r = await runContract(tab, server.url, { model, sample: SAMPLE, method: 'saliency', ep: 'wasm', run: '1' }, 180_000).finally(() => tab.close());
      expect(r.error, model).toBeUndefined();
      const ref = await nodeReference(model, 'saliency');
      expect(r.result!.predicted, model).toBe(ref.predicted);
      expect(r.result!.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(maxAbsDiff(r.result!.attribution, ref.attribution), model).toBeLessThan(1e-4);
    }
  }, 600_000);
});
