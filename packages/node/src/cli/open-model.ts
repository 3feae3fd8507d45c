/**
 * What every image command does before its method runs: read the model file, its class names and
 * preprocessing (flag, file beside the model, ONNX metadata, or inferred — the last said in one
 * line on stderr), load it, and check the spec fits the input.
 */
import { checkSpecShape, type GradientModel, type PreprocessSpec } from '@axplain/core';
import type { OnnxGradientModel } from '@axplain/ort';
import { checkPreprocessOption, choosePreprocessing, type PreprocessingChoice } from '../image/choose-preprocessing.js';
import { loadModel } from '../model/load-model.js';
import { readLabels } from '../model/read-labels.js';
import { readModelFile } from './io.js';
import { asFlagError, type ModelIoFlags } from './model-io-flags.js';
import { isModelList, openChainedModel } from './open-chain.js';

export interface ModelFlags extends ModelIoFlags { model: string; ep: string[]; preprocess?: string; labels?: string }

/** What the commands use of a loaded model: one ONNX model, or a chain of them (`--model a,b,c`). */
export type CliModel = GradientModel & Pick<OnnxGradientModel, 'executionProvider' | 'fallbacks' | 'outputNote' | 'outputName' | 'nodes' | 'cache' | 'labelSource' | 'metadata' | 'outputShape' | 'feeds'>;

export interface OpenedModel {
  model: CliModel;
  spec: PreprocessSpec;
  preprocessing: PreprocessingChoice;
}

/**
 * Opens `flags.model` as the CLI does; everything that can be checked before loading is (the
 * model file, the preprocess flag, the labels file). Call `model.dispose()` when done.
 */
export async function openModel(flags: ModelFlags, beforeLoad?: () => Promise<void> | void): Promise<OpenedModel> {
  if (isModelList(flags.model)) return openChainedModel(flags, beforeLoad);
  const bytes = readModelFile(flags.model);
  await checkPreprocessOption(flags.preprocess);
  const labels = await readLabels(flags.model, flags.labels);
  await beforeLoad?.();
  const model = await loadModel(bytes, { executionProviders: flags.ep, labels, inputShape: flags.inputShape, input: flags.wrt, feeds: flags.feed, source: flags.model }).catch((e: unknown) => {
    throw asFlagError(e);
  });
  try {
    if (model.feedNote) process.stderr.write(`axplain: note: ${model.feedNote}\n`);
    const preprocessing = await choosePreprocessing(model, { preprocess: flags.preprocess, modelPath: flags.model });
    for (const note of preprocessing.notes) process.stderr.write(`axplain: note: ${note}\n`);
    checkSpecShape(preprocessing.spec, model.inputShape, `preprocessing for ${flags.model}`);
    return { model, spec: preprocessing.spec, preprocessing };
  } catch (e) {
    await model.dispose();
    throw e;
  }
}

/** `3 (tench)` when the model has class names, else `3`. */
export const className = (model: { labels?: readonly string[] }, c: number): string => (model.labels?.[c] ? `${c} (${model.labels[c]})` : String(c));
