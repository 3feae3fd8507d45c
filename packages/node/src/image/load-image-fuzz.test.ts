/**
 * Fuzzing the image loader (seeded, bounded, counted): PNG and JPEG bytes truncated, with flipped
 * bytes, and with absurd declared dimensions (PNG IHDR with a valid CRC, JPEG SOF) through
 * `loadImage`. Every case is a decoded image whose buffer matches its declared size, or a typed
 * ImageFormatError with a clear message, within a time bound. `pnpm fuzz` runs ten times as many (test/support/fuzz.ts).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Jimp } from 'jimp';
import { describe, expect, it } from 'vitest';
import { fuzzSeed, oracle, runs, Tally } from '../../../../test/support/fuzz.js';
import { loadImage } from './load-image.js';

const PNG = Uint8Array.from(readFileSync(new URL('../../../../models/samples/mnist/digit-3.png', import.meta.url)));
const JPEG = Uint8Array.from(await (await Jimp.fromBuffer(Buffer.from(PNG))).getBuffer('image/jpeg', { quality: 90 }));
const SEEDS = { png: PNG, jpeg: JPEG };

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
/** CRC-32 of PNG chunks (type + data). */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const KINDS = ['truncate', 'byte-flip', 'header-flip', 'absurd-dims'] as const;
const DIMS = [0, 1, 65535, 2 ** 31 - 1, 2 ** 32 - 1];
const mutation = fc.record({ seed: fc.constantFrom<keyof typeof SEEDS>('png', 'jpeg'), kind: fc.constantFrom(...KINDS), r: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }) });

function mutate({ seed, kind, r }: { seed: keyof typeof SEEDS; kind: (typeof KINDS)[number]; r: number[] }): Uint8Array {
  const out = SEEDS[seed].slice();
  const view = new DataView(out.buffer);
  switch (kind) {
    case 'truncate': return out.slice(0, r[0]! % out.length);
    case 'byte-flip': for (let k = 0; k < 1 + (r[0]! % 6); k++) { const at = (r[1]! * (k + 1) + r[2]! * k) % out.length; out[at] = out[at]! ^ (1 << ((r[3]! + k) % 8)); } return out;
    case 'header-flip': { const at = r[0]! % Math.min(64, out.length); out[at] = out[at]! ^ (1 << (r[1]! % 8)); return out; }
    case 'absurd-dims': {
      const [w, h] = [DIMS[r[0]! % DIMS.length]!, DIMS[r[1]! % DIMS.length]!];
      if (seed === 'png') { // IHDR data at 16..24, its CRC at 29..33 (over type + data, 12..29)
        view.setUint32(16, w);
        view.setUint32(20, h);
        view.setUint32(29, crc32(out.subarray(12, 29)));
      } else { // SOF0/SOF2: FF C0|C2, length (2), precision (1), height (2), width (2)
        for (let i = 2; i + 9 < out.length; i++) if (out[i] === 0xff && (out[i + 1] === 0xc0 || out[i + 1] === 0xc2)) { view.setUint16(i + 5, h & 0xffff); view.setUint16(i + 7, w & 0xffff); break; }
      }
      return out;
    }
  }
}

describe('fuzz: mutated PNG and JPEG files', () => {
  it('the unmutated seeds decode to the 28 x 28 digit (positive control)', async () => {
    for (const bytes of Object.values(SEEDS)) expect([(await loadImage(bytes)).width, (await loadImage(bytes)).height]).toEqual([28, 28]);
  });

  it('loadImage: every case is an image of its declared size or an ImageFormatError, within 5 s each', async () => {
    const tally = new Tally();
    const rss0 = process.memoryUsage().rss;
    await fc.assert(fc.asyncProperty(mutation, async (mu) => {
      const bytes = mutate(mu);
      const o = await oracle(`loadImage(${mu.seed}, ${mu.kind}, [${mu.r}])`, async () => {
        const img = await loadImage(bytes, { name: 'fuzz.img' });
        if (!(img.width > 0 && img.height > 0 && img.data.length === img.width * img.height * 4)) throw new Error(`decoded ${img.width}x${img.height} with ${img.data.length} bytes`);
      }, 5000);
      if (o.kind === 'typed-error' && o.code !== 'IMAGE_FORMAT') throw new Error(`loadImage(${mu.seed}, ${mu.kind}): error code ${o.code}, expected IMAGE_FORMAT`);
      tally.add(mu.kind, o);
    }), { seed: fuzzSeed(20261204), numRuns: runs(300), endOnFailure: true });
    console.warn(tally.summary('loadImage'));
    expect(tally.total).toBe(runs(300));
    expect(tally.kinds()).toEqual([...KINDS].sort());
    expect(process.memoryUsage().rss - rss0).toBeLessThan(1.5e9);
  });
});
