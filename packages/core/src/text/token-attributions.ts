/**
 * Token-level explanations of a text model explained at its embedding: the input is the
 * embedding output [N, T, D] (T token positions, D embedding values each). A token's attribution
 * is the signed sum of its D values' attributions, so the completeness of Integrated Gradients
 * carries over: the token attributions add up to the same total as the values'. Segment methods
 * (LIME, KernelSHAP, AXAI) use one segment per token, the padding positions together in a last
 * segment of their own.
 */
import { ShapeMismatchError } from '../errors.js';
import { segmentationFromGroups, type Segmentation } from '../segmentation/segmentation.js';
import type { Tensor } from '../tensor.js';
import { checkInteger } from '../validate.js';

/**
 * Sums an [N, T, D] attribution over its last axis: [N, T], one signed value per token position.
 * @example tokenAttributions({ data: Float32Array.of(1, 2, -3, 1), shape: [1, 2, 2] }).data // [3, -2]
 */
export function tokenAttributions(attribution: Tensor): Tensor {
  const s = attribution.shape;
  if (s.length !== 3) throw new ShapeMismatchError('attribution', ['N', 'T', 'D'], s, 'token attributions reduce an embedding-level attribution [N, T, D] over D');
  const [n, t, d] = s as [number, number, number];
  const out = new Float32Array(n * t);
  for (let i = 0; i < n * t; i++) {
    let acc = 0;
    for (let k = 0; k < d; k++) acc += attribution.data[i * d + k]!;
    out[i] = acc;
  }
  return { data: out, shape: [n, t] };
}

/**
 * One segment per token over a T x D embedding map: segment t holds token position t's D values
 * (t < length); the padding positions length..T-1, when there are any, form segment `length`.
 * @example tokenSegmentation(3, 2, 2).labels // Int32Array [0, 0, 1, 1, 2, 2]
 */
export function tokenSegmentation(seqLength: number, dim: number, length: number): Segmentation {
  checkInteger('seqLength', seqLength, { min: 1 });
  checkInteger('dim', dim, { min: 1 });
  checkInteger('length', length, { min: 1, max: seqLength });
  const groups: number[][] = [];
  for (let t = 0; t < length; t++) groups.push(Array.from({ length: dim }, (_, k) => t * dim + k));
  if (length < seqLength) groups.push(Array.from({ length: (seqLength - length) * dim }, (_, k) => length * dim + k));
  return segmentationFromGroups(groups, seqLength * dim, { height: seqLength });
}

/** A token with its attribution, as explanations print and serialise them. */
export interface TokenAttribution {
  token: string;
  attribution: number;
}

/**
 * Pairs the tokens of one sample with their attributions (row `sample` of [N, T] token scores;
 * padding positions dropped).
 * @example pairTokens(['free', 'money'], { data: Float32Array.of(0.5, 2, 0), shape: [1, 3] }) // [{ token: 'free', attribution: 0.5 }, { token: 'money', attribution: 2 }]
 */
export function pairTokens(tokens: readonly string[], scores: Tensor, sample = 0): TokenAttribution[] {
  if (scores.shape.length !== 2) throw new ShapeMismatchError('scores', ['N', 'T'], scores.shape);
  const t = scores.shape[1]!;
  if (tokens.length > t) throw new RangeError(`tokens: ${tokens.length} tokens but the scores have ${t} positions`);
  return tokens.map((token, i) => ({ token, attribution: scores.data[sample * t + i]! }));
}
