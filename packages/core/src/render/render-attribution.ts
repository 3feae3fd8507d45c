/**
 * One call from (input image, attribution sample, preprocessing spec) to a picture: the heatmap
 * alone, the heatmap over the input as the model saw it, or both side by side.
 */
import type { Tensor } from '../tensor.js';
import { ShapeMismatchError } from '../errors.js';
import { parsePreprocessSpec, type PreprocessSpec } from '../image/preprocess-spec.js';
import { modelView } from '../image/preprocess.js';
import { resizeImage, type ResizeMethod } from '../image/resize.js';
import { checkImage, toGrey, type RgbaImage } from '../image/rgba-image.js';
import { checkChoice, checkNumber } from '../validate.js';
import { colorBar } from './color-bar.js';
import { grid } from './grid.js';
import { heatmap, type HeatmapOptions } from './heatmap.js';
import { overlay } from './overlay.js';
import { reduceChannels, sampleDims } from './reduce-channels.js';
import { gaussianBlur } from '../image-ops.js';

export type RenderMode = 'heatmap' | 'overlay' | 'side-by-side';

export interface RenderAttributionOptions extends Omit<HeatmapOptions, 'width' | 'height'> {
  /** One attribution sample ([C, H, W], [H, W, C], [H, W] or a batch of 1). */
  attribution: Tensor;
  /**
   * The image that was explained. With `spec` it is the original file, cut to what the model saw
   * (`modelView`); an image already at the model's size (e.g. `toRgba(x, spec)` of an adversarial
   * example) goes without `spec` (give `layout` for an [H, W, C] attribution). Required unless
   * mode is 'heatmap'.
   */
  input?: RgbaImage;
  /** The spec the input went through; gives the geometry and the attribution's layout. */
  spec?: PreprocessSpec;
  /** @defaultValue 'overlay' with an input, 'heatmap' without */
  mode?: RenderMode;
  /** Heatmap opacity in overlays. @defaultValue 0.7 */
  alpha?: number;
  /** Show the input in grey under the heatmap, so the colours read unambiguously. @defaultValue true */
  greyBase?: boolean;
  /**
   * The output is magnified by the smallest integer factor that makes its shorter side at least
   * this (a 28x28 digit becomes 224x224); 0 keeps the model's size. @defaultValue 224
   */
  minSize?: number;
  /** Resampling of the input and the map when magnifying. @defaultValue 'nearest' */
  upsample?: ResizeMethod;
  /** Titles of the three panels of 'side-by-side'. @defaultValue ['input', 'attribution', 'overlay'] */
  titles?: readonly [string, string, string];
  /** Draw a colour bar with the values under the attribution panel of 'side-by-side'. @defaultValue true */
  colorBar?: boolean;
  /**
   * Gaussian smoothing of the map for display only, sigma in model pixels (0: none): scattered
   * single-pixel gradients on a photograph read as regions. The attribution itself is untouched.
   * @defaultValue 0
   */
  smooth?: number;
}

/**
 * Renders an attribution for people to look at.
 * @example
 * const img = await loadImage('digit-3.jpg');
 * const x = preprocess([img], spec);
 * const { attribution } = await integratedGradients(model, x, { target: 3 });
 * const png = await encodePng(renderAttribution({ input: img, attribution, spec, mode: 'side-by-side' }));
 */
export function renderAttribution(options: RenderAttributionOptions): RgbaImage {
  const { input, alpha = 0.7, greyBase = true, minSize = 224, upsample = 'nearest', smooth = 0 } = options;
  checkNumber('smooth', smooth, { min: 0 });
  const mode = options.mode ?? (input ? 'overlay' : 'heatmap');
  checkChoice('mode', mode, ['heatmap', 'overlay', 'side-by-side'], 'mode');
  checkNumber('minSize', minSize, { min: 0 });
  const spec = options.spec ? parsePreprocessSpec(options.spec) : undefined;
  const layout = options.layout ?? spec?.layout;
  const { h, w } = sampleDims(options.attribution.shape, layout);
  // Smoothing works on the channel-reduced map, so the reduction's sign rules still hold.
  const reduced = smooth > 0 ? reduceChannels(options.attribution, { reduce: options.reduce, layout }) : undefined;
  const attribution = reduced ? gaussianBlur({ data: reduced.data, shape: [1, 1, reduced.height, reduced.width] }, smooth) : options.attribution;
  if (spec && (spec.width !== w || spec.height !== h))
    throw new ShapeMismatchError('renderAttribution: attribution', [spec.height, spec.width], [h, w], 'The attribution must come from an input made with this spec');
  let base: RgbaImage | undefined;
  if (input) {
    checkImage(input, 'input');
    base = spec ? modelView(input, spec) : input;
  } else if (mode !== 'heatmap') throw new TypeError(`input: mode '${mode}' needs the input image; pass it, or use mode: 'heatmap'`);
  // Without a spec, an input of another size is taken as a stretched view of the attribution.
  const bw = base?.width ?? w, bh = base?.height ?? h;
  const k = minSize > 0 ? Math.max(1, Math.ceil(minSize / Math.min(bw, bh))) : 1;
  const W = bw * k, H = bh * k;
  const heatOptions: HeatmapOptions = { ...options, ...(reduced ? { layout: 'nchw', reduce: options.reduce === 'sum' ? 'sum' : 'abs-sum' } : { layout }), width: W, height: H, upsample };
  const opaque = () => heatmap(attribution, { ...heatOptions, transparent: false });
  if (mode === 'heatmap') return opaque();
  const big = resizeImage(base!, W, H, { method: upsample });
  const blended = overlay(greyBase ? toGrey(big) : big, heatmap(attribution, { ...heatOptions, transparent: options.transparent ?? true }), alpha);
  if (mode === 'overlay') return blended;
  const [t0, t1, t2] = options.titles ?? ['input', 'attribution', 'overlay'];
  const heat = opaque();
  const panel = options.colorBar === false ? heat
    : grid([{ image: heat }, { image: colorBar({ clip: heat.clip, sign: options.sign, colormap: options.colormap, width: heat.width }) }], { columns: 1, padding: 0 });
  return grid([{ image: big, title: t0 }, { image: panel, title: t1 }, { image: blended, title: t2 }], { columns: 3 });
}
