export {
  type Segmentation, type SegmentationFromLabelsOptions, type SegmentationFromGroupsOptions,
  segmentSizes, segmentationFromLabels, segmentationFromGroups, checkSegmentation,
} from './segmentation.js';
export { labelComponents, mergeSmallSegments } from './components.js';
export { type SegmentColorSpace, type FeatureImageOptions, type FeatureImage, srgbToLab, featureImage } from './color.js';
export { type QuickShiftOptions, quickshift } from './quickshift.js';
export { type SlicOptions, slic, slicGrid } from './slic.js';
export { type GridSegmentsOptions, gridSegments } from './grid.js';
