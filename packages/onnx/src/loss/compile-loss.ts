/** Compiles a loss graph with respect to its parameters: the training graph. */
import { compile } from '../compile.js';
import type { ModelProto } from '../proto.js';
import type { LossGraph } from './build-loss.js';
import { seedCotangent } from './seed-cotangent.js';

/** A training graph: the loss graph's inputs and outputs plus one gradient output per parameter. */
export interface TrainingGraph extends Omit<LossGraph, 'model'> {
  /** Needs no cotangent: d(loss)/d(param) comes out directly. */
  model: ModelProto;
  /** Gradient output of each parameter, by parameter name. */
  grads: Record<string, string>;
}

/**
 * Adds d(loss)/d(param) outputs to a loss graph (second order where the loss holds input
 * gradients: every op of the spliced gradient graph is differentiated again).
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-node';
 * import { buildLoss, compileLoss, encodeModel } from '@axplain/onnx';
 * const train = compileLoss(buildLoss(inferenceModel));
 * const session = await ort.InferenceSession.create(encodeModel(train.model));
 * const out = await session.run(feeds); // feeds: x, labels and every train.params[i].name
 * const dW1 = out[train.grads.W1!].data as Float32Array;
 * ```
 */
export function compileLoss(lossGraph: LossGraph): TrainingGraph {
  const { model, ...rest } = lossGraph;
  if (lossGraph.params.length === 0) throw new RangeError('lossGraph.params: no trained parameters; build the loss with `params` naming some initializers');
  const res = compile(model, { wrt: lossGraph.params.map((p) => p.name), of: lossGraph.loss });
  seedCotangent(res.model, res.cotangentInput);
  const grads = Object.fromEntries(res.wrt.map((p, i) => [p, res.gradOutputs[i]!]));
  return { ...rest, model: res.model, grads };
}
