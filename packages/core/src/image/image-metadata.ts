/**
 * ONNX's standard image metadata (the `Image` category of the ONNX metadata document): a model's
 * `metadata_props` may say how its image inputs are encoded. Keys and values are matched without
 * regard to case, as the ONNX document asks.
 *
 * - `Image.BitmapPixelFormat`: Gray8, Rgb8, Bgr8 (Rgba8, Bgra8: four channels, not supported);
 * - `Image.NominalPixelRange`: NominalRange_0_255, Normalized_0_1, Normalized_1_1, NominalRange_16_235;
 * - `Image.ColorSpaceGamma`: SRGB (what image files hold) or Linear (not converted; reported).
 */
import { PreprocessSpecError } from './errors.js';
import { inputGeometry, noImageGeometry } from './infer-preprocess-spec.js';
import type { ChannelOrder, PreprocessSpec } from './preprocess-spec.js';

const FORMATS: Record<string, ChannelOrder | undefined> = { gray8: 'grey', rgb8: 'rgb', bgr8: 'bgr', rgba8: undefined, bgra8: undefined };
const RANGES: Record<string, Pick<PreprocessSpec, 'scale' | 'mean' | 'std'>> = {
  nominalrange_0_255: { scale: 1, mean: [0], std: [1] },
  normalized_0_1: { scale: 1 / 255, mean: [0], std: [1] },
  normalized_1_1: { scale: 2 / 255, mean: [1], std: [1] },
  // 16 + 219 * p / 255 = (p * 219/255 - (-16)) / 1
  nominalrange_16_235: { scale: 219 / 255, mean: [-16], std: [1] },
};

export interface ImageMetadataSpec {
  spec: PreprocessSpec;
  /** The metadata entries it was read from, e.g. `Image.BitmapPixelFormat=Bgr8`. */
  read: string[];
  /** What the metadata asks for that the spec cannot do (a linear colour space). */
  notes: string[];
}

/**
 * The preprocessing a model's ONNX image metadata describes, for its input shape; undefined when
 * the model carries none of the `Image.*` keys. Size and layout come from the input shape,
 * channels from the pixel format (else the shape), values from the pixel range (else [0, 1]).
 * Values outside the ONNX document's lists, and a pixel format whose channel count the input does
 * not have, raise a PreprocessSpecError naming the key.
 * @example imageMetadataSpec({ 'Image.BitmapPixelFormat': 'Bgr8', 'Image.NominalPixelRange': 'NominalRange_0_255' }, [3, 224, 224])?.spec
 * // { width: 224, height: 224, channels: 'bgr', layout: 'nchw', scale: 1, mean: [0], std: [1] }
 */
export function imageMetadataSpec(props: Readonly<Record<string, string>>, inputShape: readonly number[]): ImageMetadataSpec | undefined {
  const get = (key: string): [string, string] | undefined => {
    const k = Object.keys(props).find((p) => p.toLowerCase() === key.toLowerCase());
    return k === undefined ? undefined : [k, props[k]!];
  };
  const format = get('Image.BitmapPixelFormat'), range = get('Image.NominalPixelRange'), gamma = get('Image.ColorSpaceGamma');
  if (!format && !range && !gamma) return undefined;
  const source = 'model metadata';
  const g = inputGeometry(inputShape);
  if (!g) throw noImageGeometry(inputShape, 'image metadata');
  const read: string[] = [], notes: string[] = [];
  let channels: ChannelOrder = g.channels === 1 ? 'grey' : 'rgb';
  if (format) {
    const v = format[1].toLowerCase();
    if (!(v in FORMATS)) throw new PreprocessSpecError(source, format[0], `'${format[1]}' is not an ONNX pixel format (Gray8, Rgb8, Bgr8, Rgba8, Bgra8)`);
    const c = FORMATS[v];
    if (!c) throw new PreprocessSpecError(source, format[0], `'${format[1]}' has four channels; only Gray8, Rgb8 and Bgr8 inputs are supported`);
    if ((c === 'grey' ? 1 : 3) !== g.channels)
      throw new PreprocessSpecError(source, format[0], `'${format[1]}' does not match the input [${inputShape.join(', ')}] with ${g.channels} channel(s)`);
    channels = c;
    read.push(`${format[0]}=${format[1]}`);
  }
  let values = RANGES.normalized_0_1!;
  if (range) {
    const v = RANGES[range[1].toLowerCase()];
    if (!v) throw new PreprocessSpecError(source, range[0], `'${range[1]}' is not an ONNX pixel range (${Object.keys(RANGES).join(', ')}, in any case)`);
    values = v;
    read.push(`${range[0]}=${range[1]}`);
  }
  if (gamma) {
    read.push(`${gamma[0]}=${gamma[1]}`);
    if (gamma[1].toLowerCase() === 'linear') notes.push(`${gamma[0]}=${gamma[1]}: pixels are fed as stored (sRGB), not linearised`);
    else if (gamma[1].toLowerCase() !== 'srgb') throw new PreprocessSpecError(source, gamma[0], `'${gamma[1]}' is not an ONNX colour space gamma (Linear, SRGB)`);
  }
  return { spec: { width: g.width, height: g.height, channels, layout: g.layout, ...values, mean: [...values.mean!], std: [...values.std!] }, read, notes };
}
