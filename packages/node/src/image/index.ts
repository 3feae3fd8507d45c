export { ImageFileError, ImageFormatError } from './errors.js';
export { type LoadImageOptions, loadImage, loadImageTensor, sniffImageFormat } from './load-image.js';
export { encodePng, savePng } from './save-png.js';
export { readPreprocessSpec, findPreprocessSpec, preprocessSpecCandidates } from './read-preprocess-spec.js';
export { choosePreprocessing, checkPreprocessOption, type PreprocessingChoice, type ChoosePreprocessingOptions } from './choose-preprocessing.js';
