export { quantileSorted, quantiles, percentile, median, sortedCopy } from './quantile.js';
export { mean, extent } from './moments.js';
export { argmax } from './argmax.js';
export { type SkewnessOptions, type HistogramOptions, type Histogram, skewness, histogram } from './distribution.js';
export { bootstrap, type BootstrapOptions, type BootstrapInterval } from './bootstrap.js';
