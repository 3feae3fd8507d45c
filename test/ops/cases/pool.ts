/** Gradient-check rows for the pool family: MaxPool, AveragePool, LpPool and the global pools. */
import type { OpCase, RejectedCase } from '../../support/op-case.js';

const maxPool = (name: string, opset: number, shape: number[], attrs: OpCase['attrs'], extra: Partial<OpCase> = {}): OpCase =>
  ({ name: `MaxPool ${name}`, op: 'MaxPool', opset, attrs, inputs: [{ shape }], ...extra });
const avgPool = (name: string, opset: number, shape: number[], attrs: OpCase['attrs'], extra: Partial<OpCase> = {}): OpCase =>
  ({ name: `AveragePool ${name}`, op: 'AveragePool', opset, attrs, inputs: [{ shape }], ...extra });
const lpPool = (name: string, opset: number, shape: number[], attrs: OpCase['attrs']): OpCase =>
  ({ name: `LpPool ${name}`, op: 'LpPool', opset, attrs, inputs: [{ shape }] });

const MAXPOOL_CASES: OpCase[] = [
  // The first row per op also runs on the WebGPU EP (test/webgpu.test.ts): make it a telling one
  // (an even tap count caught onnxruntime's WebGPU bug with grouped ConvTranspose).
  maxPool('2x3 stride 2 (overlapping along W), asymmetric pads', 12, [2, 3, 8, 9], { kernel_shape: [2, 3], strides: [2, 2], pads: [1, 1, 0, 1] }),
  maxPool('3x3 stride 2 overlapping, pads 1, opset 12', 12, [2, 3, 9, 9], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }),
  maxPool('2x2/2 opset 8 (MNIST first pool)', 8, [1, 2, 8, 8], { kernel_shape: [2, 2], strides: [2, 2] }),
  maxPool('3x3/3 opset 8 on 14x14 (MNIST second pool, floor drops a row)', 8, [1, 3, 14, 14], { kernel_shape: [3, 3], strides: [3, 3] }),
  maxPool('3x3 stride 2 opset 7 (strided taps via Gather)', 7, [1, 2, 9, 9], { kernel_shape: [3, 3], strides: [2, 2] }),
  maxPool('3x3 stride 2 opset 9, pads', 9, [1, 2, 7, 8], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 0, 1, 1] }),
  maxPool('opset 8 storage_order=1', 8, [1, 2, 6, 6], { kernel_shape: [2, 2], strides: [2, 2], storage_order: 1 }),
  maxPool('default strides (1), opset 17', 17, [1, 2, 5, 6], { kernel_shape: [2, 3] }),
  maxPool('ceil_mode 3x3 s2 on 8x8', 10, [1, 2, 8, 8], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }),
  maxPool('ceil_mode 2x2 s2 on 7x7', 11, [2, 2, 7, 7], { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 }),
  maxPool('ceil_mode with pads', 12, [1, 2, 8, 7], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 0], ceil_mode: 1 }),
  maxPool('ceil_mode, window would start in the end pad (dropped)', 12, [1, 1, 6, 6], { kernel_shape: [2, 2], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1 }),
  maxPool('dilations 2', 11, [1, 2, 8, 9], { kernel_shape: [2, 2], dilations: [2, 2] }),
  maxPool('dilations, strides and ceil_mode', 12, [1, 2, 9, 10], { kernel_shape: [3, 2], strides: [2, 3], dilations: [2, 1], ceil_mode: 1 }),
  maxPool('asymmetric pads', 12, [1, 2, 6, 7], { kernel_shape: [3, 3], strides: [2, 2], pads: [2, 0, 0, 1] }),
  maxPool('auto_pad SAME_UPPER', 12, [1, 2, 7, 7], { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' }),
  maxPool('auto_pad SAME_LOWER', 12, [1, 2, 6, 7], { kernel_shape: [2, 2], strides: [2, 2], auto_pad: 'SAME_LOWER' }),
  maxPool('auto_pad VALID', 8, [1, 2, 7, 7], { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'VALID' }),
  maxPool('1-D k3 s2 pads', 12, [2, 3, 11], { kernel_shape: [3], strides: [2], pads: [1, 1] }),
  maxPool('1-D opset 8', 8, [2, 2, 9], { kernel_shape: [2], strides: [2] }),
  maxPool('3-D', 12, [1, 2, 5, 6, 4], { kernel_shape: [2, 3, 2], strides: [2, 1, 2], pads: [0, 1, 0, 1, 1, 0] }),
  maxPool('3-D ceil_mode opset 10', 10, [1, 1, 5, 5, 5], { kernel_shape: [2, 2, 2], strides: [2, 2, 2], ceil_mode: 1 }),
  maxPool('dynamic batch', 12, [3, 2, 7, 7], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, {
    inputs: [{ shape: [3, 2, 7, 7], symbolic: ['N', 2, 7, 7] }],
  }),
  maxPool('dynamic batch opset 8', 8, [2, 2, 6, 6], { kernel_shape: [2, 2], strides: [2, 2] }, {
    inputs: [{ shape: [2, 2, 6, 6], symbolic: ['N', 2, 6, 6] }],
  }),
  maxPool('dynamic batch and channels', 11, [2, 3, 6, 6], { kernel_shape: [2, 2], strides: [2, 2] }, {
    inputs: [{ shape: [2, 3, 6, 6], symbolic: ['N', 'C', 6, 6] }],
  }),
  maxPool('with the Indices output, opset 12', 12, [1, 2, 6, 6], { kernel_shape: [3, 3], strides: [2, 2] }, { nOut: 2 }),
  maxPool('opset 13 (bfloat16 era form), kernel 1x1 stride 2', 13, [1, 2, 5, 5], { kernel_shape: [1, 1], strides: [2, 2] }),
];

const AVGPOOL_CASES: OpCase[] = [
  avgPool('3x3 s2 pads, count_include_pad=0', 11, [2, 3, 9, 9], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }),
  avgPool('3x3 s2 pads, count_include_pad=1', 11, [1, 2, 9, 9], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 1 }),
  avgPool('2x2/2 opset 7', 7, [1, 2, 8, 8], { kernel_shape: [2, 2], strides: [2, 2] }),
  avgPool('opset 7 asymmetric pads, count_include_pad=1', 7, [1, 2, 6, 7], { kernel_shape: [3, 2], strides: [2, 2], pads: [2, 0, 0, 1], count_include_pad: 1 }),
  avgPool('opset 9 floor drops trailing rows', 9, [1, 2, 8, 7], { kernel_shape: [3, 3], strides: [3, 3] }),
  avgPool('ceil_mode, count_include_pad=0 (partial windows)', 10, [1, 2, 8, 8], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }),
  avgPool('ceil_mode, count_include_pad=1 (overhang past the pads)', 10, [1, 2, 8, 8], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1, count_include_pad: 1 }),
  avgPool('ceil_mode with pads, count_include_pad=1', 12, [1, 2, 8, 7], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 0], ceil_mode: 1, count_include_pad: 1 }),
  avgPool('ceil_mode with pads, count_include_pad=0', 12, [1, 2, 8, 7], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 0], ceil_mode: 1 }),
  avgPool('auto_pad SAME_UPPER count_include_pad=0', 11, [1, 2, 7, 7], { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' }),
  avgPool('auto_pad SAME_LOWER count_include_pad=1', 11, [1, 2, 6, 7], { kernel_shape: [2, 3], strides: [2, 2], auto_pad: 'SAME_LOWER', count_include_pad: 1 }),
  avgPool('auto_pad VALID', 11, [1, 2, 7, 7], { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'VALID' }),
  avgPool('default strides', 17, [1, 2, 5, 6], { kernel_shape: [2, 3] }),
  avgPool('1-D', 11, [2, 3, 11], { kernel_shape: [3], strides: [2], pads: [1, 2] }),
  avgPool('3-D', 11, [1, 2, 5, 6, 4], { kernel_shape: [2, 3, 2], strides: [2, 1, 2], pads: [0, 1, 0, 1, 1, 0] }),
  avgPool('dilations (opset 19)', 19, [1, 2, 9, 8], { kernel_shape: [2, 2], strides: [2, 1], dilations: [2, 3], pads: [1, 0, 1, 1] }),
  avgPool('dilations ceil_mode count_include_pad=1 (opset 19)', 19, [1, 2, 9, 8], { kernel_shape: [2, 2], strides: [2, 2], dilations: [2, 2], ceil_mode: 1, count_include_pad: 1 }),
  avgPool('dynamic batch', 11, [3, 2, 7, 7], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, {
    inputs: [{ shape: [3, 2, 7, 7], symbolic: ['N', 2, 7, 7] }],
  }),
  avgPool('dynamic batch and channels, 3-D', 11, [2, 3, 4, 5, 4], { kernel_shape: [2, 2, 2], strides: [2, 1, 2] }, {
    inputs: [{ shape: [2, 3, 4, 5, 4], symbolic: ['N', 'C', 4, 5, 4] }],
  }),
];

const GLOBAL_POOL_CASES: OpCase[] = [
  { name: 'GlobalAveragePool 2-D', op: 'GlobalAveragePool', opset: 13, inputs: [{ shape: [2, 3, 4, 5] }] },
  { name: 'GlobalAveragePool opset 7 (no Expand)', op: 'GlobalAveragePool', opset: 7, inputs: [{ shape: [2, 3, 4, 4] }] },
  { name: 'GlobalAveragePool 1-D', op: 'GlobalAveragePool', opset: 11, inputs: [{ shape: [2, 3, 7] }] },
  { name: 'GlobalAveragePool 3-D', op: 'GlobalAveragePool', opset: 11, inputs: [{ shape: [1, 2, 3, 4, 2] }] },
  { name: 'GlobalAveragePool dynamic batch', op: 'GlobalAveragePool', opset: 9, inputs: [{ shape: [3, 2, 4, 4], symbolic: ['N', 2, 4, 4] }] },
  { name: 'GlobalMaxPool 2-D', op: 'GlobalMaxPool', opset: 13, inputs: [{ shape: [2, 3, 4, 5] }] },
  { name: 'GlobalMaxPool opset 8', op: 'GlobalMaxPool', opset: 8, inputs: [{ shape: [2, 3, 4, 4] }] },
  { name: 'GlobalMaxPool opset 9', op: 'GlobalMaxPool', opset: 9, inputs: [{ shape: [1, 2, 5, 3] }] },
  { name: 'GlobalMaxPool 1-D', op: 'GlobalMaxPool', opset: 11, inputs: [{ shape: [2, 3, 7] }] },
  { name: 'GlobalMaxPool 3-D', op: 'GlobalMaxPool', opset: 12, inputs: [{ shape: [1, 2, 3, 4, 2] }] },
  { name: 'GlobalMaxPool 1x1 spatial', op: 'GlobalMaxPool', opset: 12, inputs: [{ shape: [2, 3, 1, 1] }] },
  { name: 'GlobalMaxPool dynamic batch', op: 'GlobalMaxPool', opset: 17, inputs: [{ shape: [3, 2, 4, 4], symbolic: ['N', 2, 4, 4] }] },
  { name: 'GlobalLpPool p=2', op: 'GlobalLpPool', opset: 11, inputs: [{ shape: [2, 3, 4, 5] }] },
  { name: 'GlobalLpPool p=1', op: 'GlobalLpPool', opset: 11, attrs: { p: 1 }, inputs: [{ shape: [2, 3, 4, 5] }] },
  { name: 'GlobalLpPool p=3', op: 'GlobalLpPool', opset: 11, attrs: { p: 3 }, inputs: [{ shape: [2, 3, 4, 5] }] },
];

const LPPOOL_CASES: OpCase[] = [
  lpPool('p=2 3x3 s2 pads', 11, [2, 3, 9, 9], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }),
  lpPool('p=1 2x2/2', 11, [1, 2, 8, 8], { kernel_shape: [2, 2], strides: [2, 2], p: 1 }),
  lpPool('p=3 overlapping', 11, [1, 2, 7, 7], { kernel_shape: [3, 3], strides: [2, 2], p: 3 }),
  lpPool('p=2 opset 8, 1-D', 8, [2, 2, 9], { kernel_shape: [3], strides: [2] }),
  lpPool('p=2 3-D', 11, [1, 2, 5, 4, 5], { kernel_shape: [2, 2, 3], strides: [2, 1, 2], pads: [0, 1, 1, 1, 0, 0] }),
  lpPool('opset 18 ceil_mode and dilations', 18, [1, 2, 9, 8], { kernel_shape: [2, 2], strides: [2, 2], dilations: [2, 1], ceil_mode: 1 }),
];

export const POOL_CASES: OpCase[] = [...MAXPOOL_CASES, ...AVGPOOL_CASES, ...GLOBAL_POOL_CASES, ...LPPOOL_CASES];

/** Configurations the rules reject on purpose, with the error they must raise. */
export const POOL_REJECTED: RejectedCase[] = [
  { name: 'MaxPool with symbolic spatial dims', op: 'MaxPool', opset: 12, attrs: { kernel_shape: [2, 2] }, inputs: [{ shape: [1, 2, 4, 4], symbolic: ['N', 2, 'H', 'W'] }],
    error: /MaxPool.*spatial dims \[H, W\] must be static/ },
  { name: 'GlobalAveragePool with symbolic spatial dims', op: 'GlobalAveragePool', opset: 12, inputs: [{ shape: [1, 2, 4, 4], symbolic: ['N', 2, 'H', 4] }],
    error: /GlobalAveragePool.*spatial dims \[H, 4\] must be static/ },
  { name: 'LpPool with p < 1', op: 'LpPool', opset: 11, attrs: { kernel_shape: [2, 2], p: 0 }, inputs: [{ shape: [1, 2, 4, 4] }],
    error: /LpPool.*p=0/ },
];
