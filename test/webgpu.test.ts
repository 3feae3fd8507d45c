/**
 * The gradient graphs run on onnxruntime-node's WebGPU EP (SwiftShader here) and give the CPU
 * EP's numbers: the MNIST zoo model, and every checkable row of the op tables. The zoo-light
 * architectures are opt-in (AXPLAIN_WEBGPU_ZOO=1): SwiftShader emulates the GPU on the CPU and
 * ResNet-50's forward alone takes ~30 s there.
 */
import { compile, type ModelProto } from '@axplain/onnx';
import { Rng, runtimeShape } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { buildCase, type OpCase } from './support/op-case.js';
import { relMaxDiff, runModel } from './support/run-model.js';
import { setupSwiftShader } from './support/webgpu.js';
import { yieldToEventLoop } from './support/yield-to-runner.js';
import { loadShared, logitsOf, randomizeWeights, ZOO_LIGHT } from './support/zoo.js';
import * as conv from './ops/cases/conv.js';
import * as elementwise from './ops/cases/elementwise.js';
import * as linalg from './ops/cases/linalg.js';
import * as norm from './ops/cases/norm.js';
import * as pool from './ops/cases/pool.js';
import * as reduce from './ops/cases/reduce.js';
import * as resample from './ops/cases/resample.js';
import * as shape from './ops/cases/shape.js';

const gpu = setupSwiftShader();
if (!gpu.ok) console.warn(`[webgpu tests skipped] ${gpu.reason}`);
const describeGpu = gpu.ok ? describe : describe.skip;

async function compareEps(
  model: ModelProto, feeds: Record<string, Float32Array>, dims: Record<string, number[]>, of?: string, wrt?: string[],
) {
  const res = compile(model, { of, wrt });
  const rng = new Rng(11);
  const outDims = await runtimeShape(model, res.of, feeds, (n) => dims[n]!, { executionProviders: ['cpu'] });
  const all = {
    ...Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, { data: v, dims: dims[k]! }])),
    [res.cotangentInput]: { data: rng.fillNormal(outDims.reduce((a, b) => a * b, 1)), dims: outDims },
  };
  const cpu = await runModel(res.model, all, 'cpu');
  const web = await runModel(res.model, all, 'webgpu');
  return res.gradOutputs.map((g) => ({ name: g, diff: relMaxDiff(cpu[g]!, web[g]!), norm: Math.sqrt(cpu[g]!.reduce((a, v) => a + v * v, 0)) }));
}


describeGpu('WebGPU EP matches CPU', () => {
  it('MNIST zoo model (opset 8): input gradient', async () => {
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

const zooOptIn = gpu.ok && process.env.AXPLAIN_WEBGPU_ZOO === '1';
(zooOptIn ? describe : describe.skip)('WebGPU EP on zoo-light architectures (opt-in: AXPLAIN_WEBGPU_ZOO=1)', () => {
  for (const name of ZOO_LIGHT)
    it(name, async () => {
      const model = randomizeWeights(loadShared(`models/zoo-light/${name}.onnx`), 7);
      const x = new Rng(1).fillUniform(3 * 224 * 224, 0, 1);
      const input = model.graph!.input!.find((i) => !model.graph!.initializer!.some((t) => t.name === i.name))!.name!;
      const [r] = await compareEps(model, { [input]: x }, { [input]: [1, 3, 224, 224] }, logitsOf(model));
      expect(r!.diff).toBeLessThan(2e-3);
    }, 600_000);
});
