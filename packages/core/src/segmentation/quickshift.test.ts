import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { tensor } from '../tensor.js';
import { BLUE, checkInvariants, GREEN, quadrant, RED, regionImage, respectsRegions, YELLOW } from './fixtures.test-util.js';
import { quickshift } from './quickshift.js';

const colours = [RED, GREEN, BLUE, YELLOW];
const images = {
  quadrants: regionImage(24, 24, quadrant(24, 24), colours, 0.05, 1),
  three: regionImage(24, 30, (y, x) => (x < 12 ? 0 : y < 10 ? 1 : 2), colours, 0.05, 2),
  disc: regionImage(32, 32, (y, x) => ((y - 16) ** 2 + (x - 18) ** 2 < 64 ? 1 : 0), colours, 0.05, 3),
};

describe('quickshift on flat-colour regions with noise', () => {
  for (const [name, { image, regions }] of Object.entries(images))
    for (const opts of [{ kernelSize: 2, maxDist: 10, ratio: 0.5 }, { kernelSize: 3, maxDist: 20, ratio: 0.2 }])
      it(`${name} ${JSON.stringify(opts)}: connected segments covering every pixel once, labels 0..count-1, inside the regions`, () => {
        const s = quickshift(image, opts);
        checkInvariants(s);
        expect(respectsRegions(s, regions)).toBe(true);
        expect(s.count).toBeGreaterThanOrEqual(new Set(regions).size);
      });
  it('kernel 3, max_dist 20, ratio 0.2 finds exactly the regions of the quadrant and three-region images', () => {
    for (const { image, regions } of [images.quadrants, images.three]) {
      const s = quickshift(image, { kernelSize: 3, maxDist: 20, ratio: 0.2 });
      expect(Array.from(s.labels)).toEqual(Array.from(regions));
    }
  });
  it('deterministic: the same image gives the same labels', () => {
    const a = quickshift(images.disc.image, { kernelSize: 2, maxDist: 10, ratio: 0.5 });
    const b = quickshift(tensor(Float32Array.from(images.disc.image.data), [3, 32, 32]), { kernelSize: 2, maxDist: 10, ratio: 0.5 });
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
  });
  it('a flat image drains into one mode (density ties broken by index)', () => {
    const s = quickshift(tensor(new Float32Array(3 * 16 * 20).fill(0.4), [3, 16, 20]), { kernelSize: 2, maxDist: 10 });
    expect(s.count).toBe(1);
    expect(s.sizes[0]).toBe(320);
  });
  it('a larger maxDist only merges (the plain hierarchy, cut pieces kept): the segment count never rises (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0.5, max: 30, noNaN: true }), fc.double({ min: 0, max: 30, noNaN: true }), (seed, d1, extra) => {
      const { image } = regionImage(12, 14, quadrant(12, 14), colours, 0.2, seed);
      const fine = quickshift(image, { kernelSize: 1.5, maxDist: d1, ratio: 0.3, mergeCutPieces: false });
      const coarse = quickshift(image, { kernelSize: 1.5, maxDist: d1 + extra, ratio: 0.3, mergeCutPieces: false });
      checkInvariants(fine);
      expect(coarse.count).toBeLessThanOrEqual(fine.count);
      // every fine segment lies inside one coarse segment
      expect(respectsRegions(fine, coarse.labels)).toBe(true);
    }), { numRuns: 25 });
  });
  it('maxDist 0 cuts every link: one segment per pixel', () => {
    expect(quickshift(images.quadrants.image, { kernelSize: 2, maxDist: 0 }).count).toBe(24 * 24);
  });
  it('grey images are segmented on their values (raw colour space, range)', () => {
    const { image, regions } = images.quadrants;
    const grey = tensor(Float32Array.from({ length: 24 * 24 }, (_, i) => 255 * image.data[i]!), [24, 24]);
    const s = quickshift(grey, { kernelSize: 2, maxDist: 10, ratio: 0.5, range: [0, 255] });
    checkInvariants(s);
    // the red and blue quadrants have red channels 0.9 and 0.15; green 0.1 and yellow 0.95 are close to them
    expect(respectsRegions(s, Int32Array.from(regions, (r) => (r === 0 || r === 3 ? 0 : 1)))).toBe(true);
  });
  it('rejects bad options naming them', () => {
    expect(() => quickshift(images.quadrants.image, { kernelSize: 0 })).toThrow(/kernelSize: must be a finite number > 0/);
    expect(() => quickshift(images.quadrants.image, { ratio: -1 })).toThrow(/ratio/);
    expect(() => quickshift(images.quadrants.image, { maxDist: NaN })).toThrow(/maxDist/);
  });
  it('textured images: pieces cut off from their tree join a neighbour, no speck segments', () => {
    // smooth colour waves plus noise, like a photograph's texture; links jump up to 3 * kernelSize
    // pixels, and splitting the trees into pieces left 15-21 segments of 1-2 pixels (median size 1)
    for (const seed of [1, 2]) {
      const rng = new Rng(seed), h = 40, w = 40;
      const data = new Float32Array(3 * h * w);
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) data[c * h * w + y * w + x] = 0.5 + 0.3 * Math.sin((x + 7 * c) / 6) * Math.cos(y / 5) + 0.15 * (rng.next() - 0.5);
      const s = quickshift(tensor(data, [3, h, w]), { kernelSize: 2 });
      checkInvariants(s);
      const sizes = Array.from(s.sizes).sort((a, b) => a - b);
      expect(sizes.filter((v) => v <= 2)).toEqual([]);
      expect(sizes[sizes.length >> 1]).toBeGreaterThan(100);
      // the plain hierarchy keeps the specks: what the merge removes
      const plain = quickshift(tensor(data, [3, h, w]), { kernelSize: 2, mergeCutPieces: false });
      expect(Array.from(plain.sizes).filter((v) => v <= 2).length).toBeGreaterThan(10);
    }
  });
});
