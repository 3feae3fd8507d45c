/**
 * Gather (data input): dX[pre, j, post] = sum over i with I[i] = j of G[pre, i, post], i.e.
 * dX = OneHot(I)^T @ G with G viewed as [P, K, Q] and the one-hot as [n, K]. A MatMul of 0/1
 * weights runs on every opset and execution provider (ScatterND's add reduction needs 16).
 */
import { numbers } from '../../const-value.js';
import { type Dim, normAxis } from '../../dims.js';
import type { Emitter } from '../../emit/emitter.js';
import type { GradRule } from '../types.js';

/** Largest one-hot matrix baked in as a constant; larger ones are built at run time. */
const MAX_CONST_ONE_HOT = 1 << 16;

/** Product of dims: a number, or undefined when one of them is symbolic. */
const prod = (ds: readonly Dim[]): number | undefined =>
  ds.every((d) => typeof d === 'number') ? (ds as number[]).reduce((a, b) => a * b, 1) : undefined;

/** [n, K] 0/1 matrix M[j, i] = (I[i] == j or I[i] == j - n), in X's element type. */
function oneHotT(e: Emitter, idx: string, n: number, k: number | undefined, elemType: number, known?: number[]): string {
  if (known && k !== undefined && n * k <= MAX_CONST_ONE_HOT) {
    const m = new Array<number>(n * k).fill(0);
    known.forEach((v, i) => { m[(v < 0 ? v + n : v) * k + i] = 1; });
    return e.constant(m, [n, k], elemType);
  }
  const ie = e.elemType(idx);
  const row = e.op1('Reshape', [idx, e.int64s([1, -1])]);
  const col = (off: number) => e.constant(Array.from({ length: n }, (_, j) => j + off), [n, 1], ie);
  // Comparing with j and j - n covers negative indices without Where/Mod (absent at old opsets).
  const hit = e.or(e.op1('Equal', [col(0), row]), e.op1('Equal', [col(-n), row]));
  return e.cast(hit, elemType);
}

export const gatherGrad: GradRule = {
  opType: 'Gather',
  differentiable: [0],
  vjp: ({ node, e, grad, info, value, unsupported }) => {
    const [x, idx] = node.inputs as [string, string];
    const xi = info(x);
    const a = normAxis(node.int('axis', 0), xi.shape.length);
    const n = xi.shape[a]!;
    if (typeof n !== 'number') unsupported(`gathering along the dynamic axis ${a} (extent '${n}')`);
    const P = prod(xi.shape.slice(0, a));
    const Q = prod(xi.shape.slice(a + 1));
    const K = prod(info(idx).shape);
    // One unknown factor at most (leading axes, indices or trailing axes): Reshape's -1 recovers it.
    const factors = a === 0 ? [K, Q] : [P, K, Q];
    if (factors.filter((f) => f === undefined).length > 1)
      unsupported(`axis ${a}: more than one of the leading axes of data, the indices and the axes after the gathered one are dynamic`);
    const mt = oneHotT(e, idx, n as number, K, xi.elemType, numbers(value(idx)));
    const target = factors.map((f) => f ?? -1);
    const g = e.op1('Reshape', [grad()!, e.int64s(target)]);
    return [e.reshapeLike(e.op1('MatMul', [mt, g]), x)];
  },
};
