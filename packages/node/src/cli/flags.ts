/** Parsers of CLI flag values shared by the sub-commands; errors name the flag and the value. */
import { CliError } from './run.js';

/** A whole number >= min from a flag (undefined when the flag is absent). */
export function parseWhole(s: string | undefined, flag: string, min: number): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) < min) throw new CliError(`${flag}: expected a whole number >= ${min}, got '${s}'`);
  return Number(s);
}
