/**
 * LSTM / GRU / RNN models exported by torch.onnx.export (torch 1.13, opset 14; generated at test
 * time by ./torch/export_rnn.py into a temporary folder): gradients with respect to the input and
 * to every recurrent weight match central finite differences of the original model (along the
 * gradient and in random directions), and the input gradient matches torch autograd run in
 * float64 on the same weights. The LSTM -> last hidden -> Linear (Gemm) classifier is also checked
 * end to end through `loadModel`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, decodeModel, encodeModel } from '@axplain/onnx';
import { gradCheck, loadModel, Rng } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, expect } from 'vitest';
import { requirement } from '../support/requirement.js';

/** The Python with torch that exports the models (AXPLAIN_PYTHON overrides /usr/bin/python3). */
const PYTHON = process.env.AXPLAIN_PYTHON ?? '/usr/bin/python3';
const SCRIPT = new URL('./torch/export_rnn.py', import.meta.url).pathname;
const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
const torch = requirement('torch-exported LSTM/GRU/RNN tests', probe.status === 0 ? undefined : `${PYTHON} with torch is not available (${(probe.error?.message ?? probe.stderr ?? '').trim().split('\n').pop()}); install python3-torch`);

const MODELS = ['lstm', 'lstm_bidirectional_2layers', 'lstm_batch_first', 'lstm_no_bias', 'gru', 'gru_bidirectional_2layers', 'rnn_tanh_2layers', 'rnn_relu_bidirectional'];
interface Oracle { shape: number[]; x: number[]; outShape: number[]; ct: number[]; grad: number[] }

let dir = '';
const read = (name: string) => ({
  bytes: new Uint8Array(readFileSync(join(dir, `${name}.onnx`))),
  oracle: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Oracle,
});

torch.describe('torch-exported recurrent models', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'axplain-rnn-'));
    const r = spawnSync(PYTHON, [SCRIPT, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${SCRIPT} failed: ${r.stderr}`);
  });
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  for (const name of MODELS) {
    torch.it(`${name}: d/d input and d/d weights vs finite differences; d/d input vs float64 torch autograd`, async () => {
      const { bytes, oracle } = read(name);
      const model = decodeModel(bytes);
      // Every weight of every recurrent node (W, R, B), and the input.
      const weights = (model.graph!.node ?? []).filter((n) => ['LSTM', 'GRU', 'RNN'].includes(n.opType ?? '')).flatMap((n) => n.input!.slice(1, 4).filter((t) => t));
      expect(weights.length).toBeGreaterThanOrEqual(2);
      const x = Float32Array.from(oracle.x);
      const r = await gradCheck(model, { wrt: ['input', ...weights], feeds: { input: x }, seed: 9, direction: 'gradient', randomDirections: 2 });
      expect(r.forwardMaxAbsDiff).toBe(0);
      for (const p of r.perWrt) expect(p.gradNorm, `gradient of ${p.name}`).toBeGreaterThan(0);
      expect(r.maxRelError).toBeLessThan(name.includes('relu') ? 2e-2 : 1e-2);

      const res = compile(model, { wrt: ['input'] });
      const sess = await ort.InferenceSession.create(encodeModel(res.model), { logSeverityLevel: 3 });
      const out = await sess.run({ input: new ort.Tensor('float32', x, oracle.shape), [res.cotangentInput]: new ort.Tensor('float32', Float32Array.from(oracle.ct), oracle.outShape) });
      await sess.release();
      const g = out[res.gradOutputs[0]!]!.data as Float32Array;
      const scale = Math.max(...oracle.grad.map(Math.abs));
      const err = Math.max(...oracle.grad.map((v, i) => Math.abs(v - g[i]!)));
      expect(scale).toBeGreaterThan(0.1);
      expect(err / scale, 'max |axplain - torch float64| / max |torch|').toBeLessThan(1e-5);
    });
  }

  torch.it('classifier LSTM -> last hidden -> Gemm through loadModel: vjp vs finite differences and float64 torch autograd', async () => {
    const { bytes, oracle } = read('classifier');
    const m = await loadModel(bytes);
    try {
      expect([...m.inputShape]).toEqual(oracle.shape.slice(1));
      expect(m.classes).toBe(3);
      const x = { data: Float32Array.from(oracle.x), shape: oracle.shape };
      const ct = { data: Float32Array.from(oracle.ct), shape: oracle.outShape };
      const { grad } = await m.vjp(x, ct);
      const scale = Math.max(...oracle.grad.map(Math.abs));
      expect(Math.max(...oracle.grad.map((v, i) => Math.abs(v - grad.data[i]!))) / scale).toBeLessThan(1e-5);
      // Central differences of sum(ct * logits(x)) along the gradient and 3 random directions.
      const f = async (d: Float32Array, h: number): Promise<number> => {
        const y = await m.logits({ data: x.data.map((v, i) => v + h * d[i]!), shape: x.shape });
        return y.data.reduce((s, v, i) => s + v * ct.data[i]!, 0);
      };
      const rng = new Rng(4);
      const dirs = [Float32Array.from(grad.data), ...[0, 1, 2].map(() => rng.fillNormal(grad.data.length))];
      for (const d of dirs) {
        const n = Math.hypot(...d);
        d.forEach((v, i) => { d[i] = v / n; });
        const analytic = d.reduce((s, v, i) => s + v * grad.data[i]!, 0);
        const numeric = ((await f(d, 1e-2)) - (await f(d, -1e-2))) / 2e-2;
        expect(Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), 1e-2)).toBeLessThan(1e-2);
      }
    } finally {
      await m.dispose();
    }
  });
});
