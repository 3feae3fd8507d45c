/** Loop/Scan state that axplain cannot type (sequences, optionals, unknown shapes) is an unsupported variant. */
import { ShapeInferenceError } from '../../errors.js';

export function typedOrUnsupported<T>(f: () => T, unsupported: (detail: string) => never): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ShapeInferenceError)
      return unsupported(`its state or scan inputs must be tensors of known type and rank to be differentiated (${e.message})`);
    throw e;
  }
}
