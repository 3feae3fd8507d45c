/**
 * Quantised (QDQ) graphs: QuantizeLinear -> DequantizeLinear pairs on activations get
 * straight-through gradients (rounding is the identity in the backward pass, saturation is not);
 * the forward stays bit-identical.
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

/**
 * A ReLU fused into a uint8 zero point of 0, as quantisers emit it (no Relu node): x -> MatMul W
 * + b -> [Q uint8 zp 0 -> DQ] -> MatMul V; `float` is the same net with a Relu instead of the pair.
 */
function fusedRelu(float: boolean): ModelProto {
  const rng = new Rng(17);
  const b = new ModelBuilder({ opset: 13 });
  const pre = b.node('Add', [b.node('MatMul', [b.input('x', ['N', 6]), b.initializer('w', [6, 8], Array.from(rng.fillNormal(48)))]), b.initializer('b', [8], Array.from(rng.fillNormal(8, 0.3)))]);
  let h: string;
  if (float) h = b.node('Relu', [pre]);
  else {
    const s = b.initializer('s', [], [0.02]);
    const z = b.initializer('z', [], [0], DT.UINT8);
    h = b.node('DequantizeLinear', [b.node('QuantizeLinear', [pre, s, z]), s, z]);
  }
  b.output(b.node('MatMul', [h, b.initializer('v', [8, 3], Array.from(rng.fillNormal(24)))]));
  return b.build();
}

describe('straight-through gradients for QDQ graphs', () => {
  it('a ReLU fused into a uint8 zero point keeps its mask: the gradient equals the float ReLU net\'s', async () => {
    const x = new Rng(21).fillUniform(4 * 6, -1, 1);
    const q = compile(fusedRelu(false));
    const f = compile(fusedRelu(true));
    const ct = { data: new Rng(2).fillNormal(12), dims: [4, 3] };
    const gq = (await runModel(q.model, { x: { data: x, dims: [4, 6] }, [q.cotangentInput]: ct }, 'cpu'))[q.gradOutputs[0]!]!;
    const gf = (await runModel(f.model, { x: { data: x, dims: [4, 6] }, [f.cotangentInput]: ct }, 'cpu'))[f.gradOutputs[0]!]!;
    // pre-activations are far from 0 and from 255 * 0.02 here, so rounding cannot flip a mask
    for (let i = 0; i < gq.length; i++) expect(gq[i]).toBeCloseTo(gf[i]!, 5);
    // the identity STE (no saturation mask) would pass the negative units' weights: not this gradient
    const wv = (() => { const rng = new Rng(17); const w = rng.fillNormal(48); rng.fillNormal(8, 0.3); const v = rng.fillNormal(24); return { w, v }; })();
    const linear = new Float32Array(24);
    for (let n = 0; n < 4; n++)
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < 8; j++) for (let c = 0; c < 3; c++) linear[n * 6 + i]! += ct.data[n * 3 + c]! * wv.v[j * 3 + c]! * wv.w[i * 8 + j]!;
    expect(Math.max(...Array.from(gq, (v, i) => Math.abs(v - linear[i]!)))).toBeGreaterThan(0.1);
  });


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

  it('a Conv on quantised weights (per-channel DequantizeLinear of int8 constants): the float net\'s gradient, by one Conv with the weights dequantised at compile time', async () => {
    const rng = new Rng(31);
    const q = Array.from({ length: 4 * 3 * 3 * 3 }, () => Math.round((rng.next() - 0.5) * 200));
    const scales = [0.01, 0.02, 0.005, 0.03];
    const zps = [0, 3, -2, 1];
    const build = (float: boolean) => {
      const b = new ModelBuilder({ opset: 13 });
      const w = float
        ? b.initializer('w', [4, 3, 3, 3], q.map((v, i) => (v - zps[Math.floor(i / 27)]!) * scales[Math.floor(i / 27)]!))
        : b.node('DequantizeLinear', [b.initializer('wq', [4, 3, 3, 3], q, DT.INT8), b.initializer('ws', [4], scales), b.initializer('wz', [4], zps, DT.INT8)], { axis: 0 });
      b.output(b.node('Conv', [b.input('x', [1, 3, 7, 7]), w], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }));
      return b.build();
    };
    const x = { data: new Rng(4).fillUniform(147, -1, 1), dims: [1, 3, 7, 7] };
    const ct = { data: new Rng(5).fillNormal(64), dims: [1, 4, 4, 4] };
    const [cq, cf] = [compile(build(false)), compile(build(true))];
    const gq = (await runModel(cq.model, { x, [cq.cotangentInput]: ct }, 'cpu'))[cq.gradOutputs[0]!]!;
    const gf = (await runModel(cf.model, { x, [cf.cotangentInput]: ct }, 'cpu'))[cf.gradOutputs[0]!]!;
    expect(Math.max(...gf.map(Math.abs))).toBeGreaterThan(0.1);
    for (let i = 0; i < gq.length; i++) expect(gq[i]).toBeCloseTo(gf[i]!, 5);
    // No ConvTranspose of the run-time DequantizeLinear output: only the forward Conv reads it.
    const nodes = cq.model.graph!.node!;
    expect(nodes.some((n) => n.opType === 'ConvTranspose')).toBe(false);
    const dqOut = nodes.find((n) => n.opType === 'DequantizeLinear')!.output![0]!;
    expect(nodes.filter((n) => n.input!.includes(dqOut)).map((n) => n.opType)).toEqual(['Conv']);
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
      // An ascent direction of the tench logit, of a float CNN's size. Its ReLUs are fused into
      // uint8 zero points; without the saturation mask the gradient had L2 norm 2.6e6 and moving
      // along it did not raise the logit (15.88 -> 15.15 at 0.5).
      let norm = 0;
      for (const v of grad.data) norm += v * v;
      norm = Math.sqrt(norm);
      expect(norm).toBeLessThan(1000);
      const along = (t: number) => ({ data: Float32Array.from(x.data, (v, i) => v + (t * grad.data[i]!) / norm), shape: x.shape });
      const up = (await model.logits(along(0.5))).data[0]! - logits.data[0]!;
      expect(up).toBeGreaterThan(2); // measured 4.5
    } finally {
      await model.dispose();
    }
  });
});
