/**
 * `pnpm screenshot:web`: the README's picture of the demo page (docs/web-demo.png): Integrated
 * Gradients for the digit 7 on mnist-standard, run on wasm in Chromium.
 */
import { serveDemo } from '../packages/web/build/serve-demo.js';
import { chromiumAvailable, launchChromium, runContract } from '../test/web/browser.js';

const OUT = process.argv[2] ?? 'docs/web-demo.png';
if (!chromiumAvailable()) process.exit(1);
const server = await serveDemo();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const r = await runContract(page, server.url, { model: 'mnist-standard', sample: 'mnist/digit-7', method: 'ig', ep: 'wasm', run: '1' });
  if (r.status !== 'done') throw new Error(`the page failed: ${r.error}`);
  await page.screenshot({ path: OUT, fullPage: true });
  process.stdout.write(`wrote ${OUT}\n`);
} finally {
  await browser.close();
  await server.close();
}
