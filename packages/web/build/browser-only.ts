/**
 * A Vite/Rollup plugin that fails the build when a browser bundle would pull in a Node built-in
 * (`fs`, `node:path`...), jimp or onnxruntime-node: @axplain/core, onnx, ort and web must stay
 * isomorphic, and a sneaked-in import would otherwise become a silent empty stub.
 */
import { isBuiltin } from 'node:module';
import type { Plugin } from 'vite';

/** Packages that are Node-only by design. */
const NODE_ONLY = /^(jimp(\/|$)|@jimp\/|onnxruntime-node(\/|$)|@axplain\/node(\/|$))/;

/** Why `source` may not be in a browser bundle; `undefined` when it may. */
export function nodeOnlyReason(source: string): string | undefined {
  if (source.startsWith('node:') || isBuiltin(source)) return `'${source}' is a Node built-in`;
  if (NODE_ONLY.test(source)) return `'${source}' is a Node-only package`;
  return undefined;
}

/**
 * The plugin: every import the bundler resolves is checked; a Node-only one is a build error
 * naming the importing file.
 * @example export default defineConfig({ plugins: [browserOnly()] });
 */
export function browserOnly(): Plugin {
  return {
    name: 'axplain:browser-only',
    enforce: 'pre',
    resolveId(source, importer) {
      const reason = nodeOnlyReason(source);
      if (reason) this.error(`browser bundle: ${importer ?? 'an entry'} imports ${reason}; keep Node code out of @axplain/core, onnx, ort and web`);
      return null;
    },
  };
}
