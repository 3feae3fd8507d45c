/**
 * Compile-time values of small tensors (shapes, axes, pads, scales...). Shape arithmetic keeps
 * symbolic dims as strings, so `Shape -> Gather -> Concat -> Reshape` chains over a dynamic batch
 * still resolve at compile time.
 */
import type { Dim } from './dims.js';

export interface ConstValue {
  elemType: number;
  dims: number[];
  /** Row-major values; ints and floats as numbers, symbolic dims as strings. */
  data: Dim[];
}

/** Numbers of a value, or undefined when it holds a symbolic entry. */
export function numbers(v: ConstValue | undefined): number[] | undefined {
  if (!v) return undefined;
  return v.data.every((d) => typeof d === 'number') ? (v.data as number[]) : undefined;
}

/** Largest tensor that constant folding materialises. */
export const MAX_FOLD_ELEMENTS = 4096;
