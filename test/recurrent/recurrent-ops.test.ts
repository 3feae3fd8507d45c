/**
 * Gradients through ONNX LSTM / GRU / RNN nodes (rules/recurrent: unrolled lowering, inlined
 * backward) against central finite differences of the ORIGINAL one-node models run by
 * onnxruntime, along the gradient and in random directions. The checked output concatenates Y,
 * Y_h and Y_c, so a random cotangent reaches all of them; some cases check Y_h alone (Y unused).
 */
import { compile, encodeModel, UnsupportedOpError } from '@axplain/onnx';
import { gradCheck, Rng } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildRecurrent, type RecurrentCase } from './build.js';
import { CASES } from './cases.js';
import { toLayout0 } from './layout.js';

describe('LSTM / GRU / RNN gradients match finite differences of the original node', () => {
  for (const [name, c] of CASES) {
    it(name, async () => {
      const m = buildRecurrent(c);
      for (const of of c.symbolicBatch ? m.outputs : [m.outputs[m.outputs.length - 1]!]) {
        const compiled = compile(m.model, { wrt: m.wrt, of });
        // onnxruntime runs no layout-1 recurrent node: check it (and the compiled model, which keeps
        // it) through the layout-0 equivalent; the gradient part is the compiled one, unchanged.
        const kinks = c.clip !== undefined || (c.activations ?? []).some((a) => /relu|hardsigmoid/i.test(a));
        const r = await gradCheck(toLayout0(m.model), {
          compiled: { ...compiled, model: toLayout0(compiled.model) }, dims: m.dims, seed: 5, direction: 'gradient', randomDirections: 2,
          // Clip and piecewise-linear activations put kinks near the base point: smaller steps cross fewer.
          steps: kinks ? [1e-3, 3e-4, 1e-4] : undefined,
        });
        expect(r.forwardMaxAbsDiff).toBe(0);
        for (const p of r.perWrt) expect(p.gradNorm, `gradient of ${p.name} is zero`).toBeGreaterThan(0);
        expect(r.maxRelError, of).toBeLessThan(kinks ? 2e-2 : 1e-2);
      }
    });
  }

  for (const op of ['GRU', 'LSTM'] as const) {
    it(`${op}: only Y_h used (Y and Y_c receive no cotangent)`, async () => {
      const m = buildRecurrent({ op, bias: true, initial: true, direction: 'bidirectional' });
      const r = await gradCheck(m.model, { wrt: m.wrt, of: m.outputs[1]!, dims: m.dims, seed: 2, direction: 'gradient', randomDirections: 2 });
      expect(r.maxRelError).toBeLessThan(1e-2);
    });
  }

  it('LSTM: only Y_c used', async () => {
    const m = buildRecurrent({ op: 'LSTM', bias: true, initial: true, peepholes: true });
    const r = await gradCheck(m.model, { wrt: m.wrt, of: m.outputs[2]!, dims: m.dims, seed: 3, direction: 'gradient', randomDirections: 2 });
    expect(r.maxRelError).toBeLessThan(1e-2);
  });

  it('sequence_lens as a graph input: the same gradients as with the same lengths as a constant', async () => {
    const base: RecurrentCase = { op: 'GRU', direction: 'bidirectional', batch: 3, sequenceLens: [2, 3, 1], bias: true, initial: true };
    const grads = async (c: RecurrentCase): Promise<Float32Array[]> => {
      const m = buildRecurrent(c);
      const res = compile(m.model, { wrt: m.wrt, of: m.outputs[m.outputs.length - 1]! });
      const rng = new Rng(8);
      const sess = await ort.InferenceSession.create(encodeModel(res.model), { logSeverityLevel: 3 });
      const feeds: Record<string, ort.Tensor> = {
        X: new ort.Tensor('float32', rng.fillUniform(27, -1, 1), [3, 3, 3]),
        initial_h: new ort.Tensor('float32', rng.fillUniform(24, -1, 1), [2, 3, 4]),
        [res.cotangentInput]: new ort.Tensor('float32', rng.fillNormal(3 * 2 * 3 * 4 + 2 * 3 * 4), [1, 96]),
      };
      if (c.sequenceLensInput) feeds.seq_lens = new ort.Tensor('int32', Int32Array.from(c.sequenceLens!), [3]);
      const out = await sess.run(feeds);
      await sess.release();
      return res.gradOutputs.map((g) => out[g]!.data as Float32Array);
    };
    const a = await grads(base);
    const b = await grads({ ...base, sequenceLensInput: true });
    expect(a.length).toBe(5);
    a.forEach((g, i) => expect(Array.from(b[i]!)).toEqual(Array.from(g)));
    // X of the third sample (length 1) at steps 1 and 2 is never read: its gradient is exactly 0 there.
    const gx = a[0]!;
    for (const t of [1, 2]) for (let j = 0; j < 3; j++) expect(gx[t * 9 + 2 * 3 + j]).toBe(0);
    for (let j = 0; j < 3; j++) expect(Math.abs(gx[2 * 3 + j]!)).toBeGreaterThan(0);
  });

  it('the gradient graph holds no LSTM/GRU/RNN node of its own: standard ops only', () => {
    const m = buildRecurrent({ op: 'LSTM', bias: true, initial: true, peepholes: true, direction: 'bidirectional' });
    const res = compile(m.model, { wrt: m.wrt, of: m.outputs[3]! });
    const ops = (res.model.graph!.node ?? []).map((n) => n.opType ?? "");
    expect(ops.filter((o) => o === 'LSTM')).toHaveLength(1);
    expect(new Set(ops).size).toBeGreaterThan(8);
    expect(ops.every((o) => !['GRU', 'RNN', 'Loop', 'Scan'].includes(o))).toBe(true);
  });
});

describe('LSTM / GRU / RNN: what is not supported is a clear error naming op and node', () => {
  const rejects = (c: RecurrentCase, edit: ((m: ReturnType<typeof buildRecurrent>) => void) | undefined, msg: RegExp): void => {
    const m = buildRecurrent(c);
    edit?.(m);
    let err: unknown;
    try { compile(m.model, { wrt: ['X'], of: m.outputs[0] }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(UnsupportedOpError);
    expect((err as Error).message).toMatch(new RegExp(`'${c.op}_0' \\(${c.op}, opset \\d+\\)`));
    expect((err as Error).message).toMatch(msg);
  };
  it('sequence_lens with a length beyond the sequence', () => rejects({ op: 'LSTM', sequenceLens: [3, 4] }, undefined, /sequence_lens holds a length 4 outside \[1, 3\]/));
  it('dynamic sequence length', () =>
    rejects({ op: 'RNN' }, (m) => {
      m.model.graph!.input![0]!.type!.tensorType!.shape!.dim![0] = { dimParam: 'T' };
    }, /sequence length of X .* is dynamic \('T'\)/));
  it('an activation outside the supported list', () =>
    rejects({ op: 'RNN', activations: ['Gelu'] }, undefined, /activation 'Gelu' is not supported \(supported: Sigmoid, Tanh, Relu/));
  it('a wrong number of activations', () =>
    rejects({ op: 'LSTM', activations: ['Sigmoid', 'Tanh'] }, undefined, /activations lists 2 functions; LSTM with 1 direction\(s\) takes 3/));
});
