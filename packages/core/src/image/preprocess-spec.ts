/**
 * How images become a model's input tensor, as plain JSON: stored beside a model as
 * `<model>.preprocess.json`, or as the `preprocessing` field of a model card (whose form —
 * `shape`, upper-case `layout`, `scale: 'pixels in [0, 1]'` — is accepted as well).
 *
 * The pipeline, in order: channel order (rgb / bgr / grey, alpha dropped), geometry (stretch to
 * width x height, or shorter side to `shorterSide` then centre crop, like torchvision's
 * Resize + CenterCrop), value = (pixel * scale - mean[c]) / std[c], then layout.
 */
import { isInteger } from '../validate.js';
import { PreprocessSpecError } from './errors.js';

export type ChannelOrder = 'rgb' | 'bgr' | 'grey';
export type TensorLayout = 'nchw' | 'nhwc';
export type ResizeMode = 'stretch' | 'shorter-side';

export interface PreprocessSpec {
  /** Model input width in pixels. */
  width: number;
  /** Model input height in pixels. */
  height: number;
  /** Channels fed to the model, in order; 'grey' is BT.601 luma. @defaultValue 'rgb' */
  channels?: ChannelOrder;
  /** Axis order of the tensor. @defaultValue 'nchw' */
  layout?: TensorLayout;
  /**
   * 'stretch': resize to width x height, ignoring the aspect ratio. 'shorter-side': scale so the
   * shorter side is `shorterSide` (aspect kept), then crop width x height from the centre.
   * @defaultValue 'stretch'
   */
  resize?: ResizeMode;
  /** Shorter-side length for `resize: 'shorter-side'`. @defaultValue max(width, height) */
  shorterSide?: number;
  /** @defaultValue 'bilinear' */
  interpolation?: 'bilinear' | 'nearest';
  /** Widen the bilinear filter when shrinking (torchvision's `antialias=True`). @defaultValue true */
  antialias?: boolean;
  /** Factor applied to 0-255 pixel values before mean/std. @defaultValue 1 / 255 */
  scale?: number;
  /** Per-channel mean (one value for all channels, or one per channel), after `scale`. @defaultValue [0] */
  mean?: readonly number[];
  /** Per-channel standard deviation, after `scale`. @defaultValue [1] */
  std?: readonly number[];
  /** Name of the model input the spec is for (informational). */
  input?: string;
}

/** A spec with every default filled in and `mean`/`std` one value per channel. */
export interface ResolvedPreprocessSpec extends Required<Omit<PreprocessSpec, 'input'>> {
  input?: string;
}

/** Channels of a channel order. */
export const channelCount = (c: ChannelOrder): number => (c === 'grey' ? 1 : 3);

/**
 * Per-sample tensor shape a spec produces: [C, H, W] ('nchw') or [H, W, C] ('nhwc').
 * @example preprocessShape({ width: 28, height: 28, channels: 'grey' }) // [1, 28, 28]
 */
export function preprocessShape(spec: PreprocessSpec): number[] {
  const s = parsePreprocessSpec(spec);
  const c = channelCount(s.channels);
  return s.layout === 'nchw' ? [c, s.height, s.width] : [s.height, s.width, c];
}

const KNOWN = ['width', 'height', 'shape', 'channels', 'layout', 'resize', 'shorterSide', 'interpolation', 'antialias', 'scale', 'mean', 'std', 'input'];

const posInt = (v: unknown): v is number => isInteger(v, { min: 1 });

/**
 * Validates a spec (or a model card's `preprocessing` object) and fills in the defaults. Every
 * problem raises a `PreprocessSpecError` naming `source` and the field.
 * @example
 * parsePreprocessSpec({ input: 'input', layout: 'NCHW', shape: ['N', 1, 28, 28], channels: 'grey',
 *   scale: 'pixels in [0, 1]', mean: [0], std: [1] }).scale // 1 / 255
 * @param source - named in errors, e.g. the file the spec was read from. @defaultValue 'preprocess spec'
 */
export function parsePreprocessSpec(value: unknown, source = 'preprocess spec'): ResolvedPreprocessSpec {
  const fail = (field: string, problem: string): never => { throw new PreprocessSpecError(source, field, problem); };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('', `must be a JSON object, got ${JSON.stringify(value)}`);
  const v = value as Record<string, unknown>;
  for (const k of Object.keys(v)) if (!KNOWN.includes(k)) fail(k, `is not a preprocessing field; the fields are: ${KNOWN.join(', ')}`);

  const layoutRaw = v.layout ?? 'nchw';
  const layout = typeof layoutRaw === 'string' ? ({ nchw: 'nchw', chw: 'nchw', nhwc: 'nhwc', hwc: 'nhwc' } as const)[layoutRaw.toLowerCase() as 'nchw'] : undefined;
  if (!layout) return fail('layout', `must be 'nchw' or 'nhwc', got ${JSON.stringify(layoutRaw)}`);

  let fromShape: { c: number; h: number; w: number } | undefined;
  if (v.shape !== undefined) {
    const s = v.shape;
    if (!Array.isArray(s) || (s.length !== 3 && s.length !== 4)) return fail('shape', `must list 3 dims (per sample) or 4 (batch first), got ${JSON.stringify(s)}`);
    const dims = s.length === 4 ? s.slice(1) : s;
    if (!dims.every(posInt)) return fail('shape', `must have positive integer channel, height and width dims, got ${JSON.stringify(s)}`);
    const [a, b, c] = dims as number[];
    fromShape = layout === 'nchw' ? { c: a!, h: b!, w: c! } : { c: c!, h: a!, w: b! };
    if (fromShape.c !== 1 && fromShape.c !== 3) return fail('shape', `has ${fromShape.c} channels (layout '${layout}'); only 1 (grey) or 3 (rgb/bgr) are supported`);
  }
  const dim = (k: 'width' | 'height', fallback: number | undefined): number => {
    const d = v[k] ?? fallback;
    if (d === undefined) return fail(k, 'is required (or give shape)');
    if (!posInt(d)) return fail(k, `must be a positive integer, got ${JSON.stringify(d)}`);
    if (fallback !== undefined && d !== fallback) return fail(k, `is ${d} but shape ${JSON.stringify(v.shape)} says ${fallback}`);
    return d;
  };
  const width = dim('width', fromShape?.w), height = dim('height', fromShape?.h);

  const chRaw = v.channels ?? (fromShape ? (fromShape.c === 1 ? 'grey' : 'rgb') : 'rgb');
  const channels = typeof chRaw === 'string' ? ({ rgb: 'rgb', bgr: 'bgr', grey: 'grey', gray: 'grey' } as const)[chRaw.toLowerCase() as 'rgb'] : undefined;
  if (!channels) return fail('channels', `must be 'rgb', 'bgr' or 'grey', got ${JSON.stringify(chRaw)}`);
  const C = channelCount(channels);
  if (fromShape && fromShape.c !== C) fail('channels', `is '${channels}' (${C} channel${C > 1 ? 's' : ''}) but shape ${JSON.stringify(v.shape)} has ${fromShape.c}`);

  const resize = v.resize ?? 'stretch';
  if (resize !== 'stretch' && resize !== 'shorter-side') return fail('resize', `must be 'stretch' or 'shorter-side', got ${JSON.stringify(resize)}`);
  const shorterSide = v.shorterSide ?? Math.max(width, height);
  if (!posInt(shorterSide)) return fail('shorterSide', `must be a positive integer, got ${JSON.stringify(shorterSide)}`);
  if (shorterSide < Math.max(width, height))
    fail('shorterSide', `${shorterSide} is smaller than the ${width}x${height} crop; it must be at least ${Math.max(width, height)}`);
  const interpolation = v.interpolation ?? 'bilinear';
  if (interpolation !== 'bilinear' && interpolation !== 'nearest') return fail('interpolation', `must be 'bilinear' or 'nearest', got ${JSON.stringify(interpolation)}`);
  const antialias = v.antialias ?? true;
  if (typeof antialias !== 'boolean') return fail('antialias', `must be true or false, got ${JSON.stringify(antialias)}`);

  const perChannel = (k: 'mean' | 'std', d: number): number[] => {
    const raw = v[k] ?? [d];
    const arr = typeof raw === 'number' ? [raw] : raw;
    if (!Array.isArray(arr) || !arr.every((x) => typeof x === 'number' && Number.isFinite(x))) return fail(k, `must be a number or an array of numbers, got ${JSON.stringify(raw)}`);
    if (arr.length !== 1 && arr.length !== C) return fail(k, `must have 1 value or ${C} (channels '${channels}'), got ${arr.length}`);
    if (k === 'std' && arr.some((x) => x === 0)) return fail(k, `must not contain 0, got ${JSON.stringify(raw)}`);
    return arr.length === C ? [...(arr as number[])] : new Array<number>(C).fill(arr[0] as number);
  };
  let mean = perChannel('mean', 0), std = perChannel('std', 1);

  let scale: number;
  const sRaw = v.scale ?? 1 / 255;
  if (typeof sRaw === 'number') {
    if (!(sRaw > 0) || !Number.isFinite(sRaw)) return fail('scale', `must be a finite number > 0, got ${sRaw}`);
    scale = sRaw;
  } else if (typeof sRaw === 'string') {
    // A card's description of the pixel range, e.g. 'pixels in [0, 1]' or '[-1, 1]': pixel p maps
    // to lo + (hi - lo) p / 255, which is (p / 255 - m) / s with s = 1 / (hi - lo), m = -lo s;
    // folding the card's own mean/std in gives mean' = m + s mean, std' = s std.
    const m = /\[\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\]/.exec(sRaw);
    const lo = m ? Number(m[1]) : NaN, hi = m ? Number(m[2]) : NaN;
    if (!(hi > lo)) return fail('scale', `must be a number (e.g. ${1 / 255}) or a range like 'pixels in [0, 1]', got ${JSON.stringify(sRaw)}`);
    const s = 1 / (hi - lo), m0 = -lo * s;
    scale = 1 / 255;
    mean = mean.map((x) => m0 + s * x);
    std = std.map((x) => s * x);
  } else return fail('scale', `must be a number or a range string, got ${JSON.stringify(sRaw)}`);

  if (v.input !== undefined && typeof v.input !== 'string') fail('input', `must be a string (the model input's name), got ${JSON.stringify(v.input)}`);
  const out: ResolvedPreprocessSpec = { width, height, channels, layout, resize, shorterSide, interpolation, antialias, scale, mean, std };
  if (typeof v.input === 'string') out.input = v.input;
  return out;
}
