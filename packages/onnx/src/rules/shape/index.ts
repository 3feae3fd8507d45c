/** Gradient rules of the shape family. */
import type { GradRule } from '../types.js';
import { concatGrad } from './concat.js';
import { expandGrad } from './expand.js';
import { gatherGrad } from './gather.js';
import { flattenGrad, reshapeGrad, squeezeGrad, unsqueezeGrad } from './reshape.js';
import { sliceGrad } from './slice.js';
import { splitGrad } from './split.js';
import { tileGrad } from './tile.js';
import { transposeGrad } from './transpose.js';
import { padGrad } from './pad.js';
import { depthToSpaceGrad } from './depth-to-space.js';
import { spaceToDepthGrad } from './space-to-depth.js';
import { resizeGrad } from './resize.js';
import { upsampleGrad } from './upsample.js';

export const SHAPE_RULES: readonly GradRule[] = [
  reshapeGrad, flattenGrad, squeezeGrad, unsqueezeGrad, transposeGrad,
  concatGrad, splitGrad, sliceGrad, gatherGrad, expandGrad, tileGrad,
  padGrad, depthToSpaceGrad, spaceToDepthGrad, resizeGrad, upsampleGrad,
];
