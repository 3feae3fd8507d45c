/**
 * Requantisation without a mask: a QuantizeLinear whose input is, through rearranging ops only
 * (Reshape, Transpose, Split, Concat...), DequantizeLinear outputs of its own integer type, scale
 * and zero point can never saturate, so its straight-through gradient needs no mask (the model
 * zoo's int8 ShuffleNet v2 requantises after every channel shuffle, Split and Concat: 76 of its
 * 150 quantisers keep a mask). Any other scale, zero point or type keeps the mask, and the test
 * shows the saturation it catches.
 */
import { Rng } from '@axplain/node';
import { compile, decodeModel, DT, ModelBuilder, type ModelProto } from '@axplain/onnx';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runModel } from './support/run-model.js';
import { sharedDir } from './support/shared.js';

const imagenet = sharedDir('QDQ ShuffleNet v2 mask count', 'models/imagenet');

interface Requant { scale: number; zp: number; type: number }
const S = 0.1;
const SAME: Requant = { scale: S, zp: 0, type: DT.INT8 };

/**
 * x [1, 4, 2, 3] -> [QDQ int8, scale 0.1] -> Reshape [1, 2, 4, 3] -> Transpose -> [QDQ as
 * `inner`] -> Split in two along axis 1 -> Concat (swapped) -> [QDQ as `last`] -> Mul by a
 * constant (so the graph output is not the quantiser's). `qdq` false: the same graph without the
 * pairs (the float twin).
 */
function net(qdq: boolean, inner: Requant, last: Requant): ModelProto {
  const b = new ModelBuilder({ opset: 13 });
  let k = 0;
  const pair = (t: string, r: Requant) => {
    if (!qdq) return t;
    const s = b.initializer(`s${k}`, [], [r.scale]);
    const z = b.initializer(`z${k++}`, [], [r.zp], r.type);
    return b.node('DequantizeLinear', [b.node('QuantizeLinear', [t, s, z]), s, z]);
  };
  let h = pair(b.input('x', [1, 4, 2, 3]), SAME);
  h = b.node('Transpose', [b.node('Reshape', [h, b.initializer('shape', [4], [1, 2, 4, 3], DT.INT64)])], { perm: [0, 2, 1, 3] });
  h = pair(h, inner);
  const [a, c] = b.nodeN('Split', [h, b.initializer('halves', [2], [2, 2], DT.INT64)], { axis: 1 }, 2) as [string, string];
  h = pair(b.node('Concat', [c, a], { axis: 1 }), last);
  b.output(b.node('Mul', [h, b.initializer('k', [1, 4, 2, 3], Array.from({ length: 24 }, (_, i) => 1 + i / 8))]));
  return b.build();
}

const masks = (m: ModelProto, forwardNodes: number) => m.graph!.node!.slice(forwardNodes).filter((n) => n.opType === 'Where').length;

async function gradients(inner: Requant, last: Requant, x: Float32Array) {
  const q = compile(net(true, inner, last));
  const f = compile(net(false, inner, last));
  const ct = { data: new Rng(3).fillNormal(24), dims: [1, 4, 2, 3] };
  const run = async (c: typeof q) => (await runModel(c.model, { x: { data: x, dims: [1, 4, 2, 3] }, [c.cotangentInput]: ct }, 'cpu'))[c.gradOutputs[0]!]!;
  return { q, gq: await run(q), gf: await run(f) };
}

describe('requantisation on the same grid needs no straight-through mask', () => {
  // Inputs on the first quantiser's grid (so the Clip-free float twin sees the same values), with
  // two beyond its range [-12.8, 12.7]: those saturate there and get no gradient.
  const x = Float32Array.from(new Rng(8).fillUniform(24, -12, 12), (v) => Math.round(v / S) * S);
  x[5] = 20; x[17] = -30;

  it('same scale, zero point and type after Reshape, Transpose, Split and Concat: one mask (the input\'s), the float twin\'s gradient elsewhere', async () => {
    const { q, gq, gf } = await gradients(SAME, SAME, x);
    expect(masks(q.model, q.forwardNodes)).toBe(1);
    for (let i = 0; i < 24; i++) expect(gq[i]).toBeCloseTo(i === 5 || i === 17 ? 0 : gf[i]!, 6);
    expect(gf[5]).not.toBe(0);
  });

  it.each([
    ['a smaller scale', { scale: S / 4, zp: 0, type: DT.INT8 }],
    ['a shifted zero point', { scale: S, zp: 100, type: DT.INT8 }],
    ['a narrower type (uint8, zero point 0)', { scale: S, zp: 0, type: DT.UINT8 }],
  ] as const)('the last requantisation with %s keeps its mask and zeroes what it saturates', async (_, last) => {
    const { q, gq, gf } = await gradients(SAME, last, x);
    expect(masks(q.model, q.forwardNodes)).toBe(2);
    // The rearranged value of each input element (Reshape, Transpose, Split swap, Concat) meets
    // the last quantiser's range [(qmin - zp) s, (qmax - zp) s]; outside it the gradient is 0.
    const [qmin, qmax] = last.type === DT.UINT8 ? [0, 255] : [-128, 127];
    const [lo, hi] = [(qmin - last.zp) * last.scale, (qmax - last.zp) * last.scale];
    let zeroed = 0;
    for (let i = 0; i < 24; i++) {
      const v = Math.max(-12.8, Math.min(12.7, x[i]!));
      const inside = v >= lo - 1e-6 && v <= hi + 1e-6 && i !== 5 && i !== 17;
      if (!inside && i !== 5 && i !== 17) zeroed++;
      expect(gq[i]).toBeCloseTo(inside ? gf[i]! : 0, 6);
    }
    expect(zeroed).toBeGreaterThan(3); // the mask has work to do: dropping it would be caught
  });

  it('an inner requantisation with another scale keeps its mask too (three in all)', async () => {
    const { q } = await gradients({ scale: S / 2, zp: 0, type: DT.INT8 }, SAME, x);
    // inner differs from its input's grid; last then requantises inner's output at scale 0.1,
    // which is not inner's grid either
    expect(masks(q.model, q.forwardNodes)).toBe(3);
  });
});

describe('the model zoo\'s int8 ShuffleNet v2', () => {
  imagenet.it('keeps a saturation mask on 76 of its 150 quantisers', () => {
    const model = decodeModel(readFileSync(imagenet.file('shufflenet-v2-12-qdq.onnx')));
    const c = compile(model);
    expect(model.graph!.node!.filter((n) => n.opType === 'QuantizeLinear').length).toBe(150);
    expect(masks(c.model, c.forwardNodes)).toBe(76);
  });
});
