/**
 * Real Chromium for the web e2e tests: Debian's /usr/bin/chromium driven by playwright-core,
 * with SwiftShader WebGPU. Under CI=true a missing browser fails the tests; elsewhere they skip
 * with one printed line.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.AXPLAIN_CHROMIUM ?? '/usr/bin/chromium';

/** Chromium flags: WebGPU on SwiftShader (software Vulkan), no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Whether the e2e tests can run; prints why not once, and throws under CI. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const why = `web e2e: no Chromium at ${CHROMIUM} (apt-get install -y chromium libvulkan1, or set AXPLAIN_CHROMIUM)`;
  if (process.env.CI === 'true') throw new Error(`${why}; CI must run these tests`);
  console.log(`skipped: ${why}`);
  return false;
}

/** Largest |a_i - b_i|: how far a page's numbers are from the Node reference. */
export const maxAbsDiff = (a: readonly number[], b: readonly number[]): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** What the page publishes in `window.axplainResult`. */
export interface PageResult {
  predicted: number;
  probabilities: number[];
  attribution: number[];
  executionProvider: string;
  ms: number;
  loadMs: number;
  cache: string;
}

/** Opens the page with `params` and waits for status done/error. */
export async function runContract(page: Page, base: string, params: Record<string, string>, timeout = 120_000): Promise<{ status: string; error?: string; result?: PageResult }> {
  // 'commit': a page still finishing the previous run may hold its load event; the status is what counts.
  await page.goto(`${base}?${new URLSearchParams(params)}`, { waitUntil: 'commit', timeout });
  await page.waitForFunction(() => ['done', 'error', 'ready'].includes(document.body?.dataset.status ?? ''), undefined, { timeout, polling: 100 });
  return page.evaluate(() => ({
    status: document.body.dataset.status!, error: document.body.dataset.error,
    result: (window as unknown as { axplainResult?: PageResult }).axplainResult,
  }));
}
