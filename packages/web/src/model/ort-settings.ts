/**
 * onnxruntime-web's own settings, reachable from `loadModel`: where its wasm files are served,
 * how many threads it runs, and whether it runs in a proxy worker. They are global to the page
 * (`ort.env.wasm`) and take effect when the first session starts.
 */
import * as ort from 'onnxruntime-web';

export interface OrtWebSettings {
  /**
   * Where onnxruntime-web's `.wasm` and `.mjs` files are served: a URL prefix ending in '/'
   * (e.g. '/ort/' or a CDN folder), or per-file URLs. @defaultValue next to the onnxruntime-web bundle
   */
  wasmPaths?: ort.Env.WasmPrefixOrFilePaths;
  /**
   * wasm threads. More than 1 needs a cross-origin isolated page (headers
   * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`).
   * @defaultValue onnxruntime-web's choice (half the cores, at most 4, when isolated; else 1)
   */
  numThreads?: number;
  /** Run onnxruntime-web's wasm in a proxy worker (wasm EP only). @defaultValue false */
  proxy?: boolean;
}

interface Isolation { crossOriginIsolated?: boolean }

/**
 * Checks and applies the settings to `ort.env.wasm`.
 * @example applyOrtSettings({ wasmPaths: '/ort/', numThreads: 1 });
 */
export function applyOrtSettings(settings: OrtWebSettings | undefined, g: Isolation = globalThis as Isolation): void {
  if (settings === undefined) return;
  if (typeof settings !== 'object' || settings === null) throw new TypeError(`ort: expected { wasmPaths?, numThreads?, proxy? }, got ${JSON.stringify(settings)}`);
  const { wasmPaths, numThreads, proxy } = settings;
  if (numThreads !== undefined) {
    if (!Number.isInteger(numThreads) || numThreads < 1) throw new RangeError(`ort.numThreads: expected an integer >= 1, got ${numThreads}`);
    if (numThreads > 1 && g.crossOriginIsolated !== true)
      throw new RangeError(
        `ort.numThreads: ${numThreads} threads need a cross-origin isolated page (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp); this page is not, so use 1`,
      );
    ort.env.wasm.numThreads = numThreads;
  }
  if (wasmPaths !== undefined) {
    if (typeof wasmPaths !== 'string' && (typeof wasmPaths !== 'object' || wasmPaths === null))
      throw new TypeError(`ort.wasmPaths: expected a URL prefix ending in '/' or { wasm, mjs } file URLs, got ${JSON.stringify(wasmPaths)}`);
    ort.env.wasm.wasmPaths = wasmPaths;
  }
  if (proxy !== undefined) {
    if (typeof proxy !== 'boolean') throw new TypeError(`ort.proxy: expected true or false, got ${JSON.stringify(proxy)}`);
    ort.env.wasm.proxy = proxy;
  }
}
