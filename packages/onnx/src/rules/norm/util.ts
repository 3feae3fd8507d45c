/** Helpers shared by the norm family's rules: softmax reduction axes and standardisation backward. */
import type { Emitter } from '../../emit/emitter.js';
import type { Node } from '../../node.js';
import { normAxis } from '../../dims.js';

/**
 * Axes a Softmax-like op normalises over. From opset 13 it is the single `axis` (default -1);
 * before, the input is coerced to 2-D at `axis` (default 1), so every axis from `axis` on.
 */
export function softmaxAxes(node: Node, opset: number, rank: number): number[] {
  if (opset >= 13) return [normAxis(node.int('axis', -1), rank)];
  const a = normAxis(node.int('axis', 1), rank);
  return Array.from({ length: rank - a }, (_, i) => a + i);
}

/** Standardised x over `axes` (xhat = (x - mean) * inv) and inv = 1 / sqrt(var + eps), keepdims. */
export function standardize(e: Emitter, x: string, axes: number[], eps: number): { xhat: string; inv: string } {
  const xc = e.sub(x, e.reduce('ReduceMean', x, axes));
  const variance = e.reduce('ReduceMean', e.mul(xc, xc), axes);
  const inv = e.op1('Reciprocal', [e.op1('Sqrt', [e.add(variance, e.scalarLike(eps, x))])]);
  return { xhat: e.mul(xc, inv), inv };
}

/**
 * Cotangent of x through xhat = standardize(x) given gs = d/dxhat:
 * inv * (gs - mean(gs) - xhat * mean(gs * xhat)), means over `axes`.
 */
export function standardizeBackward(e: Emitter, gs: string, xhat: string, inv: string, axes: number[]): string {
  const m1 = e.reduce('ReduceMean', gs, axes);
  const m2 = e.reduce('ReduceMean', e.mul(gs, xhat), axes);
  return e.mul(inv, e.sub(e.sub(gs, m1), e.mul(xhat, m2)));
}

/** [0, 1, ..., rank-1] without the listed axes. */
export const otherAxes = (rank: number, keep: number[]): number[] =>
  Array.from({ length: rank }, (_, i) => i).filter((i) => !keep.includes(i));

/**
 * The rules emit numpy-broadcasting Add/Sub/Mul/Div, which ONNX has only from opset 7 (before, binary
 * ops broadcast through the legacy `broadcast` attribute and onnxruntime has no kernels for them).
 */
export const BROADCAST_OPSET = 7;
