/** Contracts of shape inference and constant folding functions (one per op type). */
import type { ConstValue } from '../const-value.js';
import type { TensorInfo } from '../dims.js';
import type { Node } from '../node.js';

export interface InferContext {
  /** Default-domain opset of the model. */
  readonly opset: number;
  /** Info of a tensor; throws ShapeInferenceError when unknown. */
  info(name: string): TensorInfo;
  /** Info or undefined. */
  tryInfo(name: string): TensorInfo | undefined;
  /** Compile-time value of a (small) tensor, if known. */
  value(name: string): ConstValue | undefined;
}

/** Returns the info of each output (in order). Throw ShapeInferenceError/RangeError on bad input. */
export type InferFn = (node: Node, ctx: InferContext) => TensorInfo[];

/** Returns output values when they can be computed at compile time, else undefined. */
export type FoldFn = (node: Node, ctx: InferContext) => (ConstValue | undefined)[] | undefined;

export interface OpInference {
  infer: InferFn;
  fold?: FoldFn;
}

export type InferTable = Record<string, OpInference>;
