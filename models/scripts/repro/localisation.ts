/**
 * Reproduction (a): the boundary paper (Wang, Fredrikson, Datta, "Robust Models Are More
 * Interpretable Because Attributions Look Normal", 2022), Table 1 and Fig. 3(a) on the
 * localisation canvas: Localisation, Energy Game, Positive Percentage and Concentration of BIG,
 * BSM, AGI, saliency, gradient x input, SmoothGrad and IG against the digit's box, standard vs
 * PGD-trained LeNet; and the alignment |SM - BSM|_2, |IG - BIG|_2 (smaller on the robust model).
 *
 * BSM and BIG share one boundary search per model (core's `boundary` option): the closest point
 * found by the FMN and DeepFool members (seeded). The registry's default ensemble adds CW and
 * APGD, whose CW member costs ~25 s per canvas image on two busy cores while reaching the same
 * distances as FMN (measured on 8 canvases: equal to 0.01 on every sample).
 */
import {
  boundaryIntegratedGradients, boundarySaliency, type ClosestMember, explanationMethod, type GradientModel, type Tensor,
} from '@axplain/core';
import { attributionDistance, boxMasks, type Explainer, metric } from '@axplain/metrics';
import { loadModel } from '@axplain/node';
import { batchOf, canvasTest, type Check, correctlyClassified, fmt, modelPath, pairedDifference, pairedVerdict, type Reproduction, type ResultRow, resultRow } from './common.js';

export const LOCALISATION_METHODS = ['saliency', 'gradxinput', 'ig', 'smoothgrad', 'agi', 'bsm', 'big'] as const;
export const LOCALISATION_METRICS = ['localisation', 'energy-game', 'positive-percentage', 'concentration'] as const;
const MEMBERS: readonly ClosestMember[] = ['fmn', 'deepfool'];
const STEPS = 32;

export interface LocalisationReproOptions { n: number; seed: number; models?: readonly [string, string] }

/** Every method's attributions of `x` for the labels `y`, and the boundary search's outcome. */
async function attributions(model: GradientModel, x: Tensor, y: Int32Array, seed: number) {
  const target = Array.from(y);
  const maps = new Map<string, Tensor>();
  for (const name of ['saliency', 'gradxinput', 'smoothgrad', 'agi'] as const)
    maps.set(name, (await explanationMethod(name).explain(model, x, name === 'smoothgrad' ? { target, seed } : { target })).attribution);
  maps.set('ig', (await explanationMethod('ig').explain(model, x, { target, steps: STEPS })).attribution);
  const bsm = await boundarySaliency(model, x, { target, search: { members: MEMBERS, seed } });
  maps.set('bsm', bsm.attribution);
  const boundary = { adversarial: bsm.boundary, found: bsm.found, distance: bsm.distance, member: bsm.member };
  maps.set('big', (await boundaryIntegratedGradients(model, x, { target, steps: STEPS, boundary })).attribution);
  return { maps, found: Array.from(bsm.found), distance: Array.from(bsm.distance) };
}

/**
 * An explainer answering from maps computed beforehand: each row of the batch it is asked for is
 * looked up among the rows of `x` (so the metric's own batching cannot misalign it).
 */
export function precomputed(x: Tensor, map: Tensor): Explainer {
  const d = map.data.length / x.shape[0]!;
  return async (_model, batch) => {
    const rows = batch.shape[0]!, out = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) {
      const row = batch.data.subarray(r * d, (r + 1) * d);
      const s = Array.from({ length: x.shape[0]! }, (_, i) => i).find((i) => x.data.subarray(i * d, (i + 1) * d).every((v, j) => v === row[j]));
      if (s === undefined) throw new RangeError(`precomputed explainer: row ${r} of the batch is not one of the ${x.shape[0]} explained inputs`);
      out.set(map.data.subarray(s * d, (s + 1) * d), r * d);
    }
    return { data: out, shape: [...batch.shape] };
  };
}

/** A diagnostic row (not a paper metric): the share of the positive attribution that lies on black (x = 0) pixels. */
export const BLACK_SHARE = 'positive share on black pixels';

/**
 * Per sample: sum of a+ over the pixels where x = 0, over sum of a+ (NaN for a map with no
 * positive value). IG from a zero baseline is exactly 0 there; a boundary baseline need not be.
 */
export function positiveShareOnBlack(x: Tensor, a: Tensor): Float64Array {
  const n = x.shape[0]!, d = x.data.length / n;
  return Float64Array.from({ length: n }, (_, s) => {
    let black = 0, all = 0;
    for (let i = s * d; i < (s + 1) * d; i++) { const v = a.data[i]!; if (v > 0) { all += v; if (x.data[i] === 0) black += v; } }
    return all > 0 ? black / all : NaN;
  });
}

/** Runs reproduction (a) on the first `n` test canvases both models classify correctly. */
export async function reproduceLocalisation(o: LocalisationReproOptions): Promise<Reproduction> {
  const names = o.models ?? ['canvas-standard', 'canvas-pgd-linf'];
  const ds = canvasTest();
  const models = await Promise.all(names.map((m) => loadModel(modelPath(m))));
  const results: ResultRow[] = [];
  const notes: string[] = [];
  try {
    const idx = await correctlyClassified(models, ds, o.n);
    const { x, y } = batchOf(ds, idx);
    const h = ds.shape[1], w = ds.shape[2];
    const masks = boxMasks(idx.map((s) => { const b = ds.boxes![s]!; return { x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 }; }), h, w);
    for (let k = 0; k < models.length; k++) {
      const model = models[k]!, name = names[k]!;
      const { maps, found, distance } = await attributions(model, x, y, o.seed);
      notes.push(`${name}: boundary point found for ${found.filter(Boolean).length} of ${o.n} samples; median L2 distance ${fmt([...distance].sort((a, b) => a - b)[Math.floor(distance.length / 2)]!)}`);
      for (const method of LOCALISATION_METHODS) {
        for (const m of LOCALISATION_METRICS)
          results.push(resultRow(name, method, m, (await metric(m).evaluate({ attribution: maps.get(method)!, masks })).perSample, o.seed));
        results.push(resultRow(name, method, BLACK_SHARE, positiveShareOnBlack(x, maps.get(method)!), o.seed));
      }
      for (const normalize of ['none', 'unit'] as const) {
        const input = { model, x, target: Array.from(y) };
        for (const [a, b] of [['saliency', 'bsm'], ['ig', 'big']] as const) {
          const r = await attributionDistance(input, precomputed(x, maps.get(a)!), precomputed(x, maps.get(b)!), { normalize });
          results.push(resultRow(name, `${a === 'saliency' ? 'sm' : a}-${b}`, normalize === 'none' ? 'l2-distance' : 'l2-distance-unit', r.perSample, o.seed));
        }
      }
    }
  } finally {
    for (const m of models) await m.dispose();
  }
  return {
    name: 'localisation', paper: 'Wang, Fredrikson, Datta, "Robust Models Are More Interpretable Because Attributions Look Normal", 2022',
    claim: 'boundary attributions (BIG, BSM) localise the object better than gradient attributions; robust models localise better; |SM - BSM| and |IG - BIG| are smaller on the robust model',
    seed: o.seed, n: o.n, models: [...names],
    settings: {
      samples: 'the first n test canvases (split seed 0) that both models classify correctly; target = label',
      masks: 'the digit\'s ground-truth box on the canvas', ig: `zero baseline, ${STEPS} Gauss-Legendre steps`, big: `${STEPS} trapezoid steps from the boundary point`,
      boundarySearch: `closestAdversarial members ${MEMBERS.join(', ')} (L2, seed = run seed), widened once with PGD; shared by BSM and BIG; not-found samples get a zero map`,
      smoothgrad: '50 draws, sigma 0.15 of the input range, seed = run seed', agi: 'registry defaults (20 steps per false class)',
      diagnostic: `'${BLACK_SHARE}': share of each map's positive attribution on pixels where the canvas is 0 (explains IG's edge on this data)`,
      alignment: "attributionDistance (@axplain/metrics) on the same maps: 'l2-distance' raw, 'l2-distance-unit' each map scaled to unit L2 norm first",
    },
    results, checks: localisationChecks(results, names, o.seed), notes,
  };
}

function dir(d: { mean: number; ci95: [number, number]; n: number }): string {
  return `${fmt(d.mean, 4)} [${fmt(d.ci95[0], 4)}, ${fmt(d.ci95[1], 4)}]`;
}

/** The paper's claims as paired comparisons on the same images. */
export function localisationChecks(rows: readonly ResultRow[], [std, rob]: readonly string[], seed: number): Check[] {
  const get = (model: string, method: string, m: string) => rows.find((r) => r.model === model && r.method === method && r.metric === m)!;
  const checks: Check[] = [];
  for (const m of LOCALISATION_METRICS) {
    for (const [a, b] of [['big', 'ig'], ['bsm', 'saliency']] as const) {
      const d = pairedDifference(get(std!, a, m), get(std!, b, m), seed);
      checks.push({ claim: `${std}: ${a.toUpperCase()} has higher ${m} than ${b}`, observed: `${a} - ${b} = ${dir(d)}`, verdict: pairedVerdict(d) });
    }
    for (const method of ['saliency', 'ig'] as const) {
      const d = pairedDifference(get(rob!, method, m), get(std!, method, m), seed);
      checks.push({ claim: `${method}: ${m} higher on ${rob} than on ${std}`, observed: `robust - standard = ${dir(d)}`, verdict: pairedVerdict(d) });
    }
  }
  for (const pair of ['sm-bsm', 'ig-big'])
    for (const m of ['l2-distance', 'l2-distance-unit']) {
      const d = pairedDifference(get(std!, pair, m), get(rob!, pair, m), seed);
      checks.push({ claim: `|${pair.replace('-', ' - ').toUpperCase()}| (${m}) smaller on ${rob}`, observed: `standard - robust = ${dir(d)}`, verdict: pairedVerdict(d) });
    }
  return checks;
}
