/**
 * The spam fixture's data as the models read it: the SpamAssassin corpus (seeded 80/20 split),
 * the email encoding (header and content token budgets), the vocabulary fitted on the training
 * emails, and token-id datasets with headers (masks on the header tokens) and with the headers
 * stripped. Shared by train-spam.ts and test/text-models.test.ts.
 */
import { encodeEmail, type EmailEncoding, WordTokenizer } from '@axplain/core';
import { type Email, loadSpamAssassin, type TextDataset } from '@axplain/node';

export const SPAM_ENCODING: EmailEncoding = Object.freeze({ headerTokens: 96, contentTokens: 160, skipHeaders: ['received'] });
export const SPAM_SPLIT = Object.freeze({ seed: 0, testFraction: 0.2 });
export const SPAM_VOCAB = Object.freeze({ maxVocab: 2000, minCount: 3 });
export const T = SPAM_ENCODING.headerTokens + SPAM_ENCODING.contentTokens;

/** Token ids (and header masks) of emails; `stripHeaders` encodes the content only. */
export function spamDataset(tk: WordTokenizer, emails: readonly Email[], stripHeaders = false): TextDataset {
  const ids = new Int32Array(emails.length * T), masks = new Uint8Array(emails.length * T), y = new Int32Array(emails.length);
  emails.forEach((e, i) => {
    const enc = encodeEmail(tk, stripHeaders ? { ...e, headers: '' } : e, SPAM_ENCODING);
    ids.set(enc.ids, i * T);
    masks.set(enc.headerMask, i * T);
    y[i] = e.label;
  });
  return { ids, y, n: emails.length, seqLength: T, classes: 2, masks };
}

/** The split, the vocabulary (fitted on the training emails' encoded tokens, unless given) and the datasets. */
export function spamData(vocabulary?: WordTokenizer) {
  const { train, test } = loadSpamAssassin(SPAM_SPLIT);
  const plain = WordTokenizer.fit([], { maxVocab: 3 });
  const tk = vocabulary ?? WordTokenizer.fit(
    (function* () { for (const e of train) yield encodeEmail(plain, e, SPAM_ENCODING).tokens.join(' '); })(),
    SPAM_VOCAB,
  );
  return {
    emails: { train, test }, tokenizer: tk, train: spamDataset(tk, train), test: spamDataset(tk, test), testStripped: spamDataset(tk, test, true),
    testSwapped: spamDataset(tk, swapHeaders(test)),
  };
}

/**
 * Every email with the headers of an email of the other class (the k-th ham gets the headers of
 * the k-th spam, cyclically, and the other way round): a model that reads the content keeps its
 * accuracy, one that reads the headers loses it.
 */
export function swapHeaders(emails: readonly Email[]): Email[] {
  const byClass = [emails.filter((e) => e.label === 0), emails.filter((e) => e.label === 1)];
  const seen = [0, 0];
  return emails.map((e) => {
    const other = byClass[1 - e.label]!;
    return { ...e, headers: other[seen[e.label]!++ % other.length]!.headers };
  });
}
