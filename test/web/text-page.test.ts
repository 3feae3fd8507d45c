/**
 * The demo page explains a pasted email with the bundled spam model in real Chromium (wasm): its
 * token attributions are the Node `explainText` ones for the same model, text and method, the
 * predicted label matches, the tokens are drawn on different colours, and a text given to an
 * image model is refused in plain words. Starts its own static server and closes it.
 */
import { fileURLToPath } from 'node:url';
import { explainText, loadTextModel, type TextMethod } from '@axplain/node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, serveDemo } from '../../packages/web/build/serve-demo.js';
import { chromiumAvailable, launchChromium, maxAbsDiff, runContract } from './browser.js';

const MODELS = fileURLToPath(new URL('../../models/', import.meta.url));
const EMAIL = 'From: promo@deals.example\nSubject: You WON a free prize\n\nClick here now to claim your free money. Limited offer, act now!';
const STEPS = 16;
const run = chromiumAvailable();

interface TextResult {
  predicted: string | number;
  probabilities: number[];
  labels: string[];
  tokens: { token: string; attribution: number }[];
  executionProvider: string;
  ms: number;
  method: string;
}

async function nodeReference(method: TextMethod) {
  const tm = await loadTextModel(`${MODELS}spam/model.onnx`);
  try {
    return await explainText(tm, EMAIL, { method, steps: STEPS, seed: 0 });
  } finally {
    await tm.dispose();
  }
}

describe.runIf(run)('the demo page with a text model in Chromium', () => {
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

  it("saliency and IG on wasm give the Node explainText's token attributions (within 1e-4) and label; the tokens are coloured", async () => {
    const first = await runContract(page, server.url, { model: 'spam', text: EMAIL, method: 'saliency', ep: 'wasm', steps: String(STEPS), run: '1' }, 60_000);
    expect(first.error).toBeUndefined();
    expect(await page.locator('#text-controls').isVisible()).toBe(true);
    expect(await page.locator('#image-controls').isVisible()).toBe(false);
    const results: Record<string, TextResult> = { saliency: first.result as unknown as TextResult };
    await page.selectOption('#text-method', 'ig');
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.status !== 'running', undefined, { timeout: 60_000, polling: 100 });
    expect(await page.evaluate(() => [document.body.dataset.status, document.body.dataset.error])).toEqual(['done', undefined]);
    results.ig = await page.evaluate(() => (window as unknown as { axplainResult: TextResult }).axplainResult);
    for (const method of ['saliency', 'ig'] as const) {
      const ref = await nodeReference(method);
      const got = results[method]!;
      expect(got.method).toBe(method);
      expect(got.executionProvider).toBe('wasm');
      expect(got.predicted).toBe(ref.predicted);
      expect(got.labels).toEqual(['ham', 'spam']);
      expect(maxAbsDiff(got.probabilities, ref.probabilities)).toBeLessThan(1e-4);
      expect(got.tokens.map((t) => t.token)).toEqual(ref.tokens.map((t) => t.token));
      const a = got.tokens.map((t) => t.attribution), b = ref.tokens.map((t) => t.attribution);
      // not trivially small against the tolerance
      expect(Math.max(...b.map(Math.abs))).toBeGreaterThan(1e-2);
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-4);
      console.log(`text ${method}: ${got.tokens.length} tokens, predicted ${got.predicted}, max |page - node| ${maxAbsDiff(a, b).toExponential(2)}, page ${got.ms.toFixed(0)} ms`);
    }
    // The tokens light up: the frame's token spans sit on several different backgrounds, the
    // strongest ones far from white.
    const colours = await page.evaluate(() => {
      const doc = (document.getElementById('tokens') as HTMLIFrameElement).contentDocument!;
      return Array.from(doc.querySelectorAll('p.tokens span.t'), (s) => getComputedStyle(s).backgroundColor);
    });
    expect(colours).toHaveLength(results.ig!.tokens.length);
    expect(new Set(colours).size).toBeGreaterThan(5);
    const far = colours.map((c) => c.match(/\d+/g)!.slice(0, 3).map(Number)).filter(([r, g, b]) => Math.min(r!, g!, b!) < 150);
    expect(far.length).toBeGreaterThan(0);
    expect(await page.locator('#facts').textContent()).toMatch(new RegExp(`^predicted ${results.ig!.predicted} \\(p = [01]\\.\\d{3}\\).*ran on wasm in \\d+ ms`));
  }, 120_000);

  it('says in plain words when a text goes to an image model or the text is empty', async () => {
    const r = await runContract(page, server.url, { model: 'mnist-mlp', text: 'hello', run: '1' }, 30_000);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/text: the model 'mnist-mlp' is not a text model/);
    const e = await runContract(page, server.url, { model: 'spam', text: '   ', run: '1' }, 60_000);
    expect(e.status).toBe('error');
    expect(e.error).toMatch(/text: paste an email .* the box is empty/);
    expect(await page.locator('#error').textContent()).toMatch(/the box is empty/);
  }, 90_000);
});
