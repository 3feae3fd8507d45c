/** Runs a model once in onnxruntime-node on a given execution provider. */
import { encodeModel, type ModelProto } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';

export async function runModel(
  model: ModelProto | Uint8Array, feeds: Record<string, { data: Float32Array; dims: number[] }>, ep: 'cpu' | 'webgpu',
): Promise<Record<string, Float32Array>> {
  const bytes = model instanceof Uint8Array ? model : encodeModel(model);
  const sess = await ort.InferenceSession.create(bytes, { executionProviders: [ep], logSeverityLevel: 3 });
  try {
    const out = await sess.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('float32', v.data, v.dims)])));
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
  } finally {
    await sess.release();
  }
}

/** max |a-b| / max(max|a|, 1e-6). */
export function relMaxDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let m = 1e-6;
  for (let i = 0; i < a.length; i++) { d = Math.max(d, Math.abs(a[i]! - b[i]!)); m = Math.max(m, Math.abs(a[i]!)); }
  return d / m;
}
