/**
 * Text models on onnxruntime-node: `trainText` with the runtime filled in, and `loadTextModel`,
 * which opens a text classifier for explanations with its vocabulary (`vocab.json`) and card
 * (`card.json`) read from beside the model file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type EmailEncoding, encodeEmail, type Tokenizer, TokenizerError, WordTokenizer } from '@axplain/core';
import * as ort from '@axplain/ort';
import { nodeRuntime } from '../model/node-runtime.js';
import { ModelFileError } from '../model/errors.js';

export type TrainTextOptions = Omit<ort.TrainTextOptions, 'runtime'>;

/** `trainText` on onnxruntime-node. */
export const trainText = (o: TrainTextOptions): Promise<ort.TrainTextResult> => ort.trainText({ ...o, runtime: nodeRuntime });
/** Accuracy of a text model on token-id sequences, on onnxruntime-node. */
export const textAccuracy = (model: Parameters<typeof ort.textAccuracy>[1], ds: ort.TextDataset): Promise<number> => ort.textAccuracy(nodeRuntime, model, ds);

/** The `text` section of a text model's card.json. */
export interface TextCardSection {
  tokenizer: 'word';
  vocab: string;
  /** How a text becomes ids: plain (first T tokens) or an email (header and content budgets). */
  encoding: { kind: 'plain' } | ({ kind: 'email' } & EmailEncoding);
}

/** One text as the model reads it. */
export interface TextInput {
  ids: Int32Array;
  tokens: string[];
  /** Header tokens come first (email encoding); 0 otherwise. */
  headerCount: number;
  /** Tokens of the text that did not fit the model's positions. */
  truncated: boolean;
}

export interface TextModel {
  model: ort.EmbeddingModel;
  tokenizer: Tokenizer;
  labels?: readonly string[];
  card?: Record<string, unknown>;
  /** Encodes a text as the card says (plain: the first T tokens). */
  encode(text: string): TextInput;
  dispose(): Promise<void>;
}

/**
 * @example
 * const tm = await loadTextModel('models/spam/model.onnx');
 * const input = tm.encode(email);
 * const z = await tm.model.predict(input.ids);
 */
export async function loadTextModel(path: string, options: { vocab?: string; labels?: readonly string[] } = {}): Promise<TextModel> {
  const dir = dirname(path);
  if (!existsSync(path)) throw new ModelFileError(path, 'no such file');
  const cardPath = join(dir, 'card.json');
  const card = existsSync(cardPath) ? (JSON.parse(readFileSync(cardPath, 'utf8')) as Record<string, unknown>) : undefined;
  const text = card?.text as TextCardSection | undefined;
  const labels = options.labels ?? (Array.isArray(card?.labels) ? (card!.labels as string[]) : undefined);
  // The model first: a model that is not a text model is the first thing to report.
  const model = await ort.createEmbeddingModel(new Uint8Array(readFileSync(path)), nodeRuntime, { labels, source: path });
  const vocabPath = options.vocab ?? join(dir, text?.vocab ?? 'vocab.json');
  let tokenizer: WordTokenizer;
  try {
    if (!existsSync(vocabPath)) throw new TokenizerError(`${vocabPath}: no such file; a text model needs its vocabulary (vocab.json beside the model, or pass --vocab)`);
    tokenizer = WordTokenizer.fromJSON(readFileSync(vocabPath, 'utf8'), vocabPath);
  } catch (e) {
    await model.dispose();
    throw e;
  }
  if (tokenizer.vocabSize > model.vocab) {
    await model.dispose();
    throw new TokenizerError(`${vocabPath}: has ${tokenizer.vocabSize} tokens but the model's embedding table has ${model.vocab} rows`);
  }
  const enc = text?.encoding ?? { kind: 'plain' as const };
  if (enc.kind === 'email' && enc.headerTokens + enc.contentTokens !== model.seqLength) {
    await model.dispose();
    throw new TokenizerError(`${cardPath}: email encoding of ${enc.headerTokens} + ${enc.contentTokens} tokens, but the model reads ${model.seqLength}`);
  }
  const encode = (s: string): TextInput => {
    if (enc.kind === 'email') {
      const e = encodeEmail(tokenizer, s, enc);
      return { ids: e.ids, tokens: e.tokens, headerCount: e.headerCount, truncated: e.truncated };
    }
    const e = tokenizer.encode(s, model.seqLength);
    return { ids: e.ids, tokens: e.tokens, headerCount: 0, truncated: e.total > e.tokens.length };
  };
  return { model, tokenizer, labels, card, encode, dispose: () => model.dispose() };
}
