/** The PyTorch-exporter pattern builders (see ./patterns/torch-graph.ts for the conventions). */
export * from './patterns/torch-graph.js';
export * from './patterns/conv-pool.js';
export * from './patterns/layers.js';
export * from './patterns/linear-norm-resize.js';
