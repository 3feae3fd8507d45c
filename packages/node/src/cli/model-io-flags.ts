/**
 * Flags for a model's inputs and outputs beyond one image in and class logits out:
 * `--input-shape` (per-sample shape for symbolic dims), `--wrt` (the explained input), `--feed`
 * (values of the other inputs), and the output readouts `--target-positions` (a sequence
 * [N, T, C]) and `--region` (a dense map [N, 1, H, W]). Every value is parsed and checked while
 * commander reads the command line, before the model is loaded.
 */
import type { FeedValue } from '@axplain/ort';
import { Option } from 'commander';
import { flag } from './flags.js';
import { readJsonFile } from './io.js';
import { CliError } from './run.js';

/** `3,48,192` -> [3, 48, 192]: positive whole numbers. */
export const inputShape = (s: string): number[] => {
  const dims = s.split(',').map((v) => v.trim());
  if (!dims.length || !dims.every((d) => /^\d+$/.test(d) && Number(d) >= 1))
    throw new CliError(`--input-shape: expected positive whole numbers separated by commas, per sample without the batch axis (e.g. 3,48,192), got '${s}'`);
  return dims.map(Number);
};

/** A tensor read from JSON: `{ "shape": [...], "data": [...] }`, nested arrays, or a number. */
export function tensorFromJson(value: unknown, where: string): FeedValue {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { shape, data } = value as { shape?: unknown; data?: unknown };
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0) || !Array.isArray(data) || !data.every((v) => typeof v === 'number'))
      throw new CliError(`${where}: expected { "shape": [whole numbers], "data": [numbers] }, nested arrays of numbers, or a number`);
    const n = (shape as number[]).reduce((a, b) => a * b, 1);
    if (data.length !== n) throw new CliError(`${where}: "data" has ${data.length} values but "shape" [${shape.join(', ')}] needs ${n}`);
    return { shape: shape as number[], data: data as number[] };
  }
  if (!Array.isArray(value)) throw new CliError(`${where}: expected a tensor (nested arrays or { shape, data }) or a number`);
  const shape: number[] = [];
  for (let v: unknown = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const data: number[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new CliError(`${where}: nested arrays must hold numbers at depth ${shape.length}`);
      data.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) throw new CliError(`${where}: nested arrays are ragged (every array at depth ${depth} must have ${shape[depth]} entries)`);
    for (const e of v) walk(e, depth + 1);
  };
  walk(value, 0);
  return { shape, data };
}

/** `name=16000` or `name=state.json`, collected over repeated flags. */
export const feedEntry = (s: string, previous: Record<string, FeedValue> = {}): Record<string, FeedValue> => {
  const eq = s.indexOf('=');
  const name = s.slice(0, eq).trim(), raw = s.slice(eq + 1).trim();
  if (eq <= 0 || !raw) throw new CliError(`--feed: expected name=value (a number, or a JSON file holding a tensor), got '${s}'`);
  if (name in previous) throw new CliError(`--feed: input '${name}' is given twice`);
  const num = Number(raw);
  const value = raw !== '' && Number.isFinite(num) && /^[-+0-9.eE]+$/.test(raw) ? num : tensorFromJson(readJsonFile(raw), `--feed ${name}=${raw}`);
  return { ...previous, [name]: value };
};

/** `4:17,5:3` -> [[4, 17], [5, 3]], or 'greedy'. */
export const targetPositions = (s: string): [number, number][] | 'greedy' => {
  if (s === 'greedy') return s;
  const pairs = s.split(',').map((p) => p.trim()).filter(Boolean);
  if (!pairs.length || !pairs.every((p) => /^\d+:\d+$/.test(p)))
    throw new CliError(`--target-positions: expected position:class pairs separated by commas (e.g. 4:17,5:3) or 'greedy', got '${s}'`);
  return pairs.map((p) => p.split(':').map(Number) as [number, number]);
};

/** A region of a dense map: `x0,y0,x1,y1` (a rectangle in map cells, end exclusive) or a JSON mask file ([H][W] or { shape, data }). */
export type RegionFlag = { rect: { x0: number; y0: number; x1: number; y1: number } } | { mask: number[]; shape: number[]; file: string };

export const region = (s: string): RegionFlag => {
  if (/^\s*\d+\s*(,\s*\d+\s*){3}$/.test(s)) {
    const [x0, y0, x1, y1] = s.split(',').map(Number) as [number, number, number, number];
    if (x1 <= x0 || y1 <= y0) throw new CliError(`--region: x0,y0,x1,y1 needs x1 > x0 and y1 > y0 (end exclusive), got '${s}'`);
    return { rect: { x0, y0, x1, y1 } };
  }
  if (!s.toLowerCase().endsWith('.json')) throw new CliError(`--region: expected x0,y0,x1,y1 (map cells, end exclusive) or a JSON mask file, got '${s}'`);
  const t = tensorFromJson(readJsonFile(s), `--region ${s}`);
  if (typeof t === 'number') throw new CliError(`--region ${s}: expected a mask ([H][W] nested arrays or { shape, data }), got a number`);
  return { mask: Array.from(t.data), shape: [...t.shape], file: s };
};

/** What the model-loading commands take for inputs: `--input-shape`, `--wrt`, `--feed`. */
export interface ModelIoFlags { inputShape?: number[]; wrt?: string; feed?: Record<string, FeedValue> }

/** `--input-shape`, `--wrt`, `--feed`: every command that loads a model adds these three. */
export const inputShapeOption = (): Option => flag('--input-shape <dims>', 'per-sample input shape for symbolic dims, without the batch axis (e.g. 3,48,192)', inputShape);
export const wrtOption = (): Option => new Option('--wrt <input>', 'the graph input to explain (default: the first float input)');
export const feedOption = (): Option =>
  new Option('--feed <name=value>', 'value of an input that is not explained: a number, or a JSON file holding a tensor ({shape, data} or nested arrays); repeatable. Float inputs without one are fed zeros (said in a note); integer inputs need one')
    .argParser(feedEntry);

/** The output readouts of `explain`. */
export const targetPositionsOption = (): Option =>
  flag('--target-positions <pairs|greedy>', "sequence output [N, T, C] (CTC recogniser, token tagger): explain the sum of the logits at position:class pairs (e.g. 4:17,5:3), or 'greedy' (the greedy-decoded path)", targetPositions);
export const regionOption = (): Option =>
  flag('--region <x0,y0,x1,y1|mask.json>', 'dense map output [N, 1, H, W] (detector, segmenter): explain the sum of the map over a rectangle of map cells (end exclusive) or a JSON mask [H][W]', region);

/** An API option error (`inputShape: ...`, `feeds: ...`) as the flag that set the option: `--input-shape: ...`. */
export function asFlagError(e: unknown): unknown {
  const msg = (e as Error)?.message;
  if (typeof msg !== 'string') return e;
  for (const [option, flagName] of [['inputShape:', '--input-shape:'], ['feeds:', '--feed:']] as const)
    if (msg.startsWith(option)) return new CliError(flagName + msg.slice(option.length));
  return e;
}
