import { describe, expect, it } from 'vitest';
import { AxplainError } from '../errors.js';
import { pairTokens, tokenAttributions, tokenSegmentation } from './token-attributions.js';
import { TokenizerError, WordTokenizer, wordTokens } from './tokenizer.js';

describe('WordTokenizer', () => {
  it('lowercases and splits words and single punctuation characters', () => {
    expect(wordTokens("Don't PAY $100 now!! e-mail: a@b.com")).toEqual(["don't", 'pay', '$', '100', 'now', '!', '!', 'e', '-', 'mail', ':', 'a', '@', 'b', '.', 'com']);
    expect(wordTokens('  ')).toEqual([]);
  });
  it('keeps the most frequent tokens (ties by first appearance) after <pad> and <unk>', () => {
    const tk = WordTokenizer.fit(['b a b', 'c a b', 'd'], { maxVocab: 4 });
    expect(tk.tokens).toEqual(['<pad>', '<unk>', 'b', 'a']);
    expect(WordTokenizer.fit(['b a b', 'c a b', 'd'], { minCount: 2 }).tokens).toEqual(['<pad>', '<unk>', 'b', 'a']);
  });
  it('encodes with OOV id 1, pads with 0 and truncates to the length', () => {
    const tk = WordTokenizer.fit(['free money now'], {});
    const e = tk.encode('Free cash, now', 6);
    expect(Array.from(e.ids)).toEqual([2, 1, 1, 4, 0, 0]);
    expect(e.tokens).toEqual(['free', 'cash', ',', 'now']);
    const short = tk.encode('free money now free', 2);
    expect(Array.from(short.ids)).toEqual([2, 3]);
    expect(short.total).toBe(4);
    expect(() => tk.encode('x', 0)).toThrow(TokenizerError);
  });
  it('round-trips through JSON and rejects malformed vocabularies by name', () => {
    const tk = WordTokenizer.fit(['a b c']);
    const back = WordTokenizer.fromJSON(JSON.stringify(tk.toJSON()));
    expect(back.tokens).toEqual(tk.tokens);
    expect(() => WordTokenizer.fromJSON('{', 'vocab.json')).toThrow(/vocab.json: not JSON/);
    expect(() => WordTokenizer.fromJSON({ kind: 'word', tokens: ['a'] }, 'v')).toThrow(/tokens\[0\] must be '<pad>'/);
    expect(() => WordTokenizer.fromJSON({ kind: 'word', tokens: ['<pad>', '<unk>', 'x', 'x'] }, 'v')).toThrow(/'x' appears twice/);
    try { WordTokenizer.fromJSON(3); } catch (e) { expect(AxplainError.isInstance(e)).toBe(true); }
  });
});

describe('token attributions', () => {
  it('sum over the embedding axis, signed', () => {
    const r = tokenAttributions({ data: Float32Array.of(1, 2, -3, 1, 0.5, 0.5), shape: [1, 3, 2] });
    expect(Array.from(r.data)).toEqual([3, -2, 1]);
    expect(r.shape).toEqual([1, 3]);
    expect(() => tokenAttributions({ data: new Float32Array(4), shape: [1, 4] })).toThrow(/\[N, T, D\]/);
  });
  it('segments: one per token, padding in a last one', () => {
    const s = tokenSegmentation(3, 2, 2);
    expect(Array.from(s.labels)).toEqual([0, 0, 1, 1, 2, 2]);
    expect([s.count, s.height, s.width]).toEqual([3, 3, 2]);
    expect(tokenSegmentation(2, 1, 2).count).toBe(2);
    expect(() => tokenSegmentation(2, 2, 3)).toThrow(/length/);
  });
  it('pairs tokens with their scores, dropping padding', () => {
    expect(pairTokens(['a', 'b'], { data: Float32Array.of(0.5, 2, 0), shape: [1, 3] })).toEqual([{ token: 'a', attribution: 0.5 }, { token: 'b', attribution: 2 }]);
    expect(() => pairTokens(['a', 'b', 'c', 'd'], { data: new Float32Array(3), shape: [1, 3] })).toThrow(/4 tokens/);
  });
});
