/** ConvTranspose: dX = Conv(G padded back to the full output, W), dW = grouped Conv of G with X (roles swapped), dB = sum G. */
import { convTransposeGeometry } from '../../infer/conv.js';
import type { GradRule } from '../types.js';
import { convOperands, fitSpatial, staticSpatial, windowWeightGrad } from './util.js';

export const convTransposeGrad: GradRule = {
  opType: 'ConvTranspose',
  differentiable: [0, 1, 2],
  vjp: (ctx) => {
    const { node, e, needs } = ctx;
    const { x, w, g, spatial, kernel, group } = convOperands(ctx);
    const geo = convTransposeGeometry(node, spatial, kernel);
    const outs = staticSpatial(ctx, g, 'ConvTranspose output');
    // Y[j] = Full[j + head], where Full (extent `full`) is what the inputs contribute to; the
    // cotangent of Full is G shifted back by `head`, zero elsewhere (output_padding rows and
    // rows beyond output_shape carry none).
    const padBegin = geo.head;
    const padEnd = geo.full.map((l, i) => l - geo.head[i]! - outs[i]!);
    geo.full.forEach((l, i) => {
      // An output made only of output_padding / output_shape rows depends on nothing.
      if (l <= geo.head[i]!)
        ctx.unsupported(`ConvTranspose output window (pads/output_shape) misses every contributed row on spatial axis ${i}`);
    });

    let dx: string | undefined;
    if (needs(0)) {
      const cropHead = padBegin.map((p) => Math.max(-p, 0));
      const keep = outs.map((o, i) => o - cropHead[i]! - Math.max(-padEnd[i]!, 0));
      const cropped = cropHead.some((h) => h > 0) || keep.some((k, i) => k < outs[i]!) ? fitSpatial(e, g, cropHead, keep) : g;
      dx = e.op1('Conv', [cropped, w], {
        strides: geo.strides, dilations: geo.dilations, group, kernel_shape: kernel,
        pads: [...padBegin.map((p) => Math.max(p, 0)), ...padEnd.map((p) => Math.max(p, 0))],
      });
    }
    const dw = needs(1)
      ? windowWeightGrad(e, g, x, { strides: geo.strides, dilations: geo.dilations, group, kernel, padBegin })
      : undefined;
    const db = node.input(2) && needs(2)
      ? e.reduceSum(g, [0, ...outs.map((_, i) => i + 2)], false)
      : undefined;
    return [dx, dw, db];
  },
};
