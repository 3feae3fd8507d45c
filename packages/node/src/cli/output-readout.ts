/**
 * What `explain` explains when the model's output is not one vector of class logits: a sequence
 * [N, T, C] read with `--target-positions`, a dense map [N, 1, H, W] read with `--region`, each a
 * readout model of core (its one "class" is the score). A class output with a readout flag, or a
 * sequence/map output without one, is an error saying which flag to use.
 */
import { type GradientModel, TargetError, greedyReadout, type OutputReadout, positionsReadout, readoutModel, rectangleMask, regionReadout, type Tensor } from '@axplain/core';
import type { RegionFlag } from './model-io-flags.js';
import { CliError } from './run.js';

export interface ReadoutFlags { targetPositions?: [number, number][] | 'greedy'; region?: RegionFlag }

/** Whether the per-sample output dims are class logits: [C] or [C, 1, 1, ...]. */
export const isClassOutput = (shape: readonly number[]): boolean => shape.length >= 1 && shape.slice(1).every((d) => d === 1);

/**
 * The model to explain and what its score is: `model` itself for class outputs, else a readout
 * model of one score per sample of `x` (explain sample n with target n).
 */
export async function readoutFor(model: GradientModel, flags: ReadoutFlags, x: Tensor): Promise<{ subject: GradientModel; readout?: OutputReadout }> {
  const shape = model.outputShape ?? [model.classes];
  const out = `[N, ${shape.join(', ')}]`;
  if (flags.targetPositions !== undefined && flags.region !== undefined) throw new CliError('--target-positions and --region: give one of them (a sequence output or a map output)');
  if (flags.targetPositions === undefined && flags.region === undefined) {
    if (isClassOutput(shape)) return { subject: model };
    const hint = shape.length === 2 ? '--target-positions position:class,... or --target-positions greedy' : shape.length === 3 && shape[0] === 1 ? '--region x0,y0,x1,y1 or --region mask.json' : 'pick a class output with another model';
    throw new CliError(`the model's output is ${out}, not class logits [N, C]; say what to explain with ${hint}`);
  }
  if (isClassOutput(shape)) throw new CliError(`${flags.region ? '--region' : '--target-positions'}: the model's output is class logits ${out}; use --target instead`);
  let readout: OutputReadout;
  try {
    if (flags.targetPositions === 'greedy') readout = greedyReadout(model, await model.logits(x));
    else if (flags.targetPositions) readout = positionsReadout(model, flags.targetPositions);
    else {
      const r = flags.region!;
      if ('rect' in r) readout = regionReadout(model, rectangleMask(model, r.rect), `sum of the map over x ${r.rect.x0}..${r.rect.x1 - 1}, y ${r.rect.y0}..${r.rect.y1 - 1}`);
      else {
        const [h, w] = shape.slice(-2);
        if (r.shape.length !== 2 || r.shape[0] !== h || r.shape[1] !== w)
          throw new CliError(`--region ${r.file}: the mask is [${r.shape.join(', ')}]; the model's map is ${h}x${w}, so the mask must be [${h}, ${w}]`);
        readout = regionReadout(model, r.mask, `sum of the map over the mask ${r.file}`);
      }
    }
  } catch (e) {
    if (!(e instanceof TargetError)) throw e;
    throw new CliError(`${flags.region ? '--region' : '--target-positions'}: ${(e as Error).message}`);
  }
  return { subject: readoutModel(model, readout), readout };
}

/** Commands that read class logits (attack, probe, robustness) refuse a sequence or map output: its flattened values are no classes. */
export function requireClassOutput(model: GradientModel, command: string): void {
  const shape = model.outputShape ?? [model.classes];
  if (!isClassOutput(shape))
    throw new CliError(`axplain ${command} needs class logits [N, C]; this model's output is [N, ${shape.join(', ')}] (explain reads it with ${shape.length === 2 ? '--target-positions' : '--region'})`);
}
