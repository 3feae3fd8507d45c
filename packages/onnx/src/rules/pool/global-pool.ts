/**
 * GlobalAveragePool: dX = G / (H*W...) broadcast. GlobalMaxPool: dX = G at the first (row-major)
 * position of each channel's maximum, 0 elsewhere.
 */
import { DT } from '../../proto.js';
import { isMax, staticSpatial } from './util.js';
import type { GradRule } from '../types.js';

export const globalAveragePoolGrad: GradRule = {
  opType: 'GlobalAveragePool',
  differentiable: [0],
  vjp: (ctx) => {
    const { e } = ctx;
    const g = ctx.grad(0)!;
    const sp = staticSpatial(ctx);
    const size = sp.reduce((a, b) => a * b, 1);
    // One broadcasting Mul by a [1, 1, spatial...] constant scales and spreads G at every opset.
    const w = e.constant(new Array<number>(size).fill(1 / size), [1, 1, ...sp], e.elemType(g));
    return [e.mul(g, w)];
  },
};

export const globalMaxPoolGrad: GradRule = {
  opType: 'GlobalMaxPool',
  differentiable: [0],
  vjp: (ctx) => {
    const { e, node } = ctx;
    const g = ctx.grad(0)!;
    const x = node.inputs[0]!;
    const y = node.outputs[0]!;
    const sp = staticSpatial(ctx);
    const size = sp.reduce((a, b) => a * b, 1);
    if (size === 1) return [g];
    const hit = isMax(e, x, y);
    // First maximum without ArgMax/CumSum: score tied positions by minus their flat index
    // (float32, exact below 2^24) and keep the position holding the score's own global max.
    const negIota = e.constant(Array.from({ length: size }, (_, i) => -i), [1, 1, ...sp], DT.FLOAT);
    const score = e.where(hit, negIota, e.constant([-1e30], [], DT.FLOAT));
    const best = e.op1('GlobalMaxPool', [score]);
    const first = isMax(e, score, best);
    // Where/Mul broadcast g [N, C, 1...] over the spatial dims.
    return [e.mask(first, g)];
  },
};
