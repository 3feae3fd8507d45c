export { type Colormap, type ColorStop, type ColormapName, COLORMAPS, resolveColormap, colormapColor, colormapLut } from './colormap.js';
export { type ScalarMap, type ChannelReduction, type ReduceChannelsOptions, reduceChannels, sampleDims } from './reduce-channels.js';
export { type HeatmapSign, type HeatmapOptions, type HeatmapImage, heatmap, normalizeMap } from './heatmap.js';
export { overlay } from './overlay.js';
export { FONT, drawText, textWidth, fitText } from './bitmap-font.js';
export { type GridCell, type GridOptions, type GridCellLayout, type GridImage, grid } from './grid.js';
export { type RenderMode, type RenderAttributionOptions, renderAttribution } from './render-attribution.js';
export { adversarialPanel, type AdversarialPanel, type AdversarialPanelOptions } from './adversarial-panel.js';
