/**
 * Find-another-explanation, sequential variant (Ross et al.; ../shared/docs/methods.md): train a
 * model; mark, per training sample, the inputs its explanation relies on most
 * (|d max_k p_k / dx| > threshold * max); add them to the annotation masks A; train a new model
 * from scratch with the Right-for-the-Right-Reasons penalty on A; repeat. Every round starts
 * from the same seed (same initial weights and batch order), so rounds differ only by A.
 */
import { crossEntropy, type LossTerm, rightReasons } from '@axplain/onnx';
import { checkInteger, type Dataset, explanationMasks, maskedGradientShare } from '@axplain/core';
import { ParameterModel } from './parameter-model.js';
import { train, type TrainOptions, type TrainResult } from './train.js';

export interface FindAnotherOptions extends Omit<TrainOptions, 'terms'> {
  /** Models to train (round 0 is the unconstrained one unless the training set has masks). @defaultValue 2 */
  rounds?: number;
  /** A position joins the mask when |grad| > threshold * max |grad| of its sample. @defaultValue 0.67 */
  threshold?: number;
  /** Weight of the RRR penalty on the accumulated masks (see `rightReasons`). @defaultValue 10 */
  lambda?: number;
  /** Terms besides cross-entropy and RRR (e.g. weight decay). @defaultValue [] */
  extraTerms?: LossTerm[];
  /** Start from the training set's own masks (annotations) instead of none. @defaultValue false */
  startFromMasks?: boolean;
  /** Called after each round. */
  onRound?: (r: RoundReport) => void;
}

export interface RoundReport {
  round: number;
  result: TrainResult;
  /** Fraction of the training set's input positions inside A while this round trained. */
  maskFraction: number;
  /**
   * Share of this model's input-gradient magnitude (d/dx sum_k log p_k, on the training set)
   * inside the masks it was trained to ignore (0 in an unconstrained round).
   */
  maskGradientShare: number;
  /**
   * Share of this model's input-gradient magnitude (d/dx sum_k log p_k, on the training set)
   * inside the masks of the NEXT round: how much it relies on what the next model must ignore.
   */
  nextMaskGradientShare: number;
}

/**
 * Trains `rounds` models, each forced to explain differently from all the ones before.
 * @example
 * ```ts
 * const { train: tr, test } = loadDecoyMnist({ seed: 0 });
 * const { rounds } = await findAnotherExplanation({ model: { kind: 'mlp', hidden: [50, 30] }, train: tr, test, epochs: 4 });
 * rounds.map((r) => r.result.accuracy.test); // round 0 reads the swatch, round 1 the digit
 * ```
 */
export async function findAnotherExplanation(options: FindAnotherOptions): Promise<{ rounds: RoundReport[]; masks: Float32Array }> {
  const roundsWanted = options.rounds ?? 2;
  checkInteger('rounds', roundsWanted, { min: 1 });
  const lambda = options.lambda ?? 10;
  if (!(Number.isFinite(lambda) && lambda >= 0)) throw new RangeError(`lambda: must be a finite number >= 0, got ${options.lambda}`);
  const { rounds: _r, threshold, lambda: _l, extraTerms = [], startFromMasks, onRound, ...trainOptions } = options;
  const base = options.train;
  let masks: Float32Array = startFromMasks && base.masks ? base.masks.slice() : new Float32Array(base.x.length);
  const reports: RoundReport[] = [];
  for (let round = 0; round < roundsWanted; round++) {
    const annotated = masks.some((v) => v !== 0);
    const ds: Dataset = annotated ? { ...base, masks } : withoutMasks(base);
    const terms: LossTerm[] = annotated ? [crossEntropy(), rightReasons(lambda), ...extraTerms] : [crossEntropy(), ...extraTerms];
    const result = await train({ ...trainOptions, train: ds, terms });
    const live = new ParameterModel(result.model, {}, { runtime: options.runtime, input: result.input, output: result.output, sessionOptions: options.sessionOptions });
    try {
      const next = union(masks, await explanationMasks(live, ds, threshold));
      const report: RoundReport = {
        round, result, maskFraction: fraction(masks),
        maskGradientShare: annotated ? await maskedGradientShare(live, ds) : 0,
        nextMaskGradientShare: await maskedGradientShare(live, { ...ds, masks: next }),
      };
      reports.push(report);
      onRound?.(report);
      masks = next;
    } finally {
      await live.dispose();
    }
  }
  return { rounds: reports, masks };
}

function union(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, i) => (v !== 0 || b[i] !== 0 ? 1 : 0));
}

function fraction(a: Float32Array): number {
  let s = 0;
  for (const v of a) if (v !== 0) s++;
  return a.length ? s / a.length : 0;
}

function withoutMasks(ds: Dataset): Dataset {
  const { masks: _m, ...rest } = ds;
  return rest;
}
