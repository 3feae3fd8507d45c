/**
 * Named preprocessing conventions (what the common training pipelines feed a model), so a user
 * picks `--preprocess imagenet` instead of writing mean and std by hand. Size, channel count and
 * layout come from the model's input shape; the preset gives the values and the geometry.
 */
import { checkChoice } from '../validate.js';
import { PreprocessSpecError } from './errors.js';
import { inputGeometry, noImageGeometry } from './infer-preprocess-spec.js';
import type { ChannelOrder, PreprocessSpec } from './preprocess-spec.js';

export interface PreprocessPreset {
  name: string;
  /** One line: where the convention comes from and what it does. */
  about: string;
  /** Channel order; 'from-shape' follows the input (grey for 1 channel, RGB for 3). */
  channels: ChannelOrder | 'from-shape';
  scale: number;
  mean: readonly number[];
  std: readonly number[];
  /**
   * Crop fraction: the shorter side is resized to size / crop and the centre cropped (torchvision's
   * Resize(256) + CenterCrop(224) is 224/256); undefined stretches the image to the input size.
   */
  crop?: number;
}

/** The presets, in the order they are listed and tried. */
export const PREPROCESS_PRESETS: readonly PreprocessPreset[] = Object.freeze([
  {
    name: 'imagenet', channels: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], crop: 224 / 256,
    about: 'torchvision ImageNet models: RGB in [0, 1], mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225]; resize 256, centre crop 224',
  },
  {
    name: 'caffe', channels: 'bgr', scale: 1, mean: [103.939, 116.779, 123.68], std: [1], crop: 224 / 256,
    about: 'Caffe and Keras "caffe" models: BGR 0-255 minus the ImageNet mean [103.939, 116.779, 123.68] (B, G, R); resize 256, centre crop 224',
  },
  {
    name: 'inception', channels: 'rgb', scale: 2 / 255, mean: [1], std: [1], crop: 0.875,
    about: 'Inception, MobileNet and other TensorFlow-slim models: RGB scaled to [-1, 1]; central crop of 87.5%',
  },
  {
    name: 'unit', channels: 'from-shape', scale: 1 / 255, mean: [0], std: [1],
    about: 'pixels in [0, 1], no mean or std, stretched to the input size (what is assumed when a model says nothing)',
  },
]);

export const PREPROCESS_PRESET_NAMES: readonly string[] = Object.freeze(PREPROCESS_PRESETS.map((p) => p.name));

/** True when `name` is a preset's name. */
export const isPreprocessPreset = (name: string): boolean => PREPROCESS_PRESET_NAMES.includes(name);

/**
 * The spec a preset gives for a model's input shape ([1|3, H, W] or [H, W, 1|3], batch dim optional).
 * A colour preset on a grey input raises a PreprocessSpecError; an unknown name a RangeError
 * listing the presets.
 * @example presetSpec('imagenet', [3, 224, 224]) // { width: 224, height: 224, channels: 'rgb', resize: 'shorter-side', shorterSide: 256, ... }
 */
export function presetSpec(name: string, inputShape: readonly number[]): PreprocessSpec {
  checkChoice('preprocess', name, PREPROCESS_PRESET_NAMES, 'preset');
  const p = PREPROCESS_PRESETS.find((q) => q.name === name)!;
  const g = inputGeometry(inputShape);
  if (!g) throw noImageGeometry(inputShape, 'a preset');
  if (p.channels !== 'from-shape' && g.channels !== 3)
    throw new PreprocessSpecError(`preset '${name}'`, 'channels', `is for 3-channel ${p.channels.toUpperCase()} inputs; this model's input [${inputShape.join(', ')}] has ${g.channels}`);
  const channels: ChannelOrder = p.channels === 'from-shape' ? (g.channels === 1 ? 'grey' : 'rgb') : p.channels;
  const geometry: Partial<PreprocessSpec> = p.crop === undefined
    ? { resize: 'stretch' }
    : { resize: 'shorter-side', shorterSide: Math.round(Math.max(g.width, g.height) / p.crop) };
  return { width: g.width, height: g.height, channels, layout: g.layout, ...geometry, scale: p.scale, mean: [...p.mean], std: [...p.std] };
}
