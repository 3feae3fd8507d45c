/**
 * Typed option specifications of the registry's methods: each option has a name, a kind, a
 * default and a domain, and is validated through the `validate` module, so a bad value reads
 * the same from the API, the CLI and the web demo: `steps: must be an integer >= 1, got 0`.
 */
import type { Target } from '../targets.js';
import {
  checkChoice, checkInteger, checkNumber, describeInteger, describeNumber, type IntegerRange, type NumberRange,
} from '../validate.js';

/** One option of a method. `T` is its value type after defaults (`undefined` where the method decides at run time). */
export interface OptionSpec<T> {
  /** The option's name in the options object (and, kebab-cased, its CLI flag). */
  readonly name: string;
  readonly kind: 'integer' | 'number' | 'choice' | 'target';
  /** The value used when none is given; `undefined`: the method's own rule (named in `about`). */
  readonly default: T;
  /** Allowed values: an integer or number range, or the choices. */
  readonly domain: IntegerRange | NumberRange | readonly string[] | 'class index or predicted';
  /** One line for help texts. */
  readonly about: string;
  /** `value` checked against the domain; `undefined` gives the default. */
  check(value: unknown): T;
}

/** The options of one method, by name. */
export type OptionSpecs<O> = { readonly [K in keyof O]-?: OptionSpec<O[K]> };

/** A whole-number option. */
export function integerOption<D extends number | undefined>(name: string, fallback: D, range: IntegerRange, about: string): OptionSpec<number | D> {
  return {
    name, kind: 'integer', default: fallback, domain: range, about: `${about} (${describeInteger(range)})`,
    check: (v) => (v === undefined ? fallback : checkInteger(name, v, range)),
  };
}

/** A real-number option. */
export function numberOption<D extends number | undefined>(name: string, fallback: D, range: NumberRange, about: string): OptionSpec<number | D> {
  return {
    name, kind: 'number', default: fallback, domain: range, about: `${about} (${describeNumber(range)})`,
    check: (v) => (v === undefined ? fallback : checkNumber(name, v, range)),
  };
}

/** One of a fixed set of strings. */
export function choiceOption<const C extends string>(name: string, fallback: C, choices: readonly C[], about: string): OptionSpec<C> {
  return {
    name, kind: 'choice', default: fallback, domain: choices, about,
    check: (v) => (v === undefined ? fallback : checkChoice(name, v, choices)),
  };
}

/** The class to explain: an index, one index per sample, or 'predicted'. */
export const targetOption: OptionSpec<Target> = {
  name: 'target', kind: 'target', default: 'predicted', domain: 'class index or predicted',
  about: "class to explain: an index, one index per sample, or 'predicted'",
  check: (v) => {
    if (v === undefined || v === 'predicted') return 'predicted';
    if (Array.isArray(v)) return v.map((c, i) => checkInteger(`target[${i}]`, c, { min: 0 }));
    return checkInteger('target', v, { min: 0 });
  },
};

/** The seed of a method's random choices. */
export const seedOption = (about: string): OptionSpec<number> => integerOption('seed', 0, { min: 0 }, about);

/**
 * Validated options with the defaults filled in. Only the options in `specs` are read: other
 * keys of `raw` are ignored, so one bag of values (e.g. every CLI flag) serves every method.
 * @example resolveOptions({ steps: integerOption('steps', 50, { min: 1 }, 'steps') }, { steps: 8, seed: 3 }) // { steps: 8 }
 */
export function resolveOptions<O>(specs: OptionSpecs<O>, raw: Readonly<Record<string, unknown>> = {}): O {
  const out: Partial<O> = {};
  for (const key of Object.keys(specs) as (keyof O)[]) out[key] = specs[key].check(raw[key as string]);
  return out as O;
}

/** The option specs of a method as a list (for help texts and docs). */
export const optionList = (specs: object): OptionSpec<unknown>[] => Object.values(specs) as OptionSpec<unknown>[];
