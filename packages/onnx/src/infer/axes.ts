/** Reads axes-like operands that moved from attributes to inputs across opsets. */
import { numbers } from '../const-value.js';
import type { Node } from '../node.js';
import type { InferContext } from './types.js';

/** Axes from attribute `name` or, when absent, from input `k` (must be a compile-time constant). */
export function axesOf(n: Node, ctx: InferContext, k: number, name = 'axes'): number[] | undefined {
  const a = n.ints(name);
  if (a) return a;
  const inp = n.input(k);
  if (!inp) return undefined;
  const v = numbers(ctx.value(inp));
  if (!v) throw new RangeError(`${n.describe()}: input ${k} (${name}) must be a compile-time constant`);
  return v;
}

/** Values of input k as numbers (compile-time constant required). */
export function constInput(n: Node, ctx: InferContext, k: number, what: string): number[] {
  const inp = n.input(k);
  const v = inp ? numbers(ctx.value(inp)) : undefined;
  if (!v) throw new RangeError(`${n.describe()}: input ${k} (${what}) must be a compile-time constant`);
  return v;
}
