/** PGD-Linf with the iterate kept on the device between steps, on onnxruntime-web. */
import type { Tensor } from '@axplain/core';
import { type ModelSource, readModelSource } from '../model/model-source.js';
import { webRuntime } from '../model/web-runtime.js';
import { type OnDevicePgdOptions, type OnDevicePgdResult, runPgdStepGraph } from './run-pgd-step-graph.js';

/**
 * Untargeted or targeted PGD-Linf (no random start, every step taken) whose steps run as one
 * compiled ONNX step graph: on WebGPU the iterate stays in a GPU buffer between steps and is read
 * back once at the end; on wasm the same graph runs with CPU tensors. The step graph is compiled
 * on the calling thread (milliseconds for an MLP; not cached).
 * @example
 * const r = await pgdOnDevice('/models/mnist-mlp/model.onnx', x, { eps: 0.1, steps: 10, target: 7, executionProvider: 'webgpu' });
 * r.adversarial; // x_10, within 0.1 of x in Linf and inside [0, 1]
 */
export async function pgdOnDevice(source: ModelSource, x: Tensor, options: OnDevicePgdOptions): Promise<OnDevicePgdResult> {
  const { bytes } = await readModelSource(source, 'model', options.signal);
  return runPgdStepGraph(webRuntime, bytes, x, options);
}
