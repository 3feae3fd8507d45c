/**
 * The QOperator ops of quantised models (what onnxruntime's quantiser writes in its QOperator
 * format, plus the dynamic-quantisation Integer ops), each described by its float counterpart:
 * which inputs are quantised operands (integer tensor, scale, zero point), where the output's
 * quantisation parameters are, and which float op computes the same thing on dequantised values.
 * Shape inference (infer/qoperator.ts) and the gradient rules (rules/quant/) both read this table.
 */
import type { Node } from './node.js';
import { type AttrValue, DT, toNum } from './proto.js';

// AttributeProto.AttributeType values.
const AT_FLOAT = 1;
const AT_INT = 2;
const AT_STRING = 3;
const AT_FLOATS = 6;
const AT_INTS = 7;

/** A quantised operand: input indices of the integer tensor, its scale and zero point. */
export interface QOperand {
  q: number;
  /** Absent: scale 1 (the Integer ops' operands are plain integers minus the zero point). */
  scale?: number;
  zp?: number;
  /** Axis a 1-D (per-axis) scale or zero point runs along. @defaultValue the last axis */
  axis?: number;
}

export interface QOpSpec {
  opType: string;
  domain: '' | 'com.microsoft';
  /** The float op computing the same function of the dequantised operands. */
  floatOp: string;
  /** The float op's inputs, in its order. */
  operands(node: Node): QOperand[];
  /** Input indices of the requantised output's scale and zero point; absent: an exact int32 result. */
  output?: { scale: number; zp: number };
  /** QLinearConv's int32 bias: input index, quantised with scale x_scale * w_scale and zero point 0. */
  bias?: number;
}

const MS = 'com.microsoft';
const fixed = (ops: QOperand[]) => (): QOperand[] => ops;
/** (x, x_scale, x_zp, y_scale, y_zp): unary com.microsoft ops. */
const unary = (opType: string, floatOp: string): QOpSpec => ({
  opType, domain: MS, floatOp, operands: fixed([{ q: 0, scale: 1, zp: 2 }]), output: { scale: 3, zp: 4 },
});
/** (a, a_scale, a_zp, b, b_scale, b_zp, c_scale, c_zp): binary com.microsoft ops. */
const binary = (opType: string, floatOp: string): QOpSpec => ({
  opType, domain: MS, floatOp, operands: fixed([{ q: 0, scale: 1, zp: 2 }, { q: 3, scale: 4, zp: 5 }]), output: { scale: 6, zp: 7 },
});

export const QOPERATOR_SPECS: readonly QOpSpec[] = [
  {
    opType: 'QLinearConv', domain: '', floatOp: 'Conv', bias: 8, output: { scale: 6, zp: 7 },
    operands: fixed([{ q: 0, scale: 1, zp: 2 }, { q: 3, scale: 4, zp: 5, axis: 0 }]),
  },
  {
    opType: 'QLinearMatMul', domain: '', floatOp: 'MatMul', output: { scale: 6, zp: 7 },
    operands: fixed([{ q: 0, scale: 1, zp: 2, axis: -2 }, { q: 3, scale: 4, zp: 5 }]),
  },
  { opType: 'ConvInteger', domain: '', floatOp: 'Conv', operands: fixed([{ q: 0, zp: 2 }, { q: 1, zp: 3, axis: 0 }]) },
  { opType: 'MatMulInteger', domain: '', floatOp: 'MatMul', operands: fixed([{ q: 0, zp: 2, axis: -2 }, { q: 1, zp: 3 }]) },
  binary('QLinearAdd', 'Add'),
  binary('QLinearMul', 'Mul'),
  unary('QLinearSigmoid', 'Sigmoid'),
  unary('QLinearLeakyRelu', 'LeakyRelu'),
  unary('QLinearAveragePool', 'AveragePool'),
  unary('QLinearGlobalAveragePool', 'GlobalAveragePool'),
  {
    // (y_scale, y_zp, x0, x0_scale, x0_zp, x1, ...)
    opType: 'QLinearConcat', domain: MS, floatOp: 'Concat', output: { scale: 0, zp: 1 },
    operands: (node) => Array.from({ length: Math.floor((node.inputs.length - 2) / 3) }, (_, i) => ({ q: 2 + 3 * i, scale: 3 + 3 * i, zp: 4 + 3 * i })),
  },
];

export const QOPERATOR_SPEC: ReadonlyMap<string, QOpSpec> = new Map(QOPERATOR_SPECS.map((s) => [s.opType, s]));

/** The spec of a node, when it is one of the QOperator ops in its own domain. */
export function qoperatorSpec(node: Node): QOpSpec | undefined {
  const s = QOPERATOR_SPEC.get(node.opType);
  if (!s) return undefined;
  const dom = node.domain === 'ai.onnx' ? '' : node.domain;
  return dom === s.domain ? s : undefined;
}

/** Integer range of a quantised element type. */
export function integerRange(elemType: number): [number, number] | undefined {
  switch (elemType) {
    case DT.UINT8: return [0, 255];
    case DT.INT8: return [-128, 127];
    case DT.UINT16: return [0, 65535];
    case DT.INT16: return [-32768, 32767];
    case DT.INT32: return [-2147483648, 2147483647];
    default: return undefined;
  }
}

/**
 * The float op's attributes: the QOperator node's own, less `channels_last` (com.microsoft pools;
 * only the default NCHW layout has a float counterpart).
 */
export function floatAttrs(node: Node): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const a of node.proto.attribute ?? []) {
    if (!a.name || a.name === 'channels_last') continue;
    switch (a.type) {
      case AT_FLOAT: out[a.name] = { f: a.f ?? 0 }; break;
      case AT_INT: out[a.name] = toNum(a.i ?? 0); break;
      case AT_STRING: out[a.name] = new TextDecoder().decode(a.s ?? new Uint8Array()); break;
      case AT_FLOATS: out[a.name] = { floats: [...(a.floats ?? [])] }; break;
      case AT_INTS: out[a.name] = (a.ints ?? []).map(toNum); break;
      default: break;
    }
  }
  return out;
}
