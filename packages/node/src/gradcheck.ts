/**
 * Gradient checking: compares a compiled gradient graph with central finite differences of the
 * *original* model, both run by onnxruntime-node, along random directions. Float32-aware: the
 * step size giving the smallest error among several is kept, and errors are relative to the
 * magnitude of the directional derivative.
 *
 * Besides the directions asked for, every check probes the coordinates where the analytic
 * gradient is exactly zero (a random direction over them must have a zero derivative): no
 * direction along the gradient can see a coordinate that is wrongly zero, since it has no
 * component there.
 */
import { compile, type CompileOptions, type CompileResult, decodeModel, encodeModel, Graph, onnx, type ModelProto, tensorValues } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { numel, Rng } from '@axplain/core';

export interface GradCheckOptions extends CompileOptions {
  /** Values of inputs; missing float inputs are drawn uniformly from `inputRange`. */
  feeds?: Record<string, Float32Array>;
  /** Values of symbolic dims when drawing inputs. @defaultValue 1 for each */
  dims?: Record<string, number>;
  /** @defaultValue [-1, 1] */
  inputRange?: [number, number];
  /** Random directions per `wrt` tensor. @defaultValue 3 */
  directions?: number;
  /** Finite-difference steps tried (the best is kept). @defaultValue [3e-2, 1e-2, 3e-3, 1e-3] */
  steps?: number[];
  /**
   * How directions are drawn. `'random'`: uniform on the sphere. `'gradient'`: the analytic
   * gradient, then the gradient restricted to a random half of its coordinates. In high
   * dimensions a random direction sees only ~|g|/sqrt(n) of the gradient, below float32
   * finite-difference noise; masked-gradient directions keep the signal while any wrong
   * coordinate subset still shows. Falls back to random where the gradient is zero.
   * Coordinates wrongly zero are invisible to both: the zero-coordinate probe covers them.
   * @defaultValue 'random'
   */
  direction?: 'random' | 'gradient';
  /**
   * Random directions added to `'gradient'` directions (ignored for `'random'`, where every
   * direction is random). Use where the input is small enough for a random direction to carry
   * signal above float32 noise (up to a few thousand coordinates).
   * @defaultValue 0
   */
  randomDirections?: number;
  /**
   * Probe the coordinates where the analytic gradient is exactly zero: one random direction over
   * them, whose finite-difference derivative must be zero too. Turn off only where zero
   * coordinates sit at kinks (ties in MaxPool/Max, ReLU at exactly 0) that a step crosses.
   * @defaultValue true
   */
  zeroProbe?: boolean;
  /**
   * A gradient graph to check instead of compiling one: `compile(model, ...)`'s result, possibly
   * edited (the negative tests of the checker break it on purpose).
   */
  compiled?: CompileResult;
  /** @defaultValue 0 */
  seed?: number;
  /** @defaultValue ['cpu'] */
  executionProviders?: ort.InferenceSession.SessionOptions['executionProviders'];
}

export interface DirectionCheck {
  /** How the direction was drawn. */
  kind: 'random' | 'gradient' | 'masked-gradient' | 'zero-probe';
  analytic: number; numeric: number; step: number; relError: number;
}
export interface GradCheckReport {
  /** Worst relative error over all wrt tensors and directions. */
  maxRelError: number;
  perWrt: { name: string; checks: DirectionCheck[]; gradNorm: number }[];
  /** Largest |difference| between the original outputs and the compiled model's copies. */
  forwardMaxAbsDiff: number;
  compiled: ModelProto;
}

type Feeds = Record<string, ort.Tensor>;

export async function gradCheck(model: Uint8Array | ModelProto, opts: GradCheckOptions = {}): Promise<GradCheckReport> {
  const original = model instanceof Uint8Array ? decodeModel(model) : model;
  const res = opts.compiled ?? compile(original, { wrt: opts.wrt, of: opts.of });
  const rng = new Rng(opts.seed ?? 0);
  const [lo, hi] = opts.inputRange ?? [-1, 1];
  const g = new Graph(original);
  const fullShape = (name: string): number[] =>
    g.info(name).shape.map((d) => (typeof d === 'number' ? d : (opts.dims?.[d] ?? 1)));

  // Base values for graph inputs and wrt tensors.
  const inits = new Set((original.graph!.initializer ?? []).map((t) => t.name!));
  const values: Record<string, Float32Array> = {};
  for (const i of original.graph!.input ?? []) {
    if (inits.has(i.name!)) continue;
    values[i.name!] = opts.feeds?.[i.name!] ?? rng.fillUniform(numel(fullShape(i.name!)), lo, hi);
  }
  const sessOpts = { executionProviders: opts.executionProviders ?? ['cpu'], graphOptimizationLevel: 'disabled' as const, logSeverityLevel: 3 as const };
  const gradSess = await ort.InferenceSession.create(encodeModel(res.model), sessOpts);
  const outShape = await runtimeShape(original, res.of, values, fullShape, sessOpts);
  const ct = rng.fillNormal(numel(outShape));
  const feedsOf = (vals: Record<string, Float32Array>, names: string[]): Feeds =>
    Object.fromEntries(names.map((n) => [n, new ort.Tensor('float32', vals[n]!, fullShape(n))]));
  const baseInputs = Object.keys(values);
  const gradOut = await gradSess.run({ ...feedsOf(values, baseInputs), [res.cotangentInput]: new ort.Tensor('float32', ct, outShape) });

  // The forward outputs of the compiled model must equal the original's.
  const origSess = await ort.InferenceSession.create(encodeModel(original), sessOpts);
  const origOut = await origSess.run(feedsOf(values, baseInputs));
  let forwardMaxAbsDiff = 0;
  for (const name of origSess.outputNames) {
    const a = origOut[name]!.data as Float32Array;
    const b = gradOut[name]!.data as Float32Array;
    for (let i = 0; i < a.length; i++) forwardMaxAbsDiff = Math.max(forwardMaxAbsDiff, Math.abs(a[i]! - b[i]!));
  }
  await origSess.release();
  await gradSess.release();

  // Finite differences: expose each wrt tensor as an input of the original model.
  const perWrt: GradCheckReport['perWrt'] = [];
  for (let w = 0; w < res.wrt.length; w++) {
    const x = res.wrt[w]!;
    const grad = gradOut[res.gradOutputs[w]!]!.data as Float32Array;
    const { model: exposed, base } = await exposeAsInput(original, x, values, fullShape, sessOpts);
    if (!(exposed.graph!.output ?? []).some((o) => o.name === res.of)) exposed.graph!.output!.push(vi(res.of, outShape));
    const sess = await ort.InferenceSession.create(encodeModel(exposed), sessOpts);
    const vals = { ...values, [x]: base };
    const inputsNeeded = [...sess.inputNames];
    const f = async (xv: Float32Array): Promise<number> => {
      const out = await sess.run(feedsOf({ ...vals, [x]: xv }, inputsNeeded), [res.of]);
      const y = out[res.of]!.data as Float32Array;
      let s = 0;
      for (let i = 0; i < y.length; i++) s += ct[i]! * y[i]!;
      return s;
    };
    const checks: DirectionCheck[] = [];
    for (const [kind, v] of directions(rng, grad, opts)) {
      const vn = norm2(v);
      for (let i = 0; i < v.length; i++) v[i]! /= vn;
      let analytic = 0;
      for (let i = 0; i < v.length; i++) analytic += grad[i]! * v[i]!;
      let best: DirectionCheck | undefined;
      for (const h of opts.steps ?? [3e-2, 1e-2, 3e-3, 1e-3]) {
        const xp = base.map((b, i) => b + h * v[i]!);
        const xm = base.map((b, i) => b - h * v[i]!);
        const numeric = ((await f(xp)) - (await f(xm))) / (2 * h);
        const relError = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-3);
        if (!best || relError < best.relError) best = { kind, analytic, numeric, step: h, relError };
      }
      checks.push(best!);
    }
    await sess.release();
    perWrt.push({ name: x, checks, gradNorm: norm2(grad) });
  }
  const maxRelError = Math.max(...perWrt.flatMap((p) => p.checks.map((c) => c.relError)));
  return { maxRelError, perWrt, forwardMaxAbsDiff, compiled: res.model };
}

/** The directions checked for one wrt tensor, in order, with how each was drawn. */
function directions(rng: Rng, grad: Float32Array, opts: GradCheckOptions): [DirectionCheck['kind'], Float32Array][] {
  const out: [DirectionCheck['kind'], Float32Array][] = [];
  const n = opts.directions ?? 3;
  const alongGradient = (opts.direction ?? 'random') === 'gradient' && norm2(grad) > 0;
  for (let d = 0; d < n; d++) {
    if (alongGradient) {
      const v = Float32Array.from(grad);
      if (d > 0) for (let i = 0; i < v.length; i++) if (rng.next() < 0.5) v[i] = 0;
      if (norm2(v) > 0) { out.push([d === 0 ? 'gradient' : 'masked-gradient', v]); continue; }
    }
    out.push(['random', rng.fillNormal(grad.length)]);
  }
  if (alongGradient) for (let d = 0; d < (opts.randomDirections ?? 0); d++) out.push(['random', rng.fillNormal(grad.length)]);
  if (opts.zeroProbe ?? true) {
    const zero = grad.reduce((k, g) => k + (g === 0 ? 1 : 0), 0);
    if (zero > 0) {
      const v = rng.fillNormal(grad.length);
      for (let i = 0; i < v.length; i++) if (grad[i] !== 0) v[i] = 0;
      out.push(['zero-probe', v]);
    }
  }
  return out;
}


/** Concrete shape of tensor `name` for the given inputs (derived dims such as 3*N included). */
export async function runtimeShape(
  model: ModelProto, name: string, values: Record<string, Float32Array>, fullShape: (n: string) => number[],
  sessOpts: ort.InferenceSession.SessionOptions,
): Promise<number[]> {
  const probe = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  const known = (probe.graph!.output ?? []).find((o) => o.name === name);
  probe.graph!.output = [known ?? { name }];
  const s = await ort.InferenceSession.create(encodeModel(probe), sessOpts);
  try {
    const feeds = Object.fromEntries(s.inputNames.map((n) => [n, new ort.Tensor('float32', values[n]!, fullShape(n))]));
    return [...(await s.run(feeds))[name]!.dims];
  } finally {
    await s.release();
  }
}

function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/**
 * Copy of `model` where tensor `x` (an initializer or intermediate) is a graph input, and its
 * value at the base point (from running the original model for intermediates).
 */
async function exposeAsInput(
  model: ModelProto, x: string, values: Record<string, Float32Array>, fullShape: (n: string) => number[],
  sessOpts: ort.InferenceSession.SessionOptions,
): Promise<{ model: ModelProto; base: Float32Array }> {
  const m = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  const gr = m.graph!;
  const isInput = (gr.input ?? []).some((i) => i.name === x);
  const init = (gr.initializer ?? []).find((t) => t.name === x);
  if (isInput && !init) return { model: m, base: values[x]! };
  if (init) {
    const base = Float32Array.from(tensorValues(init));
    gr.initializer = gr.initializer!.filter((t) => t.name !== x);
    if (!isInput) gr.input = [...(gr.input ?? []), vi(x, (init.dims ?? []).map(Number))];
    return { model: m, base };
  }
  // Intermediate: evaluate it, then cut the graph there.
  const probe = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  probe.graph!.output = [{ name: x }];
  const s = await ort.InferenceSession.create(encodeModel(probe), sessOpts);
  const feeds = Object.fromEntries(s.inputNames.map((n) => [n, new ort.Tensor('float32', values[n]!, fullShape(n))]));
  const out = (await s.run(feeds))[x]!;
  const base = Float32Array.from(out.data as Float32Array);
  await s.release();
  for (const n of gr.node ?? []) n.output = (n.output ?? []).map((o) => (o === x ? `${x}__cut` : o));
  gr.input = [...(gr.input ?? []), vi(x, [...out.dims])];
  return { model: m, base };
}

const vi = (name: string, shape: number[]) => ({
  name, type: { tensorType: { elemType: 1, shape: { dim: shape.map((d) => ({ dimValue: d })) } } },
});
