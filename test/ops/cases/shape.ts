/**
 * Gradient-check rows for the shape-movement family: Reshape, Flatten, Transpose, Squeeze,
 * Unsqueeze, Concat, Split, Slice, Gather, Expand, Tile.
 */
import { DT } from '@axplain/onnx';
import type { InputSpec, OpCase, RejectedCase } from '../../support/op-case.js';

const x = (shape: number[], symbolic?: (number | string)[]): InputSpec => ({ shape, symbolic });
const param = (shape: number[]): InputSpec => ({ shape, kind: 'param' });
const konst = (shape: number[]): InputSpec => ({ shape, kind: 'const' });
/** A constant int64 (or other integer type) operand: shapes, axes, indices, repeats. */
const ints = (values: number[], shape: number[] = [values.length], elemType: number = DT.INT64): InputSpec =>
  ({ shape, values, kind: 'const', elemType });
const N = (shape: number[]): InputSpec => x(shape, ['N', ...shape.slice(1)]);
/** Past any extent, exactly representable as int64 (2^63-1 is not, as a JS number). */
const BIG = 2 ** 62;
const INT64_MIN = -(2 ** 63);

const RESHAPE: OpCase[] = [
  { name: 'Reshape 0 and -1', op: 'Reshape', opset: 13, inputs: [x([2, 3, 4]), ints([0, -1])] },
  { name: 'Reshape -1 first', op: 'Reshape', opset: 13, inputs: [x([2, 3, 4]), ints([-1, 2, 2])] },
  { name: 'Reshape allowzero=1 (no zeros)', op: 'Reshape', opset: 14, attrs: { allowzero: 1 }, inputs: [x([2, 3, 4]), ints([4, 6])] },
  { name: 'Reshape param opset 7', op: 'Reshape', opset: 7, inputs: [param([6, 2]), ints([3, 4])] },
  { name: 'Reshape dynamic batch [N,C,H,W] -> [N,-1] via 0', op: 'Reshape', opset: 13, inputs: [N([2, 3, 2, 2]), ints([0, -1])] },
  { name: 'Reshape dynamic batch -1 absorbs N', op: 'Reshape', opset: 13, inputs: [N([2, 3, 4]), ints([-1, 4])] },
  { name: 'Flatten default axis', op: 'Flatten', opset: 13, inputs: [x([2, 3, 2, 2])] },
  { name: 'Flatten axis 0', op: 'Flatten', opset: 13, attrs: { axis: 0 }, inputs: [x([2, 3, 2])] },
  { name: 'Flatten axis -1', op: 'Flatten', opset: 11, attrs: { axis: -1 }, inputs: [x([2, 3, 4])] },
  { name: 'Flatten axis = rank', op: 'Flatten', opset: 11, attrs: { axis: 3 }, inputs: [x([2, 3, 4])] },
  { name: 'Flatten opset 7', op: 'Flatten', opset: 7, attrs: { axis: 2 }, inputs: [x([2, 3, 2, 2])] },
  { name: 'Flatten dynamic batch', op: 'Flatten', opset: 13, inputs: [N([2, 3, 2, 2])] },
];

const TRANSPOSE: OpCase[] = [
  { name: 'Transpose default perm', op: 'Transpose', opset: 13, inputs: [x([2, 3, 4])] },
  { name: 'Transpose perm [1,2,0]', op: 'Transpose', opset: 13, attrs: { perm: [1, 2, 0] }, inputs: [x([2, 3, 4])] },
  { name: 'Transpose NCHW->NHWC opset 7', op: 'Transpose', opset: 7, attrs: { perm: [0, 2, 3, 1] }, inputs: [x([2, 3, 2, 4])] },
  { name: 'Transpose dynamic batch', op: 'Transpose', opset: 17, attrs: { perm: [0, 2, 1] }, inputs: [N([2, 3, 4])] },
];

const SQUEEZE: OpCase[] = [
  { name: 'Squeeze axes attr, negative (opset 11)', op: 'Squeeze', opset: 11, attrs: { axes: [1, -1] }, inputs: [x([2, 1, 3, 1])] },
  { name: 'Squeeze axes input (opset 13)', op: 'Squeeze', opset: 13, inputs: [x([1, 3, 1, 2]), ints([0, -2])] },
  { name: 'Squeeze no axes (opset 13)', op: 'Squeeze', opset: 13, inputs: [x([1, 3, 1, 2])] },
  { name: 'Squeeze no axes (opset 7)', op: 'Squeeze', opset: 7, inputs: [x([3, 1, 2])] },
  { name: 'Squeeze dynamic batch', op: 'Squeeze', opset: 13, inputs: [N([2, 3, 1]), ints([2])] },
  { name: 'Unsqueeze axes attr, negative (opset 11)', op: 'Unsqueeze', opset: 11, attrs: { axes: [0, -1] }, inputs: [x([2, 3])] },
  { name: 'Unsqueeze axes input unsorted negative (opset 13)', op: 'Unsqueeze', opset: 13, inputs: [x([2, 3]), ints([-1, 1])] },
  { name: 'Unsqueeze opset 7', op: 'Unsqueeze', opset: 7, attrs: { axes: [1] }, inputs: [x([2, 3])] },
  { name: 'Unsqueeze dynamic batch', op: 'Unsqueeze', opset: 13, inputs: [N([2, 3]), ints([1])] },
];

const CONCAT: OpCase[] = [
  { name: 'Concat 3 inputs axis -1 with a constant', op: 'Concat', opset: 13, attrs: { axis: -1 },
    inputs: [x([2, 3]), konst([2, 2]), param([2, 4])] },
  { name: 'Concat axis 0 opset 7', op: 'Concat', opset: 7, attrs: { axis: 0 }, inputs: [x([2, 3]), x([1, 3])] },
  { name: 'Concat axis 1 opset 11, constant first', op: 'Concat', opset: 11, attrs: { axis: 1 },
    inputs: [konst([2, 1, 2]), x([2, 3, 2]), konst([2, 2, 2])] },
  { name: 'Concat dynamic batch along axis 1', op: 'Concat', opset: 13, attrs: { axis: 1 }, inputs: [N([2, 3]), N([2, 2])] },
  { name: 'Concat along the dynamic axis (param, x, const)', op: 'Concat', opset: 13, attrs: { axis: 0 },
    inputs: [param([2, 3]), N([3, 3]), konst([1, 3])] },
  { name: 'Concat along the dynamic axis opset 9', op: 'Concat', opset: 9, attrs: { axis: 0 },
    inputs: [N([3, 3]), param([2, 3])] },
];

const SPLIT: OpCase[] = [
  { name: 'Split attr sizes (opset 11), output 1 only', op: 'Split', opset: 11, nOut: 2, outputIndex: 1,
    attrs: { axis: 1, split: [2, 3] }, inputs: [x([2, 5])] },
  { name: 'Split attr sizes (opset 7)', op: 'Split', opset: 7, nOut: 2, attrs: { axis: 0, split: [1, 2] }, inputs: [x([3, 2])] },
  { name: 'Split sizes input (opset 13), negative axis', op: 'Split', opset: 13, nOut: 3, outputIndex: 1,
    attrs: { axis: -1 }, inputs: [x([2, 6]), ints([1, 2, 3])] },
  { name: 'Split even (opset 13)', op: 'Split', opset: 13, nOut: 3, outputIndex: 2, attrs: { axis: 1 }, inputs: [x([2, 6])] },
  { name: 'Split num_outputs uneven (opset 18)', op: 'Split', opset: 18, nOut: 3, outputIndex: 2,
    attrs: { axis: 0, num_outputs: 3 }, inputs: [x([7, 2])] },
  { name: 'Split dynamic batch', op: 'Split', opset: 13, nOut: 2, outputIndex: 0, attrs: { axis: 1 }, inputs: [N([2, 4])] },
];

const SLICE: OpCase[] = [
  { name: 'Slice attrs (opset 9)', op: 'Slice', opset: 9, attrs: { starts: [1, 0], ends: [3, -1], axes: [0, 2] }, inputs: [x([4, 3, 5])] },
  { name: 'Slice attrs without axes, end past extent (opset 7)', op: 'Slice', opset: 7, attrs: { starts: [-2, 1], ends: [BIG, 3] },
    inputs: [x([4, 5])] },
  { name: 'Slice inputs (opset 10) negative start/end', op: 'Slice', opset: 10, inputs: [x([6, 4]), ints([-4]), ints([-1]), ints([0])] },
  { name: 'Slice omitted axes (opset 13)', op: 'Slice', opset: 13, inputs: [x([5, 4]), ints([1, 1]), ints([4, BIG])] },
  { name: 'Slice step 2', op: 'Slice', opset: 13, inputs: [x([3, 7]), ints([0]), ints([BIG]), ints([1]), ints([2])] },
  { name: 'Slice step 3 with offset, two axes', op: 'Slice', opset: 11,
    inputs: [x([8, 9]), ints([1, 2]), ints([8, 8]), ints([0, 1]), ints([3, 2])] },
  { name: 'Slice step -1 full reverse', op: 'Slice', opset: 13, inputs: [x([2, 5]), ints([-1]), ints([INT64_MIN]), ints([1]), ints([-1])] },
  { name: 'Slice step -2 from past the end', op: 'Slice', opset: 13, inputs: [x([9, 2]), ints([BIG]), ints([1]), ints([0]), ints([-2])] },
  { name: 'Slice step -3 negative indices', op: 'Slice', opset: 13, inputs: [x([3, 10]), ints([-2]), ints([-10]), ints([-1]), ints([-3])] },
  { name: 'Slice int32 starts/ends', op: 'Slice', opset: 13,
    inputs: [x([4, 6]), ints([1], [1], DT.INT32), ints([5], [1], DT.INT32), ints([1], [1], DT.INT32)] },
  { name: 'Slice dynamic batch (axis 0 untouched)', op: 'Slice', opset: 13, inputs: [N([2, 6, 3]), ints([1, -2]), ints([5, BIG]), ints([1, 2])] },
  { name: 'Slice dynamic batch, full range on the batch axis', op: 'Slice', opset: 13,
    inputs: [N([2, 6]), ints([0, 2]), ints([BIG, 6]), ints([0, 1]), ints([1, 2])] },
];

const GATHER: OpCase[] = [
  { name: 'Gather axis 0, 2-D indices with repeats', op: 'Gather', opset: 13, inputs: [x([5, 3]), ints([0, 2, 2, 4, 0, 1], [2, 3])] },
  { name: 'Gather axis 1, negative indices', op: 'Gather', opset: 13, attrs: { axis: 1 }, inputs: [x([2, 4, 3]), ints([-1, 0, -1])] },
  { name: 'Gather axis -1', op: 'Gather', opset: 11, attrs: { axis: -1 }, inputs: [x([2, 3, 4]), ints([3, 1])] },
  { name: 'Gather scalar index', op: 'Gather', opset: 13, attrs: { axis: 1 }, inputs: [x([2, 4, 3]), ints([2], [])] },
  { name: 'Gather embedding param, int32 indices, opset 7', op: 'Gather', opset: 7,
    inputs: [param([6, 4]), ints([5, 1, 1, 0], [2, 2], DT.INT32)] },
  { name: 'Gather opset 9 negative index', op: 'Gather', opset: 9, inputs: [x([4, 2]), ints([-1, 2, -4])] },
  { name: 'Gather dynamic batch, axis 1', op: 'Gather', opset: 13, attrs: { axis: 1 }, inputs: [N([2, 5, 3]), ints([4, 0, 4], [3])] },
  { name: 'Gather axis 0, dynamic axis after it (h[-1] of an LSTM state [D, N, H])', op: 'Gather', opset: 13, inputs: [x([2, 3, 4], [2, 'N', 4]), ints([-1], [])] },
  { name: 'Gather large one-hot (built at run time)', op: 'Gather', opset: 13,
    inputs: [x([300, 2]), ints(Array.from({ length: 240 }, (_, i) => (i * 37) % 300 - (i % 3 === 0 ? 300 : 0)))] },
];

const EXPAND_TILE: OpCase[] = [
  { name: 'Expand [3,1] -> [2,3,4]', op: 'Expand', opset: 13, inputs: [x([3, 1]), ints([2, 3, 4])] },
  { name: 'Expand broadcast both ways [1,4] by [3,1]', op: 'Expand', opset: 8, inputs: [param([1, 4]), ints([3, 1])] },
  { name: 'Expand dynamic batch', op: 'Expand', opset: 13, inputs: [N([2, 1, 4]), ints([1, 3, 1])] },
  { name: 'Tile [2,3] by [2,3]', op: 'Tile', opset: 13, inputs: [x([2, 3]), ints([2, 3])] },
  { name: 'Tile rank 3, some reps 1, opset 7', op: 'Tile', opset: 7, inputs: [x([2, 3, 2]), ints([1, 2, 3])] },
  { name: 'Tile dynamic batch, batch not repeated', op: 'Tile', opset: 13, inputs: [N([2, 3]), ints([1, 2])] },
  { name: 'Tile dynamic batch repeated', op: 'Tile', opset: 13, inputs: [N([2, 3]), ints([2, 1])] },
];

export const SHAPE_CASES: OpCase[] = [...RESHAPE, ...TRANSPOSE, ...SQUEEZE, ...CONCAT, ...SPLIT, ...SLICE, ...GATHER, ...EXPAND_TILE];

/** Configurations the rules reject on purpose, with the text the error must contain. */
export const SHAPE_REJECTED: RejectedCase[] = [
  { name: 'Slice of a dynamic axis', op: 'Slice', opset: 13, inputs: [N([3, 4]), ints([1]), ints([BIG]), ints([0])],
    error: /Slice.*dynamic axis 0/ },
  { name: 'Concat of two dynamic extents', op: 'Concat', opset: 13, attrs: { axis: 0 }, inputs: [N([2, 3]), N([2, 3])],
    error: /Concat.*more than one input of dynamic extent/ },
  { name: 'Gather along a dynamic axis', op: 'Gather', opset: 13, inputs: [N([3, 4]), ints([0])],
    error: /Gather.*dynamic axis 0/ },
  { name: 'Gather axis 1 with dynamic leading and trailing axes', op: 'Gather', opset: 13, attrs: { axis: 1 }, inputs: [x([2, 3, 4], ['N', 3, 'M']), ints([0])],
    error: /Gather.*more than one of the leading axes of data, the indices and the axes after the gathered one are dynamic/ },
];
