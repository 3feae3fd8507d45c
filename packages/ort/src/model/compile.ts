/**
 * The gradient graph of a model, compiled by @axplain/onnx, and what a compile cache reports.
 * Shells may cache compiled graphs (the node shell keeps them on disk); this is the uncached step.
 */
import { compile, encodeModel } from '@axplain/onnx';

/** What to differentiate: the graph input x and the logits tensor. */
export interface GradientCompileOptions {
  wrt: string;
  of: string;
}

/** A compiled gradient model: its bytes and the names the adapter feeds and fetches. */
export interface CompiledGradient {
  /** The compiled model's bytes. */
  bytes: Uint8Array;
  cotangentInput: string;
  gradOutput: string;
  forwardNodes: number;
  totalNodes: number;
}

/** What the compile cache did for one load. */
export interface CacheReport {
  /** `'off'`: no cache; `'hit'`: loaded; `'miss'`: compiled and stored; `'corrupt'`: the entry failed verification, recompiled and rewritten. */
  status: 'off' | 'hit' | 'miss' | 'corrupt';
  /** The entry's `.onnx` file. */
  path?: string;
  /** Why an entry was rejected (status `'corrupt'`). */
  reason?: string;
  /** Why the entry could not be written (the model still loads). */
  writeError?: string;
}

/** Kernels run per onnxruntime provider, e.g. `{ WebGpuExecutionProvider: 65, CPUExecutionProvider: 2 }`. */
export type NodePlacement = Readonly<Record<string, number>>;

/**
 * Compiles the gradient graph of `modelBytes` with respect to `options.wrt` of `options.of`.
 * @example const g = compileGradient(bytes, { wrt: 'Input3', of: 'Plus214_Output_0' }); // g.cotangentInput, g.gradOutput
 */
export function compileGradient(modelBytes: Uint8Array, options: GradientCompileOptions): CompiledGradient {
  const res = compile(modelBytes, { wrt: [options.wrt], of: options.of });
  return {
    bytes: encodeModel(res.model), cotangentInput: res.cotangentInput, gradOutput: res.gradOutputs[0]!,
    forwardNodes: res.forwardNodes, totalNodes: res.totalNodes,
  };
}
