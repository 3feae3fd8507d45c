import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { browserOnly, nodeOnlyReason } from '../build/browser-only.js';

const dir = mkdtempSync(join(tmpdir(), 'axplain-browser-only-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles `entry` for the browser with the check on; resolves to the output's size. */
async function bundle(entry: string): Promise<number> {
  const out = await build({
    configFile: false, logLevel: 'silent', root: dir, plugins: [browserOnly()],
    resolve: { conditions: ['source', 'browser', 'module', 'import', 'default'] },
    build: { write: false, lib: { entry, formats: ['es'], fileName: 'x' }, rollupOptions: { external: ['onnxruntime-web'] } },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as { output: { code?: string }[] }[];
  return outputs.flatMap((o) => o.output).reduce((n, c) => n + (c.code?.length ?? 0), 0);
}

function fixture(name: string, code: string): string {
  const file = join(dir, name);
  writeFileSync(file, code);
  return file;
}

describe('browserOnly (the browser bundle check)', () => {
  it('names Node built-ins and Node-only packages', () => {
    expect(nodeOnlyReason('node:fs')).toMatch(/Node built-in/);
    expect(nodeOnlyReason('path')).toMatch(/Node built-in/);
    expect(nodeOnlyReason('jimp')).toMatch(/Node-only package/);
    expect(nodeOnlyReason('@jimp/core')).toMatch(/Node-only package/);
    expect(nodeOnlyReason('onnxruntime-node')).toMatch(/Node-only package/);
    expect(nodeOnlyReason('onnxruntime-web')).toBeUndefined();
    expect(nodeOnlyReason('@axplain/core')).toBeUndefined();
  });

  it('fails a build that imports node:fs, a bare built-in or jimp, naming the importer', async () => {
    await expect(bundle(fixture('a.js', "import { readFileSync } from 'node:fs'; export const f = readFileSync;"))).rejects.toThrow(/a\.js imports 'node:fs' is a Node built-in/);
    await expect(bundle(fixture('b.js', "import { join } from 'path'; export const j = join;"))).rejects.toThrow(/imports 'path' is a Node built-in/);
    await expect(bundle(fixture('c.js', "export { Jimp } from 'jimp';"))).rejects.toThrow(/imports 'jimp' is a Node-only package/);
  }, 60_000);

  it('passes @axplain/web with core, onnx and ort bundled in', async () => {
    const size = await bundle(fileURLToPath(new URL('../src/index.ts', import.meta.url)));
    expect(size).toBeGreaterThan(100_000);
  }, 120_000);
});
