/**
 * A gradient (VJP) rule for one ONNX op type: a config object in the style of tfjs-core's
 * `*_grad.ts` files. The compiler calls `vjp` once per node on the differentiable path and
 * checks every returned cotangent's shape and type centrally.
 */
import type { ConstValue } from '../const-value.js';
import type { TensorInfo } from '../dims.js';
import type { Emitter } from '../emit/emitter.js';
import type { Node } from '../node.js';

export interface VjpContext {
  readonly node: Node;
  /** Emits the gradient graph. */
  readonly e: Emitter;
  readonly opset: number;
  /** Cotangent of output k (undefined when output k does not reach the differentiated output). */
  grad(k?: number): string | undefined;
  /** Whether input k needs a cotangent. */
  needs(k: number): boolean;
  info(name: string): TensorInfo;
  value(name: string): ConstValue | undefined;
  /**
   * Values of a constant initializer of any size (weights), or of DequantizeLinear of constant
   * initializers (quantised weights), for transforms done once at compile time; undefined when
   * `name` is neither or can be fed at run time.
   */
  weights(name: string): { elemType: number; dims: number[]; data: number[] } | undefined;
  /** Throws UnsupportedOpError for this node, with a reason (an unsupported attribute value...). */
  unsupported(detail: string): never;
}

export interface GradRule {
  readonly opType: string;
  /**
   * Indices of the inputs the ONNX schema marks Differentiable. Others (shapes, axes, indices,
   * masks) never receive a cotangent, and activity does not flow through them.
   */
  readonly differentiable: readonly number[] | ((node: Node) => readonly number[]);
  /** Lowest opset the rule handles (default 1). */
  readonly sinceOpset?: number;
  /** The op's domain when it is not the default ONNX domain (the com.microsoft QLinear* ops). */
  readonly domain?: string;
  /**
   * The op's integer outputs are quantised values that carry a derivative (rules/quant/: the
   * cotangent of an integer tensor is the derivative with respect to its integer value).
   */
  readonly integerOutputs?: boolean;
  /** Outputs that carry a derivative. @defaultValue every floating-point output */
  readonly differentiableOutputs?: readonly number[];
  /**
   * Returns a cotangent tensor name per input (same shape and type as the input), or undefined
   * where none is needed.
   */
  vjp(ctx: VjpContext): (string | undefined)[];
}

/** Ops whose outputs are piecewise constant or not real-valued: no gradient flows through them. */
export const NO_GRADIENT: ReadonlySet<string> = new Set([
  'Shape', 'Size', 'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'Not', 'And', 'Or', 'Xor',
  'ArgMax', 'ArgMin', 'NonZero', 'ConstantOfShape', 'Constant', 'Range', 'EyeLike', 'RandomNormal',
  'RandomNormalLike', 'RandomUniform', 'RandomUniformLike', 'Multinomial', 'IsNaN', 'IsInf', 'Sign',
  'Floor', 'Ceil', 'Round', 'BitShift', 'OneHot', 'NonMaxSuppression',
]);

/**
 * Ops that move values without computing new ones: they pass quantised integer tensors through
 * (a Reshape or MaxPool between two QLinearConv) and so carry their derivative.
 */
export const INTEGER_PASSTHROUGH: ReadonlySet<string> = new Set([
  'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Identity', 'MaxPool', 'Slice', 'Pad', 'Concat',
]);
