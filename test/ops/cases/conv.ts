/** Gradient-check rows for the conv family: Conv and ConvTranspose. */
import type { InputSpec, OpCase, RejectedCase } from '../../support/op-case.js';

const x = (shape: number[], symbolic?: (number | string)[]): InputSpec => ({ shape, symbolic });
const param = (shape: number[]): InputSpec => ({ shape, kind: 'param' });
const konst = (shape: number[]): InputSpec => ({ shape, kind: 'const' });
const fixedInput = (shape: number[]): InputSpec => ({ shape, kind: 'input' });

const conv = (name: string, inputs: (InputSpec | null)[], attrs: OpCase['attrs'] = {}, opset = 17): OpCase =>
  ({ name, op: 'Conv', opset, attrs, inputs });
const convT = (name: string, inputs: (InputSpec | null)[], attrs: OpCase['attrs'] = {}, opset = 17): OpCase =>
  ({ name, op: 'ConvTranspose', opset, attrs, inputs });

export const CONV_ONLY_CASES: OpCase[] = [
  conv('Conv 3x3 stride 2 pad 1 with bias', [x([2, 3, 7, 7]), param([4, 3, 3, 3]), param([4])], { strides: [2, 2], pads: [1, 1, 1, 1] }),
  conv('Conv 1x1', [x([1, 4, 5, 5]), param([3, 4, 1, 1]), param([3])]),
  conv('Conv groups=2, 4 in / 4 out', [x([2, 4, 6, 6]), param([4, 2, 3, 3]), param([4])], { group: 2, pads: [1, 1, 1, 1] }),
  conv('Conv depthwise (group = C)', [x([1, 3, 6, 6]), param([3, 1, 3, 3]), param([3])], { group: 3, pads: [1, 1, 1, 1] }),
  conv('Conv depthwise multiplier 2', [x([1, 2, 5, 5]), param([4, 1, 3, 3])], { group: 2, strides: [2, 2] }),
  conv('Conv dilation 2', [x([1, 2, 9, 9]), param([2, 2, 3, 3]), param([2])], { dilations: [2, 2] }),
  conv('Conv dilation 2 stride 2 group 2 asymmetric pads', [x([2, 4, 9, 8]), param([6, 2, 3, 3]), param([6])],
    { group: 2, strides: [2, 2], dilations: [2, 2], pads: [1, 2, 0, 1] }),
  conv('Conv asymmetric pads, stride drops trailing rows', [x([1, 2, 8, 7]), param([3, 2, 3, 2]), param([3])],
    { strides: [2, 3], pads: [0, 1, 2, 0] }),
  conv('Conv VALID stride 3 (dropped rows)', [x([1, 2, 8, 8]), param([2, 2, 3, 3])], { auto_pad: 'VALID', strides: [3, 3] }),
  conv('Conv SAME_UPPER stride 2 even kernel (odd total pad)', [x([1, 2, 7, 7]), param([3, 2, 4, 4]), param([3])],
    { auto_pad: 'SAME_UPPER', strides: [2, 2] }),
  conv('Conv SAME_LOWER stride 2 even kernel', [x([1, 2, 7, 6]), param([3, 2, 4, 4]), param([3])], { auto_pad: 'SAME_LOWER', strides: [2, 2] }),
  // onnxruntime refuses dilations with auto_pad SAME_*, so those rows use dilation 1.
  conv('Conv SAME_UPPER stride 3 kernel 2', [x([1, 2, 8, 7]), param([2, 2, 2, 2])], { auto_pad: 'SAME_UPPER', strides: [3, 3] }),
  conv('Conv kernel_shape attribute present', [x([1, 2, 6, 6]), param([3, 2, 3, 2]), param([3])], { kernel_shape: [3, 2], pads: [1, 0, 1, 1] }),
  conv('Conv no bias, W as graph input', [x([1, 2, 5, 5]), x([3, 2, 3, 3])], { pads: [1, 1, 1, 1] }),
  conv('Conv only W and B (X not differentiated)', [fixedInput([2, 2, 6, 6]), param([3, 2, 3, 3]), param([3])], { strides: [2, 2] }),
  conv('Conv only X (W, B constant)', [x([1, 3, 6, 6]), konst([4, 3, 3, 3]), konst([4])], { strides: [2, 2], pads: [1, 1, 1, 1] }),
  conv('Conv 1-D stride 2 asymmetric pads', [x([2, 3, 9]), param([4, 3, 3]), param([4])], { strides: [2], pads: [1, 0] }),
  conv('Conv 1-D dilation 2 group 3', [x([1, 3, 9]), param([6, 1, 2]), param([6])], { dilations: [2], group: 3, pads: [0, 2] }),
  conv('Conv 3-D pad 1', [x([1, 2, 5, 5, 5]), param([2, 2, 3, 3, 3]), param([2])], { pads: [1, 1, 1, 1, 1, 1] }),
  conv('Conv 3-D stride 2 group 2', [x([1, 4, 5, 6, 5]), param([2, 2, 3, 2, 3])], { group: 2, strides: [2, 2, 2], pads: [0, 1, 1, 1, 0, 0] }),
  conv('Conv 3-D dilation 2 stride 2 (dropped rows)', [x([2, 2, 7, 6, 5]), param([3, 2, 2, 3, 2]), param([3])],
    { dilations: [2, 1, 2], strides: [2, 2, 3] }),
  conv('Conv 3-D SAME_UPPER stride 2', [x([1, 2, 5, 4, 5]), param([2, 2, 3, 3, 2])], { auto_pad: 'SAME_UPPER', strides: [2, 2, 2] }),
  conv('Conv 3-D dynamic batch, pads beyond the kernel reach', [x([2, 2, 4, 4, 4], ['N', 2, 4, 4, 4]), param([2, 2, 1, 2, 1]), param([2])],
    { pads: [1, 2, 0, 1, 0, 2] }),
  conv('Conv depthwise multiplier 2, stride, dilation, asymmetric pads', [x([2, 2, 9, 8]), param([4, 1, 3, 3]), param([4])],
    { group: 2, strides: [2, 3], dilations: [2, 1], pads: [2, 0, 1, 1] }),
  conv('Conv depthwise multiplier 2, 1x1 kernel with pads', [x([1, 2, 5, 5]), param([4, 1, 1, 1])], { group: 2, pads: [1, 1, 1, 1] }),
  conv('Conv depthwise multiplier 2 opset 9 dynamic batch', [x([2, 2, 6, 6], ['N', 2, 6, 6]), param([4, 1, 3, 3]), param([4])],
    { group: 2, strides: [2, 2], pads: [1, 1, 1, 1] }, 9),
  conv('Conv opset 8 SAME_UPPER 5x5 (MNIST style)', [x([1, 1, 8, 8]), param([4, 1, 5, 5]), param([4])], { auto_pad: 'SAME_UPPER', kernel_shape: [5, 5], strides: [1, 1] }, 8),
  conv('Conv opset 8 stride 2 asymmetric pads', [x([2, 2, 7, 7]), param([3, 2, 3, 3]), param([3])], { strides: [2, 2], pads: [0, 1, 1, 0] }, 8),
  conv('Conv opset 9 group 2 dilation 2', [x([1, 4, 7, 7]), param([4, 2, 2, 2]), param([4])], { group: 2, dilations: [2, 2], pads: [1, 1, 0, 0] }, 9),
  conv('Conv opset 11 stride 2 pad 1', [x([1, 3, 6, 6]), param([2, 3, 3, 3]), param([2])], { strides: [2, 2], pads: [1, 1, 1, 1] }, 11),
  conv('Conv opset 13 SAME_LOWER', [x([1, 2, 6, 6]), param([2, 2, 2, 2])], { auto_pad: 'SAME_LOWER' }, 13),
  // Constant W: dX is one Conv with a kernel rearranged at compile time (rules/conv/polyphase.ts).
  conv('Conv constant W stride 2 asymmetric pads', [x([2, 3, 9, 8]), konst([4, 3, 3, 3]), konst([4])], { strides: [2, 2], pads: [0, 1, 2, 0] }),
  conv('Conv constant W stride 3 kernel 5, pads beyond the kernel reach', [x([1, 2, 11, 10]), konst([3, 2, 5, 4])], { strides: [3, 2], pads: [4, 0, 1, 3] }),
  conv('Conv constant W stride 2 kernel 1 (ResNet shortcut)', [x([1, 4, 7, 7]), konst([6, 4, 1, 1])], { strides: [2, 2] }),
  conv('Conv constant W stride 2 kernel 1 opset 9 (Upsample form)', [x([2, 4, 7, 6]), konst([6, 4, 1, 1]), konst([6])], { strides: [2, 2] }, 9),
  conv('Conv constant W stride 2 kernel 1 opset 10 (Resize-10 form)', [x([1, 3, 8, 7]), konst([5, 3, 1, 1])], { strides: [2, 2] }, 10),
  conv('Conv constant W kernel 1 stride 1 (squeeze / expand 1x1)', [x([1, 4, 5, 5]), konst([6, 4, 1, 1]), konst([6])], {}, 9),
  conv('Conv constant W stride (3, 2) kernel 1 dynamic batch, pads', [x([2, 4, 9, 7], ['N', 4, 9, 7]), konst([6, 4, 1, 1])], { strides: [3, 2], pads: [0, 1, 0, 1] }, 12),
  conv('Conv constant W stride 2 group 2 multiplier 2', [x([2, 4, 7, 6], ['N', 4, 7, 6]), konst([8, 2, 3, 3]), konst([8])], { group: 2, strides: [2, 2], pads: [1, 1, 1, 1] }),
  conv('Conv constant W depthwise stride 1', [x([1, 3, 6, 6]), konst([3, 1, 3, 3])], { group: 3, pads: [1, 1, 1, 1] }),
  conv('Conv constant W 1-D stride 4 kernel 3', [x([2, 2, 13]), konst([3, 2, 3])], { strides: [4], pads: [2, 1] }),
  conv('Conv constant W 3-D stride 2', [x([1, 2, 5, 6, 5]), konst([3, 2, 3, 2, 3])], { strides: [2, 2, 1], pads: [1, 0, 1, 0, 1, 1] }),
  conv('Conv constant W opset 8 stride 2', [x([1, 2, 7, 7]), konst([3, 2, 3, 3])], { strides: [2, 2], pads: [1, 1, 0, 0] }, 8),
  conv('Conv dynamic batch', [x([2, 3, 6, 6], ['N', 3, 6, 6]), param([4, 3, 3, 3]), param([4])], { strides: [2, 2], pads: [1, 1, 1, 1] }),
  conv('Conv dynamic batch group 2', [x([3, 4, 6, 6], ['N', 4, 6, 6]), param([4, 2, 3, 3]), param([4])], { group: 2, pads: [1, 1, 1, 1] }),
  conv('Conv dynamic batch opset 8 SAME_UPPER', [x([2, 1, 7, 7], ['N', 1, 7, 7]), param([2, 1, 3, 3]), param([2])], { auto_pad: 'SAME_UPPER', strides: [2, 2] }, 8),
];

export const CONV_TRANSPOSE_CASES: OpCase[] = [
  convT('ConvTranspose basic with bias', [x([1, 3, 4, 4]), param([3, 2, 3, 3]), param([2])]),
  convT('ConvTranspose stride 2 pads 1 output_padding 1', [x([2, 2, 4, 4]), param([2, 3, 3, 3]), param([3])],
    { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] }),
  convT('ConvTranspose group 2', [x([1, 4, 4, 4]), param([4, 1, 3, 3]), param([2])], { group: 2, strides: [2, 2] }),
  convT('ConvTranspose depthwise', [x([1, 3, 4, 4]), param([3, 1, 3, 3])], { group: 3, strides: [2, 1], pads: [1, 0, 0, 1] }),
  convT('ConvTranspose dilation 2 asymmetric pads', [x([1, 2, 4, 5]), param([2, 2, 3, 3]), param([2])], { dilations: [2, 2], pads: [2, 1, 0, 3] }),
  convT('ConvTranspose output_shape', [x([1, 2, 4, 4]), param([2, 2, 3, 3]), param([2])], { strides: [2, 2], output_shape: [8, 9] }),
  convT('ConvTranspose output_shape beyond the full output', [x([1, 2, 3, 3]), param([2, 2, 3, 3])], { strides: [2, 2], output_shape: [8, 7] }),
  convT('ConvTranspose SAME_UPPER stride 2 (odd total pad)', [x([1, 2, 4, 4]), param([2, 2, 3, 3]), param([2])], { auto_pad: 'SAME_UPPER', strides: [2, 2] }),
  convT('ConvTranspose SAME_LOWER stride 2 (odd total pad)', [x([1, 2, 4, 4]), param([2, 2, 3, 3]), param([2])], { auto_pad: 'SAME_LOWER', strides: [2, 2] }),
  convT('ConvTranspose SAME_UPPER even total pad', [x([1, 2, 4, 4]), param([2, 2, 4, 4])], { auto_pad: 'SAME_UPPER', strides: [2, 2] }),
  convT('ConvTranspose kernel_shape attribute, group 2 stride 2 dilation 2', [x([2, 4, 3, 3]), param([4, 3, 2, 3]), param([6])],
    { kernel_shape: [2, 3], group: 2, strides: [2, 2], dilations: [2, 1], pads: [0, 1, 1, 0], output_padding: [1, 0] }),
  convT('ConvTranspose only W and B', [fixedInput([1, 2, 4, 4]), param([2, 2, 3, 3]), param([2])], { strides: [2, 2], pads: [1, 1, 1, 1] }),
  convT('ConvTranspose 1-D stride 3 output_padding 2', [x([2, 3, 4]), param([3, 2, 3]), param([2])], { strides: [3], output_padding: [2], pads: [1, 0] }),
  convT('ConvTranspose VALID stride 2', [x([1, 2, 3, 4]), param([2, 2, 2, 3])], { auto_pad: 'VALID', strides: [2, 2] }),
  convT('ConvTranspose 3-D stride 2 pads', [x([1, 2, 3, 3, 2]), param([2, 2, 3, 2, 3]), param([2])],
    { strides: [2, 1, 2], pads: [1, 0, 1, 0, 1, 1] }),
  convT('ConvTranspose 1-D output_shape with SAME_LOWER (odd total pad)', [x([1, 2, 5]), param([2, 3, 4])],
    { auto_pad: 'SAME_LOWER', strides: [2], output_shape: [11] }),
  convT('ConvTranspose opset 8 stride 2', [x([1, 2, 3, 3]), param([2, 3, 3, 3]), param([3])], { strides: [2, 2], pads: [0, 1, 1, 0] }, 8),
  convT('ConvTranspose opset 11 output_padding', [x([1, 2, 3, 3]), param([2, 2, 2, 2])], { strides: [2, 2], output_padding: [1, 1] }, 11),
  convT('ConvTranspose dynamic batch', [x([2, 2, 3, 3], ['N', 2, 3, 3]), param([2, 3, 3, 3]), param([3])], { strides: [2, 2], pads: [1, 1, 1, 1] }),
  convT('ConvTranspose dynamic batch group 2', [x([2, 4, 3, 3], ['N', 4, 3, 3]), param([4, 2, 3, 3]), param([4])], { group: 2, strides: [2, 2] }),
];

export const CONV_CASES: OpCase[] = [...CONV_ONLY_CASES, ...CONV_TRANSPOSE_CASES];

/** Configurations the rules reject on purpose, with the error they must raise. */
export const CONV_REJECTED: RejectedCase[] = [
  { ...conv('Conv dynamic spatial dims', [x([1, 2, 6, 6], ['N', 2, 'H', 'W']), param([2, 2, 3, 3])]), error: /Conv.*dynamic spatial dims/ },
  { ...convT('ConvTranspose dynamic spatial dims', [x([1, 2, 4, 4], ['N', 2, 'H', 4]), param([2, 2, 3, 3])]), error: /ConvTranspose.*dynamic spatial dims/ },
  { ...conv('Conv whose windows only cover padding', [x([1, 1, 2, 2]), param([1, 1, 1, 1])], { pads: [3, 3, 0, 0], strides: [5, 5] }), error: /Conv pads .*no window reaches X/ },
  { ...convT('ConvTranspose output inside output_padding only', [x([1, 1, 2, 2]), param([1, 1, 1, 1])], { strides: [3, 3], output_padding: [2, 2], pads: [4, 4, 0, 0] }), error: /ConvTranspose output window/ },
];
