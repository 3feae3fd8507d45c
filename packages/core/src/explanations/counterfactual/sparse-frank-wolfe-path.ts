/**
 * The Frank-Wolfe loop behind the sparse counterfactuals and concept probes, recording the path:
 * class probabilities and L0 of every iterate, the nonzeros (and k) of every step's vertex.
 */
import { boxBounds } from '../../attacks/result.js';
import type { Box } from '../../attacks/types.js';
import { throwIfAborted } from '../../abort.js';
import { batchedLogits, batchedVjp, checkInternalBatchSize } from '../../batching.js';
import { checkInteger, checkNumber } from '../../validate.js';
import type { GradientModel } from '../../gradient-model.js';
import { logProbability } from '../../losses/cross-entropy.js';
import { softmax } from '../../losses/softmax.js';
import { Rng } from '../../rng.js';
import { predictions } from '../../targets.js';
import type { Tensor } from '../../tensor.js';
import { l1qVertex, sparsityK } from './l1q-vertex.js';

export interface SparsePathOptions {
  /** L1 budget of the perturbation (the polytope's radius), in input units. @defaultValue 10 */
  eps?: number;
  /** Frank-Wolfe steps. @defaultValue 20 */
  steps?: number;
  /** Sparsity control q in [0, 1): each vertex has k = max(1, floor((1 - q) d)) nonzeros. @defaultValue 0.995 */
  sparsity?: number;
  /** Nonzeros per vertex; overrides `sparsity`. */
  k?: number;
  /**
   * Jitter q by U(-j, j) at every step (one draw per step, from `seed`), as the authors' code
   * optionally does (they use 0.05). Ignored when `k` is given. @defaultValue 0
   */
  sparsityJitter?: number;
  /** Seed of the jitter (and of a concept probe's start). @defaultValue 0 */
  seed?: number;
  /** Valid input range: every vertex keeps x + s inside it. @defaultValue { lo: 0, hi: 1 } */
  box?: Box;
  /** Record probabilities and L0 at every r-th iterate (the first and last always). @defaultValue 1 */
  recordEvery?: number;
  /** Most samples per model call. @defaultValue 64 */
  internalBatchSize?: number;
  signal?: AbortSignal;
  /** Called after every step: `step` of `steps`. */
  onStep?: (info: { step: number; steps: number }) => void;
}

export interface SparsePath {
  /** Iterate indices recorded (0 = the start, `steps` = the result). */
  iterates: Int32Array;
  /** softmax f at each recorded iterate, [N, C] each. */
  probabilities: Tensor[];
  /** L0 of (iterate - start) per sample at each recorded iterate. */
  l0: Float32Array[];
  /** Per step: nonzeros of each sample's vertex (always <= `k[step]`). */
  vertexL0: Int32Array[];
  /** Per step: the k used (varies with `sparsityJitter`). */
  k: Int32Array;
}

export interface SparsePathResult {
  /** The last iterate, start + perturbation. */
  counterfactual: Tensor;
  /** counterfactual - start (L1 <= eps, in the box). */
  perturbation: Tensor;
  /** The class each sample is pushed towards. */
  targets: Int32Array;
  /** Recomputed from `counterfactual`: 1 where the model now predicts the target. */
  success: Uint8Array;
  /** First iterate classified as the target (-1 if none): iterates are checked every step. */
  firstSuccess: Int32Array;
  /** softmax f(counterfactual), [N, C]. */
  probabilities: Tensor;
  /** Norms of the perturbation per sample (L0 counts values that moved). */
  l0: Float32Array;
  l1: Float32Array;
  linf: Float32Array;
  path: SparsePath;
}

/**
 * Targeted Frank-Wolfe over the L1-q polytope from `start`: delta_0 = 0; at step t (from 0)
 * g = d log p_target(start + delta_t) / d delta (= -CE, the authors' m = -1), s = L1-q vertex of
 * g ({@link l1qVertex}), delta_{t+1} = gamma_t s + (1 - gamma_t) delta_t with gamma_t = 2 / (2 + t).
 * Each iterate is a convex combination of 0 and vertices, so it stays in the L1 ball and the box
 * without projection. Every step costs one logits and one vjp pass over the batch; the result one
 * more logits pass.
 */
export async function sparseFrankWolfePath(model: GradientModel, start: Tensor, targets: Int32Array, options: SparsePathOptions = {}): Promise<SparsePathResult> {
  const n = targets.length;
  const d = start.data.length / n;
  const eps = checkNumber('eps', options.eps ?? 10, { min: 0 });
  const steps = checkInteger('steps', options.steps ?? 20, { min: 0 });
  const q = options.sparsity ?? 0.995;
  sparsityK(q, d); // validates q
  if (options.k !== undefined) checkInteger('k', options.k, { min: 1 });
  const jitter = checkNumber('sparsityJitter', options.sparsityJitter ?? 0, { min: 0, below: 1 });
  const every = checkInteger('recordEvery', options.recordEvery ?? 1, { min: 1 });
  const batching = { internalBatchSize: checkInternalBatchSize(options.internalBatchSize), signal: options.signal };
  const { lo, hi } = boxBounds(options.box, start.shape);
  for (let i = 0; i < start.data.length; i++)
    if (!(start.data[i]! >= lo[i]! && start.data[i]! <= hi[i]!)) throw new RangeError(`box: the input value ${start.data[i]} at flat index ${i} lies outside the box [${lo[i]}, ${hi[i]}]; clip the input or widen options.box`);
  const room = (j: number, up: boolean): number => (up ? hi[j]! - start.data[j]! : start.data[j]! - lo[j]!);
  const rng = new Rng(options.seed ?? 0);

  const delta = new Float64Array(n * d);
  const vertex = new Float64Array(n * d);
  let cur: Tensor = { data: Float32Array.from(start.data), shape: [...start.shape] };
  const firstSuccess = new Int32Array(n).fill(-1);
  const path: SparsePath = { iterates: new Int32Array(0), probabilities: [], l0: [], vertexL0: [], k: new Int32Array(steps) };
  const recorded: number[] = [];
  const l0Of = (t: Tensor): Float32Array => Float32Array.from({ length: n }, (_, s) => {
    let c = 0;
    for (let i = s * d; i < (s + 1) * d; i++) if (t.data[i] !== start.data[i]) c++;
    return c;
  });
  const observe = (z: Tensor, t: number): void => {
    const pred = predictions(z);
    for (let s = 0; s < n; s++) if (firstSuccess[s] === -1 && pred[s] === targets[s]) firstSuccess[s] = t;
    if (t % every === 0 || t === steps) {
      recorded.push(t);
      path.probabilities.push(softmax(z));
      path.l0.push(l0Of(cur));
    }
  };

  for (let t = 0; t < steps; t++) {
    throwIfAborted(options.signal, 'sparse Frank-Wolfe');
    const z = await batchedLogits(model, cur, batching);
    observe(z, t);
    const g = (await batchedVjp(model, cur, logProbability(z, targets).cotangent, batching)).grad.data;
    const k = options.k !== undefined ? Math.min(d, options.k)
      : sparsityK(jitter > 0 ? Math.min(1 - 1e-9, Math.max(0, q + rng.uniform(-jitter, jitter))) : q, d);
    path.k[t] = k;
    const gamma = 2 / (2 + t);
    const nz = new Int32Array(n);
    const next = new Float32Array(n * d);
    for (let s = 0; s < n; s++) {
      nz[s] = l1qVertex(g, s * d, d, room, eps, k, vertex);
      for (let i = s * d; i < (s + 1) * d; i++) {
        delta[i] = gamma * vertex[i]! + (1 - gamma) * delta[i]!;
        // float32 rounding may step an ulp past the box; the clamp removes only that
        next[i] = Math.min(hi[i]!, Math.max(lo[i]!, Math.fround(start.data[i]! + delta[i]!)));
      }
    }
    path.vertexL0.push(nz);
    cur = { data: next, shape: [...start.shape] };
    options.onStep?.({ step: t + 1, steps });
  }
  const z = await batchedLogits(model, cur, batching);
  observe(z, steps);
  path.iterates = Int32Array.from(recorded);
  const pred = predictions(z);
  const success = Uint8Array.from(targets, (y, s) => (pred[s] === y ? 1 : 0));
  const pert = Float32Array.from(cur.data, (v, i) => v - start.data[i]!);
  const l1 = new Float32Array(n), linf = new Float32Array(n);
  for (let s = 0; s < n; s++) {
    let a1 = 0, am = 0;
    for (let i = s * d; i < (s + 1) * d; i++) { const a = Math.abs(pert[i]!); a1 += a; am = Math.max(am, a); }
    l1[s] = a1; linf[s] = am;
  }
  return {
    counterfactual: cur, perturbation: { data: pert, shape: [...start.shape] }, targets, success, firstSuccess,
    probabilities: path.probabilities.at(-1)!, l0: path.l0.at(-1)!, l1, linf, path,
  };
}

/** Classes of [N, C] logits in the given order, for choosing counterfactual targets. */
export function classesByScore(z: Tensor, s: number): number[] {
  const c = z.shape[1]!;
  const row = z.data.subarray(s * c, (s + 1) * c);
  return Array.from({ length: c }, (_, j) => j).sort((a, b) => row[b]! - row[a]! || a - b);
}
