/**
 * A small post-training quantiser for tests: uint8 activations (asymmetric, calibrated on the
 * float twin's own outputs), int8 weights (symmetric, per output channel for convolutions), int32
 * biases at scale x_scale * w_scale — the QOperator format onnxruntime's quantiser writes, built
 * by hand because onnxruntime's Python quantiser is not available here.
 */
import { DT, type ModelBuilder } from '@axplain/onnx';

export interface QParams { scale: number; zp: number }

/** uint8 parameters covering [lo, hi] (widened to include 0, as onnxruntime does). */
export function uint8Params(lo: number, hi: number): QParams {
  const a = Math.min(lo, 0);
  const b = Math.max(hi, 0);
  const scale = Math.fround((b - a) / 255 || 1 / 255);
  return { scale, zp: Math.min(255, Math.max(0, Math.round(-a / scale))) };
}

/** uint8 parameters calibrated on observed values, with a margin so nothing saturates. */
export function calibrated(values: ArrayLike<number>, margin = 1.25): QParams {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) { lo = Math.min(lo, values[i]!); hi = Math.max(hi, values[i]!); }
  return uint8Params(lo * margin, hi * margin);
}

/** Values on the uint8 grid of `p`: (q - zp) * scale for random q, so quantising them is exact. */
export function onGrid(p: QParams, n: number, rnd: () => number): Float32Array {
  return Float32Array.from({ length: n }, () => Math.fround((Math.floor(rnd() * 256) - p.zp) * p.scale));
}

/** Symmetric int8 quantisation of `w` with `channels` scales along its first axis. */
export function int8Weights(w: ArrayLike<number>, channels = 1): { q: number[]; scales: number[]; deq: number[] } {
  const per = w.length / channels;
  const scales = Array.from({ length: channels }, (_, c) => {
    let m = 0;
    for (let i = c * per; i < (c + 1) * per; i++) m = Math.max(m, Math.abs(w[i]!));
    return Math.fround(m / 127 || 1);
  });
  const q = Array.from(w, (v, i) => Math.max(-127, Math.min(127, Math.round(v / scales[Math.floor(i / per)]!))));
  return { q, scales, deq: q.map((v, i) => Math.fround(v * scales[Math.floor(i / per)]!)) };
}

/** Scale and zero-point initializers of `p` (uint8 zero point). */
export function qInits(b: ModelBuilder, name: string, p: QParams): [string, string] {
  return [b.initializer(`${name}_scale`, [], [p.scale]), b.initializer(`${name}_zp`, [], [p.zp], DT.UINT8)];
}

/** x (float) -> QuantizeLinear with `p`: returns [q, scale, zp]. */
export function quantiseInput(b: ModelBuilder, x: string, p: QParams): [string, string, string] {
  const [s, z] = qInits(b, x, p);
  return [b.node('QuantizeLinear', [x, s, z]), s, z];
}
