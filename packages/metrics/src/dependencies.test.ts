/** @axplain/metrics runs in the browser: its sources import @axplain/core and each other, nothing else. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));
const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []);

/** Module specifiers of a source's imports and re-exports that are neither relative nor @axplain/core. */
function foreignImports(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)]
    .map((m) => m[1] ?? m[2]!)
    .filter((s) => !s.startsWith('.') && s !== '@axplain/core');
}

describe('@axplain/metrics dependencies', () => {
  it('no source imports a Node built-in, a runtime or another package: only @axplain/core', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(20);
    const bad = files.flatMap((f) => foreignImports(readFileSync(f, 'utf8')).map((s) => `${relative(SRC, f)}: ${s}`));
    expect(bad).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toEqual(['@axplain/core']);
  });
  it('the check catches node: built-ins, onnxruntime and dynamic imports', () => {
    expect(foreignImports("import { readFileSync } from 'node:fs';\nimport type { X } from './x.js';")).toEqual(['node:fs']);
    expect(foreignImports("export { a } from 'onnxruntime-web';\nconst m = await import('node:path');")).toEqual(['onnxruntime-web', 'node:path']);
    expect(foreignImports("import { tensor } from '@axplain/core';")).toEqual([]);
  });
});
