import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Module specifiers a runtime-neutral source may not load: Node built-ins and concrete onnxruntime packages. */
const FORBIDDEN = /^(node:|onnxruntime-node$|onnxruntime-web($|\/))/;
const BUILTINS = new Set(['fs', 'path', 'os', 'url', 'crypto', 'module', 'child_process', 'worker_threads', 'process', 'buffer', 'util', 'stream']);

/** The source without comments (TSDoc examples show how a shell imports its runtime). */
const code = (source: string): string => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** The specifiers a source imports or re-exports (static, dynamic and require). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of code(source).matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)) found.push(m[1]!);
  return found;
}

/** The forbidden imports in a source, as `specifier` strings. */
function forbiddenImports(source: string): string[] {
  return specifiers(source).filter((s) => FORBIDDEN.test(s) || BUILTINS.has(s));
}

/** Value imports of onnxruntime-common (types only are allowed: the shell passes the runtime). */
function valueImportsOfCommon(source: string): string[] {
  return [...code(source).matchAll(/^import\s+(?!type\b)[^;]*from\s*['"]onnxruntime-common['"]/gm)].map((m) => m[0]);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

describe('@axplain/ort is runtime-neutral', () => {
  const root = fileURLToPath(new URL('.', import.meta.url));

  it('no source imports node: built-ins, onnxruntime-node or onnxruntime-web, and onnxruntime-common only for types', () => {
    const files = sources(root);
    expect(files.length).toBeGreaterThan(10);
    const bad = files.flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return [...forbiddenImports(text), ...valueImportsOfCommon(text)].map((s) => `${relative(root, f)}: ${s}`);
    });
    expect(bad).toEqual([]);
  });

  it('the check catches a planted bad import of each kind', () => {
    expect(forbiddenImports("import { readFileSync } from 'node:fs';")).toEqual(['node:fs']);
    expect(forbiddenImports("import * as ort from 'onnxruntime-node';")).toEqual(['onnxruntime-node']);
    expect(forbiddenImports("export { Tensor } from 'onnxruntime-web/webgpu';")).toEqual(['onnxruntime-web/webgpu']);
    expect(forbiddenImports("const ort = await import('onnxruntime-web');")).toEqual(['onnxruntime-web']);
    expect(forbiddenImports("import { join } from 'path';")).toEqual(['path']);
    expect(valueImportsOfCommon("import { Tensor } from 'onnxruntime-common';")).toHaveLength(1);
    expect(forbiddenImports("import type { Tensor } from 'onnxruntime-common';\nimport { numel } from '@axplain/core';")).toEqual([]);
    expect(valueImportsOfCommon("import type { Tensor } from 'onnxruntime-common';")).toEqual([]);
    // Examples in comments are not imports.
    expect(forbiddenImports("/**\n * @example import * as ort from 'onnxruntime-node';\n */\n// import 'node:fs';")).toEqual([]);
  });
});
