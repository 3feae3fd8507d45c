/**
 * Quantised (QDQ) graphs: QuantizeLinear -> DequantizeLinear pairs on activations get
 * straight-through gradients (identity in the backward pass); the forward stays bit-identical.
 */
import { loadImageTensor, loadModel, Rng } from '@axplain/node';
import { compile, DT, ModelBuilder, type ModelProto } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { runModel } from './support/run-model.js';
import { sharedDir, sharedPath } from './support/shared.js';

const imagenet = sharedDir('QDQ ShuffleNet v2 test', 'models/imagenet', 'data/imagenet-sample');

/** x -> [QDQ] -> MatMul W + b -> Relu -> [QDQ] -> MatMul V -> logits; `qdq` false drops both pairs. */
function net(qdq: boolean): ModelProto {
  const rng = new Rng(5);
  const b = new ModelBuilder({ opset: 13 });
  let h = b.input('x', ['N', 6]);
  const pair = (t: string, scale: number) => {
    if (!qdq) return t;
    const s = b.initializer(`s${scale}`, [], [scale]);
    const z = b.initializer(`z${scale}`, [], [0], DT.INT8);
    return b.node('DequantizeLinear', [b.node('QuantizeLinear', [t, s, z]), s, z]);
  };
  h = pair(h, 0.05);
  h = b.node('Relu', [b.node('Add', [b.node('MatMul', [h, b.initializer('w', [6, 5], Array.from(rng.fillNormal(30)))]), b.initializer('b', [5], Array.from(rng.fillNormal(5, 0.1)))])]);
  h = pair(h, 0.1);
  b.output(b.node('MatMul', [h, b.initializer('v', [5, 3], Array.from(rng.fillNormal(15)))]));
  return b.build();
}

describe('straight-through gradients for QDQ graphs', () => {
  it('equal the float graph\'s gradient at the dequantised points; forward unchanged', async () => {
    const x = new Rng(9).fillUniform(2 * 6, -1, 1);
    const q = compile(net(true));
    const f = compile(net(false));
    const ct = { data: new Rng(1).fillNormal(6), dims: [2, 3] };
    const outQ = await runModel(q.model, { x: { data: x, dims: [2, 6] }, [q.cotangentInput]: ct }, 'cpu');
    const orig = await runModel(net(true), { x: { data: x, dims: [2, 6] } }, 'cpu');
    const logitsName = Object.keys(orig)[0]!;
    expect(outQ[logitsName]).toEqual(orig[logitsName]);
    // The float net evaluated at DQ(Q(x)) with the hidden layer's QDQ: the STE backward reads the
    // quantised forward's ReLU mask, so compare at the point whose hidden activations match:
    // with no hidden-layer clipping the masks agree (ReLU of quantised = quantised of ReLU sign).
    const xq = x.map((v) => Math.max(-128, Math.min(127, Math.round(v / 0.05))) * 0.05);
    const outF = await runModel(f.model, { x: { data: Float32Array.from(xq), dims: [2, 6] }, [f.cotangentInput]: ct }, 'cpu');
    const gq = outQ[q.gradOutputs[0]!]!;
    const gf = outF[f.gradOutputs[0]!]!;
    for (let i = 0; i < gq.length; i++) expect(gq[i]).toBeCloseTo(gf[i]!, 5);
    expect(gq.some((v) => v !== 0)).toBe(true);
  });

  imagenet.it('the int8 QDQ ShuffleNet v2 classifies a photograph and gives a non-zero input gradient', async () => {
    const model = await loadModel(imagenet.file('shufflenet-v2-12-qdq.onnx'));
    try {
      const spec = { width: 224, height: 224, channels: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: 'shorter-side', shorterSide: 256 } as const;
      const x = await loadImageTensor([sharedPath('data/imagenet-sample/000_n01440764_tench.JPEG')], spec);
      const ct = { data: new Float32Array(1000), shape: [1, 1000] };
      ct.data[0] = 1;
      const { logits, grad } = await model.vjp(x, ct);
      expect(logits.data.indexOf(Math.max(...logits.data))).toBe(0);
      expect(grad.data.filter((v) => v !== 0).length).toBeGreaterThan(0.5 * grad.data.length);
    } finally {
      await model.dispose();
    }
  });
});
