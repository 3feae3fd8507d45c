/** Conv dX without ConvTranspose: Conv of the zero-interleaved, re-padded G with the flipped, channel-swapped W. */
import type { Emitter } from '../../emit/emitter.js';
import type { Spatial } from '../../infer/spatial.js';
import { fitSpatial } from './util.js';

/**
 * dX[n, c, x] = sum_{m in grp(c), o, t : x + b = o*s + t*d} G[n, m, o] W[m, c', t]. With G
 * zero-interleaved by the stride (Gd) this is a stride-1 correlation of Gd with W flipped along
 * every spatial axis and its two channel axes swapped within each group.
 */
export function convInputGradViaConv(
  e: Emitter, g: string, w: string, geo: Spatial, group: number, spatial: number[],
): string {
  const r = spatial.length;
  const gShape = e.shape(g);
  const outs = gShape.slice(2) as number[];
  const m = gShape[1] as number;
  const wShape = e.shape(w) as number[];
  const cg = wShape[1]!;
  const kernel = geo.kernel;

  // Zero-interleave: [N, M, Ho, ...] -> [N, M, Ho, 1, ...] -> pad s-1 zeros -> [N, M, Ho*s, ...].
  let gd = g;
  if (geo.strides.some((s) => s > 1)) {
    const axes = Array.from({ length: r }, (_, i) => 3 + 2 * i);
    const u = e.unsqueeze(g, axes);
    const pads = new Array<number>(2 * (2 + 2 * r)).fill(0);
    geo.strides.forEach((s, i) => { pads[2 + 2 * r + 3 + 2 * i] = s - 1; });
    const p = e.pad(u, pads);
    gd = e.op1('Reshape', [p, e.int64s([-1, m, ...outs.map((o, i) => o * geo.strides[i]!)])]);
  }
  const len = outs.map((o, i) => o * geo.strides[i]!);

  // Correlating with the flipped kernel reads Gd[x + b - t*d]: pad (k-1)d - b in front and
  // whatever makes the output exactly H long at the end; negative amounts crop.
  const padBegin = kernel.map((k, i) => (k - 1) * geo.dilations[i]! - geo.pads[i]!);
  const padEnd = spatial.map((h, i) => h - 1 + (kernel[i]! - 1) * geo.dilations[i]! + 1 - len[i]! - padBegin[i]!);
  const head = padBegin.map((p) => Math.max(-p, 0));
  const keep = len.map((l, i) => l - head[i]! - Math.max(-padEnd[i]!, 0));
  const cropped = head.some((h) => h > 0) || keep.some((k, i) => k < len[i]!) ? fitSpatial(e, gd, head, keep) : gd;

  // W [M, Cg, k] -> [C, M/g, k] with the channel axes swapped inside each group, then flipped.
  const sp = Array.from({ length: r }, (_, i) => i + 2);
  let wt: string;
  if (group === 1) wt = e.transpose(w, [1, 0, ...sp]);
  else {
    const mg = m / group;
    const split = e.op1('Reshape', [w, e.int64s([group, mg, cg, ...kernel])]);
    const swapped = e.transpose(split, [0, 2, 1, ...sp.map((a) => a + 1)]);
    wt = e.op1('Reshape', [swapped, e.int64s([group * cg, mg, ...kernel])]);
  }
  kernel.forEach((k, i) => {
    if (k > 1) wt = e.op1('Gather', [wt, e.int64s(Array.from({ length: k }, (_, j) => k - 1 - j))], { axis: i + 2 });
  });
  return e.op1('Conv', [cropped, wt], {
    group, dilations: geo.dilations, strides: new Array<number>(r).fill(1), kernel_shape: kernel,
    pads: [...padBegin.map((p) => Math.max(p, 0)), ...padEnd.map((p) => Math.max(p, 0))],
  });
}
