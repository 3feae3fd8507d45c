/** Conv: dX = one Conv of G with W transformed at compile time when W is constant (polyphase.ts), else ConvTranspose(G, W) fitted to X (crop begin pads, zero rows the forward dropped) or an equivalent Conv, dW = grouped Conv of X with G, dB = sum G. */
import { convGeometry } from '../../infer/conv.js';
import type { GradRule } from '../types.js';
import { convInputGradViaConv } from './input-grad.js';
import { polyphaseApplies, transposedConvPolyphase } from './polyphase.js';
import { convOperands, fitSpatial, staticDim, windowWeightGrad } from './util.js';

export const convGrad: GradRule = {
  opType: 'Conv',
  differentiable: [0, 1, 2],
  vjp: (ctx) => {
    const { node, e, needs } = ctx;
    const { x, w, g, wShape, spatial, kernel, group } = convOperands(ctx);
    const geo = convGeometry(node, spatial, kernel);
    const r = spatial.length;
    const outs = ctx.info(g).shape.slice(2) as number[];
    if (group > 1) staticDim(ctx, ctx.info(x).shape[1], 'Conv input channels');
    outs.forEach((o, i) => {
      // Windows that only ever cover padding leave nothing of X to differentiate along that axis.
      if ((o - 1) * geo.strides[i]! + (kernel[i]! - 1) * geo.dilations[i]! + 1 <= geo.pads[i]!)
        ctx.unsupported(`Conv pads [${geo.pads.join(', ')}] with strides [${geo.strides.join(', ')}]: no window reaches X on spatial axis ${i}`);
    });

    let dx: string | undefined;
    const cg = staticDim(ctx, wShape[1], 'Conv W input channels');
    const mg = staticDim(ctx, wShape[0], 'Conv W output channels') / group;
    // onnxruntime's WebGPU EP runs ConvTranspose only in 1-D/2-D and miscomputes grouped ones with
    // one output channel per group and an even number of inputs per group (a depthwise conv with
    // a channel multiplier): those get the ConvTranspose-free form.
    const wc = needs(0) ? ctx.weights(w) : undefined;
    if (needs(0) && polyphaseApplies(geo.dilations, wc)) dx = transposedConvPolyphase(e, g, wc, geo.strides, geo.pads.slice(0, r), group, spatial);
    else if (needs(0) && (r >= 3 || (group > 1 && cg === 1 && mg > 1))) dx = convInputGradViaConv(e, g, w, geo, group, spatial);
    else if (needs(0)) {
      // ConvTranspose without pads spans (Ho-1)s + (k-1)d + 1 padded rows; the input starts at
      // padded row `pads[i]`, and rows the forward never read are zero-filled at the end.
      const full = e.op1('ConvTranspose', [g, w], {
        strides: geo.strides, dilations: geo.dilations, group, kernel_shape: kernel,
        pads: new Array<number>(2 * r).fill(0),
      });
      dx = fitSpatial(e, full, geo.pads.slice(0, r), spatial);
    }
    const dw = needs(1)
      ? windowWeightGrad(e, x, g, {
        strides: geo.strides, dilations: geo.dilations, group, kernel,
        padBegin: geo.pads.slice(0, r),
      })
      : undefined;
    const db = node.input(2) && needs(2)
      ? e.reduceSum(g, [0, ...outs.map((_, i) => i + 2)], false)
      : undefined;
    return [dx, dw, db];
  },
};
