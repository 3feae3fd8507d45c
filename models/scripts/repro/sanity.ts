/**
 * Reproduction (d): Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim, "Sanity Checks for Saliency
 * Maps", 2018: cascading model-parameter randomisation. Re-draw the layers from the logits down
 * (createRandomizableGradientModel: each tensor from N(its trained mean, its trained std), seeded)
 * and compare each method's map with the trained model's by the Spearman rank correlation of |a|
 * (@axplain/metrics parameter-randomisation). A method whose maps stay similar after every layer
 * is re-drawn does not depend on what the model learned: it fails the check. The paper finds the
 * gradient and SmoothGrad pass, while Gradient x Input and Integrated Gradients stay closer to
 * the trained model's maps (the input's structure dominates them); the input itself, the
 * reference here (the paper's edge detector plays this role), fails by construction.
 */
import type { Tensor } from '@axplain/core';
import { type Explainer, metric, type ParameterRandomisationDetail, registryExplainer } from '@axplain/metrics';
import { nodeRuntime } from '@axplain/node';
import { createRandomizableGradientModel } from '@axplain/ort';
import { readFileSync } from 'node:fs';
import { batchOf, canvasTest, type Check, findRow, fmt, mnistTest, modelPath, type Reproduction, type ResultRow, resultRow, verdictOf } from './common.js';

export interface SanityReproOptions { n: number; seed: number; models?: readonly string[] }

/** The input itself as an "explanation": independent of the model, so it must fail the check. */
export const inputExplainer: Explainer = async (_model, x) => ({ data: Float32Array.from(x.data), shape: [...x.shape] });

/** The methods checked, with the options that keep the run short (the control first). */
export function sanityExplainers(seed: number): [string, Explainer][] {
  return [
    ['input (control)', inputExplainer],
    ['saliency', registryExplainer('saliency')],
    ['gradxinput', registryExplainer('gradxinput')],
    ['ig', registryExplainer('ig', { steps: 16 })],
    ['smoothgrad', registryExplainer('smoothgrad', { samples: 16, seed })],
  ];
}

/** A check fails a method when its mean similarity after every layer is re-drawn stays at or above this. */
export const FAIL_THRESHOLD = 0.5;

/** Runs reproduction (d) on the first `n` test samples of each model's data (target = label). */
export async function reproduceSanity(o: SanityReproOptions): Promise<Reproduction> {
  const names = o.models ?? ['mnist-standard', 'canvas-standard'];
  const results: ResultRow[] = [];
  const notes: string[] = [];
  for (const name of names) {
    const ds = name.startsWith('canvas') ? canvasTest() : mnistTest();
    const { x, y } = batchOf(ds, Array.from({ length: o.n }, (_, i) => i));
    const model = await createRandomizableGradientModel(readFileSync(modelPath(name)), nodeRuntime);
    try {
      const header = `| ${name}: method | ${[...model.layerNames].reverse().map((l, k) => `top ${k + 1} re-drawn (down to ${l})`).join(' | ')} |`;
      notes.push(header, `|---|${model.layerNames.map(() => '---').join('|')}|`);
      for (const [method, explainer] of sanityExplainers(o.seed)) {
        const r = await metric('parameter-randomisation').evaluate({ model, x: x as Tensor, target: Array.from(y), explainer }, { order: 'cascading', seed: o.seed });
        const detail = r.detail as ParameterRandomisationDetail;
        detail.similarity.forEach((sim, k) => results.push(resultRow(name, method, `spearman |a| after top ${k + 1} of ${detail.layers.length} layers`, sim, o.seed)));
        results.push(resultRow(name, method, 'spearman |a| mean over steps', r.perSample, o.seed));
        notes.push(`| ${method} | ${detail.similarity.map((s) => fmt(s.reduce((a, b) => a + b, 0) / s.length)).join(' | ')} |`);
      }
      notes.push('');
    } finally {
      await model.dispose();
    }
  }
  const last = (model: string, method: string) => results.filter((r) => r.model === model && r.method === method && r.metric.startsWith('spearman |a| after')).at(-1)!;
  const checks: Check[] = names.flatMap((m): Check[] => {
    const v = (method: string) => last(m, method).mean;
    const all = last(m, 'saliency').metric.replace('spearman |a| after ', '');
    return [
      { claim: `${m}: the control (the input itself) fails: similarity stays 1 after every layer is re-drawn`, observed: `${fmt(v('input (control)'))} after ${all}`, verdict: verdictOf(v('input (control)') >= FAIL_THRESHOLD) },
      { claim: `${m}: saliency passes (similarity < ${FAIL_THRESHOLD} once every layer is re-drawn)`, observed: fmt(v('saliency')), verdict: verdictOf(v('saliency') < FAIL_THRESHOLD) },
      { claim: `${m}: SmoothGrad passes (similarity < ${FAIL_THRESHOLD})`, observed: fmt(v('smoothgrad')), verdict: verdictOf(v('smoothgrad') < FAIL_THRESHOLD) },
      { claim: `${m}: Gradient x Input stays more similar than saliency (input structure)`, observed: `${fmt(v('gradxinput'))} vs ${fmt(v('saliency'))}`, verdict: verdictOf(v('gradxinput') > v('saliency')) },
      { claim: `${m}: Integrated Gradients stays more similar than saliency (input structure)`, observed: `${fmt(v('ig'))} vs ${fmt(v('saliency'))}`, verdict: verdictOf(v('ig') > v('saliency')) },
    ];
  });
  const verdicts = names.map((m) => `${m}: ${sanityExplainers(o.seed).map(([method]) => `${method} ${last(m, method).mean >= FAIL_THRESHOLD ? 'FAILS' : 'passes'} (${fmt(last(m, method).mean)})`).join(', ')}`);
  return {
    name: 'sanity', paper: 'Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim, "Sanity Checks for Saliency Maps", 2018',
    claim: 'under cascading parameter randomisation the gradient and SmoothGrad decorrelate from the trained model\'s maps; Gradient x Input and IG stay closer (the input dominates them); an input-only map fails',
    seed: o.seed, n: o.n, models: [...names],
    settings: {
      samples: 'the first n test samples of each model\'s data (split seed 0), target = label',
      randomisation: 'cascading from the logits layer down; re-drawn tensors ~ N(trained mean, trained std), seed = run seed',
      similarity: 'Spearman rank correlation of |a| (trained vs randomised), per sample', ig: '16 Gauss-Legendre steps', smoothgrad: '16 draws, seed = run seed',
      verdict: `a method fails when its mean similarity after every layer is re-drawn is >= ${FAIL_THRESHOLD}`,
    },
    results, checks, notes: [...notes, 'Verdicts (mean similarity after every layer is re-drawn):', ...verdicts],
  };
}
