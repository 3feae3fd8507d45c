/**
 * The gradient graph of a model, compiled by @axplain/onnx, and what a compile cache reports.
 * Shells may cache compiled graphs (the node shell keeps them on disk); this is the uncached step.
 */
import { COMPILER_VERSION, compile, decodeModel, encodeModel, GRADIENT_RULES_REVISION } from '@axplain/onnx';
import { ModelSignatureError } from './errors.js';
import type { ExecutionProviderConfig } from './runtime.js';
import { providerName } from './session-runner.js';

/**
 * The compiler's identity in compile-cache keys: its version and rules revision (bumped with
 * every rule change). Caches add a hash of `supportedOps()`.
 */
export const COMPILER_VERSION_TAG = `@axplain/onnx@${COMPILER_VERSION}.r${GRADIENT_RULES_REVISION}`;

/** What to differentiate: the graph input x and the logits tensor. */
export interface GradientCompileOptions {
  wrt: string;
  of: string;
  /** Only forms every execution provider implements (`compile`'s `portable`). @defaultValue false */
  portable?: boolean;
}

/** Execution providers that run every form the compiler emits; any other gets a portable graph. */
const FULL_FORM_EPS: ReadonlySet<string> = new Set(['cpu', 'wasm', 'cuda']);

/**
 * Whether a gradient graph for these execution providers must be portable: one of them is not
 * known to run every form (onnxruntime's WebGPU EP rejects MaxPool's Indices output).
 * @example needsPortableGraph(['webgpu', 'cpu']) // true
 */
export function needsPortableGraph(eps: readonly ExecutionProviderConfig[]): boolean {
  return eps.some((ep) => !FULL_FORM_EPS.has(providerName(ep)));
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
  const res = compile(modelBytes, { wrt: [options.wrt], of: options.of, portable: options.portable });
  return {
    bytes: encodeModel(res.model), cotangentInput: res.cotangentInput, gradOutput: res.gradOutputs[0]!,
    forwardNodes: res.forwardNodes, totalNodes: res.totalNodes,
  };
}

/**
 * A gradient graph compiled ahead of time (`axplain compile model.onnx --wrt <input> --of <logits>`)
 * for the model `modelBytes`, checked and named as `compileGradient` would return it: its extra
 * input must be the cotangent of `options.of` and its extra output the gradient of `options.wrt`.
 * When `of` is an intermediate tensor (the logits before a final Softmax), it is added to the
 * graph's outputs.
 * @example const g = adoptCompiledGradient(bytes, readFileSync('mnist-grad.onnx'), { wrt: 'input', of: 'logits' });
 */
export function adoptCompiledGradient(modelBytes: Uint8Array, compiledBytes: Uint8Array, options: GradientCompileOptions, source = 'the pre-compiled graph'): CompiledGradient {
  const forward = decodeModel(modelBytes).graph!;
  const model = decodeModel(compiledBytes, source);
  const graph = model.graph!;
  const names = (list: { name?: string | null }[] | null | undefined) => new Set((list ?? []).map((v) => v.name!));
  const fwdIn = names(forward.input), fwdOut = names(forward.output);
  const added = (list: { name?: string | null }[] | null | undefined, known: Set<string>) => (list ?? []).map((v) => v.name!).filter((n) => !known.has(n));
  const fix = `compile it for this model with \`axplain compile model.onnx -o grad.onnx --wrt ${options.wrt} --of ${options.of}\``;
  const newIn = added(graph.input, fwdIn), newOut = added(graph.output, fwdOut);
  const cotangentInput = newIn.find((n) => n.startsWith(`${options.of}_cotangent`));
  if (!cotangentInput)
    throw new ModelSignatureError(`${source}: no cotangent input for '${options.of}' (its added inputs: ${newIn.join(', ') || 'none'}); ${fix}`);
  const gradOutput = newOut.find((n) => n.startsWith(`${options.wrt}_grad`));
  if (!gradOutput)
    throw new ModelSignatureError(`${source}: no gradient output for '${options.wrt}' (its added outputs: ${newOut.join(', ') || 'none'}); ${fix}`);
  let bytes = compiledBytes;
  if (!names(graph.output).has(options.of)) {
    const info = (forward.output ?? []).find((o) => o.name === options.of);
    if (!info) throw new ModelSignatureError(`${source}: '${options.of}' is neither an output of the model nor of the pre-compiled graph; ${fix}`);
    graph.output = [...(graph.output ?? []), info];
    bytes = encodeModel(model);
  }
  return { bytes, cotangentInput, gradOutput, forwardNodes: forward.node?.length ?? 0, totalNodes: graph.node?.length ?? 0 };
}
