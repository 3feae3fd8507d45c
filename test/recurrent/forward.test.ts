/**
 * The lowering of LSTM / GRU / RNN to unrolled standard ops (rules/recurrent/unroll.ts) computes
 * what onnxruntime's own kernels compute: Y, Y_h and Y_c agree to float32 rounding for every
 * configuration of ./cases.ts (sequence_lens included), at several random points with inputs and states in [-2, 2] (large
 * enough for `clip` to act on the gates and the cell state). Layout 1 is compared through its
 * layout-0 equivalent, which onnxruntime runs.
 */
import { encodeModel, Graph, tensorValues, UnsupportedOpError } from '@axplain/onnx';
import { Rng } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { finish, lowerRecurrent } from '../../packages/onnx/src/rules/recurrent/lower.js';
import { readSpec, type RecurrentSpec } from '../../packages/onnx/src/rules/recurrent/spec.js';
import { buildRecurrent, type RecurrentCase } from './build.js';
import { CASES } from './cases.js';
import { toLayout0 } from './layout.js';

const opts = { executionProviders: ['cpu'], graphOptimizationLevel: 'disabled' as const, logSeverityLevel: 3 as const };

/** Max |lowered - onnxruntime| over Y, Y_h (, Y_c) at 4 random points; `edit` changes the spec first. */
async function worstDifference(c: RecurrentCase, edit?: (s: RecurrentSpec) => void, maskByLengths = true): Promise<number> {
  const m = buildRecurrent(c);
  const g = new Graph(m.model);
  const node = g.nodes.find((n) => n.opType === c.op)!;
  const fail = (d: string): never => { throw new UnsupportedOpError({ opType: node.opType, nodeName: node.name, nodeIndex: node.index, opset: g.opset }, d); };
  const spec = readSpec(node, fail);
  edit?.(spec);
  const xs = g.info('X').shape;
  const low = lowerRecurrent(node, spec, (t) => g.info(t), g.opset, xs[spec.layout === 0 ? 0 : 1] as number, { sequenceLens: maskByLengths && !!node.input(4) });
  const outs = [low.outputs.Y, low.outputs.Yh, low.outputs.Yc].filter((o): o is string => !!o);
  const orig = await ort.InferenceSession.create(encodeModel(toLayout0(m.model)), opts);
  const ls = await ort.InferenceSession.create(encodeModel(finish(low, outs)), opts);
  const rng = new Rng(11);
  const shape = (t: string): number[] => g.info(t).shape.map((d) => (typeof d === 'number' ? d : m.dims[d]!));
  const inits = new Map((m.model.graph!.initializer ?? []).map((t) => [t.name!, t]));
  let worst = 0;
  for (let trial = 0; trial < 4; trial++) {
    // Graph inputs drawn at random; initializers are inputs of the lowered model.
    const feeds: Record<string, ort.Tensor> = {};
    const lowFeeds: Record<string, ort.Tensor> = {};
    for (const { k, key } of low.present) {
      const t = node.input(k)!;
      const init = inits.get(t);
      const v = init ? Float32Array.from(tensorValues(init)) : rng.fillUniform(shape(t).reduce((a, b) => a * b, 1), -2, 2);
      lowFeeds[key] = new ort.Tensor('float32', v, shape(t));
      if (!init) feeds[t] = lowFeeds[key]!;
    }
    if (maskByLengths && node.input(4)) {
      const lens = Int32Array.from(c.sequenceLens!);
      lowFeeds.sequenceLens = new ort.Tensor('int32', lens, [lens.length]);
      if (c.sequenceLensInput) feeds.seq_lens = lowFeeds.sequenceLens;
    }
    const want = await orig.run(feeds);
    const got = await ls.run(lowFeeds);
    outs.forEach((o, i) => {
      const a = want[node.outputs[i]!]!;
      const b = got[o]!;
      expect([...b.dims], `${node.outputs[i]} shape`).toEqual([...a.dims]);
      const da = a.data as Float32Array;
      const db = b.data as Float32Array;
      for (let j = 0; j < da.length; j++) worst = Math.max(worst, Math.abs(da[j]! - db[j]!));
    });
  }
  await orig.release();
  await ls.release();
  return worst;
}

describe('lowered LSTM / GRU / RNN equals onnxruntime', () => {
  for (const [name, c] of CASES) {
    it(name, async () => {
      expect(await worstDifference(c), 'max |lowered - onnxruntime| over Y, Y_h, Y_c').toBeLessThan(3e-6);
    });
  }
  // The comparison is not vacuous: a lowering with a wrong direction or a wrong clip is caught.
  it('sequence_lens [2, 3] given as a graph input (not constant)', async () => {
    expect(await worstDifference({ op: 'LSTM', direction: 'bidirectional', sequenceLens: [2, 3], sequenceLensInput: true, bias: true, initial: true })).toBeLessThan(3e-6);
  });
  it('negative: a forward node lowered as reverse differs', async () => {
    expect(await worstDifference({ op: 'GRU', bias: true, initial: true }, (s) => { s.directions = ['reverse']; })).toBeGreaterThan(1e-2);
  });
  it('negative: sequence_lens [3, 2, 1] left out differs', async () => {
    expect(await worstDifference({ op: 'RNN', batch: 3, sequenceLens: [3, 2, 1], bias: true, initial: true }, undefined, false)).toBeGreaterThan(1e-2);
  });
  it('negative: a clip left out differs', async () => {
    expect(await worstDifference({ op: 'LSTM', clip: 0.5, bias: true, initial: true }, (s) => { s.clip = undefined; })).toBeGreaterThan(1e-2);
  });
});
