/**
 * Inputs that are not explained (a sample rate, recurrent state, a mask): their values come
 * from `feeds` (a number or a tensor per input name), float inputs without one are fed zeros
 * (said in the model's `feedNote`), integer inputs without one are an error naming them. An
 * input whose first dim is the explained input's batch dim is per sample: its value is given
 * per sample and repeated for every row; any other input is fed as given to every session run.
 */
import { isInteger } from '@axplain/core';
import { DT, type ModelProto, type ValueInfoProto } from '@axplain/onnx';
import { FeedError } from './errors.js';
import { declaredShape, type DeclaredDim } from './io-names.js';

/** A value for an input: a number (fills the declared shape) or a tensor. */
export type FeedValue = number | { readonly data: ArrayLike<number>; readonly shape: readonly number[] };

type FeedType = 'float32' | 'float64' | 'int64' | 'int32';
const TYPES: Record<number, FeedType> = { [DT.FLOAT]: 'float32', [DT.DOUBLE]: 'float64', [DT.INT64]: 'int64', [DT.INT32]: 'int32' };

/** A typed tensor as onnxruntime takes it. */
export interface TypedFeed {
  type: FeedType;
  data: Float32Array | Float64Array | BigInt64Array | Int32Array;
  dims: readonly number[];
}

/** The value of one extra input, resolved. */
export interface ExtraFeed {
  name: string;
  type: FeedType;
  /** Values of one sample (perSample) or of the whole input. */
  values: Float64Array;
  /** Per-sample dims (perSample) or the whole input's dims. */
  dims: number[];
  /** Repeated for every row of the batch. */
  perSample: boolean;
  /** No value was given: zeros. */
  zeros: boolean;
}

const fmt = (d: readonly DeclaredDim[]) => `[${d.join(', ')}]`;
const numel = (d: readonly number[]) => d.reduce((a, b) => a * b, 1);

/**
 * Resolves a value for every extra input. `batchDim` is the explained input's declared first dim.
 * @example resolveExtraFeeds(model, extras, 'N', { sr: 16000 }, 'vad.onnx')
 */
export function resolveExtraFeeds(
  extras: readonly ValueInfoProto[], explained: string, batchDim: DeclaredDim | undefined, feeds: Readonly<Record<string, FeedValue>> | undefined, source: string,
): ExtraFeed[] {
  const given = feeds ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) throw new TypeError('feeds: expected an object input name -> number or tensor');
  for (const name of Object.keys(given)) {
    if (name === explained) throw new FeedError(name, `feeds: '${name}' is the explained input; its value is x (pick another explained input with input / --wrt)`);
    if (!extras.some((e) => e.name === name))
      throw new FeedError(name, `feeds: ${source} has no other input named '${name}'; its inputs besides '${explained}' are: ${extras.map((e) => `'${e.name}'`).join(', ') || '(none)'}`);
  }
  return extras.map((v) => resolveOne(v, batchDim, given[v.name!], source));
}

function resolveOne(v: ValueInfoProto, batchDim: DeclaredDim | undefined, value: FeedValue | undefined, source: string): ExtraFeed {
  const name = v.name!;
  const elem = v.type?.tensorType?.elemType ?? 0;
  const type = TYPES[elem];
  if (!type) throw new FeedError(name, `${source}: input '${name}' has element type ${elem}; the adapter feeds float32, float64, int64 and int32 inputs only`);
  const declared = declaredShape(v);
  const perSample = declared !== undefined && declared.length > 0 && batchDim !== undefined && declared[0] === batchDim;
  const dims = declared === undefined ? undefined : perSample ? declared.slice(1) : declared;
  if (dims && typeof batchDim === 'string' && dims.includes(batchDim))
    throw new FeedError(name, `${source}: input '${name}' ${fmt(declared!)} has the batch dim '${batchDim}' at a later axis; only a leading batch axis is supported`);
  const shapeText = declared ? fmt(declared) : '(no declared shape)';
  const hint = `set it with feeds: { '${name}': value } or --feed ${name}=<number or tensor.json>`;
  if (value === undefined) {
    if (type === 'int64' || type === 'int32')
      throw new FeedError(name, `${source}: integer input '${name}' ${shapeText} needs a value (it is not explained, and zeros are no default for an integer); ${hint}`);
    if (!dims || dims.some((d) => typeof d !== 'number'))
      throw new FeedError(name, `${source}: input '${name}' ${shapeText} has no static shape to fill with zeros; ${hint} (a tensor)`);
    return { name, type, values: new Float64Array(numel(dims as number[])), dims: dims as number[], perSample, zeros: true };
  }
  const per = perSample ? ' per sample' : '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new FeedError(name, `feeds: '${name}': expected a finite number, got ${value}`);
    if (dims && dims.some((d) => typeof d !== 'number'))
      throw new FeedError(name, `feeds: '${name}' is ${shapeText} with symbolic dims; give a tensor rather than the number ${value}`);
    if ((type === 'int64' || type === 'int32') && !Number.isInteger(value)) throw new FeedError(name, `feeds: integer input '${name}' got ${value}`);
    const d = (dims as number[] | undefined) ?? [];
    return { name, type, values: new Float64Array(numel(d)).fill(value), dims: [...d], perSample, zeros: false };
  }
  const shape = value?.shape;
  if (!value || !Array.isArray(shape) || !shape.every((d) => isInteger(d, { min: 0 })) || value.data?.length !== numel(shape))
    throw new FeedError(name, `feeds: '${name}': expected a number or a tensor { data, shape } whose data has prod(shape) values`);
  if (dims && (dims.length !== shape.length || dims.some((d, i) => typeof d === 'number' && d !== shape[i])))
    throw new FeedError(name, `feeds: '${name}' is a tensor of shape [${shape.join(', ')}]; input '${name}' is declared ${shapeText}, so its value${per} must be ${fmt(dims)}`);
  const values = Float64Array.from(value.data);
  if (!values.every(Number.isFinite)) throw new FeedError(name, `feeds: '${name}' holds NaN or Infinity`);
  if ((type === 'int64' || type === 'int32') && !values.every(Number.isInteger)) throw new FeedError(name, `feeds: integer input '${name}' holds non-integer values`);
  return { name, type, values, dims: [...shape], perSample, zeros: false };
}

/** One line saying which inputs are fed zeros, `undefined` when none is. */
export function zeroFeedNote(feeds: readonly ExtraFeed[]): string | undefined {
  const z = feeds.filter((f) => f.zeros);
  if (!z.length) return undefined;
  return `input${z.length > 1 ? 's' : ''} ${z.map((f) => `'${f.name}' [${f.perSample ? 'N, ' : ''}${f.dims.join(', ')}]`).join(', ')} ${z.length > 1 ? 'are' : 'is'} fed zeros (no value given; set with feeds / --feed name=value)`;
}

/** The tensors to feed for a batch of `rows`. */
export function extraFeedTensors(feeds: readonly ExtraFeed[], rows: number): Record<string, TypedFeed> {
  const out: Record<string, TypedFeed> = {};
  for (const f of feeds) {
    const reps = f.perSample ? rows : 1;
    const dims = f.perSample ? [rows, ...f.dims] : f.dims;
    const n = f.values.length;
    const data = f.type === 'float32' ? new Float32Array(n * reps) : f.type === 'float64' ? new Float64Array(n * reps) : f.type === 'int32' ? new Int32Array(n * reps) : new BigInt64Array(n * reps);
    for (let r = 0; r < reps; r++)
      for (let i = 0; i < n; i++) {
        const v = f.values[i]!;
        if (data instanceof BigInt64Array) data[r * n + i] = BigInt(v);
        else data[r * n + i] = v;
      }
    out[f.name] = { type: f.type, data, dims };
  }
  return out;
}

/**
 * Writes each extra input's resolved shape into the model where it declares symbolic dims (the
 * batch dim stays), so the compiler sees static shapes. Returns whether the model changed.
 */
export function pinExtraShapes(model: ModelProto, feeds: readonly ExtraFeed[]): boolean {
  let changed = false;
  for (const f of feeds) {
    const tt = (model.graph!.input ?? []).find((i) => i.name === f.name)?.type?.tensorType;
    if (!tt) continue;
    const old = tt.shape?.dim ?? [];
    const want = f.dims;
    const rest = f.perSample ? old.slice(1) : old;
    if (tt.shape && rest.length === want.length && rest.every((d, i) => Number(d.dimValue ?? 0) === want[i])) continue;
    tt.shape = { dim: [...(f.perSample ? [old[0] ?? { dimParam: 'N' }] : []), ...want.map((d) => ({ dimValue: d }))] };
    changed = true;
  }
  return changed;
}
