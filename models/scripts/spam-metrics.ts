/**
 * How much a spam model's explanations rest on the email headers: per email, the share of the
 * |IG| token attributions (at the embedding, zero baseline, 32 steps, target = the label) that
 * falls on header tokens, averaged over the first test emails.
 */
import { integratedGradients, tokenAttributions } from '@axplain/core';
import { createEmbeddingModel, nodeRuntime, textAccuracy, type TextDataset } from '@axplain/node';

export const SPAM_EVAL_SAMPLES = 100;
/** Test emails the card's `textEvaluation` (and the CI re-measurement) uses. */
export const SPAM_CI_SAMPLES = 400;

/** The first `n` samples of a token-id dataset. */
export function firstTexts(ds: TextDataset, n: number): TextDataset {
  const m = Math.min(n, ds.n), t = ds.seqLength;
  return { ...ds, n: m, ids: ds.ids.slice(0, m * t), y: ds.y.slice(0, m), ...(ds.masks ? { masks: ds.masks.slice(0, m * t) } : {}) };
}

/** Accuracy on the first `SPAM_CI_SAMPLES` test emails: as they are, headers stripped, headers swapped with the other class's. */
export async function spamEvaluation(bytes: Uint8Array, d: { test: TextDataset; testStripped: TextDataset; testSwapped: TextDataset }) {
  return {
    split: 'test', samples: Math.min(SPAM_CI_SAMPLES, d.test.n),
    accuracy: await textAccuracy(bytes, firstTexts(d.test, SPAM_CI_SAMPLES)),
    headersStripped: await textAccuracy(bytes, firstTexts(d.testStripped, SPAM_CI_SAMPLES)),
    headersSwapped: await textAccuracy(bytes, firstTexts(d.testSwapped, SPAM_CI_SAMPLES)),
  };
}

export async function headerShare(bytes: Uint8Array, ds: TextDataset, samples: number): Promise<number> {
  const em = await createEmbeddingModel(bytes, nodeRuntime);
  const t = ds.seqLength;
  let sum = 0;
  try {
    for (let i = 0; i < Math.min(samples, ds.n); i++) {
      const ids = ds.ids.subarray(i * t, (i + 1) * t);
      const ig = await integratedGradients(em.bind(ids), em.embed(ids), { target: ds.y[i]!, steps: 32 });
      const s = tokenAttributions(ig.attribution).data;
      let head = 0, all = 0;
      for (let p = 0; p < t; p++) {
        all += Math.abs(s[p]!);
        if (ds.masks![i * t + p]) head += Math.abs(s[p]!);
      }
      sum += all > 0 ? head / all : 0;
    }
  } finally {
    await em.dispose();
  }
  return sum / Math.min(samples, ds.n);
}
