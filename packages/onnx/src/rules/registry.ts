/** Looks up gradient rules by op type. */
import type { GradRule } from './types.js';
import { ALL_RULES } from './register-all.js';

const REGISTRY = new Map<string, GradRule>();
for (const r of ALL_RULES) {
  if (REGISTRY.has(r.opType)) throw new Error(`duplicate gradient rule for ${r.opType}`);
  REGISTRY.set(r.opType, r);
}

export function getRule(opType: string): GradRule | undefined {
  return REGISTRY.get(opType);
}

/** Op types that have a gradient rule, sorted. */
export function supportedOps(): string[] {
  return [...REGISTRY.keys()].sort();
}

export function differentiableInputs(rule: GradRule, node: import('../node.js').Node): readonly number[] {
  return typeof rule.differentiable === 'function' ? rule.differentiable(node) : rule.differentiable;
}
