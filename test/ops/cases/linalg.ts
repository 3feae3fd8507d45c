/** Gradient-check rows for the linalg family: MatMul and Gemm. */
import type { InputSpec, OpCase } from '../../support/op-case.js';

const x = (shape: number[], symbolic?: (number | string)[]): InputSpec => ({ shape, symbolic });
const param = (shape: number[]): InputSpec => ({ shape, kind: 'param' });
const konst = (shape: number[]): InputSpec => ({ shape, kind: 'const' });

export const MATMUL_CASES: OpCase[] = [
  { name: 'MatMul 2-D x 2-D', op: 'MatMul', opset: 13, inputs: [x([3, 4]), x([4, 5])] },
  { name: 'MatMul 1-D A', op: 'MatMul', opset: 13, inputs: [x([4]), x([4, 5])] },
  { name: 'MatMul 1-D B', op: 'MatMul', opset: 13, inputs: [x([3, 4]), x([4])] },
  { name: 'MatMul 1-D x 1-D (dot)', op: 'MatMul', opset: 13, inputs: [x([4]), x([4])] },
  { name: 'MatMul 1-D A x batched B', op: 'MatMul', opset: 13, inputs: [x([4]), x([2, 4, 5])] },
  { name: 'MatMul batched A x 1-D B', op: 'MatMul', opset: 13, inputs: [x([2, 3, 4]), x([4])] },
  { name: 'MatMul batched same batch', op: 'MatMul', opset: 13, inputs: [x([2, 3, 4]), x([2, 4, 5])] },
  { name: 'MatMul batch broadcast both ways [2,1,3,4]x[3,4,5]', op: 'MatMul', opset: 13, inputs: [x([2, 1, 3, 4]), x([3, 4, 5])] },
  { name: 'MatMul batch broadcast both ways [1,3,2,4]x[2,1,4,3]', op: 'MatMul', opset: 17, inputs: [x([1, 3, 2, 4]), x([2, 1, 4, 3])] },
  { name: 'MatMul batched A x 2-D weight (folded rows)', op: 'MatMul', opset: 13, inputs: [x([2, 3, 4]), param([4, 5])] },
  { name: 'MatMul 2-D A x batched B', op: 'MatMul', opset: 13, inputs: [x([3, 4]), x([2, 4, 5])] },
  { name: 'MatMul only B differentiated', op: 'MatMul', opset: 13, inputs: [konst([2, 3, 4]), param([4, 5])] },
  { name: 'MatMul opset 8', op: 'MatMul', opset: 8, inputs: [x([3, 4]), param([4, 2])] },
  { name: 'MatMul opset 9 batched broadcast', op: 'MatMul', opset: 9, inputs: [x([2, 3, 4]), x([1, 4, 2])] },
  { name: 'MatMul opset 7 1-D A', op: 'MatMul', opset: 7, inputs: [x([4]), param([4, 3])] },
  { name: 'MatMul dynamic batch 2-D', op: 'MatMul', opset: 13, inputs: [x([3, 4], ['N', 4]), param([4, 5])] },
  { name: 'MatMul dynamic batch 3-D x 2-D weight', op: 'MatMul', opset: 17, inputs: [x([2, 3, 4], ['N', 3, 4]), param([4, 5])] },
  { name: 'MatMul dynamic batch 3-D x 2-D weight opset 11', op: 'MatMul', opset: 11, inputs: [x([2, 3, 4], ['N', 3, 4]), param([4, 5])] },
  { name: 'MatMul dynamic batch batched x batched', op: 'MatMul', opset: 13, inputs: [x([2, 3, 4], ['N', 3, 4]), param([1, 4, 5])] },
];

const gemm = (name: string, opset: number, a: InputSpec, b: InputSpec, c: InputSpec | null, attrs: OpCase['attrs'] = {}): OpCase =>
  ({ name, op: 'Gemm', opset, attrs, inputs: c ? [a, b, c] : [a, b] });

export const GEMM_CASES: OpCase[] = [
  gemm('Gemm default, C [N]', 13, x([3, 4]), param([4, 5]), param([5])),
  gemm('Gemm C [M,N]', 13, x([3, 4]), x([4, 5]), x([3, 5])),
  gemm('Gemm C [1]', 13, x([3, 4]), x([4, 5]), param([1])),
  gemm('Gemm C [M,1]', 13, x([3, 4]), x([4, 5]), param([3, 1])),
  gemm('Gemm C [1,N]', 13, x([3, 4]), x([4, 5]), param([1, 5])),
  gemm('Gemm C scalar', 13, x([3, 4]), x([4, 5]), param([])),
  gemm('Gemm transA', 13, x([4, 3]), x([4, 5]), param([5]), { transA: 1 }),
  gemm('Gemm transB', 13, x([3, 4]), x([5, 4]), param([5]), { transB: 1 }),
  gemm('Gemm transA transB alpha beta', 13, x([4, 3]), x([5, 4]), x([3, 5]), { transA: 1, transB: 1, alpha: { f: 0.7 }, beta: { f: -1.5 } }),
  gemm('Gemm alpha beta, C [N]', 11, x([3, 4]), x([4, 5]), param([5]), { alpha: { f: 2.5 }, beta: { f: 0.5 } }),
  gemm('Gemm no C (opset 11)', 11, x([3, 4]), x([4, 5]), null, { transB: 0 }),
  gemm('Gemm no C transA (opset 13)', 13, x([4, 3]), x([4, 5]), null, { transA: 1, alpha: { f: 0.3 } }),
  gemm('Gemm opset 7 C [N]', 7, x([3, 4]), param([4, 5]), param([5])),
  gemm('Gemm opset 8 transB (MNIST style)', 8, x([2, 6], ['N', 6]), param([3, 6]), param([1, 3]), { transB: 1 }),
  gemm('Gemm opset 9 transA transB alpha beta', 9, x([4, 3]), x([5, 4]), x([1]), { transA: 1, transB: 1, alpha: { f: 1.5 }, beta: { f: 0.25 } }),
  gemm('Gemm opset 10 transA, C [M,1]', 10, x([4, 3]), x([4, 5]), x([3, 1]), { transA: 1, alpha: { f: -0.5 } }),
  gemm('Gemm opset 17 PyTorch Linear, dynamic batch', 17, x([3, 6], ['N', 6]), param([4, 6]), param([4]), { transB: 1 }),
  gemm('Gemm opset 13 dynamic batch, only W', 13, { shape: [3, 6], symbolic: ['N', 6], kind: 'input' }, param([6, 4]), konst([4])),
];

export const LINALG_CASES: OpCase[] = [...MATMUL_CASES, ...GEMM_CASES];
