/**
 * Gradient-check rows for padding, pixel shuffle and resizing: Pad, DepthToSpace, SpaceToDepth,
 * Resize, Upsample.
 */
import { DT } from '@axplain/onnx';
import type { InputSpec, OpCase, RejectedCase } from '../../support/op-case.js';

const x = (shape: number[], symbolic?: (number | string)[]): InputSpec => ({ shape, symbolic });
const param = (shape: number[]): InputSpec => ({ shape, kind: 'param' });
const N = (shape: number[]): InputSpec => x(shape, ['N', ...shape.slice(1)]);
const ints = (values: number[]): InputSpec => ({ shape: [values.length], values, kind: 'const', elemType: DT.INT64 });
const floats = (values: number[]): InputSpec => ({ shape: [values.length], values, kind: 'const' });
const scalar = (v: number): InputSpec => ({ shape: [], values: [v], kind: 'const' });
/** An empty float tensor: the roi / scales placeholder Resize-11/12 require. */
const EMPTY: InputSpec = { shape: [0], values: [], kind: 'const' };

export const PAD_CASES: OpCase[] = [
  { name: 'Pad constant asymmetric opset 11', op: 'Pad', opset: 11, inputs: [x([1, 2, 3, 4]), ints([0, 0, 1, 2, 0, 0, 2, 1])] },
  { name: 'Pad constant_value input opset 13', op: 'Pad', opset: 13, inputs: [x([2, 3, 4]), ints([1, 0, 2, 0, 3, 1]), scalar(0.5)] },
  { name: 'Pad constant attribute pads opset 7', op: 'Pad', opset: 7, attrs: { pads: [0, 1, 2, 1, 0, 3], value: { f: 1.5 } }, inputs: [x([2, 3, 4])] },
  { name: 'Pad constant default mode opset 9 on a param', op: 'Pad', opset: 9, attrs: { pads: [1, 2, 2, 1] }, inputs: [param([3, 4])] },
  { name: 'Pad constant negative pads crop', op: 'Pad', opset: 13, inputs: [x([2, 3, 4, 5]), ints([0, -1, 2, -2, 0, 1, -1, 3])] },
  { name: 'Pad constant negative pads opset 9', op: 'Pad', opset: 9, attrs: { pads: [-1, 2, 1, -2] }, inputs: [x([4, 5])] },
  { name: 'Pad constant dynamic batch', op: 'Pad', opset: 13, inputs: [N([2, 2, 3, 3]), ints([0, 0, 1, 2, 0, 0, 2, 1])] },
  { name: 'Pad constant opset 18 axes input (negative axis)', op: 'Pad', opset: 18, inputs: [x([2, 3, 4, 5]), ints([1, 2, 3, 0]), null, ints([-1, 1])] },
  { name: 'Pad constant 1-D', op: 'Pad', opset: 13, inputs: [x([5]), ints([2, 3])] },
  { name: 'Pad reflect 4-D opset 11', op: 'Pad', opset: 11, attrs: { mode: 'reflect' }, inputs: [x([1, 2, 4, 5]), ints([0, 0, 2, 3, 0, 0, 3, 1])] },
  { name: 'Pad reflect pads = n-1', op: 'Pad', opset: 13, attrs: { mode: 'reflect' }, inputs: [x([2, 3, 4]), ints([0, 2, 3, 0, 2, 3])] },
  { name: 'Pad reflect attribute pads opset 9 (no strided Slice)', op: 'Pad', opset: 9, attrs: { mode: 'reflect', pads: [0, 0, 1, 2, 0, 0, 2, 1] }, inputs: [x([1, 2, 4, 4])] },
  { name: 'Pad reflect opset 7', op: 'Pad', opset: 7, attrs: { mode: 'reflect', pads: [2, 1, 1, 2] }, inputs: [x([4, 5])] },
  { name: 'Pad reflect dynamic batch', op: 'Pad', opset: 13, attrs: { mode: 'reflect' }, inputs: [N([2, 3, 4, 4]), ints([0, 0, 1, 1, 0, 0, 1, 1])] },
  { name: 'Pad reflect with negative pads', op: 'Pad', opset: 13, attrs: { mode: 'reflect' }, inputs: [x([2, 6, 5]), ints([0, -1, 2, 0, 2, -1])] },
  { name: 'Pad edge 3 axes asymmetric opset 13', op: 'Pad', opset: 13, attrs: { mode: 'edge' }, inputs: [x([2, 3, 4]), ints([1, 0, 3, 2, 2, 0])] },
  { name: 'Pad edge pads larger than the axis', op: 'Pad', opset: 13, attrs: { mode: 'edge' }, inputs: [x([1, 2, 3]), ints([0, 4, 0, 0, 3, 5])] },
  { name: 'Pad edge attribute pads opset 7', op: 'Pad', opset: 7, attrs: { mode: 'edge', pads: [0, 0, 2, 1, 0, 0, 1, 2] }, inputs: [x([1, 2, 3, 3])] },
  { name: 'Pad edge with negative pads', op: 'Pad', opset: 11, attrs: { mode: 'edge' }, inputs: [x([3, 6]), ints([-1, 2, 2, -2])] },
  { name: 'Pad edge opset 18 axes', op: 'Pad', opset: 18, attrs: { mode: 'edge' }, inputs: [N([2, 3, 4]), ints([2, 1]), null, ints([2])] },
  { name: 'Pad wrap opset 19', op: 'Pad', opset: 19, attrs: { mode: 'wrap' }, inputs: [x([1, 2, 3, 4]), ints([0, 0, 2, 1, 0, 0, 3, 4])] },
];

export const PIXEL_SHUFFLE_CASES: OpCase[] = [
  { name: 'DepthToSpace DCR b=2 opset 11', op: 'DepthToSpace', opset: 11, attrs: { blocksize: 2, mode: 'DCR' }, inputs: [x([1, 8, 2, 3])] },
  { name: 'DepthToSpace CRD b=2 opset 13', op: 'DepthToSpace', opset: 13, attrs: { blocksize: 2, mode: 'CRD' }, inputs: [x([2, 8, 2, 2])] },
  { name: 'DepthToSpace b=3 opset 9 (DCR only)', op: 'DepthToSpace', opset: 9, attrs: { blocksize: 3 }, inputs: [x([1, 18, 2, 2])] },
  { name: 'DepthToSpace CRD b=3', op: 'DepthToSpace', opset: 13, attrs: { blocksize: 3, mode: 'CRD' }, inputs: [x([1, 9, 2, 3])] },
  { name: 'DepthToSpace CRD dynamic batch', op: 'DepthToSpace', opset: 13, attrs: { blocksize: 2, mode: 'CRD' }, inputs: [N([2, 8, 3, 2])] },
  { name: 'SpaceToDepth b=2 opset 13', op: 'SpaceToDepth', opset: 13, attrs: { blocksize: 2 }, inputs: [x([1, 2, 4, 6])] },
  { name: 'SpaceToDepth b=3 opset 9 on a param', op: 'SpaceToDepth', opset: 9, attrs: { blocksize: 3 }, inputs: [param([2, 1, 6, 3])] },
  { name: 'SpaceToDepth dynamic batch', op: 'SpaceToDepth', opset: 13, attrs: { blocksize: 2 }, inputs: [N([2, 3, 4, 2])] },
];

export const RESIZE_CASES: OpCase[] = [
  // Resize-10: asymmetric coordinates, nearest truncates when enlarging and ceils when shrinking.
  { name: 'Resize-10 nearest x2', op: 'Resize', opset: 10, inputs: [x([1, 2, 3, 4]), floats([1, 1, 2, 2])] },
  { name: 'Resize-10 nearest x1.5 / x0.6 (ceil when shrinking)', op: 'Resize', opset: 10, inputs: [x([1, 2, 4, 6]), floats([1, 1, 1.5, 0.6])] },
  { name: 'Resize-10 linear x2 / x1.5', op: 'Resize', opset: 10, attrs: { mode: 'linear' }, inputs: [x([1, 1, 3, 4]), floats([1, 1, 2, 1.5])] },
  { name: 'Resize-10 linear downsample', op: 'Resize', opset: 10, attrs: { mode: 'linear' }, inputs: [x([2, 1, 6, 5]), floats([1, 1, 0.5, 0.6])] },
  // Resize-11/12: roi and scales are required inputs (empty when unused).
  { name: 'Resize-11 nearest default modes x2', op: 'Resize', opset: 11, inputs: [x([1, 2, 3, 4]), EMPTY, floats([1, 1, 2, 2])] },
  { name: 'Resize-11 nearest round_prefer_floor downsample (ties)', op: 'Resize', opset: 11, inputs: [x([1, 1, 6, 8]), EMPTY, floats([1, 1, 0.5, 0.5])] },
  { name: 'Resize-11 nearest round_prefer_ceil downsample (ties)', op: 'Resize', opset: 11, attrs: { nearest_mode: 'round_prefer_ceil' }, inputs: [x([1, 1, 6, 8]), EMPTY, floats([1, 1, 0.5, 0.5])] },
  { name: 'Resize-11 nearest asymmetric floor x3', op: 'Resize', opset: 11, attrs: { coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }, inputs: [x([1, 2, 2, 3]), EMPTY, floats([1, 1, 3, 3])] },
  { name: 'Resize-11 nearest ceil x1.7 / x0.6', op: 'Resize', opset: 11, attrs: { nearest_mode: 'ceil' }, inputs: [x([1, 1, 5, 7]), EMPTY, floats([1, 1, 1.7, 0.6])] },
  { name: 'Resize-12 nearest align_corners sizes', op: 'Resize', opset: 12, attrs: { coordinate_transformation_mode: 'align_corners', nearest_mode: 'round_prefer_ceil' }, inputs: [x([1, 2, 3, 4]), EMPTY, EMPTY, ints([1, 2, 5, 7])] },
  { name: 'Resize-11 nearest tf_half_pixel_for_nn', op: 'Resize', opset: 11, attrs: { coordinate_transformation_mode: 'tf_half_pixel_for_nn' }, inputs: [x([1, 1, 4, 5]), EMPTY, floats([1, 1, 1.5, 2.5])] },
  { name: 'Resize-11 linear half_pixel sizes', op: 'Resize', opset: 11, attrs: { mode: 'linear' }, inputs: [x([1, 2, 3, 4]), EMPTY, EMPTY, ints([1, 2, 5, 7])] },
  { name: 'Resize-11 linear align_corners x2', op: 'Resize', opset: 11, attrs: { mode: 'linear', coordinate_transformation_mode: 'align_corners' }, inputs: [x([1, 2, 3, 4]), EMPTY, floats([1, 1, 2, 2])] },
  { name: 'Resize-11 linear pytorch_half_pixel (an axis of length 1)', op: 'Resize', opset: 11, attrs: { mode: 'linear', coordinate_transformation_mode: 'pytorch_half_pixel' }, inputs: [x([1, 1, 4, 3]), EMPTY, EMPTY, ints([1, 1, 1, 5])] },
  { name: 'Resize-11 linear asymmetric downsample', op: 'Resize', opset: 11, attrs: { mode: 'linear', coordinate_transformation_mode: 'asymmetric' }, inputs: [x([1, 2, 5, 6]), EMPTY, floats([1, 1, 0.6, 0.5])] },
  { name: 'Resize-11 linear tf_crop_and_resize with extrapolation', op: 'Resize', opset: 11, attrs: { mode: 'linear', coordinate_transformation_mode: 'tf_crop_and_resize', extrapolation_value: { f: 2 } }, inputs: [x([1, 1, 4, 5]), floats([0, 0, -0.2, 0.3, 1, 1, 0.9, 1.3]), EMPTY, ints([1, 1, 5, 4])] },
  { name: 'Resize-11 nearest tf_crop_and_resize', op: 'Resize', opset: 11, attrs: { coordinate_transformation_mode: 'tf_crop_and_resize' }, inputs: [x([1, 1, 4, 5]), floats([0, 0, 0.1, -0.3, 1, 1, 0.8, 0.7]), EMPTY, ints([1, 1, 6, 3])] },
  { name: 'Resize-11 cubic half_pixel', op: 'Resize', opset: 11, attrs: { mode: 'cubic' }, inputs: [x([1, 2, 4, 4]), EMPTY, floats([1, 1, 2, 1.5])] },
  { name: 'Resize-11 cubic exclude_outside a=-0.5 downsample', op: 'Resize', opset: 11, attrs: { mode: 'cubic', exclude_outside: 1, cubic_coeff_a: { f: -0.5 } }, inputs: [x([1, 1, 6, 5]), EMPTY, floats([1, 1, 0.7, 1.6])] },
  { name: 'Resize-11 cubic align_corners 2-D', op: 'Resize', opset: 11, attrs: { mode: 'cubic', coordinate_transformation_mode: 'align_corners' }, inputs: [x([4, 5]), EMPTY, EMPTY, ints([7, 3])] },
  // Resize-13: roi and scales optional.
  { name: 'Resize-13 nearest scales, no roi', op: 'Resize', opset: 13, attrs: { mode: 'nearest' }, inputs: [x([1, 3, 2, 3]), null, floats([1, 1, 2, 2])] },
  { name: 'Resize-13 nearest dynamic batch', op: 'Resize', opset: 13, attrs: { nearest_mode: 'floor', coordinate_transformation_mode: 'asymmetric' }, inputs: [N([2, 2, 3, 3]), null, floats([1, 1, 2, 2])] },
  { name: 'Resize-13 linear dynamic batch', op: 'Resize', opset: 13, attrs: { mode: 'linear' }, inputs: [N([2, 2, 3, 4]), null, floats([1, 1, 1.5, 2])] },
  { name: 'Resize-13 linear 2-D', op: 'Resize', opset: 13, attrs: { mode: 'linear' }, inputs: [x([5, 6]), null, floats([1.5, 0.5])] },
  { name: 'Resize-13 linear 3-D (trilinear)', op: 'Resize', opset: 13, attrs: { mode: 'linear' }, inputs: [x([3, 4, 5]), null, null, ints([5, 3, 7])] },
  { name: 'Resize-13 linear 5-D', op: 'Resize', opset: 13, attrs: { mode: 'linear', coordinate_transformation_mode: 'align_corners' }, inputs: [x([1, 1, 2, 3, 4]), null, floats([1, 1, 2, 1.5, 0.5])] },
  { name: 'Resize-13 linear NHWC', op: 'Resize', opset: 13, attrs: { mode: 'linear' }, inputs: [x([1, 4, 5, 2]), null, floats([1, 2, 1.5, 1])] },
  { name: 'Resize-13 nearest 1-D', op: 'Resize', opset: 13, inputs: [x([7]), null, null, ints([10])] },
  { name: 'Resize-13 nearest on the leading axis of a 3-D input', op: 'Resize', opset: 13, inputs: [x([4, 3, 2]), null, null, ints([6, 3, 2])] },
  { name: 'Resize-13 nearest on a param', op: 'Resize', opset: 13, inputs: [param([1, 1, 2, 3]), null, floats([1, 1, 2, 1.5])] },
  // Resize-18/19: axes, keep_aspect_ratio_policy, half_pixel_symmetric.
  { name: 'Resize-18 axes scales dynamic batch', op: 'Resize', opset: 18, attrs: { mode: 'linear', axes: [2, 3] }, inputs: [N([2, 2, 3, 4]), null, floats([2, 0.75])] },
  { name: 'Resize-18 axes sizes negative axes', op: 'Resize', opset: 18, attrs: { axes: [-1, -2] }, inputs: [N([2, 1, 3, 4]), null, null, ints([6, 5])] },
  { name: 'Resize-18 not_larger', op: 'Resize', opset: 18, attrs: { mode: 'linear', axes: [2, 3], keep_aspect_ratio_policy: 'not_larger' }, inputs: [x([1, 1, 3, 4]), null, null, ints([7, 6])] },
  { name: 'Resize-18 not_smaller', op: 'Resize', opset: 18, attrs: { axes: [2, 3], keep_aspect_ratio_policy: 'not_smaller' }, inputs: [x([1, 1, 3, 4]), null, null, ints([7, 6])] },
  { name: 'Resize-19 linear half_pixel_symmetric', op: 'Resize', opset: 19, attrs: { mode: 'linear', coordinate_transformation_mode: 'half_pixel_symmetric' }, inputs: [x([1, 1, 4, 5]), null, floats([1, 1, 1.7, 0.6])] },
  { name: 'Resize-19 nearest half_pixel_symmetric', op: 'Resize', opset: 19, attrs: { coordinate_transformation_mode: 'half_pixel_symmetric' }, inputs: [x([1, 2, 3, 5]), null, floats([1, 1, 1.7, 0.7])] },
  // Upsample: attribute scales at 7/8, input at 9.
  { name: 'Upsample-7 nearest', op: 'Upsample', opset: 7, attrs: { scales: { floats: [1, 1, 2, 3] } }, inputs: [x([1, 2, 2, 3])] },
  { name: 'Upsample-8 nearest x1.5', op: 'Upsample', opset: 8, attrs: { mode: 'nearest', scales: { floats: [1, 1, 1.5, 2.5] } }, inputs: [x([1, 1, 4, 3])] },
  { name: 'Upsample-7 linear', op: 'Upsample', opset: 7, attrs: { mode: 'linear', scales: { floats: [1, 1, 2, 1.5] } }, inputs: [x([1, 2, 3, 4])] },
  { name: 'Upsample-9 nearest scales input dynamic batch', op: 'Upsample', opset: 9, inputs: [N([2, 2, 3, 3]), floats([1, 1, 2, 2])] },
  { name: 'Upsample-9 linear 2-D', op: 'Upsample', opset: 9, attrs: { mode: 'linear' }, inputs: [x([3, 4]), floats([2, 2.5])] },
];

/**
 * Rows whose output has a symbolic dim other than the input's (N + 3, H * 2): the finite-difference
 * harness cannot size such an output's cotangent, so these are checked against the same row with
 * static shapes (which the rows above check by finite differences).
 */
export const DERIVED_DIM_CASES: OpCase[] = [
  { name: 'Pad constant pads the dynamic batch axis', op: 'Pad', opset: 13, inputs: [N([2, 3]), ints([1, 0, 2, 1])] },
  { name: 'Pad constant crops the dynamic batch axis', op: 'Pad', opset: 13, inputs: [N([4, 3]), ints([-1, 1, 1, 0])] },
  { name: 'DepthToSpace DCR dynamic N, H, W', op: 'DepthToSpace', opset: 13, attrs: { blocksize: 2 }, inputs: [x([2, 4, 3, 2], ['N', 4, 'H', 'W'])] },
  { name: 'DepthToSpace CRD dynamic H, W opset 11', op: 'DepthToSpace', opset: 11, attrs: { blocksize: 2, mode: 'CRD' }, inputs: [x([1, 8, 2, 3], [1, 8, 'H', 'W'])] },
];

export const RESAMPLE_CASES: OpCase[] = [...PAD_CASES, ...PIXEL_SHUFFLE_CASES, ...RESIZE_CASES];

/** Configurations the rules reject on purpose, with the error they must raise. */
export const RESAMPLE_REJECTED: RejectedCase[] = [
  { name: 'antialias', op: 'Resize', opset: 18, attrs: { mode: 'linear', antialias: 1 }, inputs: [{ shape: [1, 1, 4, 4] }, null, { shape: [4], values: [1, 1, 0.5, 0.5], kind: 'const' }], error: /Resize.*antialias/ },
  { name: 'resized dynamic axis', op: 'Resize', opset: 13, inputs: [{ shape: [2, 3], symbolic: ['N', 3] }, null, { shape: [2], values: [2, 1], kind: 'const' }], error: /Resize.*dynamic/ },
  { name: 'edge on a dynamic axis', op: 'Pad', opset: 13, attrs: { mode: 'edge' }, inputs: [{ shape: [2, 3], symbolic: ['N', 3] }, { shape: [4], values: [1, 0, 0, 0], kind: 'const', elemType: 7 }], error: /Pad.*edge padding of the dynamic axis/ },
  { name: 'reflect wider than the axis', op: 'Pad', opset: 13, attrs: { mode: 'reflect' }, inputs: [{ shape: [2, 3] }, { shape: [4], values: [0, 3, 0, 0], kind: 'const', elemType: 7 }], error: /Pad.*reflect pads/ },
];
