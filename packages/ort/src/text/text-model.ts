/**
 * A text classifier with its vocabulary and card, on any onnxruntime (Node or web): the model
 * opened at its embedding (`createEmbeddingModel`), the word tokenizer read from vocab.json and
 * the encoding the card names (plain: the first T tokens; email: header and content budgets).
 * `@axplain/node` and `@axplain/web` read the files; this checks them against each other.
 */
import { type EmailEncoding, encodeEmail, type Tokenizer, TokenizerError, WordTokenizer } from '@axplain/core';
import type { ModelProto } from '@axplain/onnx';
import { createEmbeddingModel, type EmbeddingModel, type EmbeddingModelOptions } from '../model/embedding-model.js';
import type { OrtRuntime } from '../model/runtime.js';

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
  model: EmbeddingModel;
  tokenizer: Tokenizer;
  labels?: readonly string[];
  card?: Record<string, unknown>;
  /** Encodes a text as the card says (plain: the first T tokens). */
  encode(text: string): TextInput;
  dispose(): Promise<void>;
}

export interface OpenTextModelParts {
  /** The model (ONNX bytes or decoded). */
  model: Uint8Array | ModelProto;
  /** The vocabulary: vocab.json's text or parsed value, or a function giving it (called once the model has opened). */
  vocab: unknown;
  /** card.json, parsed, when there is one. */
  card?: Record<string, unknown>;
  /** Names in messages. */
  modelName: string;
  vocabName: string;
  cardName?: string;
}

export interface OpenTextModelOptions extends Pick<EmbeddingModelOptions, 'executionProviders' | 'sessionOptions' | 'maxBatch'> {
  /** Class names. @defaultValue the card's labels */
  labels?: readonly string[];
}

/** The card's `text` section, or undefined. */
export function textCardSection(card: Record<string, unknown> | undefined): TextCardSection | undefined {
  return card?.text as TextCardSection | undefined;
}

/**
 * @example
 * const tm = await openTextModel(runtime, { model: bytes, vocab: vocabJson, card, modelName: 'spam/model.onnx', vocabName: 'spam/vocab.json' });
 * const z = await tm.model.predict(tm.encode(email).ids);
 */
export async function openTextModel(runtime: OrtRuntime, parts: OpenTextModelParts, options: OpenTextModelOptions = {}): Promise<TextModel> {
  const { card } = parts;
  const text = textCardSection(card);
  const labels = options.labels ?? (Array.isArray(card?.labels) ? (card!.labels as string[]) : undefined);
  // The model first: a model that is not a text model is the first thing to report.
  const model = await createEmbeddingModel(parts.model, runtime, {
    labels, source: parts.modelName, executionProviders: options.executionProviders, sessionOptions: options.sessionOptions, maxBatch: options.maxBatch,
  });
  try {
    const vocab = typeof parts.vocab === 'function' ? await (parts.vocab as () => unknown)() : parts.vocab;
    const tokenizer = WordTokenizer.fromJSON(vocab, parts.vocabName);
    if (tokenizer.vocabSize > model.vocab)
      throw new TokenizerError(`${parts.vocabName}: has ${tokenizer.vocabSize} tokens but the model's embedding table has ${model.vocab} rows`);
    const enc = text?.encoding ?? { kind: 'plain' as const };
    if (enc.kind === 'email' && enc.headerTokens + enc.contentTokens !== model.seqLength)
      throw new TokenizerError(`${parts.cardName ?? 'card.json'}: email encoding of ${enc.headerTokens} + ${enc.contentTokens} tokens, but the model reads ${model.seqLength}`);
    const encode = (s: string): TextInput => {
      if (enc.kind === 'email') {
        const e = encodeEmail(tokenizer, s, enc);
        return { ids: e.ids, tokens: e.tokens, headerCount: e.headerCount, truncated: e.truncated };
      }
      const e = tokenizer.encode(s, model.seqLength);
      return { ids: e.ids, tokens: e.tokens, headerCount: 0, truncated: e.total > e.tokens.length };
    };
    return { model, tokenizer, labels, card, encode, dispose: () => model.dispose() };
  } catch (e) {
    await model.dispose();
    throw e;
  }
}
