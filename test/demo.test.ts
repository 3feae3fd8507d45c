/** The README's main job, `pnpm demo`, runs and writes its gallery. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage } from '@axplain/node';
import { expect, it } from 'vitest';

it('pnpm demo explains the bundled digits with the bundled standard and robust models', async () => {
  const root = new URL('..', import.meta.url).pathname;
  const out = mkdtempSync(join(tmpdir(), 'axplain-demo-'));
  const r = spawnSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', 'scripts/demo.ts', '--out', out], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  // Both models classify both digits; IG completeness within 1% everywhere.
  for (const m of ['standard', 'robust']) for (const d of [3, 7]) expect(r.stdout).toMatch(new RegExp(`${m}\\s+digit ${d}: predicted ${d} `));
  for (const gap of r.stdout.matchAll(/completeness gap ([\d.]+)%/g)) expect(Number(gap[1])).toBeLessThan(1);
  const img = await loadImage(join(out, 'gallery.png'));
  expect([img.width, img.height]).toEqual([1144, 1000]);
}, 300_000);
