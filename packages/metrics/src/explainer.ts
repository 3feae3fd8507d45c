/** Explainers: any function, or a method of core's registry by name with its options. */
import { type Box, explanationMethod } from '@axplain/core';
import type { Explainer } from './types.js';

/**
 * The registry method `name` (core's `explanationMethod`) as an {@link Explainer}; `options` are
 * the method's own (validated by the registry; `target` is set per row by the metric).
 * `box` is the valid input range the method's searches stay in (core's `inputBox(spec)`; default [0, 1]).
 * @example const explainer = registryExplainer('ig', { steps: 32 });
 */
export function registryExplainer(name: string, options: Readonly<Record<string, unknown>> = {}, box?: Box): Explainer {
  const method = explanationMethod(name);
  method.resolve(options);
  return async (model, x, targets, signal) =>
    (await method.explain(model, x, { ...options, target: Array.from(targets) }, { signal, ...(box === undefined ? {} : { box }) })).attribution;
}

/** An explainer given as a function or a registry name (run inside `box` when given). */
export const explainerOf = (e: Explainer | string, box?: Box): Explainer => (typeof e === 'string' ? registryExplainer(e, {}, box) : e);
