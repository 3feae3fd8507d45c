/**
 * Reproduction (c): Rahnama & Tseng, "An Adversarial Approach for Explaining the Predictions of
 * Deep Neural Networks", 2021, Table 4: the accuracy left when only the features in one
 * percentile band of the L2 attack's magnitudes are attacked. The tails ([0, alpha] and
 * [100 - alpha, 100]) carry the attack (low accuracy at alpha 15), the middle band does not (high
 * accuracy), although the tails are the fewer features. Core's `reattackTest` on the first `n`
 * MNIST test digits the model classifies correctly, in both of its modes: 'reattack' (the paper's:
 * a fresh 20-step L2 PGD whose gradient is zero outside the band) and 'masked-delta' (the first
 * attack's perturbation applied on the band only).
 */
import { reattackTest, type ReattackBand } from '@axplain/core';
import { loadModel } from '@axplain/node';
import { batchOf, type Check, correctlyClassified, findRow, fmt, mnistTest, modelPath, type Reproduction, type ResultRow, resultRow, verdictOf } from './common.js';

export interface AxaiReproOptions { n: number; seed: number; model?: string }

export const ALPHAS = [1, 5, 10, 15] as const;
const EPS = 2;
const MODES = ['reattack', 'masked-delta'] as const;

/** The band's name as Table 4 writes it. */
export const bandName = (b: Pick<ReattackBand, 'alpha' | 'region'>): string =>
  (b.region === 'tails' ? `tails [0,${b.alpha}]+[${100 - b.alpha},100]` : `middle [${b.alpha},${100 - b.alpha}]`);

/** Per sample: 1 still classified as its label, 0 flipped, NaN not evaluated (the first attack did not flip it). */
export function bandCorrect(b: ReattackBand, evaluated: Uint8Array): Float64Array {
  return Float64Array.from(b.flipped, (f, s) => (evaluated[s] ? 1 - f : NaN));
}

/** Runs reproduction (c). */
export async function reproduceAxaiBands(o: AxaiReproOptions): Promise<Reproduction> {
  const name = o.model ?? 'mnist-standard';
  const ds = mnistTest();
  const model = await loadModel(modelPath(name));
  const results: ResultRow[] = [];
  const notes: string[] = ['| mode | band | features attacked (mean) | accuracy |', '|---|---|---|---|'];
  let flipped = 0;
  try {
    const { x } = batchOf(ds, await correctlyClassified([model], ds, o.n));
    for (const mode of MODES) {
      const r = await reattackTest(model, x, { eps: EPS, steps: 20, seed: o.seed, alphas: ALPHAS, mode, middle: true, onlyFound: true });
      flipped = r.found.reduce((a, b) => a + b, 0);
      for (const b of [...r.tails, ...r.middle]) {
        const row = resultRow(name, `axai-${mode}`, `accuracy ${bandName(b)}`, bandCorrect(b, r.evaluated), o.seed);
        results.push(row);
        const feats = Array.from(b.features).filter((_, s) => r.evaluated[s]);
        notes.push(`| ${mode} | ${bandName(b)} | ${fmt(feats.reduce((a, c) => a + c, 0) / Math.max(1, feats.length), 1)} of 784 | ${fmt(b.accuracy)} |`);
      }
    }
  } finally {
    await model.dispose();
  }
  notes.push('', `The first (unrestricted) attack flipped ${flipped} of ${o.n} digits; the accuracies are over those (the paper's choice).`);
  const acc = (mode: string, band: string) => findRow(results, name, `axai-${mode}`, `accuracy ${band}`).mean;
  const checks: Check[] = MODES.flatMap((mode): Check[] => {
    const t15 = acc(mode, 'tails [0,15]+[85,100]'), m15 = acc(mode, 'middle [15,85]'), t1 = acc(mode, 'tails [0,1]+[99,100]');
    return [
      { claim: `${mode}: attacking only the tails at alpha 15 (the fewer features) leaves a lower accuracy than attacking only the middle 15-85 band (paper 0.16/0.07 vs 0.78/0.88)`, observed: `tails ${fmt(t15)} vs middle ${fmt(m15)}`, verdict: verdictOf(t15 < m15) },
      { claim: `${mode}: the middle 15-85 band alone keeps most digits correct (paper 0.78, 0.88)`, observed: `accuracy ${fmt(m15)}`, verdict: verdictOf(m15 >= 0.5) },
      { claim: `${mode}: the tails carry more of the attack as alpha grows from 1 to 15 (paper 0.92/0.80 -> 0.16/0.07)`, observed: `tails alpha 1: ${fmt(t1)}, alpha 15: ${fmt(t15)}`, verdict: verdictOf(t15 < t1) },
    ];
  });
  return {
    name: 'axai-bands', paper: 'Rahnama, Tseng, "An Adversarial Approach for Explaining the Predictions of Deep Neural Networks", 2021',
    claim: 'the features in the tails of the attack-magnitude distribution (alpha ~ 15) carry the attack; the middle band does not (Table 4)',
    seed: o.seed, n: o.n, models: [name],
    settings: {
      samples: 'the first n MNIST test digits (split seed 0) the model classifies correctly; class = prediction',
      attack: `L2 PGD eps ${EPS}, 20 steps of 2.5 eps / 20, from x (AXAI's attack); reattack: the same budget, no random start, stops at the first flip`,
      bands: `alpha in ${ALPHAS.join(', ')}, percentiles of delta per channel (one channel)`,
      perSample: '1 still classified as the label, 0 flipped, NaN where the first attack did not flip the digit',
    },
    results, checks, notes,
  };
}
