/**
 * The picture of one adversarial example: the input as the model saw it, the adversarial
 * example, and the perturbation |adversarial - input| amplified so its largest entry is bright.
 */
import { ShapeMismatchError } from '../errors.js';
import { parsePreprocessSpec, type PreprocessSpec, resizeImage, type RgbaImage, toRgba } from '../image/index.js';
import type { Tensor } from '../tensor.js';
import { grid } from './grid.js';
import { heatmap } from './heatmap.js';

export interface AdversarialPanelOptions {
  /** The clean input: one sample of a batch made with `spec` ([1, ...] or the sample's shape). */
  clean: Tensor;
  /** The adversarial example, shaped like `clean`. */
  adversarial: Tensor;
  /** The preprocessing the input went through (to turn both back into pixels). */
  spec: PreprocessSpec;
  /** Panel titles. @defaultValue ['input', 'adversarial', '|d| x<amplification>'] */
  titles?: readonly [string, string, string];
  /**
   * Panels are magnified by the smallest integer factor that makes their shorter side at least
   * this (nearest neighbour, so pixels stay visible). @defaultValue 224
   */
  minSize?: number;
}

export interface AdversarialPanel {
  /** The three panels side by side, with titles. */
  image: RgbaImage;
  /**
   * How much the difference panel amplifies: 1 / max|adversarial - input| in input units (the
   * brightest colour stands for the largest change); 0 when nothing changed.
   */
  amplification: number;
}

/**
 * Renders input | adversarial | amplified |delta|. The difference is reduced over channels by the
 * largest absolute change per pixel and drawn in the 'heat' colormap, black = unchanged.
 * @example
 * const r = await pgd(model, x, { eps: 0.1 });
 * const { image, amplification } = adversarialPanel({ clean: x, adversarial: r.adversarial, spec });
 * // amplification ~ 10 for eps 0.1; save `image` as a PNG (node) or draw it on a canvas (web)
 */
export function adversarialPanel(options: AdversarialPanelOptions): AdversarialPanel {
  const { clean, adversarial, minSize = 224 } = options;
  if (clean.data.length !== adversarial.data.length || clean.shape.join() !== adversarial.shape.join())
    throw new ShapeMismatchError('adversarialPanel: adversarial', [...clean.shape], [...adversarial.shape], 'Give the adversarial example of this very input');
  if (!(minSize >= 0) || !Number.isFinite(minSize)) throw new RangeError(`minSize: must be a number >= 0, got ${minSize}`);
  const spec = parsePreprocessSpec(options.spec);
  const input = toRgba(clean, spec);
  const adv = toRgba(adversarial, spec);
  const delta = new Float32Array(clean.data.length);
  let max = 0;
  for (let i = 0; i < delta.length; i++) {
    delta[i] = adversarial.data[i]! - clean.data[i]!;
    max = Math.max(max, Math.abs(delta[i]!));
  }
  const amplification = max > 0 ? 1 / max : 0;
  const k = minSize > 0 ? Math.max(1, Math.ceil(minSize / Math.min(input.width, input.height))) : 1;
  const W = input.width * k, H = input.height * k;
  const big = (img: RgbaImage) => resizeImage(img, W, H, { method: 'nearest' });
  const diff = heatmap({ data: delta, shape: clean.shape.length === 4 ? clean.shape.slice(1) : [...clean.shape] }, {
    reduce: 'max-abs', sign: 'absolute', clipPercentile: 100, colormap: 'heat', layout: spec.layout, width: W, height: H,
  });
  const [t0, t1, t2] = options.titles ?? ['input', 'adversarial', max > 0 ? `|d| x${formatGain(amplification)}` : '|d| = 0'];
  const image = grid([{ image: big(input), title: t0 }, { image: big(adv), title: t1 }, { image: diff, title: t2 }], { columns: 3 });
  return { image, amplification };
}

/** A short gain for a title: 3 significant digits at most (12.5, 3.33, 1500). */
function formatGain(g: number): string {
  return g >= 100 ? String(Math.round(g)) : String(Number(g.toPrecision(3)));
}
