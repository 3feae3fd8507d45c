/**
 * `--model a.onnx,b.onnx,c.onnx`: a comma list of models run in turn (a chain). Each file is
 * checked before anything loads; the class names and preprocessing are read as for one model
 * (class names beside the last part, preprocessing beside the first).
 */
import { checkSpecShape } from '@axplain/core';
import { checkPreprocessOption, choosePreprocessing } from '../image/choose-preprocessing.js';
import { loadChain } from '../model/load-chain.js';
import { loadModel } from '../model/load-model.js';
import { readLabels } from '../model/read-labels.js';
import { readModelFile } from './io.js';
import type { CliModel, ModelFlags, OpenedModel } from './open-model.js';
import { CliError } from './run.js';

/** The files of a `--model` value: one path, or a comma list of two or more. */
export function modelPaths(flag: string): string[] {
  const paths = flag.split(',').map((p) => p.trim());
  if (paths.some((p) => p === '')) throw new CliError(`--model: empty entry in the comma list '${flag}'; give a.onnx,b.onnx,... with no empty parts`);
  return paths;
}

/** Whether `--model` names a chain of models. */
export const isModelList = (flag: string): boolean => flag.includes(',');

/** Loads the single model or the chain `flags.model` names, with no preprocessing (audio, tensors). */
export async function openTensorModel(flags: ModelFlags, beforeLoad?: () => Promise<void> | void): Promise<CliModel> {
  const paths = modelPaths(flags.model);
  for (const p of paths) readModelFile(p);
  const labels = await readLabels(paths[paths.length - 1]!, flags.labels);
  await beforeLoad?.();
  return paths.length === 1 ? loadModel(paths[0]!, { executionProviders: flags.ep, labels }) : loadChain(paths, { executionProviders: flags.ep, labels });
}

/** `openModel` for a chain: the image commands on a pipeline whose first part takes the image. */
export async function openChainedModel(flags: ModelFlags, beforeLoad?: () => Promise<void> | void): Promise<OpenedModel> {
  const paths = modelPaths(flags.model);
  await checkPreprocessOption(flags.preprocess);
  const model = await openTensorModel(flags, beforeLoad);
  try {
    const preprocessing = await choosePreprocessing(model, { preprocess: flags.preprocess, modelPath: paths[0] });
    for (const note of preprocessing.notes) process.stderr.write(`axplain: note: ${note}\n`);
    checkSpecShape(preprocessing.spec, model.inputShape, `preprocessing for ${paths[0]}`);
    return { model, spec: preprocessing.spec, preprocessing };
  } catch (e) {
    await model.dispose();
    throw e;
  }
}
