/**
 * A view of a model whose input gradient is zero outside a feature mask, so any gradient attack
 * run on it moves only the masked features (the AXAI paper's re-attack of a percentile band).
 */
import type { GradientModel, VjpResult } from '../../gradient-model.js';
import { numel, type Tensor } from '../../tensor.js';

/**
 * The same model with `vjp` gradients multiplied by `mask` (one weight per feature of a sample,
 * applied to every row). Logits are unchanged. `dispose` does nothing: the wrapped model stays
 * the caller's.
 * @example
 * const frozen = maskGradient(model, Uint8Array.of(1, 0)); // only feature 0 can move
 * await pgd(frozen, x, { norm: 'l2', eps: 1, randomStart: false });
 */
export function maskGradient(model: GradientModel, mask: ArrayLike<number>): GradientModel {
  const d = numel(model.inputShape);
  if (mask.length !== d) throw new RangeError(`mask: has ${mask.length} entries, a sample of shape [${model.inputShape.join(', ')}] has ${d} features`);
  const m = Float32Array.from(mask);
  return {
    specificationVersion: 'v1',
    inputShape: model.inputShape,
    classes: model.classes,
    labels: model.labels,
    logits: (x: Tensor) => model.logits(x),
    async vjp(x: Tensor, cotangent: Tensor): Promise<VjpResult> {
      const r = await model.vjp(x, cotangent);
      return { logits: r.logits, grad: { data: r.grad.data.map((g, i) => g * m[i % d]!), shape: r.grad.shape } };
    },
    dispose: async () => {},
  };
}
