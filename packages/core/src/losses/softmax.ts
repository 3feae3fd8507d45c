/** Numerically stable softmax and log-softmax of [N, C] logits, in float64 internally. */
import type { Tensor } from '../tensor.js';

/** Applies f(z_k, logsumexp(row)) to every logit, row by row. */
function mapWithLogSumExp(logits: Tensor, f: (z: number, lse: number) => number): Tensor {
  const [n, c] = logits.shape as [number, number];
  const out = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    const row = logits.data.subarray(i * c, i * c + c);
    let m = -Infinity;
    for (const v of row) m = Math.max(m, v);
    let s = 0;
    for (const v of row) s += Math.exp(v - m);
    const lse = m + Math.log(s);
    for (let k = 0; k < c; k++) out[i * c + k] = f(row[k]!, lse);
  }
  return { data: out, shape: [n, c] };
}

export const softmax = (logits: Tensor): Tensor => mapWithLogSumExp(logits, (z, lse) => Math.exp(z - lse));

export const logSoftmax = (logits: Tensor): Tensor => mapWithLogSumExp(logits, (z, lse) => z - lse);
