export { type RgbaImage, type Color, createImage, checkImage, toGrey, LUMA } from './rgba-image.js';
export { type ResizeMethod, type ResizeOptions, resizeImage, resizePlanar, cropPlanar } from './resize.js';
export { PreprocessSpecError } from './errors.js';
export {
  type PreprocessSpec, type ResolvedPreprocessSpec, type ChannelOrder, type TensorLayout, type ResizeMode,
  parsePreprocessSpec, preprocessShape, channelCount,
} from './preprocess-spec.js';
export { type ModelGeometry, preprocess, modelView, modelGeometry, checkSpecShape } from './preprocess.js';
export { toRgba } from './to-rgba.js';
export { inferPreprocessSpec, inputGeometry, type InputGeometry } from './infer-preprocess-spec.js';
export { PREPROCESS_PRESETS, PREPROCESS_PRESET_NAMES, type PreprocessPreset, isPreprocessPreset, presetSpec } from './preprocess-presets.js';
export { imageMetadataSpec, type ImageMetadataSpec } from './image-metadata.js';
