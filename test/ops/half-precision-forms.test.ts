/**
 * The fast gradient forms for float16 graphs and for IR 3 models, whose initializers are all
 * listed as graph inputs:
 * - float16 MaxPool: the Indices form, pooled in float32 (widening is exact, so the argmax is
 *   the forward's), in all three forms (default at opset 16, the model's opset, portable masks);
 * - float16 Conv: the input gradient as one ordinary Conv on the rearranged kernel (no
 *   ConvTranspose), equal to the float32 twin's at half precision;
 * - IR 3: initializers listed as inputs are constants (onnxruntime cannot override them before
 *   IR 4), so the compile-time forms apply; the opset-16 upgrade (IR 8) drops them from the
 *   inputs to keep them constant. From IR 4 such an initializer can be fed and stays an input.
 */
import { Rng } from '@axplain/node';
import { compile, DT, ModelBuilder, type ModelProto } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { runModel } from '../support/run-model.js';

const gradOps = (m: ModelProto) => new Set(m.graph!.node!.filter((n) => n.name!.startsWith('axplain_grad')).map((n) => n.opType!));
const opsetOf = (m: ModelProto) => Number(m.opsetImport!.find((o) => !o.domain)!.version);

/** x (float32) -> Cast float16 -> MaxPool 3x3 s2 pads 1 -> Cast float32. */
function halfPool(opset: number): ModelProto {
  const b = new ModelBuilder({ opset });
  const h = b.node('Cast', [b.input('x', [1, 2, 7, 7])], { to: DT.FLOAT16 });
  b.output(b.node('Cast', [b.node('MaxPool', [h], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] })], { to: DT.FLOAT }));
  return b.build();
}

/** First in-bounds maximum of each window (row-major tap order) gets the window's cotangent. */
function firstMax(x: Float32Array, g: Float32Array): Float32Array {
  const dx = new Float32Array(x.length);
  for (let c = 0; c < 2; c++) for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
    let best = -1, bestV = -Infinity;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
      const r = 2 * i - 1 + a, q = 2 * j - 1 + b;
      if (r < 0 || q < 0 || r >= 7 || q >= 7) continue;
      const k = c * 49 + r * 7 + q;
      if (x[k]! > bestV) { bestV = x[k]!; best = k; }
    }
    dx[best]! += g[c * 16 + i * 4 + j]!;
  }
  return dx;
}

describe('float16 MaxPool: the Indices form pooled in float32', () => {
  const rng = new Rng(3);
  const x = Float32Array.from({ length: 98 }, () => Math.floor(rng.next() * 3)); // many ties
  const ct = Float32Array.from({ length: 32 }, () => Math.floor(rng.next() * 7) - 3); // exact in float16
  it.each([
    ['default (opset 9 -> 16, one scatter-add)', 9, {}, {}, true, 16],
    ['model opset 9 (groups of scatters)', 9, {}, { keepOpset: true }, true, 9],
    ['portable (window masks, float16)', 12, { portable: true }, {}, false, 12],
  ] as const)('%s: the first-max subgradient', async (_, opset, options, internal, scatter, finalOpset) => {
    const c = compile(halfPool(opset), options, internal);
    const g = (await runModel(c.model, { x: { data: x, dims: [1, 2, 7, 7] }, [c.cotangentInput]: { data: ct, dims: [1, 2, 4, 4] } }, 'cpu'))[c.gradOutputs[0]!]!;
    expect(Array.from(g)).toEqual(Array.from(firstMax(x, ct)));
    const ops = gradOps(c.model);
    expect([[...ops].some((o) => o.startsWith('Scatter')), opsetOf(c.model)]).toEqual([scatter, finalOpset]);
  });
});

/** x -> [Cast float16] -> Conv 3x3 s2 pads 1 (W in float16 or float32) -> [Cast float32]. */
function conv(half: boolean, w: number[]): ModelProto {
  const b = new ModelBuilder({ opset: 13 });
  let h = b.input('x', [1, 3, 9, 9]);
  if (half) h = b.node('Cast', [h], { to: DT.FLOAT16 });
  h = b.node('Conv', [h, b.initializer('w', [4, 3, 3, 3], w, half ? DT.FLOAT16 : DT.FLOAT)], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
  b.output(half ? b.node('Cast', [h], { to: DT.FLOAT }) : h);
  return b.build();
}

describe('float16 Conv: the input gradient by one Conv on the rearranged kernel', () => {
  it('no ConvTranspose; equals the float32 twin\'s at half precision', async () => {
    // Weights and cotangent on float16's grid, so both nets see the same values.
    const rng = new Rng(8);
    const w = Array.from({ length: 108 }, () => Math.round((rng.next() - 0.5) * 64) / 64);
    const feeds = (c: ReturnType<typeof compile>) => ({
      x: { data: new Rng(9).fillUniform(243, -1, 1), dims: [1, 3, 9, 9] },
      [c.cotangentInput]: { data: Float32Array.from({ length: 100 }, (_, i) => ((i * 7) % 11) / 8 - 0.625), dims: [1, 4, 5, 5] },
    });
    const [h, f] = [compile(conv(true, w)), compile(conv(false, w))];
    expect(gradOps(h.model).has('ConvTranspose')).toBe(false);
    expect(gradOps(h.model).has('Conv')).toBe(true);
    const gh = (await runModel(h.model, feeds(h), 'cpu'))[h.gradOutputs[0]!]!;
    const gf = (await runModel(f.model, feeds(f), 'cpu'))[f.gradOutputs[0]!]!;
    const scale = Math.max(...gf.map(Math.abs));
    expect(scale).toBeGreaterThan(0.1);
    for (let i = 0; i < gf.length; i++) expect(Math.abs(gh[i]! - gf[i]!)).toBeLessThan(2e-3 * scale);
  });
});

/** An IR `ir` model whose Conv weights (and, with `pool`, a MaxPool after it) are initializers listed as inputs. */
function weightsAsInputs(ir: number, pool: boolean): ModelProto {
  const b = new ModelBuilder({ opset: 9, irVersion: ir });
  const w = b.initializer('w', [2, 1, 3, 3], Array.from({ length: 18 }, (_, i) => (i % 5) - 2));
  let h = b.node('Conv', [b.input('x', [1, 1, 6, 6]), w], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] });
  if (pool) h = b.node('MaxPool', [h], { kernel_shape: [2, 2], strides: [2, 2] });
  b.output(h);
  const m = b.build();
  m.graph!.input!.push({ name: 'w', type: { tensorType: { elemType: DT.FLOAT, shape: { dim: [2, 1, 3, 3].map((d) => ({ dimValue: d })) } } } });
  return m;
}

describe('initializers listed as graph inputs', () => {
  it('IR 3: constants, so the Conv input gradient takes the compile-time form', () => {
    const c = compile(weightsAsInputs(3, false));
    expect(gradOps(c.model).has('ConvTranspose')).toBe(false);
    expect(c.model.graph!.input!.map((i) => i.name)).toContain('w');
  });

  it('IR 3 upgraded to opset 16 (IR 8): the weights leave the inputs, so they stay constants', async () => {
    const c = compile(weightsAsInputs(3, true));
    expect([opsetOf(c.model), Number(c.model.irVersion)]).toEqual([16, 8]);
    expect(c.model.graph!.input!.map((i) => i.name)).not.toContain('w');
    expect(gradOps(c.model).has('ConvTranspose')).toBe(false);
    const x = { data: new Rng(2).fillUniform(36, -1, 1), dims: [1, 1, 6, 6] };
    const out = await runModel(c.model, { x, [c.cotangentInput]: { data: new Float32Array(18).fill(1), dims: [1, 2, 3, 3] } }, 'cpu');
    const orig = await runModel(weightsAsInputs(3, true), { x }, 'cpu');
    expect(out[c.of]).toEqual(orig[c.of]);
  });

  it('IR 7: an initializer listed as an input can be fed, so it stays an input and a run-time tensor', () => {
    const c = compile(weightsAsInputs(7, true));
    expect(c.model.graph!.input!.map((i) => i.name)).toContain('w');
    expect(gradOps(c.model).has('ConvTranspose')).toBe(true);
  });
});
