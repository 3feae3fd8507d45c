/**
 * Text models on onnxruntime-node: `trainText` with the runtime filled in, and `loadTextModel`,
 * which opens a text classifier for explanations with its vocabulary (`vocab.json`) and card
 * (`card.json`) read from beside the model file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TokenizerError } from '@axplain/core';
import * as ort from '@axplain/ort';
import { nodeRuntime } from '../model/node-runtime.js';
import { ModelFileError } from '../model/errors.js';

export type TrainTextOptions = Omit<ort.TrainTextOptions, 'runtime'>;

/** `trainText` on onnxruntime-node. */
export const trainText = (o: TrainTextOptions): Promise<ort.TrainTextResult> => ort.trainText({ ...o, runtime: nodeRuntime });
/** Accuracy of a text model on token-id sequences, on onnxruntime-node. */
export const textAccuracy = (model: Parameters<typeof ort.textAccuracy>[1], ds: ort.TextDataset): Promise<number> => ort.textAccuracy(nodeRuntime, model, ds);

export type { TextCardSection, TextInput, TextModel } from '@axplain/ort';

/**
 * @example
 * const tm = await loadTextModel('models/spam/model.onnx');
 * const input = tm.encode(email);
 * const z = await tm.model.predict(input.ids);
 */
export async function loadTextModel(path: string, options: { vocab?: string; labels?: readonly string[] } = {}): Promise<ort.TextModel> {
  const dir = dirname(path);
  if (!existsSync(path)) throw new ModelFileError(path, 'no such file');
  const cardPath = join(dir, 'card.json');
  const card = existsSync(cardPath) ? (JSON.parse(readFileSync(cardPath, 'utf8')) as Record<string, unknown>) : undefined;
  const vocabPath = options.vocab ?? join(dir, ort.textCardSection(card)?.vocab ?? 'vocab.json');
  const vocab = () => {
    if (!existsSync(vocabPath)) throw new TokenizerError(`${vocabPath}: no such file; a text model needs its vocabulary (vocab.json beside the model, or pass --vocab)`);
    return readFileSync(vocabPath, 'utf8');
  };
  return ort.openTextModel(nodeRuntime, { model: new Uint8Array(readFileSync(path)), vocab, card, modelName: path, vocabName: vocabPath, cardName: cardPath }, { labels: options.labels });
}
