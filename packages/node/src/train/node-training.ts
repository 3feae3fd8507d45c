/**
 * @axplain/ort's training on onnxruntime-node: the same functions and classes with the runtime
 * filled in, models given by path read from disk and checkpoints written as files.
 */
import type { Dataset, ParamValues } from '@axplain/core';
import type { ModelProto } from '@axplain/onnx';
import * as ort from '@axplain/ort';
import { nodeRuntime } from '../model/node-runtime.js';
import { readTrainModel, saveCheckpoint } from './checkpoints.js';

/** Options of the trainers without the runtime (always onnxruntime-node); a model may also be a path. */
export type TrainOptions = Omit<ort.TrainOptions, 'runtime' | 'saveCheckpoint' | 'readModel'>;
export type FindAnotherOptions = Omit<ort.FindAnotherOptions, 'runtime' | 'saveCheckpoint' | 'readModel'>;
export type SimultaneousOptions = Omit<ort.SimultaneousOptions, 'runtime'>;
export type TrainingLoopOptions = Omit<ort.TrainingLoopOptions, 'runtime'>;
export type ParameterModelOptions = Omit<ort.ParameterModelOptions, 'runtime'>;

const onNode = <T>(o: T) => ({ ...o, runtime: nodeRuntime, saveCheckpoint, readModel: readTrainModel });

/**
 * Trains a classifier on onnxruntime-node and returns the trained inference model with its accuracies.
 * @example
 * ```ts
 * import { loadMnist, train } from '@axplain/node';
 * import { crossEntropy } from '@axplain/onnx';
 * const { train: tr, test } = loadMnist({ seed: 0 });
 * const r = await train({ model: { kind: 'mlp', hidden: [128] }, train: tr, test, epochs: 3, seed: 0, terms: [crossEntropy()], checkpoints: { dir: 'runs' } });
 * console.log(r.accuracy); // { train: 0.97..., test: 0.93... }
 * ```
 */
export const train = (options: TrainOptions): Promise<ort.TrainResult> => ort.train(onNode(options));

/**
 * The inference model to train (a spec, bytes, a ModelProto or a path), checked against the dataset.
 * @example const { inference, input, output } = resolveModel({ model: 'mnist.onnx', train: ds });
 */
export const resolveModel = (o: Pick<TrainOptions, 'model' | 'train' | 'seed' | 'init' | 'input' | 'output'>): ReturnType<typeof ort.resolveModel> =>
  ort.resolveModel({ ...o, readModel: readTrainModel });

/**
 * Ross et al.'s find-another-explanation rounds, trained on onnxruntime-node.
 * @example const { rounds } = await findAnotherExplanation({ model: { kind: 'mlp', hidden: [50] }, train: decoy.train, rounds: 2 });
 */
export const findAnotherExplanation = (options: FindAnotherOptions): ReturnType<typeof ort.findAnotherExplanation> => ort.findAnotherExplanation(onNode(options));

/**
 * Two models trained together with a penalty on the similarity of their explanations, on onnxruntime-node.
 * @example const { models } = await trainSimultaneous({ model: { kind: 'mlp', hidden: [50] }, train: tr, lambda: 1 });
 */
export const trainSimultaneous = (options: SimultaneousOptions): Promise<ort.SimultaneousResult> => ort.trainSimultaneous({ ...options, runtime: nodeRuntime });

/**
 * The mini-batch training loop on onnxruntime-node's CPU EP.
 * @example await trainingLoop({ graph, params, train, epochs: 2, batchSize: 64, seed: 0, optimizer: new Adam() });
 */
export const trainingLoop = (options: TrainingLoopOptions): ReturnType<typeof ort.trainingLoop> => ort.trainingLoop({ ...options, runtime: nodeRuntime });

/**
 * Mean squared cosine of two models' input gradients over a dataset, on onnxruntime-node.
 * @example const c2 = await explanationCosine2(modelA, modelB, test);
 */
export const explanationCosine2 = (a: ModelProto | Uint8Array, b: ModelProto | Uint8Array, ds: Dataset): Promise<number> =>
  ort.explanationCosine2(a, b, ds, nodeRuntime);

/**
 * A `GradientModel` on live parameter arrays, run on onnxruntime-node.
 * @example
 * ```ts
 * const live = new ParameterModel(inference, params);
 * const z = await live.logits(x); // with the current values of params
 * ```
 */
export class ParameterModel extends ort.ParameterModel {
  constructor(inference: ModelProto, params: ParamValues, options: ParameterModelOptions = {}, labels?: readonly string[]) {
    super(inference, params, { ...options, runtime: nodeRuntime }, labels);
  }
}
