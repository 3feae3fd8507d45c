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
  // Exactly the lines it promises: one per (model, digit), in order, then where the gallery went and the time.
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(6);
  const rows = [['standard', 3], ['standard', 7], ['robust', 3], ['robust', 7]] as const;
  rows.forEach(([m, d], i) => {
    // Both models classify both digits; IG completeness within 1% everywhere.
    const row = new RegExp(`^${m}\\s+digit ${d}: predicted ${d} \\(p = (0\\.\\d{3}|1\\.000)\\), IG completeness gap (\\d+\\.\\d{2})%$`).exec(lines[i]!);
    expect(row, lines[i]).not.toBeNull();
    expect(Number(row![1])).toBeGreaterThan(0.5);
    expect(Number(row![2])).toBeLessThan(1);
  });
  expect(lines[4]).toBe(`wrote ${out}/gallery.png (1144x1000): rows = model x digit, columns = input, saliency, IG, SmoothGrad, BIG`);
  expect(lines[5]).toMatch(/^time \d+\.\d s$/);
  const img = await loadImage(join(out, 'gallery.png'));
  expect([img.width, img.height]).toEqual([1144, 1000]);
}, 300_000);
