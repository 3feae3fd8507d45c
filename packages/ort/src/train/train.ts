/**
 * `train`: fits a classifier (an architecture spec or a user's ONNX model) on a dataset with
 * axplain's own gradient graphs: any mix of the loss-graph terms (cross-entropy, Right for the
 * Right Reasons, double backpropagation, weight decay), an L1 penalty on the weights, and PGD
 * adversarial training. Checkpoints are plain inference ONNX files, written by the shell.
 */
import {
  buildLoss, compileLoss, crossEntropy, decodeModel, encodeModel, Graph, type LossTerm, type ModelProto, trainableParams, withParameters,
} from '@axplain/onnx';
import { checkInteger, checkSeed, createOptimizer, type Dataset, datasetAccuracy, deriveSeed, type OptimizerSpec, type ParamValues } from '@axplain/core';
import type { OrtRuntime } from '../model/runtime.js';
import type { AdapterSessionOptions } from '../model/session-runner.js';
import { adversarialExamples, type AdversarialTrainingOptions, resolveAdversarial } from './adversarial-examples.js';
import { type ArchitectureSpec, buildArchitecture } from './architectures.js';
import type { InitKind } from './initializers.js';
import { ParameterModel } from './parameter-model.js';
import { TrainingError } from './training-error.js';
import { adversarialSeed, type EpochLosses, type StepReport, trainingLoop } from './training-loop.js';

export interface TrainOptions {
  /** The onnxruntime the training and evaluation sessions run on (its CPU EP). */
  runtime: OrtRuntime;
  /**
   * What to train: an architecture spec (built with seeded initial weights), or an ONNX
   * classifier (a path read by `readModel`, its bytes or a ModelProto) whose float initializers
   * are trained from their current values (see `params`).
   */
  model: ArchitectureSpec | string | Uint8Array | ModelProto;
  /** Reads a model given as a path (the shell's file I/O; the node shell reads files). Needed when `model` is a string. */
  readModel?: (path: string) => ModelProto;
  /** Training set ([N, C, H, W] in [0, 1], labels; masks when a term is masked). */
  train: Dataset;
  /** Evaluation set: its accuracy is measured after every epoch and at the end. @defaultValue none */
  test?: Dataset;
  /** Loss-graph terms. @defaultValue [crossEntropy()] */
  terms?: LossTerm[];
  /**
   * L1 penalty lambda * sum |theta| on parameters (a number: on every trained parameter, as
   * Chalasani et al.'s baseline regularises all trainable variables); added outside the graph
   * with the subgradient lambda * sign(theta). @defaultValue none
   */
  l1?: number | { lambda: number; params?: string[] };
  /** Train on PGD examples made against the current parameters at every batch (Madry et al.). @defaultValue none */
  adversarial?: AdversarialTrainingOptions;
  /** @defaultValue 1 */
  epochs?: number;
  /** @defaultValue 64 */
  batchSize?: number;
  /** Learning rate. @defaultValue 1e-3 (Adam), 0.01 (SGD) */
  lr?: number;
  /** @defaultValue 'adam' */
  optimizer?: OptimizerSpec | 'adam' | 'sgd';
  /** Seed of the initial weights, the batch order and the PGD random starts. @defaultValue 0 */
  seed?: number;
  /** Initialiser of an architecture spec's weights. @defaultValue 'he-normal' */
  init?: InitKind;
  /** ONNX models: the initializers to train. @defaultValue `trainableParams(model)` (weights, biases, norm scales) */
  params?: string[];
  /** ONNX models: the input and logits output. @defaultValue the first graph input that is not an initializer, the first output */
  input?: string;
  output?: string;
  /** Called after every optimiser step. */
  onStep?: (r: StepReport) => void;
  /** Called after every epoch with its losses, test accuracy and checkpoint path. */
  onEpoch?: (r: EpochReport) => void;
  /** Write `epoch-<k>.onnx` into `dir` every `every` epochs (and after the last), through `saveCheckpoint`. @defaultValue none */
  checkpoints?: { dir: string; every?: number };
  /**
   * Writes a checkpoint's bytes as `name` in `dir` and returns its path (the shell's file I/O;
   * the node shell writes files). Needed with `checkpoints`.
   */
  saveCheckpoint?: (dir: string, name: string, bytes: Uint8Array) => string;
  /** onnxruntime session options of the training and evaluation sessions (CPU EP). @defaultValue { logSeverityLevel: 3 } */
  sessionOptions?: AdapterSessionOptions;
  signal?: AbortSignal;
}

export interface EpochReport extends EpochLosses {
  /** Test accuracy after the epoch (when `test` is given). */
  testAccuracy?: number;
  /** Path of the checkpoint written after the epoch. */
  checkpoint?: string;
}

export interface TrainResult {
  /** The trained inference model (the input model with its parameters replaced). */
  model: ModelProto;
  /** `encodeModel(model)`. */
  bytes: Uint8Array;
  /** Trained parameter values by initializer name. */
  params: ParamValues;
  /** Accuracy on the clean training set and on `test`. */
  accuracy: { train: number; test?: number };
  history: EpochReport[];
  steps: number;
  /** Wall time of the whole run (graph compilation, training, evaluation). */
  seconds: number;
  /** Input and logits names, per-sample input shape and classes. */
  input: string;
  output: string;
  inputShape: number[];
  classes: number;
}

const isSpec = (m: TrainOptions['model']): m is ArchitectureSpec =>
  typeof m === 'object' && m !== null && !(m instanceof Uint8Array) && typeof (m as { kind?: unknown }).kind === 'string';

/** The inference model to train, from a spec or an ONNX model, checked against the dataset. */
export function resolveModel(o: Pick<TrainOptions, 'model' | 'readModel' | 'train' | 'seed' | 'init' | 'input' | 'output'>): { inference: ModelProto; input: string; output: string } {
  const ds = o.train;
  if (isSpec(o.model)) {
    const inference = buildArchitecture(o.model, { inputShape: ds.shape, classes: ds.classes, seed: deriveSeed(o.seed ?? 0, 1), init: o.init });
    return { inference, input: 'input', output: 'logits' };
  }
  if (typeof o.model === 'string' && !o.readModel) throw new TypeError(`model: '${o.model}' is a path; pass readModel to read it, or the model's bytes`);
  const m = typeof o.model === 'string' ? o.readModel!(o.model) : o.model instanceof Uint8Array ? decodeModel(o.model) : o.model;
  const gr = m.graph!;
  const inits = new Set((gr.initializer ?? []).map((t) => t.name));
  const input = o.input ?? (gr.input ?? []).find((i) => !inits.has(i.name))?.name;
  const output = o.output ?? gr.output?.[0]?.name;
  if (!input || !output) throw new TrainingError(`the model has no ${input ? 'output' : 'input'} to train against`);
  const g = new Graph(m);
  const xs = g.info(input).shape;
  const zs = g.info(output).shape;
  const want = ds.shape.join(', ');
  if (xs.length !== 4 || xs.slice(1).join(', ') !== want)
    throw new TrainingError(`the model's input '${input}' is [${xs.join(', ')}] but the dataset's samples are [${want}]; pick a dataset of that shape or a model taking [N, ${want}]`);
  if (typeof xs[0] === 'number')
    throw new TrainingError(`the model's input '${input}' has a fixed batch size ${xs[0]}; training feeds mini-batches, so the batch axis must be symbolic (e.g. 'N')`);
  if (zs.length !== 2 || zs[1] !== ds.classes)
    throw new TrainingError(`the model's output '${output}' is [${zs.join(', ')}] but the dataset has ${ds.classes} classes; the logits must be [N, ${ds.classes}]`);
  return { inference: m, input, output };
}

const positiveInt = (v: number, name: string): number => checkInteger(name, v, { min: 1 });

/**
 * Trains a classifier and returns the trained inference model with its accuracies.
 * @example
 * ```ts
 * import { loadMnist, train } from '@axplain/node'; // @axplain/node's train passes its runtime
 * import { crossEntropy, encodeModel } from '@axplain/onnx';
 * const { train: tr, test } = loadMnist({ seed: 0 });
 * const r = await train({ model: { kind: 'mlp', hidden: [128] }, train: tr, test, epochs: 3, seed: 0, terms: [crossEntropy()] });
 * console.log(r.accuracy); // { train: 0.97..., test: 0.93... }
 * writeFileSync('mnist-mlp.onnx', r.bytes);
 * ```
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const t0 = performance.now();
  const seed = checkSeed(options.seed ?? 0);
  const epochs = positiveInt(options.epochs ?? 1, 'epochs');
  const batchSize = positiveInt(options.batchSize ?? 64, 'batchSize');
  const ds = options.train;
  if (ds.n === 0) throw new RangeError('train: the training set is empty');
  if (options.test && options.test.shape.join() !== ds.shape.join()) throw new RangeError(`test: samples are [${options.test.shape.join(', ')}], the training set's [${ds.shape.join(', ')}]`);
  const adversarial = options.adversarial ? resolveAdversarial(options.adversarial) : undefined;
  const { inference, input, output } = resolveModel(options);
  const names = options.params ?? trainableParams(inference);
  const graph = compileLoss(buildLoss(inference, { input, output, params: names, terms: options.terms ?? [crossEntropy()] }));
  const params: ParamValues = Object.fromEntries(graph.params.map((p) => [p.name, p.values.slice()]));
  const l1 = typeof options.l1 === 'number' ? { lambda: options.l1, params: names } : options.l1 ? { lambda: options.l1.lambda, params: options.l1.params ?? names } : undefined;
  if (l1 && !(Number.isFinite(l1.lambda) && l1.lambda >= 0)) throw new RangeError(`l1: lambda must be a finite number >= 0, got ${l1.lambda}`);
  const optimizer = createOptimizer(options.optimizer ?? 'adam', options.lr);
  const every = options.checkpoints?.every ?? 1;
  if (options.checkpoints) positiveInt(every, 'checkpoints.every');
  if (options.checkpoints && !options.saveCheckpoint) throw new TypeError('saveCheckpoint: checkpoints need a function that writes them (the node shell passes one)');
  const { runtime } = options;
  const live = new ParameterModel(inference, params, { runtime, input, output, sessionOptions: options.sessionOptions });
  const history: EpochReport[] = [];
  try {
    const { steps } = await trainingLoop({
      runtime, graph, params, train: ds, epochs, batchSize, seed, optimizer, l1, onStep: options.onStep, sessionOptions: options.sessionOptions, signal: options.signal,
      transform: adversarial ? (x, y, step) => adversarialExamples((a, b) => live.crossEntropyGradient(a, b), x, y, adversarial, adversarialSeed(seed, step)) : undefined,
      afterEpoch: async (r) => {
        const rep: EpochReport = { ...r };
        if (options.test) rep.testAccuracy = await datasetAccuracy(live, options.test);
        if (options.checkpoints && ((r.epoch + 1) % every === 0 || r.epoch + 1 === epochs)) {
          rep.checkpoint = options.saveCheckpoint!(options.checkpoints.dir, `epoch-${r.epoch + 1}.onnx`, encodeModel(withParameters(inference, params)));
        }
        history.push(rep);
        options.onEpoch?.(rep);
      },
    });
    const acc: TrainResult['accuracy'] = { train: await datasetAccuracy(live, ds) };
    if (options.test) acc.test = history.at(-1)?.testAccuracy ?? (await datasetAccuracy(live, options.test));
    const model = withParameters(inference, params);
    return {
      model, bytes: encodeModel(model), params, accuracy: acc, history, steps, seconds: (performance.now() - t0) / 1000,
      input, output, inputShape: [...live.inputShape], classes: live.classes,
    };
  } finally {
    await live.dispose();
  }
}
