/**
 * A default preprocessing spec from a model's input shape alone, for models that ship none.
 */
import { isInteger } from '../validate.js';
import type { PreprocessSpec, TensorLayout } from './preprocess-spec.js';

/** What an image input's shape says by itself: size, channel count and axis order. */
export interface InputGeometry {
  width: number;
  height: number;
  /** 1 (grey) or 3 (colour). */
  channels: 1 | 3;
  layout: TensorLayout;
}

/**
 * The geometry of an image input of per-sample shape [1|3, H, W] or [H, W, 1|3] (a leading batch
 * dim is dropped); undefined for any other shape. Channel-first wins a tie ([3, 5, 3] is NCHW),
 * as for PyTorch-exported models.
 * @example inputGeometry([3, 224, 224]) // { width: 224, height: 224, channels: 3, layout: 'nchw' }
 */
export function inputGeometry(inputShape: readonly number[]): InputGeometry | undefined {
  const shape = inputShape.length === 4 ? inputShape.slice(1) : inputShape;
  const ok = (d: number | undefined): d is number => isInteger(d, { min: 1 });
  const isC = (d: number | undefined) => d === 1 || d === 3;
  if (shape.length !== 3 || !shape.every(ok)) return undefined;
  const [a, b, c] = shape as [number, number, number];
  const layout = isC(a) ? 'nchw' : isC(c) ? 'nhwc' : undefined;
  if (!layout) return undefined;
  const [C, H, W] = layout === 'nchw' ? [a, b, c] : [c, a, b];
  return { width: W, height: H, channels: C as 1 | 3, layout };
}

/** The RangeError for an input shape no image maps to without a spec. */
export function noImageGeometry(inputShape: readonly number[], what = 'a default'): RangeError {
  return new RangeError(
    `inputShape: cannot infer how images map to an input of shape [${inputShape.join(', ')}]; ` +
      `only [1|3, H, W] and [H, W, 1|3] have ${what}. Write a <model>.preprocess.json (fields: width, height, channels, layout, scale, mean, std)`,
  );
}

/**
 * The spec to assume when a model has none: pixels scaled to [0, 1], no mean/std, stretched to
 * the input size; [1, H, W] is grey NCHW, [3, H, W] RGB NCHW, [H, W, 1] / [H, W, 3] the NHWC
 * equivalents. Any other shape (a flattened [784], 4 channels) raises a RangeError: write a
 * `<model>.preprocess.json` for it.
 * @example inferPreprocessSpec([1, 28, 28]) // { width: 28, height: 28, channels: 'grey', layout: 'nchw', scale: 1 / 255, mean: [0], std: [1] }
 */
export function inferPreprocessSpec(inputShape: readonly number[]): PreprocessSpec {
  const g = inputGeometry(inputShape);
  if (!g) throw noImageGeometry(inputShape);
  return { width: g.width, height: g.height, channels: g.channels === 1 ? 'grey' : 'rgb', layout: g.layout, scale: 1 / 255, mean: [0], std: [1] };
}
