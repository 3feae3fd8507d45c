/** Small emission helpers shared by the shape and reduce rules. */
import { isStatic, numel } from '../../dims.js';
import type { Emitter } from '../../emit/emitter.js';

/**
 * Zeros shaped like `x`. Before opset 8 a static shape becomes a plain constant here, because
 * Emitter.zerosLike also creates a scalar it then leaves unused, and IR-3 runtimes reject an
 * initializer no node consumes.
 */
export function zerosLike(e: Emitter, x: string): string {
  const s = e.shape(x);
  if (e.opset < 8 && isStatic(s)) return e.constant(new Array<number>(numel(s)).fill(0), s, e.elemType(x));
  return e.zerosLike(x);
}
