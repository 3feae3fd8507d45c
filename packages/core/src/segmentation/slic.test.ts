import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor.js';
import { BLUE, checkInvariants, GREEN, quadrant, RED, regionImage, respectsRegions, YELLOW } from './fixtures.test-util.js';
import { slic, slicGrid } from './slic.js';

const colours = [RED, GREEN, BLUE, YELLOW];
const images = {
  quadrants: regionImage(24, 24, quadrant(24, 24), colours, 0.05, 1),
  three: regionImage(24, 30, (y, x) => (x < 12 ? 0 : y < 10 ? 1 : 2), colours, 0.05, 2),
  disc: regionImage(32, 32, (y, x) => ((y - 16) ** 2 + (x - 18) ** 2 < 64 ? 1 : 0), colours, 0.05, 3),
};

describe('slicGrid', () => {
  it('rows x cols close to nSegments, following the aspect ratio', () => {
    expect(slicGrid(32, 32, 4)).toEqual({ rows: 2, cols: 2 });
    expect(slicGrid(224, 224, 100)).toEqual({ rows: 10, cols: 10 });
    expect(slicGrid(100, 400, 4)).toEqual({ rows: 1, cols: 4 });
    expect(slicGrid(3, 3, 1000)).toEqual({ rows: 3, cols: 3 });
  });
});

describe('slic on flat-colour regions with noise', () => {
  it('nSegments 4 on a 4-quadrant image recovers the quadrants exactly', () => {
    const { image, regions } = images.quadrants;
    const s = slic(image, { nSegments: 4 });
    expect(s.count).toBe(4);
    expect(Array.from(s.labels)).toEqual(Array.from(regions));
    expect(Array.from(s.sizes)).toEqual([144, 144, 144, 144]);
  });
  for (const [name, { image, regions }] of Object.entries(images))
    for (const nSegments of [4, 10, 30])
      it(`${name}, nSegments ${nSegments}: connected, covering, labels 0..count-1; without merging, inside the regions`, () => {
        checkInvariants(slic(image, { nSegments }));
        const raw = slic(image, { nSegments, enforceConnectivity: false });
        checkInvariants(raw);
        expect(respectsRegions(raw, regions)).toBe(true);
      });
  it('enforceConnectivity leaves no fragment below minSizeFactor x the expected size', () => {
    const s = slic(images.disc.image, { nSegments: 30, minSizeFactor: 0.5 });
    const expected = (32 * 32) / 30; // slicGrid(32, 32, 30) = 5 x 6 = 30 centres
    expect(Math.min(...s.sizes)).toBeGreaterThanOrEqual(0.5 * expected);
  });
  it('a huge compactness ignores colour: 4 segments are the 4 spatial blocks whatever the image', () => {
    const s = slic(images.disc.image, { nSegments: 4, compactness: 1e4 });
    expect(Array.from(s.labels)).toEqual(Array.from({ length: 1024 }, (_, p) => quadrant(32, 32)(Math.floor(p / 32), p % 32)));
  });
  it('deterministic: the same image gives the same labels', () => {
    const a = slic(images.three.image, { nSegments: 10 });
    const b = slic(tensor(Float32Array.from(images.three.image.data), [3, 24, 30]), { nSegments: 10 });
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
  });
  it('rejects bad options naming them', () => {
    expect(() => slic(images.quadrants.image, { nSegments: 2.5 })).toThrow(/nSegments/);
    expect(() => slic(images.quadrants.image, { compactness: -1 })).toThrow(/compactness/);
    expect(() => slic(images.quadrants.image, { maxIterations: 1.5 })).toThrow(/maxIterations/);
  });
});
