/**
 * Whole-model gradient checks on real architectures: the four zoo-light models with random
 * weights (differentiating the logits) and the trained MNIST model from the ONNX model zoo.
 */
import { compile, encodeModel, type ModelProto } from '@axplain/onnx';
import { gradCheck } from '@axplain/node';
import { beforeAll, expect, it } from 'vitest';
import { runModel } from './support/run-model.js';
import { loadShared, sharedDir } from './support/shared.js';
import { logitsOf, randomizeWeights, ZOO_LIGHT } from './support/zoo.js';

const zooLight = sharedDir('zoo-light gradient checks', 'models/zoo-light');
const mnistZoo = sharedDir('MNIST zoo gradient checks', 'models/mnist-zoo');

zooLight.describe('zoo-light architectures with random weights', () => {
  for (const name of ZOO_LIGHT) {
    it(`${name}: gradient of the logits matches finite differences; outputs unchanged`, async () => {
      const model = randomizeWeights(loadShared(`models/zoo-light/${name}.onnx`), 7);
      const r = await gradCheck(model, { of: logitsOf(model), seed: 3, directions: 2, inputRange: [0, 1], direction: 'gradient' });
      expect(r.forwardMaxAbsDiff).toBe(0);
      // Checked at opset 16: every zoo-light file converts (named but unread Dropout masks included).
      expect(r.compiled.opsetImport!.find((o) => !o.domain)!.version).toBe(16);
      expect(r.perWrt[0]!.gradNorm).toBeGreaterThan(0);
      expect(r.maxRelError).toBeLessThan(2e-2);
    });
  }

  it('light_squeezenet with ConstantOfShape weights compiles without differentiating them and runs', async () => {
    const model = loadShared('models/zoo-light/light_squeezenet.onnx');
    const res = compile(model);
    const added = res.model.graph!.node!.slice(res.forwardNodes);
    expect(added.some((n) => n.opType === 'ConstantOfShape')).toBe(false);
    const x = { data: new Float32Array(3 * 224 * 224).fill(0.5), dims: [1, 3, 224, 224] };
    const ct = { data: new Float32Array(1000).fill(1), dims: [1, 1000, 1, 1] };
    const out = await runModel(res.model, { data_0: x, [res.cotangentInput]: ct }, 'cpu');
    const orig = await runModel(model, { data_0: x }, 'cpu');
    expect(out.softmaxout_1).toEqual(orig.softmaxout_1);
    expect(out.data_0_grad!.length).toBe(3 * 224 * 224);
  });
});

mnistZoo.describe('the trained MNIST model (ONNX model zoo, opset 8)', () => {
  let model: ModelProto;
  beforeAll(() => { model = loadShared('models/mnist-zoo/mnist-8-opt.onnx'); });
  it('differentiates the input (not the weights listed as inputs) and matches finite differences', async () => {
    const res = compile(model);
    expect(res.wrt).toEqual(['Input3']);
    expect(res.gradOutputs).toEqual(['Input3_grad']);
    const r = await gradCheck(encodeModel(model), { seed: 5, inputRange: [0, 1], directions: 4, direction: 'gradient' });
    // The graph is re-versioned to opset 16 (MaxPool's scatter-add); onnxruntime's Gemm there,
    // with B a graph input as in this IR-3 file, rounds the logits (~10) differently by ~1 ulp.
    expect(r.forwardMaxAbsDiff).toBeLessThan(1e-5);
    // At the model's own opset the copies are bit for bit the original's.
    const keep = await gradCheck(model, { seed: 5, inputRange: [0, 1], directions: 1, direction: 'gradient', compiled: compile(model, {}, { keepOpset: true }) });
    expect(keep.forwardMaxAbsDiff).toBe(0);
    expect(keep.maxRelError).toBeLessThan(1e-2);
    expect(r.maxRelError).toBeLessThan(1e-2);
  });
  it('differentiates a weight (initializer) and an intermediate tensor', async () => {
    const inits = model.graph!.initializer!.map((t) => t.name!);
    const conv = model.graph!.node!.find((n) => n.opType === 'Conv')!;
    // An intermediate after the first pooling (a ReLU output would hold exact zeros: ties in MaxPool).
    const pool = model.graph!.node!.find((n) => n.opType === 'MaxPool')!;
    const r = await gradCheck(model, { wrt: [conv.input![1]!, pool.output![0]!], seed: 2, inputRange: [0, 1] });
    expect(inits).toContain(conv.input![1]);
    expect(r.maxRelError).toBeLessThan(2e-2);
  });
});
