/** Values of the inputs that are not explained: how each declared shape and type is fed. */
import { DT, valueInfo } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { FeedError } from './errors.js';
import { extraFeedTensors, resolveExtraFeeds, zeroFeedNote } from './extra-inputs.js';

const vi = (name: string, shape: (number | string)[] | undefined, t: number = DT.FLOAT) => {
  const v = valueInfo(name, t, shape ?? []);
  if (!shape) v.type!.tensorType!.shape = undefined;
  return v;
};
const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
};

describe('resolveExtraFeeds', () => {
  it('per-sample inputs (first dim = the batch dim) repeat their value for every row; others are fed whole', () => {
    const feeds = resolveExtraFeeds([vi('h', ['N', 2]), vi('sr', [], DT.INT64), vi('k', [3], DT.DOUBLE)], 'x', 'N', { h: { data: [1, 2], shape: [2] }, sr: 16000, k: 0.5 }, 'm');
    const t = extraFeedTensors(feeds, 3);
    expect(t.h).toEqual({ type: 'float32', data: Float32Array.of(1, 2, 1, 2, 1, 2), dims: [3, 2] });
    expect(t.sr).toEqual({ type: 'int64', data: BigInt64Array.of(16000n), dims: [] });
    expect(t.k).toEqual({ type: 'float64', data: Float64Array.of(0.5, 0.5, 0.5), dims: [3] });
    expect(zeroFeedNote(feeds)).toBeUndefined();
  });

  it('a fixed batch: an input whose first dim is that number is per sample', () => {
    const [f] = resolveExtraFeeds([vi('h', [1, 4])], 'x', 1, {}, 'm');
    expect(f).toMatchObject({ perSample: true, zeros: true, dims: [4] });
    expect(zeroFeedNote([f!])).toBe("input 'h' [N, 4] is fed zeros (no value given; set with feeds / --feed name=value)");
  });

  it('symbolic non-batch dims take the tensor shape; without a value they are an error', () => {
    const [f] = resolveExtraFeeds([vi('s', ['N', 'L'])], 'x', 'N', { s: { data: [1, 2, 3], shape: [3] } }, 'm');
    expect(f!.dims).toEqual([3]);
    expect(thrown(() => resolveExtraFeeds([vi('s', ['N', 'L'])], 'x', 'N', {}, 'm')).message).toBe("m: input 's' [N, L] has no static shape to fill with zeros; set it with feeds: { 's': value } or --feed s=<number or tensor.json> (a tensor)");
    expect(thrown(() => resolveExtraFeeds([vi('s', ['N', 'L'])], 'x', 'N', { s: 2 }, 'm')).message).toBe("feeds: 's' is [N, L] with symbolic dims; give a tensor rather than the number 2");
  });

  it('errors: the batch dim at a later axis, a type it cannot feed, the explained input, NaN, ragged data', () => {
    const later = thrown(() => resolveExtraFeeds([vi('state', [2, 'N', 8])], 'x', 'N', {}, 'm'));
    expect(later).toBeInstanceOf(FeedError);
    expect(later.message).toBe("m: input 'state' [2, N, 8] has the batch dim 'N' at a later axis; only a leading batch axis is supported");
    expect(thrown(() => resolveExtraFeeds([vi('b', ['N'], DT.BOOL)], 'x', 'N', {}, 'm')).message).toContain("input 'b' has element type 9; the adapter feeds float32, float64, int64 and int32 inputs only");
    expect(thrown(() => resolveExtraFeeds([vi('h', ['N', 2])], 'x', 'N', { x: 1 }, 'm')).message).toContain("feeds: 'x' is the explained input");
    expect(thrown(() => resolveExtraFeeds([vi('h', ['N', 2])], 'x', 'N', { h: { data: [1, NaN], shape: [2] } }, 'm')).message).toBe("feeds: 'h' holds NaN or Infinity");
    expect(thrown(() => resolveExtraFeeds([vi('h', ['N', 2])], 'x', 'N', { h: { data: [1], shape: [2] } }, 'm')).message).toContain('whose data has prod(shape) values');
    expect(thrown(() => resolveExtraFeeds([vi('h', ['N', 2])], 'x', 'N', { h: Infinity }, 'm')).message).toBe("feeds: 'h': expected a finite number, got Infinity");
  });

  it('an input with no declared shape takes a tensor as given, or a number as a scalar', () => {
    const [a] = resolveExtraFeeds([vi('u', undefined)], 'x', 'N', { u: { data: [1, 2], shape: [2] } }, 'm');
    expect(extraFeedTensors([a!], 5).u!.dims).toEqual([2]);
    const [b] = resolveExtraFeeds([vi('u', undefined)], 'x', 'N', { u: 3 }, 'm');
    expect(extraFeedTensors([b!], 5).u).toEqual({ type: 'float32', data: Float32Array.of(3), dims: [] });
  });
});
