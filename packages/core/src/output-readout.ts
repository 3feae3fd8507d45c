/**
 * Output readouts: targets for outputs that are not one vector of class logits. A sequence
 * [N, T, C] (a CTC text recogniser, a token tagger) is read at (position, class) pairs or along
 * its greedy-decoded path; a dense map [N, 1, H, W] (a detector, a segmenter) over a region
 * mask. A readout is K linear functionals of the flattened output (weights [K, D]); wrapped by
 * `readoutModel`, the model's "classes" are those K scores, so every method, attack and metric
 * explains them through the same `logits` / `vjp` (the cotangent of score k is row k of the
 * weights). Backend-agnostic: it needs only `outputShape` and the GradientModel calls.
 */
import { ShapeMismatchError, TargetError } from './errors.js';
import type { GradientModel, VjpResult } from './gradient-model.js';
import type { Tensor } from './tensor.js';
import { isInteger } from './validate.js';

/** K linear functionals of a model's flattened output. */
export interface OutputReadout {
  /** [K, D], D = numel(outputShape): score k = sum_j weights[k, j] * output[j]. */
  weights: Tensor;
  /** What the scores are, for people to read (e.g. "sum of 3 (position, class) logits"). */
  about: string;
  /** One name per score. */
  labels?: readonly string[];
}

/** A (position, class) pair of a sequence output [T, C]. */
export type PositionClass = readonly [position: number, cls: number];

const outputShapeOf = (model: Pick<GradientModel, 'classes' | 'outputShape'>): readonly number[] => model.outputShape ?? [model.classes];

function sequenceDims(shape: readonly number[], what: string): [number, number] {
  if (shape.length !== 2)
    throw new TargetError(`${what}: needs a sequence output [N, T, C]; this model's output is [N, ${shape.join(', ')}]`);
  return [shape[0]!, shape[1]!];
}

/**
 * One score: the sum of the logits at `pairs` ((position, class), one or many) of a sequence
 * output [T, C]. Every sample is read at the same pairs.
 * @example positionsReadout(model, [[4, 17], [5, 3]]) // score = f[4, 17] + f[5, 3]
 */
export function positionsReadout(model: Pick<GradientModel, 'classes' | 'outputShape'>, pairs: readonly PositionClass[]): OutputReadout {
  const [t, c] = sequenceDims(outputShapeOf(model), 'target positions');
  if (!Array.isArray(pairs) || pairs.length === 0) throw new TargetError('target positions: give at least one (position, class) pair');
  const w = new Float32Array(t * c);
  for (const p of pairs) {
    const [pos, cls] = Array.isArray(p) ? p : [];
    if (!isInteger(pos, { min: 0, max: t - 1 }) || !isInteger(cls, { min: 0, max: c - 1 }))
      throw new TargetError(`target positions: (${String(pos)}, ${String(cls)}) is not a (position, class) of this output (positions 0..${t - 1}, classes 0..${c - 1})`);
    w[pos! * c + cls!]! += 1;
  }
  return { weights: { data: w, shape: [1, t * c] }, about: `sum of the logits at ${pairs.map(([p, k]) => `(${p}, ${k})`).join(' ')}` };
}

/**
 * One score per sample: the sum of the logits chosen by greedy decoding (the argmax class at
 * every position, blanks included: the score of the greedy CTC path) of that sample's `logits`
 * ([N, T*C], flattened [N, T, C]). Explain sample n with target n. The path is held fixed at
 * the explained input (argmax is piecewise constant, so this is the gradient of the path score).
 * @example const r = greedyReadout(model, await model.logits(x)); // targets [0, 1, ..., N-1]
 */
export function greedyReadout(model: Pick<GradientModel, 'classes' | 'outputShape'>, logits: Tensor): OutputReadout {
  const [t, c] = sequenceDims(outputShapeOf(model), "target 'greedy'");
  const n = logits.shape[0] ?? 0;
  if (logits.shape.length !== 2 || logits.shape[1] !== t * c || logits.data.length !== n * t * c)
    throw new ShapeMismatchError("greedy readout: logits", ['N', t * c], logits.shape, 'the model\'s logits of the samples to explain');
  const w = new Float32Array(n * t * c);
  const paths: string[] = [];
  for (let s = 0; s < n; s++) {
    const path: number[] = [];
    for (let p = 0; p < t; p++) {
      const off = (s * t + p) * c;
      let best = 0;
      for (let k = 1; k < c; k++) if (logits.data[off + k]! > logits.data[off + best]!) best = k;
      w[off + best] = 1;
      path.push(best);
    }
    paths.push(path.join(' '));
  }
  return { weights: { data: w, shape: [n, t * c] }, about: 'sum of the greedy-decoded logits (argmax class at every position)', labels: paths.map((p) => `greedy path ${p}`) };
}

/**
 * One score: the sum of a dense map [1, H, W] over a region mask (H*W values, 1 in the region;
 * any weights are allowed). A two-dim output [T, C] is a sequence, never a map.
 * @example regionReadout(model, mask) // score = sum over the mask of map[0, i, j]
 */
export function regionReadout(model: Pick<GradientModel, 'classes' | 'outputShape'>, mask: ArrayLike<number>, about = 'sum of the map over the region'): OutputReadout {
  const shape = outputShapeOf(model);
  if (shape.length !== 3 || shape[0] !== 1) throw new TargetError(`region: needs a dense map output [N, 1, H, W]; this model's output is [N, ${shape.join(', ')}]`);
  const [h, w] = shape.slice(-2) as [number, number];
  if (mask.length !== h * w) throw new TargetError(`region: the mask has ${mask.length} values; the map is ${h}x${w} (${h * w} values)`);
  const data = Float32Array.from(mask);
  if (!data.every(Number.isFinite)) throw new TargetError('region: the mask holds NaN or Infinity');
  if (!data.some((v) => v !== 0)) throw new TargetError('region: the mask is empty (all zeros)');
  return { weights: { data, shape: [1, h * w] }, about };
}

/**
 * A rectangle mask of a [1, H, W] map: rows y0..y1-1, columns x0..x1-1.
 * @example rectangleMask(model, { x0: 2, y0: 1, x1: 5, y1: 4 })
 */
export function rectangleMask(model: Pick<GradientModel, 'classes' | 'outputShape'>, r: { x0: number; y0: number; x1: number; y1: number }): Float32Array {
  const [h, w] = outputShapeOf(model).slice(-2) as [number, number];
  if (!(isInteger(r.x0, { min: 0 }) && isInteger(r.y0, { min: 0 }) && r.x1 > r.x0 && r.y1 > r.y0 && r.x1 <= w && r.y1 <= h))
    throw new TargetError(`region: rectangle x ${r.x0}..${r.x1}, y ${r.y0}..${r.y1} is not inside the ${h}x${w} map (0 <= x0 < x1 <= ${w}, 0 <= y0 < y1 <= ${h})`);
  const m = new Float32Array(h * w);
  for (let y = r.y0; y < r.y1; y++) m.fill(1, y * w + r.x0, y * w + r.x1);
  return m;
}

/**
 * `model` read through `readout`: a GradientModel whose K "classes" are the readout's scores.
 * logits = f(x) W^T ([N, K]); vjp(x, c) = model.vjp(x, c W), which is exact since the scores
 * are linear in the output. dispose() disposes `model`.
 */
export function readoutModel(model: GradientModel, readout: OutputReadout): GradientModel {
  const d = model.classes;
  const [k, dw] = readout.weights.shape as [number, number];
  if (readout.weights.shape.length !== 2 || dw !== d || readout.weights.data.length !== k * d)
    throw new ShapeMismatchError('readout weights', ['K', d], readout.weights.shape, `one row of ${d} weights (the flattened output) per score`);
  const w = readout.weights.data;
  const scores = (z: Tensor): Tensor => {
    const n = z.shape[0]!;
    const out = new Float32Array(n * k);
    for (let s = 0; s < n; s++)
      for (let j = 0; j < k; j++) {
        let acc = 0;
        for (let i = 0; i < d; i++) acc += w[j * d + i]! * z.data[s * d + i]!;
        out[s * k + j] = acc;
      }
    return { data: out, shape: [n, k] };
  };
  return {
    specificationVersion: 'v1',
    inputShape: model.inputShape,
    classes: k,
    labels: readout.labels?.length === k ? readout.labels : undefined,
    logits: async (x) => scores(await model.logits(x)),
    vjp: async (x, ct): Promise<VjpResult> => {
      const n = ct.shape[0]!;
      if (ct.shape.length !== 2 || ct.shape[1] !== k || ct.data.length !== n * k)
        throw new ShapeMismatchError('vjp(): cotangent of the readout', [n, k], ct.shape, 'one weight per readout score per sample');
      const full = new Float32Array(n * d);
      for (let s = 0; s < n; s++)
        for (let j = 0; j < k; j++) {
          const c = ct.data[s * k + j]!;
          if (c !== 0) for (let i = 0; i < d; i++) full[s * d + i]! += c * w[j * d + i]!;
        }
      const r = await model.vjp(x, { data: full, shape: [n, d] });
      return { logits: scores(r.logits), grad: r.grad };
    },
    dispose: () => model.dispose(),
  };
}

