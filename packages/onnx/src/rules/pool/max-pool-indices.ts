/**
 * MaxPool's gradient through the op's own argmax: a second MaxPool on the same input with the
 * Indices output (flat positions in [0, N*C*prod(L)): the first maximum in scan order, padding
 * never chosen), then G is added at those positions. O(N*C*prod(O)) work in a few nodes, against
 * K window taps compared, masked and folded back for the mask form (first-max.ts): on
 * onnxruntime's CPU EP SqueezeNet's gradient graph takes half the time, Inception v1's 2/3.
 *
 * Overlapping windows can share an argmax, so their values must add: from opset 16 one
 * ScatterElements with reduction 'add'. Before it the windows are split into groups that cannot
 * overlap (output index o_a taken modulo ceil(extent_a / stride_a) on every axis a); each group
 * gathers what the running sum holds at its indices, adds its G and scatters back (Scatter at
 * opsets 9-10, ScatterElements from 11): no index repeats within a group, so overwriting is exact.
 */
import type { Emitter } from '../../emit/emitter.js';
import type { Node } from '../../node.js';
import { DT } from '../../proto.js';
import type { PoolGeom } from './util.js';

/** Per axis, how many consecutive windows can share an input position. */
const overlapGroups = (g: PoolGeom): number[] => g.kernel.map((k, i) => Math.ceil(((k - 1) * g.dilations[i]! + 1) / g.strides[i]!));

/** Groups beyond this many take the mask form (each group is a few nodes). */
const MAX_GROUPS = 16;

/**
 * Whether the indices form applies: float32 or float16 (which onnxruntime's CPU EP pools in
 * float32 anyway; widening is exact, so the argmax is the same), MaxPool's Indices output and a
 * scatter op.
 */
export function indicesApplies(e: Emitter, x: string, g: PoolGeom): boolean {
  const t = e.elemType(x);
  if ((t !== DT.FLOAT && t !== DT.FLOAT16) || e.opset < 9) return false;
  return e.opset >= 16 || overlapGroups(g).reduce((a, b) => a * b, 1) <= MAX_GROUPS;
}

/**
 * dX [N, C, L...] for G [N, C, O...]. A float16 X is pooled and G summed in float32 (each input
 * position's sum is rounded to float16 once), then cast back.
 */
export function maxPoolByIndices(e: Emitter, node: Node, g: string, geo: PoolGeom): string {
  const type = e.elemType(geo.x);
  if (type !== DT.FLOAT) return e.cast(maxPoolByIndices(e, node, e.cast(g, DT.FLOAT), { ...geo, x: e.cast(geo.x, DT.FLOAT) }), type);
  const attrs: Record<string, number | number[]> = { kernel_shape: geo.kernel, strides: geo.strides, pads: geo.pads };
  if (geo.dilations.some((d) => d !== 1)) attrs.dilations = geo.dilations;
  const ceil = node.int('ceil_mode', 0);
  if (ceil) attrs.ceil_mode = ceil;
  const [, indices] = e.op('MaxPool', [geo.x], attrs, 2);
  const zeros = e.reshape(e.zerosLike(geo.x), [-1]);
  if (e.opset >= 16) {
    const dx = e.op1('ScatterElements', [zeros, e.reshape(indices!, [-1]), e.reshape(g, [-1])], { axis: 0, reduction: 'add' });
    return e.reshapeLike(dx, geo.x);
  }
  const scatter = e.opset >= 11 ? 'ScatterElements' : 'Scatter';
  const groups = overlapGroups(geo);
  const P = geo.out.reduce((a, b) => a * b, 1);
  const gRows = e.reshape(g, [-1, P]);
  const iRows = e.reshape(indices!, [-1, P]);
  const rowStride = geo.out.map((_, a) => geo.out.slice(a + 1).reduce((x, y) => x * y, 1));
  // Row-major output positions of group `res`: o_a = res_a (mod groups_a) on every axis.
  const members = (res: number[]): number[] => {
    let acc = [0];
    geo.out.forEach((o, a) => {
      const idx = Array.from({ length: o }, (_, i) => i).filter((i) => i % groups[a]! === res[a]);
      acc = acc.flatMap((b) => idx.map((i) => b + i * rowStride[a]!));
    });
    return acc;
  };
  let acc = zeros;
  for (const res of residues(groups)) {
    const pos = members(res);
    if (!pos.length) continue;
    // A Gather of the group's columns (measured faster than strided slices, which need opset 10).
    const take = (rows: string) => e.reshape(pos.length === P ? rows : e.op1('Gather', [rows, e.int64s(pos)], { axis: 1 }), [-1]);
    const idx = take(iRows);
    let upd = take(gRows);
    if (acc !== zeros) upd = e.add(upd, e.op1('Gather', [acc, idx], { axis: 0 }));
    acc = e.op1(scatter, [acc, idx, upd], { axis: 0 });
  }
  return e.reshapeLike(acc, geo.x);
}

/** Every residue vector r with 0 <= r_a < groups_a, row-major. */
function residues(groups: number[]): number[][] {
  let acc: number[][] = [[]];
  for (const n of groups) acc = acc.flatMap((r) => Array.from({ length: n }, (_, i) => [...r, i]));
  return acc;
}
