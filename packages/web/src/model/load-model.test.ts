import { readFileSync } from 'node:fs';
import { AxplainError } from '@axplain/core';
import { loadModel as loadNodeModel } from '@axplain/node';
import { compileGradient, ModelSignatureError, UnknownExecutionProviderError } from '@axplain/ort';
import { describe, expect, it } from 'vitest';
import type { CompiledGraphStore, StoredGraph } from './compile-cache.js';
import { loadModel } from './load-model.js';
import { applyOrtSettings } from './ort-settings.js';
import { ModelSourceError } from './model-source.js';

// onnxruntime-web's Node build runs the wasm EP here: the browser path minus the page.
const path = new URL('../../../../models/mnist-mlp/model.onnx', import.meta.url);
const bytes = new Uint8Array(readFileSync(path));

function mapStore(): CompiledGraphStore & { map: Map<string, StoredGraph> } {
  const map = new Map<string, StoredGraph>();
  return { name: 'map', map, get: async (k) => map.get(k), put: async (k, v) => { map.set(k, v); } };
}

const x = { data: Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 101) / 100), shape: [1, 1, 28, 28] };
const ct = { data: Float32Array.from({ length: 10 }, (_, i) => (i % 3) - 1), shape: [1, 10] };

describe('loadModel (onnxruntime-web, wasm)', () => {
  it("gives onnxruntime-node's logits and vector-Jacobian products, and compiles once per store", async () => {
    const store = mapStore();
    const web = await loadModel(bytes.buffer.slice(0) as ArrayBuffer, { cache: store });
    const node = await loadNodeModel(bytes);
    try {
      expect(web.executionProvider).toBe('wasm');
      expect(web.cache.status).toBe('miss');
      expect(store.map.size).toBe(1);
      const [a, b] = [await web.vjp(x, ct), await node.vjp(x, ct)];
      for (let i = 0; i < 10; i++) expect(a.logits.data[i]).toBeCloseTo(b.logits.data[i]!, 5);
      let maxDiff = 0, maxAbs = 0;
      for (let i = 0; i < 784; i++) { maxDiff = Math.max(maxDiff, Math.abs(a.grad.data[i]! - b.grad.data[i]!)); maxAbs = Math.max(maxAbs, Math.abs(b.grad.data[i]!)); }
      expect(maxAbs).toBeGreaterThan(1e-3);
      expect(maxDiff).toBeLessThan(1e-5);
      const again = await loadModel(new Blob([bytes]), { cache: store });
      expect(again.cache.status).toBe('hit');
      expect(Array.from((await again.vjp(x, ct)).grad.data)).toEqual(Array.from(a.grad.data));
      await again.dispose();
    } finally {
      await web.dispose();
      await node.dispose();
    }
  });

  it('recompiles over a damaged cache entry', async () => {
    const store = mapStore();
    await (await loadModel(bytes, { cache: store })).dispose();
    const [key, entry] = [...store.map][0]!;
    store.map.set(key, { ...entry, bytes: entry.bytes.slice(0, 100) });
    const m = await loadModel(bytes, { cache: store });
    expect(m.cache.status).toBe('corrupt');
    expect(m.cache.reason).toMatch(/SHA-256/);
    await m.dispose();
  });

  it('takes a pre-compiled graph, and refuses one compiled for another tensor', async () => {
    const pre = compileGradient(bytes, { wrt: 'input', of: 'logits' });
    const m = await loadModel(bytes, { compiled: pre.bytes, cache: false });
    expect(m.cache.status).toBe('off');
    expect((await m.vjp(x, ct)).grad.data.length).toBe(784);
    await m.dispose();
    const other = compileGradient(bytes, { wrt: 'input', of: 'gemm_3' });
    await expect(loadModel(bytes, { compiled: other.bytes, cache: false })).rejects.toThrow(ModelSignatureError);
    await expect(loadModel(bytes, { compiled: other.bytes, cache: false })).rejects.toThrow(/no cotangent input for 'logits'.*axplain compile model.onnx -o grad.onnx --wrt input --of logits/);
  });

  it('names the problem: unknown EP, not ONNX, failed fetch, threads without isolation', async () => {
    await expect(loadModel(bytes, { executionProviders: ['cuda' as 'wasm'] })).rejects.toThrow(UnknownExecutionProviderError);
    await expect(loadModel(bytes, { executionProviders: ['cuda' as 'wasm'] })).rejects.toThrow(/'cuda'.*in the browser use 'webgpu'.*onnxruntime-web knows: wasm, webgpu, webnn/);
    const notOnnx = new File([new TextEncoder().encode('hello, this is not a model')], 'notes.txt');
    await expect(loadModel(notOnnx, { cache: false })).rejects.toThrow(/notes\.txt: not a valid ONNX ModelProto/);
    await expect(loadModel(new Uint8Array(0))).rejects.toThrow(ModelSourceError);
    await expect(loadModel('http://127.0.0.1:9/none.onnx')).rejects.toThrow(/none\.onnx: could not be fetched/);
    expect(() => applyOrtSettings({ numThreads: 4 }, { crossOriginIsolated: false })).toThrow(/cross-origin isolated/);
    expect(() => applyOrtSettings({ numThreads: 0 })).toThrow(RangeError);
    const e = await loadModel(notOnnx, { cache: false }).catch((err: unknown) => err);
    expect(AxplainError.isInstance(e)).toBe(true);
  });
});

