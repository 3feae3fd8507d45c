/**
 * Transposed convolution (the Conv input gradient, the pooling folds) with a constant kernel as
 * one ordinary Conv whose kernel is rearranged at compile time: no ConvTranspose, no flip or
 * transpose of W at run time, no zero-interleaved G.
 *
 * Along one axis with stride s (dilation 1), the transposed output at padded position
 * q = a*s + b (phase b < s) is
 *   sum_j G[a - j] W[b + j*s],   j = 0 .. J-1, J = ceil(k / s)
 * a stride-1 correlation of G with the phase's sub-kernel reversed. Phases b >= k are zero. The
 * nonzero phases are output channels of one Conv (channel c*P + phase), then DepthToSpace (or a
 * Reshape/Transpose, and a Pad for zero phases) interleaves them onto the spatial axes: the
 * "sub-pixel" rearrangement of Shi et al., "Real-Time Single Image and Video Super-Resolution
 * Using an Efficient Sub-Pixel Convolutional Neural Network", 2016. With stride 1 it is the usual
 * flipped, channel-swapped kernel and no rearrangement.
 */
import type { Emitter } from '../../emit/emitter.js';
import { DT } from '../../proto.js';
import { fitSpatial } from './util.js';

export interface ConstWeights { elemType: number; dims: number[]; data: ArrayLike<number> }

/**
 * Whether the polyphase form applies: constant float32 or float16 W (the kernel is W's values
 * rearranged, exact in either; onnxruntime's CPU EP runs a float16 Conv in float32 as it does
 * ConvTranspose; no double Conv there, where the ConvTranspose forms stay) and no dilation.
 */
export const polyphaseApplies = (dilations: number[], w: ConstWeights | undefined): w is ConstWeights =>
  !!w && (w.elemType === DT.FLOAT || w.elemType === DT.FLOAT16) && dilations.every((d) => d === 1);

/** Row-major multi-index of `flat` over `extents`. */
const unravel = (flat: number, extents: number[], out: number[]): void => {
  for (let i = extents.length - 1, q = flat; i >= 0; i--) { out[i] = q % extents[i]!; q = Math.floor(q / extents[i]!); }
};

/**
 * W [M, Cg, k...] (grouped by `group`) -> [C*P, M/group, J...] with P = prod min(k, s): output
 * channel (c, phase b) (or (phase b, c) when `phaseMajor`, for group 1 only), input channel m' of
 * c's group, tap j holds W[grp*mg + m', c', b + (J-1-j)*s] (0 past the kernel).
 */
export function polyphaseKernel(
  w: ConstWeights, strides: number[], group: number, phaseMajor = false,
): { values: Float64Array; dims: number[] } {
  const [m, cg, ...kernel] = w.dims as [number, number, ...number[]];
  const r = kernel.length;
  const mg = m / group;
  const J = kernel.map((k, i) => Math.ceil(k / strides[i]!));
  const phases = kernel.map((k, i) => Math.min(k, strides[i]!));
  const P = phases.reduce((a, b) => a * b, 1);
  const JJ = J.reduce((a, b) => a * b, 1);
  const K = kernel.reduce((a, b) => a * b, 1);
  const out = new Float64Array(group * cg * P * mg * JJ);
  const b = new Array<number>(r);
  const j = new Array<number>(r);
  for (let grp = 0; grp < group; grp++) for (let c = 0; c < cg; c++) for (let ph = 0; ph < P; ph++) {
    unravel(ph, phases, b);
    const oc = phaseMajor ? ph * group * cg + grp * cg + c : (grp * cg + c) * P + ph;
    for (let mm = 0; mm < mg; mm++) for (let t = 0; t < JJ; t++) {
      unravel(t, J, j);
      let src = 0;
      let inside = true;
      for (let i = 0; i < r; i++) {
        const tap = b[i]! + (J[i]! - 1 - j[i]!) * strides[i]!;
        if (tap >= kernel[i]!) { inside = false; break; }
        src = src * kernel[i]! + tap;
      }
      if (inside) out[(oc * mg + mm) * JJ + t] = w.data[((grp * mg + mm) * cg + c) * K + src]!;
    }
  }
  return { values: out, dims: [group * cg * P, mg, ...J] };
}

/**
 * The transposed convolution of G [N, M, O...] with constant W [M, Cg, k...] (`group` groups,
 * `strides`, dilation 1), whose padded output starts `padBegin` rows before row 0 of the result,
 * fitted to `spatial` rows: the Conv input gradient dX [N, C, spatial...] (see the file comment).
 */
export function transposedConvPolyphase(
  e: Emitter, g: string, w: ConstWeights, strides: number[], padBegin: number[], group: number, spatial: number[],
): string {
  const r = spatial.length;
  const outs = e.shape(g).slice(2) as number[];
  const s = strides;
  const kernel = w.dims.slice(2);
  const J = kernel.map((k, i) => Math.ceil(k / s[i]!));
  const phases = kernel.map((k, i) => Math.min(k, s[i]!));
  const c = w.dims[1]! * group;
  // Padded rows q in [p, p + H) are wanted: phase rows a in [a0, a1). The Conv's output row u is
  // a = u + J-1 - padB, so padB = J-1 - a0 when that is >= 0; else extra head rows.
  const a0 = spatial.map((_, i) => Math.floor(padBegin[i]! / s[i]!));
  const a1 = spatial.map((h, i) => Math.ceil((padBegin[i]! + h) / s[i]!));
  const padB = J.map((jj, i) => Math.max(jj - 1 - a0[i]!, 0));
  const aStart = J.map((jj, i) => jj - 1 - padB[i]!);
  const padE = J.map((jj, i) => Math.max(a1[i]! - aStart[i]! - outs[i]! - padB[i]! + jj - 1, 0));
  const P = phases.reduce((x, y) => x * y, 1);
  // DepthToSpace interleaves square phases in one op: in CRD order (channel c*P + b) from opset
  // 11, else in DCR order (channel b*C + c), which only an ungrouped Conv can produce.
  const d2s = r === 2 && s[0] === s[1] && s[0]! > 1 && phases.every((p, i) => p === s[i]) && (e.opset >= 11 || group === 1);
  const { values, dims } = polyphaseKernel(w, s, group, d2s && e.opset < 11);
  // onnxruntime-web 1.30's WebGPU Conv computes wrong values when the output channels are a
  // multiple of 4 and the input channels a multiple of 3 but not of 4 (6, 9, 18, 33; measured on
  // SwiftShader; 3 itself is fine): one zero output channel more, sliced off, avoids that kernel.
  const inC = e.shape(g)[1], outC = dims[0]!;
  const dodge = group === 1 && typeof inC === 'number' && inC > 3 && inC % 3 === 0 && inC % 4 !== 0 && outC % 4 === 0;
  const kernelValues = dodge ? Float64Array.from({ length: values.length + values.length / outC }, (_, i) => (i < values.length ? values[i]! : 0)) : values;
  // The same EP ignores the pads of a Conv whose kernel is 1 x 1 (run as a MatMul), and
  // onnxruntime fuses a Pad before a Conv into its pads. Pad rows beyond the kernel's reach only
  // make zero output rows (no bias), so they are a Pad of the Conv's output instead.
  const inB = padB.map((p, i) => Math.min(p, J[i]! - 1)), inE = padE.map((p, i) => Math.min(p, J[i]! - 1));
  let full = e.op1('Conv', [g, e.constant(kernelValues, dodge ? [outC + 1, ...dims.slice(1)] : dims, w.elemType)], {
    group, kernel_shape: J, strides: new Array<number>(r).fill(1), dilations: new Array<number>(r).fill(1),
    pads: [...inB, ...inE],
  });
  if (dodge) full = e.slice(full, [0], [outC], [1]);
  full = e.pad(full, [0, 0, ...padB.map((p, i) => p - inB[i]!), 0, 0, ...padE.map((p, i) => p - inE[i]!)]);
  const a = e.shape(full).slice(2) as number[];
  if (d2s) {
    full = e.op1('DepthToSpace', [full], e.opset >= 11 ? { blocksize: s[0]!, mode: 'CRD' } : { blocksize: s[0]! });
  } else if (P === 1 && r === 2 && s.some((x) => x > 1) && !e.portable && e.opset >= 9 && w.elemType === DT.FLOAT) {
    // 1 x 1 kernels (ResNet's strided shortcuts): G spread onto every s-th row and column. A
    // nearest upsample times a 0/1 grid runs at memory speed on onnxruntime's CPU EP, where the
    // Pad of unit axes below copies element by element (measured ~10x slower on ResNet-50).
    full = e.mul(upsampleNearest(e, full, s), everyStride(e, a, s, w.elemType));
  } else if (s.some((x) => x > 1)) {
    // [N, C*P, A...] -> [N, C, A0, p0, A1, p1, ...], zero phases padded in, -> [N, C, A0*s0, ...]
    let t: string;
    if (P === 1) t = e.unsqueeze(full, spatial.map((_, i) => 3 + 2 * i));
    else {
      const split = e.op1('Reshape', [full, e.int64s([-1, c, ...phases, ...a])]);
      t = e.transpose(split, [0, 1, ...spatial.flatMap((_, i) => [2 + r + i, 2 + i])]);
    }
    const pads = new Array<number>(2 * (2 + 2 * r)).fill(0);
    phases.forEach((p, i) => { pads[2 + 2 * r + 3 + 2 * i] = s[i]! - p; });
    full = e.op1('Reshape', [e.pad(t, pads), e.int64s([-1, c, ...a.map((x, i) => x * s[i]!)])]);
  }
  // Row 0 of `full` is padded row aStart*s: drop up to the first wanted row, keep H rows (zero
  // rows at the end where no window reached).
  return fitSpatial(e, full, padBegin.map((p, i) => p - aStart[i]! * s[i]!), spatial);
}

/** Nearest upsampling of [N, C, H, W] by integer factors: Upsample at opset 9, Resize from 10. */
function upsampleNearest(e: Emitter, x: string, s: number[]): string {
  const scales = e.constant([1, 1, ...s], [4], DT.FLOAT);
  if (e.opset === 9) return e.op1('Upsample', [x, scales], { mode: 'nearest' });
  if (e.opset === 10) return e.op1('Resize', [x, scales], { mode: 'nearest' });
  return e.op1('Resize', [x, e.opset >= 13 ? undefined : e.constant([], [0], DT.FLOAT), scales], {
    mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor',
  });
}

/** [1, 1, A0*s0, A1*s1] holding 1 where both coordinates are multiples of their stride, else 0. */
function everyStride(e: Emitter, a: number[], s: number[], elemType: number): string {
  const [h, w] = [a[0]! * s[0]!, a[1]! * s[1]!];
  const grid = new Float64Array(h * w);
  for (let y = 0; y < h; y += s[0]!) for (let x = 0; x < w; x += s[1]!) grid[y * w + x] = 1;
  return e.constant(grid, [1, 1, h, w], elemType);
}
