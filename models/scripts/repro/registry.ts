/** The reproductions by name, each with the sample size its committed results use. */
import { reproduceAxaiBands } from './axai-bands.js';
import type { Reproduction } from './common.js';
import { reproduceGini } from './gini.js';
import { reproduceLocalisation } from './localisation.js';
import { reproduceSanity } from './sanity.js';

export interface ReproductionEntry { defaultN: number; run(o: { n: number; seed: number }): Promise<Reproduction> }

/** `defaultN` keeps each run to a few minutes on two busy cores. */
export const REPRODUCTIONS = {
  localisation: { defaultN: 40, run: (o) => reproduceLocalisation(o) },
  gini: { defaultN: 500, run: (o) => reproduceGini(o) },
  'axai-bands': { defaultN: 100, run: (o) => reproduceAxaiBands(o) },
  sanity: { defaultN: 32, run: (o) => reproduceSanity(o) },
} satisfies Record<string, ReproductionEntry>;

export type ReproductionName = keyof typeof REPRODUCTIONS;
