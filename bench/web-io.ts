/**
 * `pnpm bench:web:io`: the cost of a CPU round trip per gradient run on onnxruntime-web's WebGPU
 * EP (SwiftShader here) — outputs read back after every run (what `GradientModel.vjp` does) vs
 * left on the GPU with IO binding (`preferredOutputLocation: 'gpu-buffer'`). Milliseconds per run
 * of the mnist-mlp gradient graph, batch 1 and 64 (IG's path chunk), BENCH_RUNS runs (default 20).
 */
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
} finally {
  await browser.close();
  await server.close();
}
