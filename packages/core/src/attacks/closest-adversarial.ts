/**
 * Minimal-norm boundary search (the boundary-attribution paper's ensemble): several attacks, each
 * from the clean input, and per sample the closest successful point any of them found.
 */
import type { GradientModel } from '../gradient-model.js';
import type { Tensor } from '../tensor.js';
import { checkChoice, checkInteger } from '../validate.js';
import { apgd, type ApgdOptions } from './apgd.js';
import { carliniWagner, type CarliniWagnerOptions } from './cw.js';
import { deepFool, type DeepFoolOptions } from './deepfool.js';
import { fastMinimumNorm, type FastMinimumNormOptions } from './fmn.js';
import { pgd, type PgdOptions } from './pgd.js';
import { attackLabels, checkInput, finishAttack, throwIfAborted } from './result.js';
import type { AttackOptions, AttackResult, Norm } from './types.js';

export type ClosestMember = 'pgd' | 'apgd' | 'cw' | 'fmn' | 'deepfool';

type Shared = 'target' | 'targeted' | 'box' | 'signal' | 'onStep' | 'eps' | 'norm';

export interface ClosestAdversarialOptions extends Pick<AttackOptions, 'target' | 'targeted' | 'box' | 'seed' | 'signal' | 'onStep'> {
  /** Norm the distance is measured in (and the one PGD/APGD attack in). @defaultValue 'l2' */
  norm?: Norm;
  /**
   * The attacks to run. CW and FMN are L2 attacks and DeepFool is untargeted, L2/Linf; all their
   * successful points are candidates whatever `norm` is. @defaultValue ['pgd', 'apgd', 'cw', 'fmn']
   */
  members?: readonly ClosestMember[];
  /**
   * Increasing eps values for PGD and APGD: a sample is attacked at the next rung only while
   * that member has not fooled it, so the smallest successful eps is kept.
   * @defaultValue l2 [0.1, 0.25, 0.5, 1, 2, 4, 8]; linf [1/255, 2/255, 4/255, 8/255, 16/255, 0.1, 0.2, 0.3]; l1 [1, 2.5, 5, 10, 20, 40]
   */
  ladder?: readonly number[];
  /**
   * Fallback for samples no member fooled: run PGD again on them this many times, doubling the
   * top rung each time; samples still not fooled are reported with `found` 0 (and returned
   * unchanged). @defaultValue 2
   */
  widen?: number;
  /** Extra options per member (eps, norm, target and box are set by the ensemble). */
  pgd?: Omit<PgdOptions, Shared>;
  apgd?: Omit<ApgdOptions, Shared>;
  cw?: Omit<CarliniWagnerOptions, Shared>;
  fmn?: Omit<FastMinimumNormOptions, Shared>;
  deepfool?: Omit<DeepFoolOptions, Shared>;
}

export interface ClosestAdversarialResult extends AttackResult {
  /** Recomputed from `adversarial` (equals `success`): a successful point was found. */
  found: Uint8Array;
  /** The member whose point was kept, per sample (null where none was found). */
  member: (ClosestMember | null)[];
  /** ||adversarial - x|| in `norm` per sample (Infinity where none was found). */
  distance: Float32Array;
  /** Each member's distance per sample (Infinity where it failed): `distance` is never larger. */
  memberDistances: Partial<Record<ClosestMember, Float32Array>>;
}

const LADDERS: Record<Norm, readonly number[]> = {
  l2: [0.1, 0.25, 0.5, 1, 2, 4, 8],
  linf: [1 / 255, 2 / 255, 4 / 255, 8 / 255, 16 / 255, 0.1, 0.2, 0.3],
  l1: [1, 2.5, 5, 10, 20, 40],
};
const MEMBERS: readonly ClosestMember[] = ['pgd', 'apgd', 'cw', 'fmn', 'deepfool'];

/** Packs the samples `idx` of x (and their labels) into a sub-batch. */
function subBatch(x: Tensor, idx: readonly number[], d: number): Tensor {
  const data = new Float32Array(idx.length * d);
  idx.forEach((s, r) => data.set(x.data.subarray(s * d, (s + 1) * d), r * d));
  return { data, shape: [idx.length, ...x.shape.slice(1)] };
}

/** Distance of each sample of an attack result in `norm`; Infinity where it failed. */
function distances(r: AttackResult, norm: Norm): Float32Array {
  const v = norm === 'l2' ? r.norms.l2 : norm === 'linf' ? r.norms.linf : r.norms.l1;
  return Float32Array.from(v, (e, i) => (r.success[i] ? e : Infinity));
}

/**
 * Runs each member from the clean input and keeps, per sample, the successful point closest to
 * x in `norm` (ties go to the earlier member). PGD and APGD climb the eps `ladder` (a sample
 * leaves a member's ladder at its first success); CW, FMN and DeepFool are minimal-norm attacks
 * and run once. Samples that no member fooled get the documented fallback (`widen`), then are
 * reported not found: the clean input with `found` 0, never a silent unsuccessful point. The
 * result is no farther than any member's: `memberDistances` lists them. A batch gives the
 * results of its samples one by one (every member is per-sample deterministic given `seed`).
 * `onStep` reports member runs done (each ladder rung counts as one).
 * @example
 * import { closestAdversarial } from '@axplain/core';
 * import { LinearModel } from '@axplain/core/testing';
 * const model = new LinearModel([2], 2, Float32Array.of(1, 0, 0, 1));
 * const r = await closestAdversarial(model, { data: Float32Array.of(0.6, 0.4), shape: [1, 2] });
 * r.distance[0]; // ~0.1414 = |0.6 - 0.4| / sqrt(2); r.member[0] e.g. 'fmn'
 */
export async function closestAdversarial(model: GradientModel, x: Tensor, options: ClosestAdversarialOptions = {}): Promise<ClosestAdversarialResult> {
  const n = checkInput(model, x);
  const norm = options.norm ?? 'l2';
  checkChoice('norm', norm, ['linf', 'l2', 'l1'], 'norm');
  const members = options.members ?? ['pgd', 'apgd', 'cw', 'fmn'];
  if (members.length === 0) throw new RangeError('members: give at least one attack');
  for (const m of members) checkChoice('members', m, MEMBERS, 'attack');
  const ladder = [...(options.ladder ?? LADDERS[norm])];
  if (ladder.length === 0 || ladder.some((e, i) => !(e > 0) || (i > 0 && !(e > ladder[i - 1]!))))
    throw new RangeError(`ladder: must be increasing positive eps values, got [${ladder.join(', ')}]`);
  const widen = options.widen ?? 2;
  checkInteger('widen', widen, { min: 0 });
  const targeted = options.targeted ?? false;
  if (targeted && members.includes('deepfool')) throw new RangeError("members: 'deepfool' is untargeted; drop it for a targeted search");
  const labels = await attackLabels(model, x, options);
  const d = x.data.length / n;
  const ladderMembers = members.filter((m) => m === 'pgd' || m === 'apgd').length;
  const totalRuns = ladderMembers * ladder.length + (members.length - ladderMembers) + (members.includes('pgd') ? widen : 0);
  let runs = 0;
  const progress = () => options.onStep?.({ step: ++runs, steps: totalRuns });

  const best = Float32Array.from(x.data);
  const bestDist = new Float64Array(n).fill(Infinity);
  const member: (ClosestMember | null)[] = new Array<ClosestMember | null>(n).fill(null);
  const iterations = new Int32Array(n);
  const memberDistances: Partial<Record<ClosestMember, Float32Array>> = {};

  /** Runs `attack` on the samples idx and folds its successes into the member's distances. */
  const fold = async (name: ClosestMember, idx: number[], attack: (xs: Tensor, target: number[]) => Promise<AttackResult>): Promise<Float32Array> => {
    throwIfAborted(options.signal);
    const r = await attack(subBatch(x, idx, d), idx.map((s) => labels[s]!));
    const dist = distances(r, norm);
    const mine = (memberDistances[name] ??= new Float32Array(n).fill(Infinity));
    idx.forEach((s, k) => {
      iterations[s]! += r.iterations[k]!;
      if (!(dist[k]! < mine[s]!)) return;
      mine[s] = dist[k]!;
      if (dist[k]! < bestDist[s]!) {
        bestDist[s] = dist[k]!;
        member[s] = name;
        best.set(r.adversarial.data.subarray(k * d, (k + 1) * d), s * d);
      }
    });
    progress();
    return dist;
  };
  const common = { targeted, box: options.box, signal: options.signal };
  const all = Array.from({ length: n }, (_, s) => s);
  const climb = async (name: 'pgd' | 'apgd', rungs: readonly number[], start: number[]): Promise<void> => {
    let open = start;
    for (const eps of rungs) {
      if (open.length === 0) { progress(); continue; }
      const dist = await fold(name, open, (xs, target) => name === 'pgd'
        ? pgd(model, xs, { seed: options.seed, ...options.pgd, ...common, target, eps, norm })
        : apgd(model, xs, { seed: options.seed, ...options.apgd, ...common, target, eps, norm }));
      open = open.filter((_, k) => !(dist[k]! < Infinity));
    }
  };

  for (const name of members) {
    if (name === 'pgd' || name === 'apgd') await climb(name, ladder, all);
    else if (name === 'cw') await fold(name, all, (xs, target) => carliniWagner(model, xs, { ...options.cw, ...common, target }));
    else if (name === 'fmn') await fold(name, all, (xs, target) => fastMinimumNorm(model, xs, { ...options.fmn, ...common, target }));
    else await fold(name, all, (xs, target) => deepFool(model, xs, { ...options.deepfool, box: options.box, signal: options.signal, target, norm: norm === 'linf' ? 'linf' : 'l2' }));
  }
  // Fallback: a wider PGD ladder for the samples nobody fooled.
  if (members.includes('pgd') && widen > 0) {
    const rungs = Array.from({ length: widen }, (_, k) => ladder[ladder.length - 1]! * 2 ** (k + 1));
    await climb('pgd', rungs, all.filter((s) => bestDist[s] === Infinity));
  }
  let result = await finishAttack(model, x, { data: best, shape: [...x.shape] }, labels, targeted, iterations);
  // A point a member reported but that does not reproduce (a non-deterministic model) is dropped.
  const lost = all.filter((s) => bestDist[s]! < Infinity && !result.success[s]);
  if (lost.length > 0) {
    for (const s of lost) best.set(x.data.subarray(s * d, (s + 1) * d), s * d);
    result = await finishAttack(model, x, { data: best, shape: [...x.shape] }, labels, targeted, iterations);
  }
  const found = Uint8Array.from(result.success);
  const distance = Float32Array.from(bestDist, (v, s) => (found[s] ? v : Infinity));
  return { ...result, found, member: member.map((m, s) => (found[s] ? m : null)), distance, memberDistances };
}
