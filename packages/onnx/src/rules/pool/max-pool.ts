/** MaxPool: dX[p] = sum of G over the windows whose first maximum (row-major tap order) is p. */
import type { GradRule } from '../types.js';
import { DT, isFloatType } from '../../proto.js';
import { firstMaxByConv } from './first-max.js';
import { indicesApplies, maxPoolByIndices } from './max-pool-indices.js';
import { foldToInput, isMax, lowest, taps, toChannelBatch, windowPoolRule } from './util.js';

export const maxPoolGrad: GradRule = windowPoolRule('MaxPool', (ctx, g, geo) => {
  const { e, node } = ctx;
  const { kernel, strides, dilations, out, pads, spatial } = geo;
  if (!e.portable && indicesApplies(e, geo.x, geo)) return maxPoolByIndices(e, node, g, geo);
  const r = spatial.length;
  // Quantised integer inputs (rules/quant/) compare in float32: exact for 8- and 16-bit values.
  const int = !isFloatType(e.elemType(geo.x));
  const x = int ? e.cast(geo.x, DT.FLOAT) : geo.x;
  const y = int ? e.cast(node.outputs[0]!, DT.FLOAT) : node.outputs[0]!;
  const fgeo = int ? { ...geo, x } : geo;

  // Pad so that every tap of every window (ceil_mode overhang included) is addressable;
  // padding never wins the max because it is the lowest finite value.
  const endPad = geo.span.map((s, i) => Math.max(0, s - pads[i]! - spatial[i]!));
  const xp = e.pad(x, [0, 0, ...pads.slice(0, r), 0, 0, ...endPad], 'constant', lowest(e.elemType(x)));
  // Every (n, c) becomes a batch row [N*C, 1, ...] so the taps can stack on axis 1.
  const xu = toChannelBatch(e, xp);
  const yu = toChannelBatch(e, y);
  const gu = toChannelBatch(e, g);
  const axes = spatial.map((_, i) => i + 2);

  const window = (j: number, i: number): [number, number] => [j * dilations[i]!, j * dilations[i]! + (out[i]! - 1) * strides[i]! + 1];
  // float16 and double (no Conv kernel on every EP): one strided slice per tap.
  // Before opset 10 a strided slice is one Gather per axis: share the leading-axis Gathers
  // between taps (k0 + k0*k1 + ... nodes instead of K*r).
  const cache = new Map<string, string>();
  const tapSlice = (idx: number[]): string => {
    if (e.opset >= 10 || strides.every((s) => s === 1)) {
      const w = idx.map(window);
      return e.slice(xu, w.map((b) => b[0]), w.map((b) => b[1]), axes, strides);
    }
    let cur = xu;
    idx.forEach((j, i) => {
      const key = idx.slice(0, i + 1).join(',');
      const hit = cache.get(key);
      if (hit) { cur = hit; return; }
      const [b, end] = window(j, i);
      cur = e.slice(cur, [b], [end], [axes[i]!], [strides[i]!]);
      cache.set(key, cur);
    });
    return cur;
  };

  const K = taps(geo);
  if (e.elemType(x) === DT.FLOAT) return foldToInput(e, firstMaxByConv(e, xu, yu, gu, fgeo), fgeo, 'onehot');
  const parts: string[] = [];
  let taken: string | undefined;
  for (let t = 0; t < K; t++) {
    // Row-major multi-index of tap t (the order the forward scans a window in).
    const idx: number[] = [];
    for (let i = r - 1, q = t; i >= 0; i--) { idx[i] = q % kernel[i]!; q = Math.floor(q / kernel[i]!); }
    const xt = tapSlice(idx);
    const hit = isMax(e, xt, yu);
    const first = taken ? e.and(hit, e.not(taken)) : hit;
    if (t < K - 1) taken = taken ? e.or(taken, hit) : hit;
    parts.push(e.mask(first, gu));
  }
  // [N*C, K, O...]; one-hot kernels make channel t write tap t.
  return foldToInput(e, e.concat(parts, 1), fgeo, 'onehot');
});
