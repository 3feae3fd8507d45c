/**
 * Find-another-explanation, simultaneous variant (Ross et al.): two models of one architecture
 * trained jointly on
 *   CE_a + CE_b + lambda * mean_n cos^2(grad_a(x_n), grad_b(x_n)),
 * grad_m(x) = d/dx sum_k log p_k of model m (the RRR explanation), cos the cosine similarity of
 * the two input gradients (with 1e-12 added to the product of their squared norms). One joint
 * ONNX graph holds both networks (parameters `a/...`, `b/...`), both input gradients spliced in,
 * and the penalty; `compileLoss` differentiates it again (second order). Architecture specs only:
 * a user's ONNX model would need its tensors renamed apart first.
 */
import { checkSeed, createOptimizer, type Dataset, datasetAccuracy, deriveSeed, explanationGradient, type ParamValues, Rng } from '@axplain/core';
import {
  compile, compileLoss, decodeModel, DT, Emitter, flushEmitter, Graph, type LossGraph, type ModelProto, ModelBuilder, namedIdentity,
  paramsToInputs, seedCotangent, valueInfo, withParameters,
} from '@axplain/onnx';
import { type ArchitectureSpec, buildArchitecture, emitArchitecture, renameTensor } from './architectures.js';
import type { OrtRuntime } from '../model/runtime.js';
import { ParameterModel } from './parameter-model.js';
import type { TrainOptions } from './train.js';
import { type EpochLosses, trainingLoop } from './training-loop.js';

export interface SimultaneousOptions extends Omit<TrainOptions, 'model' | 'terms' | 'l1' | 'adversarial' | 'params' | 'input' | 'output' | 'checkpoints' | 'saveCheckpoint' | 'readModel' | 'onEpoch'> {
  model: ArchitectureSpec;
  /** Weight of the squared-cosine penalty. @defaultValue 1 */
  lambda?: number;
  onEpoch?: (r: EpochLosses) => void;
}

export interface SimultaneousResult {
  /** The two trained inference models (same architecture, input `input`, output `logits`). */
  models: [ModelProto, ModelProto];
  accuracy: { train: number; test?: number }[];
  history: EpochLosses[];
  seconds: number;
}


/**
 * The joint loss graph of two networks with the squared-cosine penalty between their input
 * gradients (parameters as inputs; see the file comment).
 * @example
 * const lg = jointLossGraph({ kind: 'mlp', hidden: [32] }, [1, 28, 28], 10, 1, 0);
 * const graph = compileLoss(lg); // grads of 'a/...' and 'b/...' parameters
 */
export function jointLossGraph(spec: ArchitectureSpec, inputShape: readonly number[], classes: number, lambda: number, seed: number, init?: TrainOptions['init']): LossGraph {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('input', ['N', ...inputShape]);
  const nets = (['a', 'b'] as const).map((k, i) =>
    emitArchitecture(b, x, spec, { inputShape, classes, init, rng: new Rng(deriveSeed(seed, 1 + i)), prefix: `${k}/` }));
  for (const n of nets) b.output(n.logits);
  const built = b.build();
  renameTensor(built, nets[0]!.logits, 'logits_a');
  renameTensor(built, nets[1]!.logits, 'logits_b');
  const opened = paramsToInputs(built, nets.flatMap((n) => n.params));
  let m = opened.model;
  let g = new Graph(m);
  let e = new Emitter(g, 'axplain_joint');
  m.graph!.input = [...m.graph!.input!, valueInfo('labels', DT.FLOAT, ['N', classes])];
  g.setInfo('labels', { elemType: DT.FLOAT, shape: ['N', classes] });
  const per = ['logits_a', 'logits_b'].map((z) => {
    const lp = e.op1('LogSoftmax', [z], { axis: 1 });
    const ce = e.reduce('ReduceMean', e.neg(e.reduceSum(e.mul('labels', lp), [1], false)), [0], false);
    return { ce, logSum: e.reduceSum(lp, [0, 1], false) };
  });
  flushEmitter(m, e);
  const grads: string[] = [];
  for (const p of per) {
    // portable: these input gradients are differentiated again in the weights.
    const res = compile(m, { wrt: [x], of: p.logSum, portable: true });
    m = res.model;
    seedCotangent(m, res.cotangentInput);
    const gx = res.gradOutputs[0]!;
    m.graph!.output = m.graph!.output!.filter((o) => o.name !== gx);
    grads.push(gx);
  }
  g = new Graph(m);
  e = new Emitter(g, 'axplain_joint');
  const inner = Array.from({ length: inputShape.length }, (_, i) => i + 1);
  const [ga, gb] = grads as [string, string];
  const dot = e.reduceSum(e.mul(ga, gb), inner, false);
  const na = e.reduce('ReduceSumSquare', ga, inner, false);
  const nb = e.reduce('ReduceSumSquare', gb, inner, false);
  const cos2 = e.div(e.mul(dot, dot), e.add(e.mul(na, nb), e.scalarLike(1e-12, na)));
  const terms = [
    { name: 'ce_a', output: namedIdentity(e, g, per[0]!.ce, 'loss_ce_a') },
    { name: 'ce_b', output: namedIdentity(e, g, per[1]!.ce, 'loss_ce_b') },
    { name: 'cos2', output: namedIdentity(e, g, e.scale(e.reduce('ReduceMean', cos2, [0], false), lambda), 'loss_cos2') },
  ];
  const loss = namedIdentity(e, g, e.sum(terms.map((t) => t.output)), 'loss');
  flushEmitter(m, e);
  m.graph!.output = [loss, ...terms.map((t) => t.output), 'logits_a'].map((o) => valueInfo(o, g.info(o).elemType, g.info(o).shape));
  return { model: m, x, labels: 'labels', loss, terms, logits: 'logits_a', params: opened.params };
}

/**
 * Trains two models jointly so that their input-gradient explanations differ.
 * @example
 * ```ts
 * const { train: tr, test } = loadDecoyMnist({ seed: 0, limitPerClass: 300 });
 * const r = await trainSimultaneous({ model: { kind: 'mlp', hidden: [50, 30] }, train: tr, test, epochs: 4, lambda: 1 });
 * r.accuracy.map((a) => a.test); // one model may read the swatch, the other must look elsewhere
 * ```
 */
export async function trainSimultaneous(options: SimultaneousOptions): Promise<SimultaneousResult> {
  const t0 = performance.now();
  const seed = checkSeed(options.seed ?? 0);
  const lambda = options.lambda ?? 1;
  if (!(Number.isFinite(lambda) && lambda >= 0)) throw new RangeError(`lambda: must be a finite number >= 0, got ${options.lambda}`);
  const ds = options.train;
  const graph = compileLoss(jointLossGraph(options.model, ds.shape, ds.classes, lambda, seed, options.init));
  const params: ParamValues = Object.fromEntries(graph.params.map((p) => [p.name, p.values.slice()]));
  const { epochs } = await trainingLoop({
    runtime: options.runtime, graph, params, train: ds, epochs: options.epochs ?? 1, batchSize: options.batchSize ?? 64, seed,
    optimizer: createOptimizer(options.optimizer ?? 'adam', options.lr), onStep: options.onStep,
    afterEpoch: options.onEpoch, sessionOptions: options.sessionOptions, signal: options.signal,
  });
  const models = (['a', 'b'] as const).map((k, i) => {
    const own = Object.fromEntries(Object.entries(params).filter(([n]) => n.startsWith(`${k}/`)).map(([n, v]) => [n.slice(2), v]));
    const base = buildArchitecture(options.model, { inputShape: ds.shape, classes: ds.classes, seed: deriveSeed(seed, 1 + i), init: options.init });
    return withParameters(base, own);
  }) as [ModelProto, ModelProto];
  const acc: SimultaneousResult['accuracy'] = [];
  for (const m of models) {
    const live = new ParameterModel(m, {}, { runtime: options.runtime, sessionOptions: options.sessionOptions });
    try {
      const a: { train: number; test?: number } = { train: await datasetAccuracy(live, ds) };
      if (options.test) a.test = await datasetAccuracy(live, options.test);
      acc.push(a);
    } finally {
      await live.dispose();
    }
  }
  return { models, accuracy: acc, history: epochs, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Mean over the dataset of the squared cosine similarity of two models' input gradients
 * (d/dx sum_k log p_k): 1 = the same explanation direction, 0 = orthogonal.
 * @example const c2 = await explanationCosine2(modelA, modelB, test, runtime);
 */
export async function explanationCosine2(a: ModelProto | Uint8Array, b: ModelProto | Uint8Array, ds: Dataset, runtime: OrtRuntime): Promise<number> {
  const la = new ParameterModel(a instanceof Uint8Array ? decodeModel(a) : a, {}, { runtime });
  const lb = new ParameterModel(b instanceof Uint8Array ? decodeModel(b) : b, {}, { runtime });
  try {
    const x = { data: ds.x, shape: [ds.n, ...ds.shape] };
    const ga = (await explanationGradient(la, x, 'log-prob-sum')).data;
    const gb = (await explanationGradient(lb, x, 'log-prob-sum')).data;
    const d = ga.length / Math.max(ds.n, 1);
    let s = 0;
    for (let n = 0; n < ds.n; n++) {
      let dot = 0, na = 0, nb = 0;
      for (let i = n * d; i < (n + 1) * d; i++) { dot += ga[i]! * gb[i]!; na += ga[i]! * ga[i]!; nb += gb[i]! * gb[i]!; }
      s += (dot * dot) / (na * nb + 1e-12);
    }
    return ds.n ? s / ds.n : Number.NaN;
  } finally {
    await la.dispose();
    await lb.dispose();
  }
}
