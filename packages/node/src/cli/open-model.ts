/**
 * What every image command does before its method runs: read the model file, its class names and
 * preprocessing (flag, file beside the model, ONNX metadata, or inferred — the last said in one
 * line on stderr), load it, and check the spec fits the input.
 */
import { checkSpecShape, type PreprocessSpec } from '@axplain/core';
import { checkPreprocessOption, choosePreprocessing, type PreprocessingChoice } from '../image/choose-preprocessing.js';
import { loadModel } from '../model/load-model.js';
import { readLabels } from '../model/read-labels.js';
import { readModelFile } from './io.js';
import { asFlagError, type ModelIoFlags } from './model-io-flags.js';

export interface ModelFlags extends ModelIoFlags { model: string; ep: string[]; preprocess?: string; labels?: string }

export interface OpenedModel {
  model: Awaited<ReturnType<typeof loadModel>>;
  spec: PreprocessSpec;
  preprocessing: PreprocessingChoice;
}

/**
 * Opens `flags.model` as the CLI does; everything that can be checked before loading is (the
 * model file, the preprocess flag, the labels file). Call `model.dispose()` when done.
 */
export async function openModel(flags: ModelFlags, beforeLoad?: () => Promise<void> | void): Promise<OpenedModel> {
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
