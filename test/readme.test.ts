/** The README's op table is the registry's (regenerate with `pnpm docs`). */
import { readFileSync } from 'node:fs';
import { supportedOpsMarkdown } from '@axplain/onnx';
import { expect, it } from 'vitest';

it('README lists exactly the ops the registry supports', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(supportedOpsMarkdown());
});

it('the README Node API example runs as written', async () => {
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync, existsSync, rmSync } = await import('node:fs');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /<!-- example:node-api[^>]*-->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const root = new URL('..', import.meta.url).pathname;
  // Inside the repository so the workspace packages resolve; removed afterwards.
  const dir = mkdtempSync(`${root}out-readme-`);
  const file = `${dir}/example.mts`;
  writeFileSync(file, block!.replace("'out/ig.png'", `'${dir}/ig.png'`));
  try {
    const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    // The one line it prints: the predicted class of the bundled 7, the EP used, the completeness gap.
    expect(r.stdout).toMatch(/^class 7 on (webgpu|cpu); completeness gap -?\d[\d.e-]*\n$/);
    expect(existsSync(`${dir}/ig.png`)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

it('the README metrics example runs as written', async () => {
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /<!-- example:metrics[^>]*-->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const root = new URL('..', import.meta.url).pathname;
  const dir = mkdtempSync(`${root}out-readme-`);
  writeFileSync(`${dir}/example.mts`, block!);
  try {
    const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', `${dir}/example.mts`], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.stdout).toMatch(/^deletion AUC 0\.\d+ \[0\.\d+, 0\.\d+\] over 16 digits\nGini 0\.\d+\nmax-sensitivity of saliency \d\.\d+\ndeletion, insertion, road, faithfulness-correlation, infidelity, completeness\nfaithfulness correlation 0\.\d+\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
