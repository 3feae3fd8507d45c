/**
 * The gradient graphs run on onnxruntime-node's WebGPU EP (SwiftShader here) and give the CPU
 * EP's numbers: the MNIST zoo model, and every checkable row of the op tables. The zoo-light
 * architectures are in test/full/webgpu-zoo.test.ts (`pnpm test:full`): SwiftShader emulates the
 * GPU on the CPU and ResNet-50's forward alone takes ~30 s there.
 */
import { Rng } from '@axplain/node';
import { expect, it } from 'vitest';
import { buildCase, type OpCase } from './support/op-case.js';
import { runModel } from './support/run-model.js';
import { loadShared, sharedDir } from './support/shared.js';
import { compareEps, webgpu } from './support/webgpu.js';
import { yieldToEventLoop } from './support/yield-to-runner.js';
import * as conv from './ops/cases/conv.js';
import * as elementwise from './ops/cases/elementwise.js';
import * as linalg from './ops/cases/linalg.js';
import * as norm from './ops/cases/norm.js';
import * as pool from './ops/cases/pool.js';
import * as reduce from './ops/cases/reduce.js';
import * as resample from './ops/cases/resample.js';
import * as shape from './ops/cases/shape.js';

const gpu = await webgpu('gradient graphs on the WebGPU EP');
const zoo = sharedDir('the MNIST zoo model on the WebGPU EP', 'models/mnist-zoo');

gpu.describe('WebGPU EP matches CPU', () => {
  zoo.it('MNIST zoo model (opset 8): input gradient', async () => {
    const model = loadShared('models/mnist-zoo/mnist-8-opt.onnx');
    const x = new Rng(3).fillUniform(784, 0, 1);
    const [r] = await compareEps(model, { Input3: x }, { Input3: [1, 1, 28, 28] });
    expect(r!.norm).toBeGreaterThan(0);
    expect(r!.diff).toBeLessThan(1e-3);
  });

  const tables: Record<string, Record<string, unknown>> = { conv, elementwise, linalg, norm, pool, reduce, resample, shape };
  for (const [file, mod] of Object.entries(tables)) {
    it(`op table ${file}: every checkable row`, async () => {
      // Only the tables of checkable rows (exports named *_CASES), not the rejection tables.
      const cases = [...new Set(Object.entries(mod).filter(([k]) => k.endsWith('_CASES')).flatMap(([, v]) => v as OpCase[]))];
      // Every row: sampling a few per op missed a WebGPU-only bug (negative-step Slice).
      const picked = cases;
      const failures: string[] = [];
      const forwardUnsupported: string[] = [];
      for (const c of picked) {
        await yieldToEventLoop();
        const { model, feeds, shapes, wrt } = buildCase(c);
        // A row whose *forward* model the WebGPU EP cannot run (e.g. 3-D grouped Conv, 1-D linear
        // Resize) says nothing about the gradient graph; it is listed, not failed.
        const fwdFeeds = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, { data: v, dims: shapes[k]! }]));
        try { await runModel(model, fwdFeeds, 'webgpu'); } catch { forwardUnsupported.push(c.name); continue; }
        try {
          const results = await compareEps(model, feeds, shapes, undefined, wrt);
          for (const r of results) if (!(r.diff < 1e-3)) failures.push(`${c.name}: ${r.name} differs by ${r.diff}`);
        } catch (err) {
          failures.push(`${c.name}: gradient graph fails on WebGPU: ${(err as Error).message.slice(0, 300)}`);
        }
      }
      if (forwardUnsupported.length) console.warn(`[webgpu] ${file}: forward model unsupported by the WebGPU EP: ${forwardUnsupported.join('; ')}`);
      expect(picked.length - forwardUnsupported.length).toBeGreaterThan(0);
      expect(failures).toEqual([]);
    });
  }
});
