/** Turns a compiled graph's cotangent input into a constant 1: the gradient of a scalar itself. */
import { isStatic } from '../dims.js';
import { infoFromValueInfo } from '../graph.js';
import { makeTensor, type ModelProto } from '../proto.js';
import { LossGraphError } from './loss-graph-error.js';

/**
 * Removes graph input `name` (the `${of}_cotangent` a `compile` added) and adds an initializer of
 * ones in its place, so d(of)/d(wrt) comes out without feeding anything. In place.
 * @example
 * ```ts
 * const res = compile(lossModel, { wrt: ['W'], of: 'loss' });
 * seedCotangent(res.model, res.cotangentInput); // W_grad = d loss / d W
 * ```
 */
export function seedCotangent(model: ModelProto, name: string): void {
  const gr = model.graph!;
  const k = (gr.input ?? []).findIndex((i) => i.name === name);
  const info = k >= 0 ? infoFromValueInfo(gr.input![k]!) : undefined;
  if (!info || !isStatic(info.shape))
    throw new LossGraphError(`cotangent input '${name}' is missing or not statically shaped; the differentiated tensor must be a scalar`);
  const n = info.shape.reduce((a, b) => a * b, 1);
  gr.input = gr.input!.filter((_, i) => i !== k);
  gr.initializer = [...(gr.initializer ?? []), makeTensor(name, info.elemType, info.shape, new Array<number>(n).fill(1))];
}
