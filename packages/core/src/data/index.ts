export { type Dataset, type DatasetSplit, type BoundingBox, subset, withAnnotations, classCounts, sampleLength } from './dataset.js';
export { checkSeed, deriveSeed, shuffledIndices, randInt } from './seeded-shuffle.js';
export { splitDataset, type SplitOptions } from './split-dataset.js';
export { batches, batchCount, type Batch, type BatchOptions } from './batch-iterator.js';
