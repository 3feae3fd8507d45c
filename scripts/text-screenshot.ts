/**
 * `pnpm screenshot:text`: the README's picture of `axplain explain --text ... --out x.html` — the
 * first spam email of the held-out split explained by models/spam (IG at the embedding), its
 * token heatmap page rendered by Chromium (playwright-core, /usr/bin/chromium) into
 * docs/text-spam.png. Also writes out/text/spam.html.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tokenHtml } from '@axplain/core';
import { explainText, loadSpamAssassin, loadTextModel } from '@axplain/node';
import { chromiumAvailable, launchChromium } from '../test/web/browser.js';

if (!chromiumAvailable()) process.exit(1);
const root = new URL('../', import.meta.url);
const { test } = loadSpamAssassin({ seed: 0, testFraction: 0.2 });
const email = test.find((e) => e.label === 1)!;
const raw = `${email.headers}\nSubject: ${email.subject}\n\n${email.body}`;
const tm = await loadTextModel(new URL('models/spam/model.onnx', root).pathname);
const r = await explainText(tm, raw, { method: 'ig' });
await tm.dispose();
const name = (c: number) => tm.labels?.[c] ?? String(c);
const html = tokenHtml(r.tokens, {
  title: `models/spam: ${r.predicted}`,
  lines: [`predicted ${r.predicted} (${r.probabilities.map((p, c) => `${name(c)} ${p.toFixed(4)}`).join(', ')}); IG at the embedding, class ${name(r.target)}, completeness gap ${r.delta?.toExponential(2)}`],
  headerCount: r.headerCount,
});
mkdirSync(new URL('out/text/', root), { recursive: true });
const file = new URL('out/text/spam.html', root);
writeFileSync(file, html);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(file.href);
  await page.screenshot({ path: new URL('docs/text-spam.png', root).pathname, fullPage: true });
} finally {
  await browser.close();
}
process.stdout.write(`wrote docs/text-spam.png (${r.tokens.length} tokens, ${r.headerCount} header tokens, predicted ${r.predicted})\n`);
