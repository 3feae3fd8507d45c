export { type Dataset, type DatasetSplit, type BoundingBox, subset, classCounts, sampleLength } from '@axplain/core';
export { DatasetNotFoundError, DatasetFormatError } from './errors.js';
export { shuffledIndices, deriveSeed } from '@axplain/core';
export { splitDataset, type SplitOptions } from '@axplain/core';
export { batches, batchCount, type Batch, type BatchOptions } from '@axplain/core';
export type { NpmDatasetOptions } from './npm-images.js';
export { loadMnist, readMnist, MNIST_LABELS } from './mnist.js';
export { loadFashionMnist, readFashionMnist, FASHION_MNIST_LABELS } from './fashion-mnist.js';
export { loadDecoyMnist, addDecoySwatch, decoyShade, DECOY_SWATCH, type DecoyOptions } from './decoy-mnist.js';
export {
  loadLocalisationCanvas, makeLocalisationCanvas, tightBox, type LocalisationCanvasOptions,
} from './localisation-canvas.js';
export { loadSpamAssassin, readSpamAssassin, SPAM_LABELS, type Email } from './spam-assassin.js';
export { loadIris, IRIS_FEATURES, IRIS_LABELS, IRIS_CONFOUND, type IrisOptions, type IrisSplit } from './iris.js';
