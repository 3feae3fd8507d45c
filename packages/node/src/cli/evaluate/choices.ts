/**
 * The methods and metrics of an `axplain evaluate` command, checked before anything loads: known
 * names, `--set NAME.KEY=VALUE` options that the method or metric takes (validated by its registry
 * entry), and the inputs each metric needs that the dataset must provide.
 */
import { explanationMethod } from '@axplain/core';
import { metric } from '@axplain/metrics';
import { CliError } from '../run.js';
import type { NamedOptions } from './spec.js';

/** `NAME.KEY=VALUE` to its parts; VALUE is a number, true/false, or else a string. */
export function parseSetting(s: string): { name: string; key: string; value: unknown } {
  const m = /^([\w-]+)\.(\w+)=(.*)$/.exec(s.trim());
  if (!m) throw new CliError(`--set: expected NAME.KEY=VALUE (e.g. ig.steps=32 or deletion.steps=10), got '${s}'`);
  const raw = m[3]!;
  const value = raw === 'true' ? true : raw === 'false' ? false : raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { name: m[1]!, key: m[2]!, value };
}

/** Per-sample keys the command sets itself. */
const RESERVED = ['target', 'seed'];

/**
 * The chosen methods and metrics with their resolved options (registry defaults, `--set` values
 * applied; target and seed left out: they are set per sample).
 */
export function resolveChoices(methods: readonly string[], metrics: readonly string[], settings: readonly string[]): { methods: NamedOptions[]; metrics: NamedOptions[] } {
  if (new Set(methods).size !== methods.length) throw new CliError(`--methods: a method is listed twice (${methods.join(', ')})`);
  if (new Set(metrics).size !== metrics.length) throw new CliError(`--metrics: a metric is listed twice (${metrics.join(', ')})`);
  const raw = new Map<string, Record<string, unknown>>([...methods, ...metrics].map((n) => [n, {}]));
  for (const s of settings) {
    const { name, key, value } = parseSetting(s);
    const own = raw.get(name);
    if (!own) throw new CliError(`--set ${s}: '${name}' is not one of the chosen methods or metrics (${[...raw.keys()].join(', ')})`);
    const keys = Object.keys((methods.includes(name) ? explanationMethod(name) : metric(name)).options).filter((k) => !RESERVED.includes(k));
    if (!keys.includes(key))
      throw new CliError(`--set ${s}: ${name} has no option '${key}'${RESERVED.includes(key) ? ' that can be set (target and seed come from --target and --seed)' : ''}; its options are ${keys.join(', ') || 'none'}`);
    own[key] = value;
  }
  const resolved = (name: string, resolve: (o: Record<string, unknown>) => unknown): NamedOptions => {
    let options: Record<string, unknown>;
    try {
      options = { ...(resolve(raw.get(name)!) as Record<string, unknown>) };
    } catch (e) {
      throw new CliError(`--set ${name}: ${(e as Error).message}`);
    }
    for (const k of RESERVED) delete options[k];
    return { name, options };
  };
  return {
    methods: methods.map((n) => resolved(n, (o) => explanationMethod(n).resolve(o))),
    metrics: metrics.map((n) => resolved(n, (o) => metric(n).resolve(o))),
  };
}

/** A metric that needs ground-truth regions on a dataset without them: an error naming both. */
export function checkNeeds(metrics: readonly string[], dataset: string, hasRegions: boolean): void {
  const needing = metrics.filter((n) => metric(n).needs.includes('masks'));
  if (needing.length && !hasRegions)
    throw new CliError(`--metrics: ${needing.join(', ')} need${needing.length === 1 ? 's' : ''} ground-truth regions (masks or boxes), and dataset ${dataset} has none; use decoy, canvas or folder:DIR with a boxes.json`);
}
