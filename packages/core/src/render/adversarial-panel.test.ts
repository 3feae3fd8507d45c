import type { PreprocessSpec } from '../image/index.js';
import { describe, expect, it } from 'vitest';
import { adversarialPanel } from './adversarial-panel.js';

const spec: PreprocessSpec = { width: 4, height: 2, channels: 'grey' };
const clean = { data: Float32Array.from({ length: 8 }, (_, i) => i / 8), shape: [1, 1, 2, 4] };

describe('adversarialPanel', () => {
  it('draws input | adversarial | |delta| scaled by 1 / max|delta|, black where nothing changed', () => {
    const adv = { data: Float32Array.from(clean.data), shape: clean.shape };
    adv.data[5] = adv.data[5]! + 0.25; // one pixel changes by 0.25
    adv.data[6] = adv.data[6]! - 0.125;
    const { image, amplification } = adversarialPanel({ clean, adversarial: adv, spec, minSize: 8 });
    expect(amplification).toBe(4);
    // 4x2 magnified by 4 (shorter side 2 -> 8): 16x8 panels, 4 px gaps, a title band of 7 px.
    expect([image.width, image.height]).toEqual([4 + 3 * (16 + 4), 4 + 7 + 8 + 4]);
    const px = (x: number, y: number) => Array.from(image.data.subarray(4 * (y * image.width + x), 4 * (y * image.width + x) + 3));
    const diffX = 4 + 2 * 20, top = 4 + 7;
    expect(px(diffX + 1, top + 1)).toEqual([0, 0, 4]); // pixel 0: unchanged, the colormap's bottom
    expect(px(diffX + 4 * 1 + 1, top + 4 + 1)).toEqual([252, 250, 170]); // pixel 5: the largest change, the top
    // The input panel shows the clean pixel 5 (5/8 of 255), the adversarial one 5/8 + 1/4.
    expect(px(4 + 5, top + 5)[0]).toBe(Math.round((5 / 8) * 255));
    expect(px(4 + 20 + 5, top + 5)[0]).toBe(Math.round((5 / 8 + 0.25) * 255));
  });

  it('says when nothing changed, and refuses a mismatched pair', () => {
    const same = adversarialPanel({ clean, adversarial: clean, spec });
    expect(same.amplification).toBe(0);
    expect(() => adversarialPanel({ clean, adversarial: { data: new Float32Array(4), shape: [1, 1, 2, 2] }, spec })).toThrow(/expected shape \[1, 1, 2, 4\], got \[1, 1, 2, 2\]/);
  });
});
