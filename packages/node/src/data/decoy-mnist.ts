/**
 * Decoy MNIST (Ross et al., "Right for the Right Reasons"), as ../shared/docs/methods.md states
 * it: every image gets a 4x4 swatch in a random corner (row block top or bottom, column block
 * left or right, two independent fair coin flips). In the train set the swatch's shade is
 * 255 - 25 * label (on the 0..255 scale; /255 here), so it gives the label away; in the test set
 * it is 255 - 25 * d for a uniformly random digit d, so a model that learnt the swatch fails.
 * The annotation mask A (`masks`) is 1 on the swatch, 0 elsewhere: exactly 16 ones per image.
 */
import { checkSeed, type Dataset, type DatasetSplit, deriveSeed, randInt, Rng, splitDataset, withAnnotations } from '@axplain/core';
import { readMnist } from './mnist.js';
import type { NpmDatasetOptions } from './npm-images.js';

/** Side of the square swatch, in pixels. */
export const DECOY_SWATCH = 4;

/** The swatch shade for digit d, in [0, 1]: (255 - 25 d) / 255. */
export const decoyShade = (d: number): number => (255 - 25 * d) / 255;

export interface DecoyOptions {
  /** Seed of the corners (and of the random shades). @defaultValue 0 */
  seed?: number;
  /**
   * 'label': the shade encodes the sample's label (the train set); 'random': it encodes a
   * uniformly random class, independent of the label (the test set). @defaultValue 'label'
   */
  shade?: 'label' | 'random';
}

/**
 * A copy of `ds` with a decoy swatch stamped on every image (pixels overwritten, all channels)
 * and `masks` = the swatch. Works on any grey dataset of at most 11 classes (the shade formula
 * stays >= 0).
 * @example
 * const decoyed = addDecoySwatch(loadMnist().test, { seed: 3, shade: 'random' });
 * decoyed.masks!.reduce((s, v) => s + v, 0) === 16 * decoyed.n; // true
 */
export function addDecoySwatch(ds: Dataset, options: DecoyOptions = {}): Dataset {
  const seed = checkSeed(options.seed ?? 0);
  const mode = options.shade ?? 'label';
  if (mode !== 'label' && mode !== 'random') throw new RangeError(`shade: must be 'label' or 'random', got '${String(mode)}'`);
  if (ds.classes > 11) throw new RangeError(`ds.classes: the shade 255 - 25 * label needs at most 11 classes, got ${ds.classes}`);
  const [C, H, W] = ds.shape;
  if (H < DECOY_SWATCH || W < DECOY_SWATCH) throw new RangeError(`ds.shape: images must be at least ${DECOY_SWATCH}x${DECOY_SWATCH}, got ${H}x${W}`);
  const len = C * H * W;
  const x = ds.x.slice();
  const masks = new Float32Array(ds.n * len);
  const rng = new Rng(deriveSeed(seed, mode === 'label' ? 11 : 12));
  for (let i = 0; i < ds.n; i++) {
    const top = rng.next() < 0.5;
    const left = rng.next() < 0.5;
    const digit = mode === 'label' ? ds.y[i]! : randInt(rng, ds.classes);
    const v = decoyShade(digit);
    const r0 = top ? 0 : H - DECOY_SWATCH;
    const c0 = left ? 0 : W - DECOY_SWATCH;
    for (let c = 0; c < C; c++) {
      for (let r = r0; r < r0 + DECOY_SWATCH; r++) {
        const row = i * len + c * H * W + r * W;
        x.fill(v, row + c0, row + c0 + DECOY_SWATCH);
        masks.fill(1, row + c0, row + c0 + DECOY_SWATCH);
      }
    }
  }
  return withAnnotations({ ...ds, x }, masks, ds.boxes);
}

/**
 * Decoy MNIST from the `mnist` package's 10,000 digits: a seeded train/test split (as
 * `loadMnist`), then label-shaded swatches on the train set and random-shaded ones on the test
 * set. The corners and shades use streams derived from `seed`, so the same seed gives the same
 * bytes.
 * @example
 * const { train, test } = loadDecoyMnist({ seed: 0 });
 * train.x[0]; // the top-left pixel: 1 - 25 * train.y[0] / 255 when the swatch sits top-left, else the digit's pixel
 */
export function loadDecoyMnist(options: NpmDatasetOptions = {}): DatasetSplit {
  const seed = checkSeed(options.seed ?? 0);
  const { train, test } = splitDataset(readMnist(options), options);
  return {
    train: addDecoySwatch(train, { seed, shade: 'label' }),
    test: addDecoySwatch(test, { seed, shade: 'random' }),
  };
}
