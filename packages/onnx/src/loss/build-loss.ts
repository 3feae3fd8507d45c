/**
 * Builds the loss graph of a classifier for training: the inference model, the loss terms, and
 * for input-gradient penalties the model's own input-gradient graph spliced in (so compiling the
 * loss with respect to the parameters is double backpropagation).
 */
import { compile } from '../compile.js';
import type { Dim } from '../dims.js';
import { Emitter } from '../emit/emitter.js';
import { Graph } from '../graph.js';
import { valueInfo } from '../model-builder.js';
import { decodeModel, DT, isFloatType, type ModelProto, type NodeProto } from '../proto.js';
import { flushEmitter, namedIdentity } from './graph-edit.js';
import { LossGraphError } from './loss-graph-error.js';
import { paramsToInputs, type TrainableParam, trainableParams } from './params.js';
import { seedCotangent } from './seed-cotangent.js';
import { type BatchReduction, crossEntropy, type ExampleFunction, type LossTerm, termNames } from './terms.js';

export interface BuildLossOptions {
  /** The classifier's float input x, batch first. @defaultValue the first graph input that is not an initializer */
  input?: string;
  /** The logits output, shaped [N, C]. @defaultValue the first graph output */
  output?: string;
  /** Initializers to train; they become graph inputs. @defaultValue `trainableParams(model)` */
  params?: string[];
  /** Terms summed into the loss. @defaultValue `[crossEntropy()]` */
  terms?: LossTerm[];
  /**
   * The float tensor the input-gradient terms (RRR, double backpropagation) differentiate with
   * respect to, and the mask is shaped like: an intermediate tensor, e.g. the output of a text
   * model's embedding Gather (token ids are not differentiable). With it, `input` may be an
   * integer tensor. @defaultValue `input`
   */
  gradientOf?: string;
}

/** A loss model and the names a trainer feeds and reads. */
export interface LossGraph {
  /**
   * Inputs: `x`, `labels`, `mask` (when a term is masked), then the parameters. Outputs: `loss`,
   * one output per term (its weighted value, `loss_${name}`), and `logits`.
   */
  model: ModelProto;
  x: string;
  /** Float labels [N, C]: one-hot rows (or soft labels summing to 1). */
  labels: string;
  /** Annotation mask shaped like x (1 = "should not matter"); present when a term is masked. */
  mask?: string;
  /** The scalar loss output. */
  loss: string;
  /** Output of each term's weighted value, in `terms` order. */
  terms: { name: string; output: string }[];
  logits: string;
  /** The trained parameters (graph inputs) with their starting values. */
  params: TrainableParam[];
}

/**
 * Builds the training loss of an inference model: loss = sum of weighted terms (cross-entropy,
 * log-probability sums, masked or plain input-gradient penalties, weight decay). Parameters
 * become graph inputs named like their initializers, so a trainer feeds Float32Arrays and writes
 * them back with `withParameters`. `compileLoss` adds the parameter gradients.
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { buildLoss, compileLoss, crossEntropy, rightReasons, weightDecay } from '@axplain/onnx';
 * const lossGraph = buildLoss(readFileSync('models/mnist-mlp/model.onnx'), {
 *   terms: [crossEntropy(), rightReasons(1000), weightDecay(1e-4)],
 * });
 * const train = compileLoss(lossGraph);
 * // feed x [N,1,28,28], labels [N,10] (one-hot), mask [N,1,28,28] and each parameter;
 * // read train.loss and train.grads[name] for every parameter name.
 * ```
 */
export function buildLoss(model: Uint8Array | ModelProto, options: BuildLossOptions = {}): LossGraph {
  const src = model instanceof Uint8Array ? decodeModel(model) : model;
  const gr = src.graph!;
  const terms = options.terms ?? [crossEntropy()];
  if (terms.length === 0) throw new RangeError('options.terms: no loss terms; pass at least one, e.g. [crossEntropy()]');
  const names = termNames(terms);
  for (const t of terms)
    if (t.weight !== undefined && !Number.isFinite(t.weight)) throw new RangeError(`options.terms: term '${t.name ?? t.kind}' has weight ${t.weight}; weights must be finite`);
  const inits = new Set((gr.initializer ?? []).map((t) => t.name!));
  const x = options.input ?? (gr.input ?? []).find((i) => !inits.has(i.name!))?.name;
  if (!x || !(gr.input ?? []).some((i) => i.name === x) || inits.has(x))
    throw new RangeError(`options.input: ${x ? `'${x}' is not a graph input of the model` : 'the model has no graph input that is not an initializer'}`);
  const logits = options.output ?? gr.output?.[0]?.name;
  if (!logits || !(gr.output ?? []).some((o) => o.name === logits))
    throw new RangeError(`options.output: ${logits ? `'${logits}' is not a graph output` : 'the model has no outputs'} (outputs: ${(gr.output ?? []).map((o) => o.name).join(', ')})`);
  const paramNames = options.params ?? trainableParams(src);
  for (const t of terms)
    if (t.kind === 'weight-decay')
      for (const p of t.params ?? [])
        if (!paramNames.includes(p)) throw new RangeError(`options.terms: weight decay names '${p}', which is not a trained parameter (params: ${paramNames.join(', ')})`);
  const emptyDecay = terms.some((t) => t.kind === 'weight-decay' && (t.params ?? paramNames).length === 0);
  if (emptyDecay) throw new RangeError('options.terms: weight decay over no parameters; name some in `params`');

  const opened = paramsToInputs(src, paramNames);
  const params = opened.params;
  let m = opened.model;

  // 1. Inputs, log-probabilities, per-example functions and their batch sums.
  let g = new Graph(m);
  let e = new Emitter(g, 'axplain_loss');
  const z = g.info(logits);
  const gradOf = options.gradientOf ?? x;
  if (options.gradientOf !== undefined && !g.tryInfo(gradOf)) throw new RangeError(`options.gradientOf: no tensor named '${gradOf}' in the model`);
  const xi = g.info(gradOf);
  if (z.shape.length !== 2 || !isFloatType(z.elemType))
    throw new LossGraphError(`output '${logits}' has shape [${z.shape.join(', ')}]; the loss needs float logits shaped [N, C] (pass \`output\` to pick another output)`);
  if (xi.shape.length < 2 || !isFloatType(xi.elemType))
    throw new LossGraphError(`${gradOf === x ? 'input' : 'gradientOf'} '${gradOf}' has shape [${xi.shape.join(', ')}]; the loss needs a float ${gradOf === x ? 'input' : 'tensor'} with a batch axis first`);
  const labels = addInput(m, g, 'labels', z.shape);
  const needsMask = terms.some((t) => t.kind === 'input-gradient' && t.masked);
  const mask = needsMask ? addInput(m, g, 'mask', xi.shape) : undefined;
  const logp = e.op1('LogSoftmax', [logits], { axis: 1 });
  const perExample = new Map<ExampleFunction, string>();
  const example = (f: ExampleFunction): string => {
    if (!perExample.has(f))
      perExample.set(f, f === 'cross-entropy' ? e.neg(e.reduceSum(e.mul(labels, logp), [1], false)) : e.reduceSum(logp, [1], false));
    return perExample.get(f)!;
  };
  const batchSums = new Map<ExampleFunction, string>();
  for (const t of terms) {
    if (t.kind === 'cross-entropy' || t.kind === 'log-prob-sum') example(t.kind);
    if (t.kind === 'input-gradient' && !batchSums.has(t.of)) batchSums.set(t.of, e.reduceSum(example(t.of), [0], false));
  }
  flushEmitter(m, e);

  // 2. The input gradient of each differentiated function, spliced in with a constant seed.
  const inputGrads = new Map<ExampleFunction, string>();
  for (const [f, s] of batchSums) {
    // portable: the input gradient is differentiated again (a MaxPool scatter has no cheap gradient).
    const res = compile(m, { wrt: [gradOf], of: s, portable: true });
    m = res.model;
    seedCotangent(m, res.cotangentInput);
    const gx = res.gradOutputs[0]!;
    m.graph!.output = m.graph!.output!.filter((o) => o.name !== gx);
    inputGrads.set(f, gx);
  }

  // 3. The terms and their sum.
  g = new Graph(m);
  e = new Emitter(g, 'axplain_loss');
  const batch = (v: string, r: BatchReduction = 'mean'): string => (r === 'sum' ? e.reduceSum(v, [0], false) : e.reduce('ReduceMean', v, [0], false));
  const inner = Array.from({ length: xi.shape.length - 1 }, (_, i) => i + 1);
  const sumSquares = (p: string): string => (e.rank(p) === 0 ? e.mul(p, p) : e.reduce('ReduceSumSquare', p, Array.from({ length: e.rank(p) }, (_, i) => i), false));
  const values = terms.map((t): string => {
    switch (t.kind) {
      case 'cross-entropy':
      case 'log-prob-sum':
        return batch(perExample.get(t.kind)!, t.reduction);
      case 'input-gradient': {
        const gx = inputGrads.get(t.of)!;
        const v = t.masked ? e.mul(mask!, gx) : gx;
        const pen = t.penalty === 'abs' ? e.reduce('ReduceL1', v, inner, false) : e.reduce('ReduceSumSquare', v, inner, false);
        return batch(t.penalty === 'half-squared' ? e.scale(pen, 0.5) : pen, t.reduction);
      }
      case 'weight-decay':
        return e.sum((t.params ?? paramNames).map(sumSquares));
    }
  });
  const termOutputs = terms.map((t, i) => ({ name: names[i]!, output: namedIdentity(e, g, e.scale(values[i]!, t.weight ?? 1), `loss_${names[i]}`) }));
  const loss = namedIdentity(e, g, e.sum(termOutputs.map((t) => t.output)), 'loss');
  flushEmitter(m, e);
  m.graph!.output = [loss, ...termOutputs.map((t) => t.output), logits].map((o) => valueInfo(o, g.info(o).elemType, g.info(o).shape));
  const isParam = new Set(paramNames);
  m.graph!.input = [...m.graph!.input!.filter((i) => !isParam.has(i.name!)), ...m.graph!.input!.filter((i) => isParam.has(i.name!))];
  return { model: m, x, labels, ...(mask ? { mask } : {}), loss, terms: termOutputs, logits, params };
}

/** Adds a float graph input (renamed `name_1`... if the model uses the name). */
function addInput(m: ModelProto, g: Graph, name: string, shape: readonly Dim[]): string {
  const n = g.freshExact(name);
  m.graph!.input = [...(m.graph!.input ?? []), valueInfo(n, DT.FLOAT, shape)];
  g.setInfo(n, { elemType: DT.FLOAT, shape: [...shape] });
  return n;
}

