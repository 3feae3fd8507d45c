/** Looks up gradient rules by op type. */
import type { Node } from '../node.js';
import { ALL_RULES, RULE_FAMILIES } from './register-all.js';
import { type GradRule, NO_GRADIENT } from './types.js';

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

export function differentiableInputs(rule: GradRule, node: Node): readonly number[] {
  return typeof rule.differentiable === 'function' ? rule.differentiable(node) : rule.differentiable;
}

/** Markdown table of the supported ops by family (README), generated from the registry. */
export function supportedOpsMarkdown(): string {
  const rows = Object.entries(RULE_FAMILIES).map(
    ([family, rules]) => `| ${family} | ${rules.map((r) => r.opType + (r.sinceOpset ? ` (opset >= ${r.sinceOpset})` : '')).sort().join(', ')} |`,
  );
  return [
    '| family | ops with gradient rules |',
    '|---|---|',
    ...rows,
    `| no gradient (piecewise constant or not real-valued: a path from \`wrt\` to \`of\` only through them raises NonDifferentiablePathError) | ${[...NO_GRADIENT].sort().join(', ')} |`,
  ].join('\n');
}
