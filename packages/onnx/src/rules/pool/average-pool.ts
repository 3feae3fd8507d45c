/** AveragePool: dX = fold(G / count) with all-ones windows, count = elements each window averaged. */
import type { GradRule } from '../types.js';
import { foldToInput, outerProduct, outputMap, tapsInRange, toChannelBatch, windowPoolRule } from './util.js';

export const averagePoolGrad: GradRule = windowPoolRule('AveragePool', (ctx, g, geo) => {
  const { e, node } = ctx;
  const r = geo.spatial.length;
  const includePad = node.int('count_include_pad', 0);
  if (includePad !== 0 && includePad !== 1) ctx.unsupported(`count_include_pad=${includePad}`);
  // Averaged elements per window: the in-bounds taps, or with count_include_pad the taps inside
  // the padded extent (explicit or auto_pad pads); onnxruntime never counts the ceil_mode
  // overhang past the end pads (checked by finite differences in test/ops/cases/pool.ts).
  const perAxis = geo.spatial.map((len, i) =>
    includePad ? tapsInRange(geo, i, -geo.pads[i]!, len + geo.pads[i + r]!) : tapsInRange(geo, i, 0, len));
  const counts = outerProduct(perAxis);
  if (counts.some((c) => c === 0)) ctx.unsupported('a window lies entirely in the padding');
  const gs = e.mul(toChannelBatch(e, g), outputMap(e, g, geo, counts.map((c) => 1 / c)));
  return foldToInput(e, gs, geo, 'ones');
});
