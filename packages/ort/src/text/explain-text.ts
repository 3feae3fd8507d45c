/**
 * One text explained token by token: the prediction, then one attribution per token from a
 * gradient method at the embedding (IG, saliency, SmoothGrad: reduced over the embedding values,
 * signed) or a segment method with one segment per token (LIME, KernelSHAP, AXAI density).
 */
import {
  argmax, axai, integratedGradients, kernelShap, lime, pairTokens, saliency, smoothGrad, softmax, type Tensor, tokenAttributions, type TokenAttribution,
  tokenSegmentation,
} from '@axplain/core';
import type { TextModel } from './text-model.js';

export const TEXT_METHODS = Object.freeze(['ig', 'saliency', 'smoothgrad', 'lime', 'kernelshap', 'axai'] as const);
export type TextMethod = (typeof TEXT_METHODS)[number];

export interface ExplainTextOptions {
  /** @defaultValue 'ig' */
  method?: TextMethod;
  /** @defaultValue 'predicted' */
  target?: number | 'predicted';
  /** IG steps (default 64), SmoothGrad samples (default 32), AXAI attack steps (default 20). */
  steps?: number;
  seed?: number;
  /** LIME / KernelSHAP model evaluations (default 512). */
  maxEvals?: number;
  /** AXAI: L2 budget at the embedding (default 2) and tokens selected (default 5). */
  eps?: number;
  topK?: number;
  signal?: AbortSignal;
}

export interface TextExplanation {
  /** The predicted class's label (or index when the model has no labels). */
  predicted: string | number;
  probabilities: number[];
  /** The class explained. */
  target: number;
  method: TextMethod;
  tokens: TokenAttribution[];
  /** Header tokens first (email encoding). */
  headerCount: number;
  /** IG's completeness gap sum(attributions) - (f(x) - f(baseline)). */
  delta?: number;
  /** Tokens in the text beyond the model's T positions (not seen). */
  truncated: boolean;
}

/**
 * @example
 * const tm = await loadTextModel('models/spam/model.onnx'); // @axplain/node, or @axplain/web's with a URL
 * const r = await explainText(tm, email, { method: 'ig' });
 * r.predicted; // 'spam'
 * r.tokens.slice(0, 3); // [{ token: 'from', attribution: 0.01 }, ...]
 */
export async function explainText(tm: TextModel, text: string, options: ExplainTextOptions = {}): Promise<TextExplanation> {
  const method = options.method ?? 'ig';
  if (!TEXT_METHODS.includes(method)) throw new RangeError(`method: '${method}' is not a text method; choose one of ${TEXT_METHODS.join(', ')}`);
  const input = tm.encode(text);
  if (input.tokens.length === 0) throw new RangeError('text: no tokens (the text is empty or only whitespace)');
  const m = tm.model;
  const gm = m.bind(input.ids);
  const x = m.embed(input.ids);
  const probs = softmax(await gm.logits(x)).data;
  const predictedIndex = argmax(probs, 0, m.classes);
  const target = options.target === undefined || options.target === 'predicted' ? predictedIndex : options.target;
  if (!Number.isInteger(target) || target < 0 || target >= m.classes) throw new RangeError(`target: class ${target} is not a class of this model (0..${m.classes - 1})`);
  const L = input.tokens.length;
  const segments = tokenSegmentation(m.seqLength, m.dim, L);
  const perToken = (values: ArrayLike<number>): Tensor => ({ data: Float32Array.from({ length: m.seqLength }, (_, t) => (t < L ? values[t]! : 0)), shape: [1, m.seqLength] });
  let scores: Tensor, delta: number | undefined;
  const common = { target, signal: options.signal };
  switch (method) {
    case 'ig': {
      const r = await integratedGradients(gm, x, { ...common, steps: options.steps ?? 64 });
      scores = tokenAttributions(r.attribution);
      delta = r.delta[0];
      break;
    }
    case 'saliency': scores = tokenAttributions((await saliency(gm, x, common)).attribution); break;
    case 'smoothgrad': scores = tokenAttributions((await smoothGrad(gm, x, { ...common, samples: options.steps ?? 32, seed: options.seed ?? 0 })).attribution); break;
    case 'lime': scores = perToken((await lime(gm, x, { ...common, segments, maxEvals: options.maxEvals ?? 512, seed: options.seed ?? 0 })).perSample[0]!.coefficients); break;
    case 'kernelshap': scores = perToken((await kernelShap(gm, x, { ...common, segments, maxEvals: options.maxEvals ?? 512, seed: options.seed ?? 0 })).perSample[0]!.values); break;
    case 'axai': {
      const r = await axai(gm, x, { segments, eps: options.eps ?? 2, steps: options.steps ?? 20, topK: options.topK ?? 5, signal: options.signal, ...(options.target === undefined || options.target === 'predicted' ? {} : { target }) });
      scores = perToken(r.explanations[0]!.density);
      break;
    }
  }
  return {
    predicted: m.labels?.[predictedIndex] ?? predictedIndex, probabilities: Array.from(probs), target, method,
    tokens: pairTokens(input.tokens, scores), headerCount: input.headerCount, ...(delta !== undefined ? { delta } : {}),
    truncated: input.truncated,
  };
}
