/**
 * A default preprocessing spec from a model's input shape alone, for models that ship none.
 */
import { isInteger } from '../validate.js';
import type { PreprocessSpec } from './preprocess-spec.js';

/**
 * The spec to assume when a model has none: pixels scaled to [0, 1], no mean/std, stretched to
 * the input size; [1, H, W] is grey NCHW, [3, H, W] RGB NCHW, [H, W, 1] / [H, W, 3] the NHWC
 * equivalents. Any other shape (a flattened [784], 4 channels) raises a RangeError: write a
 * `<model>.preprocess.json` for it.
 * @example inferPreprocessSpec([1, 28, 28]) // { width: 28, height: 28, channels: 'grey', layout: 'nchw', scale: 1 / 255, mean: [0], std: [1] }
 */
export function inferPreprocessSpec(inputShape: readonly number[]): PreprocessSpec {
  const shape = inputShape.length === 4 ? inputShape.slice(1) : inputShape;
  const ok = (d: number | undefined): d is number => isInteger(d, { min: 1 });
  const isC = (d: number | undefined) => d === 1 || d === 3;
  if (shape.length === 3 && shape.every(ok)) {
    const [a, b, c] = shape as [number, number, number];
    // Channel-first wins a tie ([3, 5, 3] is read as NCHW), as for PyTorch-exported models.
    const layout = isC(a) ? 'nchw' : isC(c) ? 'nhwc' : undefined;
    if (layout) {
      const [C, H, W] = layout === 'nchw' ? [a, b, c] : [c, a, b];
      return { width: W, height: H, channels: C === 1 ? 'grey' : 'rgb', layout, scale: 1 / 255, mean: [0], std: [1] };
    }
  }
  throw new RangeError(
    `inputShape: cannot infer how images map to an input of shape [${inputShape.join(', ')}]; ` +
      `only [1|3, H, W] and [H, W, 1|3] have a default. Write a <model>.preprocess.json (fields: width, height, channels, layout, scale, mean, std)`,
  );
}
