/**
 * Runs the PGD-Linf step graph (`buildPgdStepGraph`) for `steps` steps on one session, feeding
 * each run's output back as the next run's iterate. On WebGPU the session keeps its outputs on
 * the GPU (`preferredOutputLocation: 'gpu-buffer'`, onnxruntime-web's IO binding), so the
 * iterate is never read back until the last step; on any other EP the same graph runs with CPU
 * tensors. Runtime-agnostic (onnxruntime-web in the page, onnxruntime-node in tests).
 */
import { AxplainError, ShapeMismatchError, TargetError, type Tensor } from '@axplain/core';
import type { OrtRuntime } from '@axplain/ort';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-web';
import { buildPgdStepGraph, type PgdStepGraph } from './pgd-step-graph.js';

/** A bad request to the on-device attack, naming the option. */
export class OnDeviceAttackError extends AxplainError {
  constructor(readonly option: string, message: string) { super(`${option}: ${message}`, 'ON_DEVICE_ATTACK'); }
}

export interface OnDevicePgdOptions {
  /** Linf budget, > 0. */
  eps: number;
  /** Gradient steps, an integer >= 0. @defaultValue 40 */
  steps?: number;
  /** Absolute step size alpha, > 0. @defaultValue eps / 30 (core `pgd`'s Linf default, 0.01 at eps 0.3) */
  stepSize?: number;
  /** The label to move away from (untargeted) or the class to reach (targeted): one class, or one per sample. */
  target: number | readonly number[];
  /** @defaultValue false */
  targeted?: boolean;
  /** Scalar box of valid inputs. @defaultValue { lo: 0, hi: 1 } */
  box?: { lo: number; hi: number };
  /** One EP name: 'webgpu' keeps tensors on the GPU; 'wasm' (browser) or 'cpu' (Node) uses CPU tensors. */
  executionProvider: string;
  /** The model's input and logits names. @defaultValue its first input and first output */
  input?: string;
  output?: string;
  /**
   * On WebGPU, keep the iterate in a GPU buffer between steps; false reads it back after every
   * step (the round trip the IO binding saves; for measurements). @defaultValue true
   */
  keepOnDevice?: boolean;
  /**
   * Steps run from x first and thrown away, waited for, before the timed loop (the first run
   * compiles the GPU shaders); the result is the same. For measurements. @defaultValue 0
   */
  warmupSteps?: number;
  signal?: AbortSignal;
}

export interface OnDevicePgdResult {
  /** x_steps, the last iterate (core `pgd` with earlyStop false and no random start visits the same points). */
  adversarial: Tensor;
  executionProvider: string;
  /** Where the iterate lived between steps. */
  location: 'gpu-buffer' | 'cpu';
  /** Milliseconds of the step loop (session created, warm-up steps done), final download included, per step. */
  msPerStep: number;
}

const finite = (option: string, v: unknown, above?: number): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || (above !== undefined && !(v > above)))
    throw new OnDeviceAttackError(option, `got ${String(v)}; expected a finite number${above !== undefined ? ` > ${above}` : ''}`);
  return v;
};

/** Checks the options against the graph and x; returns what the loop feeds. */
function checkRequest(g: PgdStepGraph, x: Tensor, o: OnDevicePgdOptions) {
  const eps = finite('eps', o.eps, 0);
  const steps = o.steps ?? 40;
  if (!Number.isInteger(steps) || steps < 0) throw new OnDeviceAttackError('steps', `got ${String(steps)}; expected an integer >= 0`);
  const alpha = o.stepSize === undefined ? eps / 30 : finite('stepSize', o.stepSize, 0);
  const lo = finite('box.lo', o.box?.lo ?? 0), hi = finite('box.hi', o.box?.hi ?? 1);
  if (!(lo <= hi)) throw new OnDeviceAttackError('box', `lo ${lo} > hi ${hi}`);
  if (typeof o.executionProvider !== 'string' || !o.executionProvider) throw new OnDeviceAttackError('executionProvider', `got ${String(o.executionProvider)}; expected one EP name, e.g. 'webgpu' or 'wasm'`);
  const want = g.inputShape;
  const fits = x.shape.length === want.length && x.shape.every((d, i) => (typeof want[i] === 'number' ? d === want[i] : d > 0))
    && x.data.length === x.shape.reduce((a, b) => a * b, 1);
  if (!fits) throw new ShapeMismatchError(`x (input '${g.x}')`, want, [...x.shape], 'pass a batch shaped like the model input');
  const n = x.shape[0]!, c = g.classes;
  if (c === undefined) throw new OnDeviceAttackError('output', 'the logits have no static class count (last dim); export the model with it');
  const targets = typeof o.target === 'number' ? new Array<number>(n).fill(o.target) : [...o.target];
  if (targets.length !== n) throw new TargetError(`target: ${targets.length} classes given for a batch of ${n}`);
  for (const t of targets) if (!Number.isInteger(t) || t < 0 || t >= c) throw new TargetError(`target: class ${t} is not one of the model's ${c} classes (0..${c - 1})`);
  const onehot = new Float32Array(n * c);
  targets.forEach((t, i) => { onehot[i * c + t] = 1; });
  return { eps, steps, alpha, lo, hi, onehot, n, c };
}

/**
 * Builds the step graph of `modelBytes` and runs `steps` PGD-Linf steps from `x` (no random
 * start, every step taken) on `runtime` with one EP.
 * @example
 * const r = await runPgdStepGraph(webRuntime, bytes, x, { eps: 0.1, steps: 10, target: 7, executionProvider: 'webgpu' });
 */
export async function runPgdStepGraph(runtime: Pick<OrtRuntime, 'InferenceSession' | 'Tensor'>, modelBytes: Uint8Array, x: Tensor, options: OnDevicePgdOptions): Promise<OnDevicePgdResult> {
  const g = buildPgdStepGraph(modelBytes, { input: options.input, output: options.output, targeted: options.targeted });
  const r = checkRequest(g, x, options);
  const ep = options.executionProvider;
  const onGpu = ep === 'webgpu' && (options.keepOnDevice ?? true);
  const session: InferenceSession = await runtime.InferenceSession.create(g.bytes, {
    executionProviders: [ep], ...(onGpu ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
  });
  const T = runtime.Tensor;
  const scalar = (v: number) => new T('float32', Float32Array.of(v), []);
  // Fed every run as CPU tensors: uploads only (queued writes), never a read back.
  const fixed = {
    [g.x0]: new T('float32', x.data, [...x.shape]), [g.target]: new T('float32', r.onehot, [r.n, r.c]),
    [g.alpha]: scalar(r.alpha), [g.eps]: scalar(r.eps), [g.lo]: scalar(r.lo), [g.hi]: scalar(r.hi),
  };
  try {
    const warmup = options.warmupSteps ?? 0;
    if (!Number.isInteger(warmup) || warmup < 0) throw new OnDeviceAttackError('warmupSteps', `got ${String(warmup)}; expected an integer >= 0`);
    for (let w = 0; w < warmup; w++) {
      const out = (await session.run({ ...fixed, [g.x]: new T('float32', x.data, [...x.shape]) }))[g.next]!;
      await out.getData(true); // waits for the device; a GPU output's buffer is released
      if (out.location === 'gpu-buffer') out.dispose();
    }
    const t0 = performance.now();
    let cur: OrtTensor = new T('float32', Float32Array.from(x.data), [...x.shape]);
    for (let s = 0; s < r.steps; s++) {
      if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('aborted', 'AbortError');
      const out = await session.run({ ...fixed, [g.x]: cur });
      if (cur.location === 'gpu-buffer') cur.dispose();
      cur = out[g.next]!;
    }
    const data = new Float32Array(await cur.getData(true) as Float32Array);
    const ms = performance.now() - t0;
    return { adversarial: { data, shape: [...x.shape] }, executionProvider: ep, location: onGpu ? 'gpu-buffer' : 'cpu', msPerStep: ms / Math.max(r.steps, 1) };
  } finally {
    await session.release();
  }
}
