/**
 * Gradient-check rows for the reduce family: ReduceSum / Mean / Max / Min / L1 / L2 / SumSquare /
 * LogSumExp / LogSum, with axes as attribute (ReduceSum < 13, the others < 18) or input, keepdims,
 * all axes, noop_with_empty_axes, old opsets and a dynamic batch.
 */
import { DT } from '@axplain/onnx';
import type { InputSpec, OpCase, RejectedCase } from '../../support/op-case.js';

const x = (shape: number[], symbolic?: (number | string)[]): InputSpec => ({ shape, symbolic });
const param = (shape: number[]): InputSpec => ({ shape, kind: 'param' });
const axesIn = (values: number[]): InputSpec => ({ shape: [values.length], values, kind: 'const', elemType: DT.INT64 });
const N = (shape: number[]): InputSpec => x(shape, ['N', ...shape.slice(1)]);
/** Distinct values spaced >= 0.05 apart and away from 0: no ties for Max/Min, no kink for L1. */
const spread = (shape: number[], seed = 1, symbolic?: (number | string)[]): InputSpec => {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = Array.from({ length: n }, (_, i) => (0.15 + 0.05 * i) * (((i * 7 + seed) % 3) === 0 ? -1 : 1));
  // A fixed permutation so the extremum is not always the last element.
  const perm = Array.from({ length: n }, (_, i) => (i * 5 + seed) % n);
  return { shape, symbolic, values: n % 5 === 0 ? vals : perm.map((p) => vals[p]!) };
};

/** The attribute form (before `inputFrom`) or the input form of the same reduction. */
function reduceRow(op: string, opset: number, inputFrom: number, name: string, shape: InputSpec, axes: number[] | undefined,
  extra: Record<string, number> = {}): OpCase {
  const attrs: Record<string, number | number[]> = { ...extra };
  const inputs: (InputSpec | null)[] = [shape];
  if (axes) {
    if (opset >= inputFrom) inputs.push(axesIn(axes));
    else attrs.axes = axes;
  }
  return { name: `${op} ${name} (opset ${opset})`, op, opset, attrs, inputs };
}

const OPS: { op: string; inputFrom: number; data: (shape: number[], symbolic?: (number | string)[]) => InputSpec }[] = [
  { op: 'ReduceSum', inputFrom: 13, data: x },
  { op: 'ReduceMean', inputFrom: 18, data: x },
  { op: 'ReduceMax', inputFrom: 18, data: (s, sym) => spread(s, 1, sym) },
  { op: 'ReduceMin', inputFrom: 18, data: (s, sym) => spread(s, 2, sym) },
  { op: 'ReduceL1', inputFrom: 18, data: (s, sym) => spread(s, 1, sym) },
  { op: 'ReduceL2', inputFrom: 18, data: x },
  { op: 'ReduceSumSquare', inputFrom: 18, data: x },
  { op: 'ReduceLogSumExp', inputFrom: 18, data: x },
  { op: 'ReduceLogSum', inputFrom: 18, data: (s, sym) => ({ shape: s, symbolic: sym, range: [0.5, 2] }) },
];

export const REDUCE_CASES: OpCase[] = OPS.flatMap(({ op, inputFrom, data }) => {
  const row = (opset: number, name: string, shape: InputSpec, axes: number[] | undefined, extra: Record<string, number> = {}) =>
    reduceRow(op, opset, inputFrom, name, shape, axes, extra);
  const rows = [
    row(11, 'axes [1] keepdims', data([2, 3, 4]), [1]),
    row(11, 'axes [-1, 0] keepdims 0', data([2, 3, 4]), [-1, 0], { keepdims: 0 }),
    row(13, 'all axes keepdims 0', data([3, 4]), undefined, { keepdims: 0 }),
    row(18, 'axes input [0, 2] keepdims 0', data([2, 3, 4]), [0, 2], { keepdims: 0 }),
    row(18, 'axes input [-2]', data([2, 3, 4]), [-2]),
    row(18, 'empty axes, noop 0 = all', data([2, 3]), undefined, { noop_with_empty_axes: 0 }),
    row(7, 'axes [1] keepdims 0', data([3, 4]), [1], { keepdims: 0 }),
    row(9, 'all axes', data([2, 3]), undefined),
    row(13, 'dynamic batch, axes [1, 2]', data([2, 3, 4], ['N', 3, 4]), [1, 2], { keepdims: 0 }),
    row(13, 'dynamic batch reduced, axes [0]', data([3, 4], ['N', 4]), [0]),
  ];
  if (op === 'ReduceSum') rows.push(row(13, 'axes input (13) keepdims 0', data([2, 3, 4]), [2], { keepdims: 0 }));
  const noop = op === 'ReduceSum' ? 13 : 18;
  if (['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin'].includes(op))
    rows.push(row(noop, 'noop_with_empty_axes = identity', data([2, 3]), undefined, { noop_with_empty_axes: 1 }));
  return rows;
}).concat([
  { name: 'ReduceMean param, opset 8', op: 'ReduceMean', opset: 8, attrs: { axes: [0] }, inputs: [param([4, 3])] },
  { name: 'ReduceMean dynamic batch, all axes (run-time count)', op: 'ReduceMean', opset: 17, attrs: { keepdims: 0 }, inputs: [N([3, 2, 2])] },
]);

/** Configurations the rules reject on purpose, with the text the error must contain. */
export const REDUCE_REJECTED: RejectedCase[] = [
  { name: 'ReduceL2 noop_with_empty_axes', op: 'ReduceL2', opset: 18, attrs: { noop_with_empty_axes: 1 }, inputs: [x([2, 3])],
    error: /ReduceL2.*noop_with_empty_axes/ },
];
