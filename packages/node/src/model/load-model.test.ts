/**
 * loadModel on small built models: options, every typed error, EP fallback reporting, the cache
 * through loadModel and disposal. Numerics on real models are in test/node-adapter.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { AxplainError, ShapeMismatchError } from '@axplain/core';
import { DT, encodeModel, ModelBuilder, ModelFormatError } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ExecutionProviderError, ModelDisposedError, ModelFileError, ModelSignatureError, TensorNotFoundError, UnknownExecutionProviderError,
} from './errors.js';
import { loadModel } from './load-model.js';
import { optional } from '../../../../test/support/requirement.js';

/** logits = x W + b, x [N, 6] (or `batch` fixed), W[i, j] = (i - 2j) / 10, b[j] = j. */
function linear(batch: number | string = 'N', outShape?: number[]): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', [batch, 6]);
  const w = b.initializer('w', [6, 4], Array.from({ length: 24 }, (_, k) => (Math.floor(k / 4) - 2 * (k % 4)) / 10));
  const bias = b.initializer('b', [4], [0, 1, 2, 3]);
  const z = b.node('Add', [b.node('MatMul', [x, w]), bias]);
  if (outShape) b.output(b.node('Reshape', [z, b.initializer('shape', [outShape.length], outShape, DT.INT64)]));
  else b.output(z);
  return encodeModel(b.build());
}
const W = (i: number, j: number) => (i - 2 * j) / 10;

const tmpDirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'axplain-load-test-'));
  tmpDirs.push(d);
  return d;
};
afterAll(() => { for (const d of tmpDirs) rmSync(d, { recursive: true, force: true }); });

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('resolved');
}

const x2 = { data: Float32Array.from({ length: 12 }, (_, k) => k / 12), shape: [2, 6] };

describe('loadModel: what it reports', () => {
  it('reads the signature and defaults to the CPU EP with no fallbacks', async () => {
    const m = await loadModel(linear());
    expect(m.specificationVersion).toBe('v1');
    expect([m.inputName, m.outputName, m.gradientIo.cotangent, m.gradientIo.grad]).toEqual(['x', 'add_1', 'add_1_cotangent', 'x_grad']);
    expect([...m.inputShape]).toEqual([6]);
    expect(m.classes).toBe(4);
    expect(m.labels).toBeUndefined();
    expect(m.fixedBatch).toBeUndefined();
    expect(m.maxBatch).toBe(32);
    expect(m.executionProvider).toBe('cpu');
    expect(m.fallbacks).toEqual([]);
    expect(m.cache).toEqual({ status: 'off' });
    expect(m.placement).toBeUndefined();
    expect(m.nodes.forward).toBe(2);
    expect(m.nodes.total).toBeGreaterThan(2);
    // vjp of a linear model: grad = cotangent W^T, exactly.
    const ct = { data: Float32Array.from({ length: 8 }, (_, k) => k - 3), shape: [2, 4] };
    const { grad } = await m.vjp(x2, ct);
    for (let n = 0; n < 2; n++)
      for (let i = 0; i < 6; i++) {
        let e = 0;
        for (let j = 0; j < 4; j++) e += ct.data[n * 4 + j]! * W(i, j);
        expect(grad.data[n * 6 + i]).toBeCloseTo(e, 5);
      }
    await m.dispose();
  });

  it('keeps labels, and rejects a list that does not match the classes', async () => {
    const m = await loadModel(linear(), { labels: ['a', 'b', 'c', 'd'] });
    expect(m.labels).toEqual(['a', 'b', 'c', 'd']);
    expect(Object.isFrozen(m.labels)).toBe(true);
    await m.dispose();
    const e = await rejection(loadModel(linear(), { labels: ['a', 'b'] }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("labels: 2 names given but output 'add_1' has 4 classes");
  });

  it('reports the kernels per provider when asked (all on the CPU here)', async () => {
    const m = await loadModel(linear(), { reportPlacement: true });
    expect(Object.keys(m.placement!)).toEqual(['CPUExecutionProvider']);
    expect(m.placement!.CPUExecutionProvider).toBeGreaterThanOrEqual(2);
    await m.dispose();
  });
});

describe('loadModel: errors', () => {
  it('a missing file, a directory, garbage bytes', async () => {
    const e = await rejection(loadModel('/nonexistent/model.onnx'));
    expect(e).toBeInstanceOf(ModelFileError);
    expect(e.message).toBe("model file '/nonexistent/model.onnx' does not exist; pass the path of an .onnx file or its bytes");
    expect((await rejection(loadModel(tmp()))).message).toContain('is a directory');
    const g = await rejection(loadModel(new Uint8Array([1, 2, 3, 4, 5])));
    expect(g).toBeInstanceOf(ModelFormatError);
    expect(g.message).toContain('model bytes: not a valid ONNX ModelProto');
  });

  it('bad options: maxBatch, labels, cache, executionProviders', async () => {
    await expect(loadModel(linear(), { maxBatch: 0 })).rejects.toThrow('maxBatch: expected an integer >= 1, got 0');
    await expect(loadModel(linear(), { maxBatch: 2.5 })).rejects.toThrow(RangeError);
    await expect(loadModel(linear(), { labels: [1, 2] as unknown as string[] })).rejects.toThrow(/labels: expected an array of strings/);
    await expect(loadModel(linear(), { cache: true })).rejects.toThrow(/cache: true stores the compiled model next to the model file, but the model was given as bytes/);
    await expect(loadModel(linear(), { executionProviders: [] })).rejects.toThrow(TypeError);
    const u = await rejection(loadModel(linear(), { executionProviders: ['cpu', 'npu'] }));
    expect(u).toBeInstanceOf(UnknownExecutionProviderError);
    expect(u.message).toBe("executionProviders: unknown execution provider 'npu'; onnxruntime-node knows: cpu, webgpu, cuda, tensorrt, dml, coreml");
  });

  it('input or output names that do not exist list the available ones', async () => {
    const i = await rejection(loadModel(linear(), { input: 'pixels' }));
    expect(i).toBeInstanceOf(TensorNotFoundError);
    expect(i.message).toBe("model bytes: no input tensor named 'pixels'; the model's inputs are: 'x'. Pass one of them as options.input");
    const o = await rejection(loadModel(linear(), { output: 'probs' }));
    expect((o as TensorNotFoundError).available).toEqual(['add_1']);
  });

  it('a model without a float input', async () => {
    const b = new ModelBuilder({ opset: 13 });
    b.output(b.node('Cast', [b.input('ids', ['N', 3], DT.INT64)], { to: DT.FLOAT }));
    const e = await rejection(loadModel(encodeModel(b.build())));
    expect(e).toBeInstanceOf(ModelSignatureError);
    expect(e.message).toContain("the model has no float input to explain (inputs: 'ids' int64)");
  });

  it('symbolic per-sample dims: inputShape, else the shape of the first input', async () => {
    const b = new ModelBuilder({ opset: 13 });
    const x = b.input('img', ['N', 2, 'H', 'W']);
    const pooled = b.node('Flatten', [b.node('GlobalAveragePool', [x])]);
    b.output(b.node('MatMul', [pooled, b.initializer('w', [2, 3], [1, 2, 3, -1, -2, -3])]));
    const bytes = encodeModel(b.build());
    const lazy = await loadModel(bytes);
    expect(lazy.shapeFromFirstInput).toBe(true);
    // Before its first input the model has no shape, and says how to give it one.
    expect(() => lazy.inputShape).toThrow(ModelSignatureError);
    expect(() => lazy.classes).toThrow(/symbolic per-sample dims and no inputShape was given/);
    const z0 = await lazy.logits({ data: Float32Array.from({ length: 30 }, (_, k) => (k < 15 ? 1 : 2)), shape: [1, 2, 3, 5] });
    expect([...z0.data]).toEqual([-1, -2, -3]);
    expect([...lazy.inputShape]).toEqual([2, 3, 5]);
    // Another shape later is a clear error (one shape per loaded model).
    const other = await rejection(lazy.logits({ data: new Float32Array(2 * 4 * 4), shape: [1, 2, 4, 4] }));
    expect(other).toBeInstanceOf(ShapeMismatchError);
    expect(other.message).toContain('specialised to [2, 3, 5] by its first input; load it again');
    // A wrong rank or a static dim that differs, before any compile.
    await lazy.dispose();
    const lazy2 = await loadModel(bytes);
    expect((await rejection(lazy2.logits({ data: new Float32Array(12), shape: [1, 3, 2, 2] }))).message).toContain("per-sample shape of x for input 'img' (declared [N, 2, H, W]): expected shape [2, H, W], got [3, 2, 2]");
    await lazy2.dispose();
    const m = await loadModel(bytes, { inputShape: [2, 3, 5] });
    expect(m.shapeFromFirstInput).toBe(false);
    expect(m.classes).toBe(3);
    // Channel 0 all ones, channel 1 all twos: logits = [1 - 2, 2 - 4, 3 - 6].
    const z = await m.logits({ data: Float32Array.from({ length: 30 }, (_, k) => (k < 15 ? 1 : 2)), shape: [1, 2, 3, 5] });
    expect([...z.data]).toEqual([-1, -2, -3]);
    await m.dispose();
  });

  it('an output [N, 2, 2] is a sequence: flattened to 4 values with outputShape [2, 2]; a scalar output is an error', async () => {
    const m = await loadModel(linear('N', [-1, 2, 2]));
    expect(m.classes).toBe(4);
    expect([...m.outputShape]).toEqual([2, 2]);
    await m.dispose();
    const e = await rejection(loadModel(linear('N', [-1])));
    expect(e).toBeInstanceOf(ModelSignatureError);
    expect(e.message).toContain("output 'reshape_2' came back as [4] for a batch of 1");
  });

  it('x and cotangent of the wrong shape: ShapeMismatchError naming expected and got', async () => {
    const m = await loadModel(linear());
    const bad = await rejection(m.logits({ data: new Float32Array(12), shape: [2, 2, 3] }));
    expect(bad).toBeInstanceOf(ShapeMismatchError);
    expect(bad.message).toBe("logits(): x for input 'x': expected shape [N, 6], got [2, 2, 3]. N >= 1 samples of the model's per-sample input shape");
    expect((await rejection(m.logits({ data: new Float32Array(0), shape: [0, 6] }))).message).toContain('got [0, 6]');
    const ct = await rejection(m.vjp(x2, { data: new Float32Array(6), shape: [2, 3] }));
    expect(ct).toBeInstanceOf(ShapeMismatchError);
    expect(ct.message).toBe("vjp(): cotangent of output 'add_1': expected shape [2, 4], got [2, 3]. one row of class weights per sample of x");
    const len = await rejection(m.logits({ data: new Float32Array(11), shape: [2, 6] }));
    expect(len).toBeInstanceOf(RangeError);
    expect(len.message).toBe('logits(): x has 11 values but its shape [2, 6] needs 12');
    await expect(m.logits({ data: [1, 2] as unknown as Float32Array, shape: [1, 2] })).rejects.toThrow(TypeError);
    await m.dispose();
  });

  it('dispose is idempotent and later calls throw ModelDisposedError', async () => {
    const m = await loadModel(linear());
    await m.dispose();
    await m.dispose();
    const e = await rejection(m.vjp(x2, { data: new Float32Array(8), shape: [2, 4] }));
    expect(e).toBeInstanceOf(ModelDisposedError);
    expect(AxplainError.isInstance(e)).toBe(true);
    expect(e.message).toBe('vjp(): the model was disposed; load it again with loadModel()');
    await expect(m.logits(x2)).rejects.toThrow(ModelDisposedError);
  });
});

describe('loadModel: execution providers on this machine', () => {
  const ortDir = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
  const binDir = join(ortDir, 'bin', 'napi-v6', process.platform, process.arch);
  const cudaLibs = existsSync(join(binDir, 'libonnxruntime_providers_cuda.so'));
  const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
  // Platform-specific tests skip with one printed line elsewhere (another platform, not a missing tool).
  const notWindows = optional("the 'dml is unavailable here' tests", process.platform === 'win32' ? 'on Windows dml can start, so they test another platform' : undefined);
  const cudaFails = optional("the 'cuda cannot start' tests", !linuxX64
    ? `they pin the linux-x64 start failure; this is ${process.platform}-${process.arch}`
    : cudaLibs ? "onnxruntime-node here ships the CUDA provider library, so 'cuda' may start" : undefined);

  it("['cuda', 'cpu']: falls back to the CPU and reports why cuda could not start", async () => {
    const m = await loadModel(linear(), { executionProviders: ['cuda', 'cpu'] });
    if (m.executionProvider === 'cuda') {
      expect(m.fallbacks).toEqual([]);
    } else {
      expect(m.executionProvider).toBe('cpu');
      expect(m.fallbacks.map((f) => f.name)).toEqual(['cuda']);
      const cause = m.fallbacks[0]!.cause as Error;
      expect(m.fallbacks[0]!.reason.startsWith(cause.message.trim().replace(/\s+/g, ' '))).toBe(true);
      if (linuxX64 && !cudaLibs) expect(m.fallbacks[0]!.reason).toMatch(/Failed to load shared library; the 'cuda' EP needs an NVIDIA GPU, CUDA 12 and cuDNN 9/);
    }
    expect((await m.logits(x2)).data[3]).toBeCloseTo(3 + [...Array(6).keys()].reduce((a, i) => a + (i / 12) * W(i, 3), 0), 5);
    await m.dispose();
  });

  notWindows.it("['dml', 'cpu']: dml is reported unavailable on this platform, the CPU is used", async () => {
    const m = await loadModel(linear(), { executionProviders: ['dml', 'cpu'] });
    expect(m.executionProvider).toBe('cpu');
    expect(m.fallbacks).toHaveLength(1);
    expect(m.fallbacks[0]!.name).toBe('dml');
    expect(m.fallbacks[0]!.reason).toContain(`not available in onnxruntime-node on ${process.platform}/${process.arch}`);
    expect(m.fallbacks[0]!.reason).toContain("'dml' ships for win32-x64, win32-arm64 and needs Windows with Direct3D 12");
    await m.dispose();
  });

  notWindows.it('onnxruntime-node alone drops an unavailable EP from a list without failing (why each EP is tried alone)', async () => {
    const s = await ort.InferenceSession.create(linear(), { executionProviders: ['dml', 'cpu'], logSeverityLevel: 3 });
    expect(s.outputNames).toEqual(['add_1']);
    await s.release();
  });

  cudaFails.it("onnxruntime-node alone fails on ['cuda', 'cpu'] without trying the CPU; ['cuda'] alone is one ExecutionProviderError", async () => {
    await expect(ort.InferenceSession.create(linear(), { executionProviders: ['cuda', 'cpu'], logSeverityLevel: 3 })).rejects.toThrow(/Failed to load shared library/);
    const e = await rejection(loadModel(linear(), { executionProviders: ['cuda'] }));
    expect(e).toBeInstanceOf(ExecutionProviderError);
    expect((e as ExecutionProviderError).failures.map((f) => f.name)).toEqual(['cuda']);
    expect(e.message).toMatch(/^execution provider 'cuda' could not start: OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library/);
    expect(e.message).toContain("add 'cpu' at the end of executionProviders to fall back to the CPU");
  });

  cudaFails.it("['cuda', 'dml']: one error listing each EP and why", async () => {
    const e = (await rejection(loadModel(linear(), { executionProviders: ['cuda', { name: 'dml' }] }))) as ExecutionProviderError;
    expect(e).toBeInstanceOf(ExecutionProviderError);
    expect(e.code).toBe('EXECUTION_PROVIDER');
    expect(e.failures.map((f) => f.name)).toEqual(['cuda', 'dml']);
    const lines = e.message.split('\n');
    expect(lines[0]).toBe('none of the execution providers could start:');
    expect(lines[1]).toMatch(/^ {2}- 'cuda': OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library/);
    expect(lines[2]).toMatch(/^ {2}- 'dml': not available in onnxruntime-node on linux\/x64/);
    expect(e.available).toEqual(['cpu', 'webgpu', 'cuda', 'tensorrt']);
  });
});

describe('loadModel: compile cache', () => {
  it('cache: true stores next to the model file: miss, hit, corrupt -> rewritten, same numbers every time', async () => {
    const dir = tmp();
    const path = join(dir, 'lin.onnx');
    writeFileSync(path, linear());
    const ct = { data: Float32Array.from({ length: 8 }, (_, k) => (k % 3) - 1), shape: [2, 4] };
    const run = async () => {
      const m = await loadModel(path, { cache: true });
      const r = await m.vjp(x2, ct);
      await m.dispose();
      return { cache: m.cache, grad: [...r.grad.data], logits: [...r.logits.data] };
    };
    const miss = await run();
    expect(miss.cache.status).toBe('miss');
    expect(dirname(miss.cache.path!)).toBe(dir);
    expect(miss.cache.path).toMatch(/lin\.axplain-grad\.[0-9a-f]{16}\.onnx$/);
    const hit = await run();
    expect(hit.cache).toEqual({ status: 'hit', path: miss.cache.path });
    const bytes = readFileSync(miss.cache.path!);
    bytes[bytes.length - 5]! ^= 0xff;
    writeFileSync(miss.cache.path!, bytes);
    const corrupt = await run();
    expect(corrupt.cache.status).toBe('corrupt');
    expect((await run()).cache.status).toBe('hit');
    expect(hit.grad).toEqual(miss.grad);
    expect(corrupt.grad).toEqual(miss.grad);
    expect(corrupt.logits).toEqual(miss.logits);
  });

  it('cache: dir works for bytes', async () => {
    const dir = join(tmp(), 'nested', 'cache');
    const m = await loadModel(linear(), { cache: dir });
    expect(m.cache.status).toBe('miss');
    expect(m.cache.path).toMatch(new RegExp(`^${dir}/model\\.axplain-grad\\.[0-9a-f]{16}\\.onnx$`));
    await m.dispose();
    const again = await loadModel(linear(), { cache: dir });
    expect(again.cache.status).toBe('hit');
    await again.dispose();
  });
});
