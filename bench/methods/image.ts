import type { Tensor } from '@axplain/core';

/** A smooth synthetic [1, 3, size, size] image (not noise), as bench/explainers.ts uses. */
export function photoLikeImage(size: number): Tensor {
  const hw = size * size;
  return {
    data: Float32Array.from({ length: 3 * hw }, (_, i) => {
      const c = Math.floor(i / hw), p = i % hw, r = Math.floor(p / size), q = p % size;
      return 0.5 + 0.4 * Math.sin((r + 40 * c) / 23) * Math.cos(q / 31);
    }),
    shape: [1, 3, size, size],
  };
}
