/**
 * Which preprocessing a model gets, and where it came from: what the user asked for (a preset or
 * a spec file), else a spec beside the model file, else the model's ONNX image metadata, else
 * inferred from the input shape — the last one said out loud, since a wrong guess silently
 * changes every prediction.
 */
import {
  imageMetadataSpec, inferPreprocessSpec, isPreprocessPreset, parsePreprocessSpec, PREPROCESS_PRESET_NAMES, PreprocessSpecError, presetSpec,
  type PreprocessSpec,
} from '@axplain/core';
import { findPreprocessSpec, readSpecJson } from './read-preprocess-spec.js';

export interface PreprocessingChoice {
  spec: PreprocessSpec;
  /** Where the spec came from, e.g. "preset 'imagenet'", 'models/x/card.json', 'model metadata (...)'. */
  source: string;
  /** True when nothing said how to preprocess and the spec was guessed from the input shape. */
  inferred: boolean;
  /** Lines worth telling the user: the inference warning, metadata the spec cannot honour. */
  notes: string[];
}

export interface ChoosePreprocessingOptions {
  /** A preset name (imagenet, caffe, inception, unit) or the path of a spec JSON file. */
  preprocess?: string;
  /** The model's file: a `<model>.preprocess.json` or `card.json` beside it is read. */
  modelPath?: string;
  /** The flag's name in messages. @defaultValue '--preprocess' */
  flagName?: string;
}

/**
 * The preprocessing for `model` (its `inputShape`, and `metadata` when it has ONNX image metadata).
 * @example
 * const { spec, notes } = await choosePreprocessing(model, { modelPath: 'net.onnx', preprocess: 'imagenet' });
 */
export async function choosePreprocessing(
  model: { inputShape: readonly number[]; metadata?: Readonly<Record<string, string>> },
  options: ChoosePreprocessingOptions = {},
): Promise<PreprocessingChoice> {
  const flag = options.flagName ?? '--preprocess';
  if (options.preprocess !== undefined) {
    if (isPreprocessPreset(options.preprocess)) return { spec: presetSpec(options.preprocess, model.inputShape), source: `preset '${options.preprocess}'`, inferred: false, notes: [] };
    return { spec: await readSpecFile(options.preprocess), source: options.preprocess, inferred: false, notes: [] };
  }
  if (options.modelPath) {
    const found = await findPreprocessSpec(options.modelPath);
    if (found) return { spec: found.spec, source: found.file, inferred: false, notes: [] };
  }
  const meta = model.metadata ? imageMetadataSpec(model.metadata, model.inputShape) : undefined;
  if (meta) return { spec: meta.spec, source: `model metadata (${meta.read.join(', ')})`, inferred: false, notes: meta.notes };
  const spec = inferPreprocessSpec(model.inputShape);
  return {
    spec, source: 'inferred from the input shape', inferred: true,
    notes: [
      `preprocessing inferred from the input shape [${model.inputShape.join(', ')}]: pixels in [0, 1], no mean or std, stretched; ` +
        `if the model was trained otherwise, give ${flag} ${PREPROCESS_PRESET_NAMES.join('|')} or a spec file`,
    ],
  };
}

/** Checks a preset name or spec file before a model is loaded (errors first, nothing loaded). */
export async function checkPreprocessOption(value: string | undefined): Promise<void> {
  if (value !== undefined && !isPreprocessPreset(value)) await readSpecFile(value);
}

async function readSpecFile(file: string): Promise<PreprocessSpec> {
  const json = await readSpecJson(file);
  if (json === undefined) throw new PreprocessSpecError(file, '', `is neither a preset (${PREPROCESS_PRESET_NAMES.join(', ')}) nor an existing spec file`);
  return parsePreprocessSpec(json, file);
}
