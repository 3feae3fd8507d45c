/** Occlusion (Zeiler & Fergus 2014; Captum's `Occlusion`): slide a baseline patch over the input. */
import { resolveBaseline } from '../../attributions/baselines.js';
import type { TensorLayout } from '../../image/preprocess-spec.js';
import type { GradientModel } from '../../gradient-model.js';
import { sampleDims } from '../../render/reduce-channels.js';
import type { Tensor } from '../../tensor.js';
import { checkInteger, isInteger } from '../../validate.js';
import { prepareBlackBox, scoreRows, type BlackBoxOptions, type BlackBoxResult } from './black-box-common.js';

export interface OcclusionOptions extends BlackBoxOptions {
  /**
   * Patch shape over the per-sample axes. A number w: [w] for flat inputs, [w, w] for [H, W], and
   * w x w over all channels for images ([C, w, w], or [w, w, C] channels-last). An array gives one
   * size per axis of `model.inputShape`. @defaultValue 4
   */
  window?: number | readonly number[];
  /**
   * Step between patch positions, per axis as `window` (a number applies to the axes the window
   * slides along). Captum's default is 1; axplain's is the window (non-overlapping patches,
   * cheaper). Positions also include the last one flush with the end, so every value is covered.
   * @defaultValue window
   */
  strides?: number | readonly number[];
  /** Axis order of rank-3 inputs. @defaultValue inferred as the renderers do */
  layout?: TensorLayout;
  /** Most forward evaluations per sample (positions + 1); more positions throw. @defaultValue 10000 */
  maxEvals?: number;
}

/** Per-axis sizes from a number or an array (a number covers the sliding axes, full extent elsewhere). */
function perAxis(v: number | readonly number[], shape: readonly number[], layout: TensorLayout | undefined, name: string, full: boolean): number[] {
  let out: number[];
  if (typeof v === 'number') {
    const r = shape.length;
    const channels = r === 3 ? (sampleDims(shape, layout).layout === 'nchw' ? 0 : 2) : -1;
    out = shape.map((len, a) => (a === channels ? (full ? len : 1) : Math.min(v, len)));
    if (r > 3) throw new RangeError(`${name}: give one size per axis for inputs of shape [${shape.join(', ')}]`);
  } else {
    if (v.length !== shape.length) throw new RangeError(`${name}: has ${v.length} sizes, the input has ${shape.length} axes [${shape.join(', ')}]`);
    out = [...v];
  }
  out.forEach((s, a) => {
    if (!isInteger(s, { min: 1 })) throw new RangeError(`${name}: sizes must be integers >= 1, got ${s} on axis ${a}`);
    if (name === 'window' && s > shape[a]!) throw new RangeError(`window: ${s} on axis ${a} exceeds the input's ${shape[a]}`);
  });
  return out;
}

/** Starts of the patch along one axis: 0, s, 2s, ... <= len - w, plus len - w. */
function starts(len: number, w: number, s: number): number[] {
  const out: number[] = [];
  for (let a = 0; a <= len - w; a += s) out.push(a);
  if (out.at(-1) !== len - w) out.push(len - w);
  return out;
}

/**
 * attribution_i = mean over the patch positions covering i of f_y(x) - f_y(x with the patch set to
 * the baseline), as Captum's Occlusion (which also averages over covering windows). With window 1
 * and baseline 0 on an affine model this is W_y,i x_i exactly. All positions of all samples are
 * scored in batches of `internalBatchSize` rows; a sample costs 1 + positions evaluations.
 * @example
 * import { occlusion } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([3], 2, Float32Array.of(1, 2, 3, 0, 0, 0));
 * const r = await occlusion(model, { data: Float32Array.of(1, 1, 2), shape: [1, 3] }, { window: 1, target: 0 });
 * r.attribution.data; // Float32Array [1, 2, 6] = W_0 * x
 */
export async function occlusion(model: GradientModel, x: Tensor, options: OcclusionOptions = {}): Promise<BlackBoxResult> {
  const shape = model.inputShape;
  const window = perAxis(options.window ?? 4, shape, options.layout, 'window', true);
  const strides = perAxis(options.strides ?? window, shape, options.layout, 'strides', false);
  const axisStarts = shape.map((len, a) => starts(len, window[a]!, strides[a]!));
  const positions = axisStarts.reduce((p, s) => p * s.length, 1);
  const maxEvals = checkInteger('maxEvals', options.maxEvals ?? 10000, { min: 2 });
  if (positions + 1 > maxEvals)
    throw new RangeError(`maxEvals: occlusion needs ${positions + 1} evaluations per sample (${positions} patch positions + the input), over maxEvals ${maxEvals}; raise strides or window, or maxEvals`);
  const { n, d, targets, inputScores, output, internalBatchSize } = await prepareBlackBox(model, x, options);
  const base = resolveBaseline(options.baseline, x, shape);
  // Row-major strides of the input axes, and every patch position's flat offsets.
  const axisStep = shape.map((_, a) => shape.slice(a + 1).reduce((p, v) => p * v, 1));
  const patch: number[] = [0];
  window.forEach((w, a) => {
    const prev = patch.splice(0);
    for (const o of prev) for (let k = 0; k < w; k++) patch.push(o + k * axisStep[a]!);
  });
  const origin = (p: number): number => {
    let o = 0;
    for (let a = shape.length - 1; a >= 0; a--) {
      const list = axisStarts[a]!;
      o += list[p % list.length]! * axisStep[a]!;
      p = Math.floor(p / list.length);
    }
    return o;
  };
  const scores = await scoreRows(model, n * positions, d, (row, out) => {
    const s = Math.floor(row / positions);
    out.set(x.data.subarray(s * d, (s + 1) * d));
    const o = origin(row % positions);
    for (const k of patch) out[o + k] = base.data[s * d + o + k]!;
  }, (row) => targets[Math.floor(row / positions)]!, output, { internalBatchSize, signal: options.signal, onStep: options.onStep });
  const sum = new Float64Array(n * d);
  const count = new Float64Array(d);
  for (let p = 0; p < positions; p++) {
    const o = origin(p);
    for (const k of patch) count[o + k]!++;
  }
  for (let s = 0; s < n; s++)
    for (let p = 0; p < positions; p++) {
      const diff = inputScores[s]! - scores[s * positions + p]!;
      const o = origin(p);
      for (const k of patch) sum[s * d + o + k]! += diff;
    }
  const data = Float32Array.from(sum, (v, i) => v / count[i % d]!);
  return { attribution: { data, shape: [...x.shape] }, targets, evals: new Int32Array(n).fill(positions + 1) };
}
