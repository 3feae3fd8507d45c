/**
 * One input-gradient runner per library, all computing d(sum(cotangent * logits))/dx for the
 * same ONNX bytes: axplain (loadModel on onnxruntime-node, CPU EP, then vjp), TensorFlow.js on
 * its Wasm backend (`tf.grad` over the graph interpreted by tfjs-from-onnx.ts) and jax-js on its
 * Wasm device (`grad` over `jit(ONNXModel.run)`, the ONNX file read by @jax-js/onnx itself).
 */
import { cpus } from 'node:os';
import { type ModelProto, encodeModel } from '@axplain/onnx';
import { loadModel } from '@axplain/node';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { defaultDevice, grad, init, jit, numpy as np } from '@jax-js/jax';
import { ONNXModel } from '@jax-js/onnx';
import { tfjsFromOnnx } from './tfjs-from-onnx.js';

export interface Runner {
  /** The input gradient of sum(cot * logits), shaped like x (flat). */
  grad(x: Float32Array, shape: number[], cot: Float32Array, classes: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export async function axplainRunner(model: ModelProto): Promise<Runner> {
  const m = await loadModel(encodeModel(model), { maxBatch: 64 });
  return {
    async grad(x, shape, cot, classes) {
      const r = await m.vjp({ data: x, shape }, { data: cot, shape: [shape[0]!, classes] });
      return r.grad.data as Float32Array;
    },
    dispose: () => m.dispose(),
  };
}

let tfReady: Promise<boolean> | undefined;
export async function tfjsRunner(model: ModelProto): Promise<Runner> {
  tfReady ??= tf.setBackend('wasm').then(async (ok) => { await tf.ready(); return ok; });
  if (!(await tfReady) || tf.getBackend() !== 'wasm') throw new Error(`tfjs: the wasm backend did not start (backend: ${tf.getBackend()})`);
  const net = tfjsFromOnnx(model);
  return {
    async grad(x, shape, cot, classes) {
      const g = tf.tidy(() => {
        const c = tf.tensor(cot, [shape[0]!, classes]);
        return tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(net.forward(xi), c)))(tf.tensor(x, shape));
      });
      const out = (await g.data()) as Float32Array;
      g.dispose();
      return out;
    },
    async dispose() { net.dispose(); },
  };
}

let jaxReady: Promise<unknown> | undefined;
export async function jaxRunner(model: ModelProto): Promise<Runner> {
  // jax-js reads `navigator.userAgent` while optimising kernels; Node 20 has no `navigator` (Node 21
  // adds one), so the benchmark provides the two fields it reads.
  if (typeof globalThis.navigator === 'undefined') {
    Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.version}`, hardwareConcurrency: cpus().length }, configurable: true });
  }
  jaxReady ??= init().then(() => defaultDevice('wasm'));
  await jaxReady;
  const m = new ONNXModel(encodeModel(model) as Uint8Array<ArrayBuffer>);
  const outName = model.graph!.output![0]!.name!;
  const inName = model.graph!.input![0]!.name!;
  // The whole gradient (forward + backward) compiled once per input shape.
  const f = jit(grad((xi: np.Array, c: np.Array) => m.run({ [inName]: xi })[outName]!.mul(c).sum()));
  return {
    async grad(x, shape, cot, classes) {
      const g = f(np.array(x).reshape(shape), np.array(cot).reshape([shape[0]!, classes]));
      return Float32Array.from((await g.data()) as Float32Array);
    },
    async dispose() { m.dispose(); },
  };
}
