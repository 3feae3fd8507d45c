/** Upsample (opset 7-9; deprecated at 10): Resize with asymmetric coordinates, dX = R^T G per axis. */
import type { GradRule } from '../types.js';
import { resampleVjp } from './resize.js';

export const upsampleGrad: GradRule = {
  opType: 'Upsample',
  // Opset 7 has `scales` as an attribute, opset 9 as input 1 (non-differentiable).
  sinceOpset: 7,
  differentiable: [0],
  vjp: resampleVjp,
};
