/**
 * Finite differences through the ORIGINAL model (onnxruntime-node on its own bytes, no axplain
 * compile): a linear score sum(w * output) of one output tensor, which may be an intermediate
 * one (the logits before a final Softmax or Sigmoid) made a graph output without changing any
 * computation. For checking the gradients axplain computes.
 */
import { Graph, decodeModel, encodeModel, valueInfo } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { Rng } from '@axplain/core';

export type Feeds = Record<string, ort.Tensor>;

/** `bytes` with tensor `name` also a graph output (a no-op when it already is one). */
export function exposing(bytes: Uint8Array, name: string): Uint8Array {
  const m = decodeModel(bytes);
  const g = m.graph!;
  if ((g.output ?? []).some((o) => o.name === name)) return bytes;
  const info = new Graph(m).info(name);
  g.output = [...(g.output ?? []), valueInfo(name, info.elemType, info.shape)];
  return encodeModel(m);
}

/** A score function of x through the original model: sum over the output of w * output. */
export async function originalScore(bytes: Uint8Array, input: string, dims: readonly number[], output: string, w: ArrayLike<number>, other: Feeds = {}) {
  const session = await ort.InferenceSession.create(exposing(bytes, output), { logSeverityLevel: 3 });
  return {
    score: async (x: Float32Array): Promise<number> => {
      const out = await session.run({ ...other, [input]: new ort.Tensor('float32', x, [...dims]) }, [output]);
      const z = out[output]!.data as Float32Array;
      if (z.length !== w.length) throw new Error(`output ${output} has ${z.length} values, weights ${w.length}`);
      let s = 0;
      for (let i = 0; i < z.length; i++) s += w[i]! * z[i]!;
      return s;
    },
    output: async (x: Float32Array): Promise<Float32Array> =>
      (await session.run({ ...other, [input]: new ort.Tensor('float32', x, [...dims]) }, [output]))[output]!.data as Float32Array,
    release: () => session.release(),
  };
}

/**
 * Directional derivatives of `score` at x by central differences, along the gradient and along
 * `random` seeded unit directions, next to grad . v. Returns the largest relative error.
 */
export async function directionalCheck(score: (x: Float32Array) => Promise<number>, x: Float32Array, grad: Float32Array, opts: { h: number; random: number; seed: number }) {
  const rng = new Rng(opts.seed);
  const dirs: Float32Array[] = [];
  const gnorm = Math.hypot(...grad);
  if (gnorm > 0) dirs.push(grad.map((g) => g / gnorm));
  for (let k = 0; k < opts.random; k++) {
    const v = Float32Array.from(x, () => rng.uniform(-1, 1));
    const n = Math.hypot(...v);
    dirs.push(v.map((e) => e / n));
  }
  let worst = 0;
  const rows: { fd: number; analytic: number }[] = [];
  for (const v of dirs) {
    const plus = await score(x.map((e, i) => e + opts.h * v[i]!));
    const minus = await score(x.map((e, i) => e - opts.h * v[i]!));
    const fd = (plus - minus) / (2 * opts.h);
    let analytic = 0;
    for (let i = 0; i < x.length; i++) analytic += grad[i]! * v[i]!;
    rows.push({ fd, analytic });
    worst = Math.max(worst, Math.abs(fd - analytic) / Math.max(1e-3, Math.abs(fd), Math.abs(analytic)));
  }
  return { worst, rows, gradNorm: gnorm };
}
