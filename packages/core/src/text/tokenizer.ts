/**
 * Tokenizers turn text into the integer ids a text classifier's embedding reads. `WordTokenizer`
 * is the bundled one: lowercase, words (letters, digits, apostrophes inside a word) and single
 * punctuation characters as tokens, a vocabulary of the most frequent training tokens, id 0 for
 * padding and id 1 for tokens outside the vocabulary. Its vocabulary is plain JSON, saved beside
 * the model (`vocab.json`).
 */
import { AxplainError } from '../errors.js';
import { isInteger } from '../validate.js';

/** A bad vocabulary file or tokenizer option. */
export class TokenizerError extends AxplainError {
  constructor(message: string) { super(message, 'TOKENIZER'); }
}

/** Token ids of one text, padded or truncated to a fixed length. */
export interface EncodedText {
  /** `length` ids: the tokens', then `padId` up to `length`. */
  ids: Int32Array;
  /** The tokens kept (at most `length`), as the text spells them (lowercased). */
  tokens: string[];
  /** Tokens in the whole text before truncation. */
  total: number;
}

/** What an explainer needs from any tokenizer. */
export interface Tokenizer {
  /** Splits text into tokens (no ids). */
  tokenize(text: string): string[];
  /** Ids of `text`, padded with `padId` or truncated to `length`. */
  encode(text: string, length: number): EncodedText;
  /** Ids of tokens `tokenize` returned, padded or truncated to `length`. */
  encodeTokens(tokens: readonly string[], length: number): EncodedText;
  /** Id of the padding token. */
  readonly padId: number;
  /** Number of ids (rows of the embedding table). */
  readonly vocabSize: number;
}

/** The JSON a `WordTokenizer` is saved as. */
export interface WordVocabularyJson {
  kind: 'word';
  lowercase: true;
  /** Token of each id: index 0 is the padding token, index 1 the out-of-vocabulary token. */
  tokens: string[];
}

const PAD = '<pad>', OOV = '<unk>';
/** Words (letters/digits, with inner apostrophes) or one punctuation character. */
const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

export class WordTokenizer implements Tokenizer {
  readonly padId = 0;
  readonly oovId = 1;
  private readonly index: Map<string, number>;
  private constructor(readonly tokens: readonly string[]) {
    this.index = new Map(tokens.map((t, i) => [t, i]));
  }

  /**
   * Builds the vocabulary of `texts`: the `maxVocab - 2` most frequent tokens seen at least
   * `minCount` times (ties by first appearance), after the padding and OOV tokens.
   * @example WordTokenizer.fit(['Hi there!', 'hi'], { maxVocab: 10 }).tokens // ['<pad>', '<unk>', 'hi', 'there', '!']
   */
  static fit(texts: Iterable<string>, options: { maxVocab?: number; minCount?: number } = {}): WordTokenizer {
    const maxVocab = options.maxVocab ?? 5000, minCount = options.minCount ?? 1;
    if (!isInteger(maxVocab, { min: 3 })) throw new TokenizerError(`maxVocab: expected an integer >= 3, got ${maxVocab}`);
    if (!isInteger(minCount, { min: 1 })) throw new TokenizerError(`minCount: expected an integer >= 1, got ${minCount}`);
    const counts = new Map<string, number>();
    for (const text of texts) for (const t of wordTokens(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
    const order = [...counts.entries()].map(([t, c], i) => ({ t, c, i })).filter((e) => e.c >= minCount && e.t !== PAD && e.t !== OOV);
    order.sort((a, b) => b.c - a.c || a.i - b.i);
    return new WordTokenizer([PAD, OOV, ...order.slice(0, maxVocab - 2).map((e) => e.t)]);
  }

  /** Reads a saved vocabulary (`toJSON`'s object or its text); `source` names it in errors. */
  static fromJSON(json: unknown, source = 'vocabulary'): WordTokenizer {
    let v = json;
    if (typeof v === 'string') {
      try { v = JSON.parse(v); } catch (e) { throw new TokenizerError(`${source}: not JSON (${(e as Error).message})`); }
    }
    const o = v as Partial<WordVocabularyJson> | null;
    if (typeof o !== 'object' || o === null || o.kind !== 'word' || !Array.isArray(o.tokens))
      throw new TokenizerError(`${source}: expected { "kind": "word", "lowercase": true, "tokens": [...] } (a WordTokenizer vocabulary)`);
    if (o.tokens[0] !== PAD || o.tokens[1] !== OOV) throw new TokenizerError(`${source}: tokens[0] must be '${PAD}' and tokens[1] '${OOV}'`);
    const seen = new Set<string>();
    o.tokens.forEach((t, i) => {
      if (typeof t !== 'string' || t.length === 0) throw new TokenizerError(`${source}: tokens[${i}] is not a non-empty string`);
      if (seen.has(t)) throw new TokenizerError(`${source}: token '${t}' appears twice (again at ${i})`);
      seen.add(t);
    });
    return new WordTokenizer(o.tokens);
  }

  get vocabSize(): number { return this.tokens.length; }

  tokenize(text: string): string[] { return wordTokens(text); }

  /** Id of one token (`oovId` when it is not in the vocabulary). */
  id(token: string): number { return this.index.get(token) ?? this.oovId; }

  encode(text: string, length: number): EncodedText {
    return this.encodeTokens(wordTokens(text), length);
  }

  encodeTokens(all: readonly string[], length: number): EncodedText {
    if (!isInteger(length, { min: 1 })) throw new TokenizerError(`length: expected an integer >= 1, got ${length}`);
    const tokens = all.slice(0, length);
    const ids = new Int32Array(length).fill(this.padId);
    tokens.forEach((t, i) => { ids[i] = this.id(t); });
    return { ids, tokens, total: all.length };
  }

  toJSON(): WordVocabularyJson { return { kind: 'word', lowercase: true, tokens: [...this.tokens] }; }
}

/** Lowercased word and punctuation tokens of a text. */
export function wordTokens(text: string): string[] {
  if (typeof text !== 'string') throw new TokenizerError(`text: expected a string, got ${typeof text}`);
  return text.toLowerCase().match(TOKEN) ?? [];
}
