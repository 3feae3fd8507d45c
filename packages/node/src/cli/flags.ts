/**
 * The one set of flag parsers and shared options of the sub-commands. Commander runs the parsers
 * while it reads the command line (`Option.argParser`), so every value is checked before a model
 * or dataset is loaded; the checks are core's `validate` ones, and an error names the flag and
 * the value as the user typed it: `--batch: expected a whole number >= 1, got '0'`.
 */
import { checkChoice, describeNumber, type IntegerRange, isInteger, isNumberIn, type NumberRange, PREPROCESS_PRESETS } from '@axplain/core';
import { Option } from 'commander';
import { CliError } from './run.js';

type Parser<T> = (value: string) => T;

/** A whole number (digits only) within `range`. */
export const wholeNumber = (flag: string, range: IntegerRange = {}): Parser<number> => (s) => {
  if (!/^\d+$/.test(s) || !isInteger(Number(s), range))
    throw new CliError(`${flag}: expected a whole number ${range.max === undefined ? `>= ${range.min ?? 0}` : `in ${range.min ?? 0}..${range.max}`}, got '${s}'`);
  return Number(s);
};

/** A finite number within `range` (e.g. `{ above: 0 }`: 'a number > 0'). */
export const numberIn = (flag: string, range: NumberRange): Parser<number> => (s) => {
  const v = Number(s);
  if (s.trim() === '' || !isNumberIn(v, range)) throw new CliError(`${flag}: expected ${describeNumber(range)}, got '${s}'`);
  return v;
};

/** One of `choices`: `--render: unknown mode 'x'; choose one of a, b`. */
export const choice = <const C extends string>(flag: string, choices: readonly C[], noun: string): Parser<C> => (s) => {
  try {
    return checkChoice(flag, s, choices, noun);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
};

/** A comma list, each item parsed by `item`; empty items are dropped. */
export const commaList = <T>(item: Parser<T>): Parser<T[]> => (s) => s.split(',').map((v) => v.trim()).filter(Boolean).map(item);

/** A class index or 'predicted'. */
export const classOrPredicted: Parser<number | 'predicted'> = (s) => {
  if (s === 'predicted') return s;
  if (!/^\d+$/.test(s)) throw new CliError(`--target: expected a class index (0, 1, ...) or 'predicted', got '${s}'`);
  return Number(s);
};

/** Execution providers in fallback order. */
export const executionProviders: Parser<string[]> = (s) => {
  const eps = s.split(',').map((v) => v.trim()).filter(Boolean);
  if (!eps.length) throw new CliError('--ep: give at least one execution provider (cpu, webgpu, cuda, dml)');
  return eps;
};

/** A flag with a parser, and a default when given (never parsed: give it parsed). */
export function flag<T>(flags: string, about: string, parse: Parser<T>, fallback?: T): Option {
  const o = new Option(flags, about).argParser((v: string) => parse(v));
  return fallback === undefined ? o : o.default(fallback);
}

/** The options every model command shares, defined once. */
export const modelOption = (): Option => new Option('--model <file>', 'ONNX image classifier (logits output), or a comma list a.onnx,b.onnx,... of models run in turn (each part\'s output is the next one\'s input)').makeOptionMandatory();
export const epOption = (about = "execution provider(s): cpu, webgpu, cuda, dml; a comma list is a fallback order (e.g. 'cuda,cpu')"): Option =>
  flag('--ep <names>', about, executionProviders, ['cpu']);
export const seedOption = (about: string): Option => flag('--seed <n>', about, wholeNumber('--seed', { min: 0 }), 0);
export const jsonOption = (about: string): Option => new Option('--json <file>', about);
export const preprocessOption = (): Option =>
  new Option('--preprocess <preset|file>', `preprocessing: a preset (${PREPROCESS_PRESETS.map((p) => p.name).join(', ')}) or a spec JSON file (default: <model>.preprocess.json or card.json beside the model, else the model's ONNX image metadata, else inferred from the input shape, with a note)`);
export const labelsOption = (): Option =>
  new Option('--labels <file>', 'class names: one per line, a JSON array, or a JSON object index -> name (default: card.json beside the model, else the model metadata)');
export const stepsOption = (about: string, fallback?: number): Option => flag('--steps <k>', about, wholeNumber('--steps', { min: 1 }), fallback);
