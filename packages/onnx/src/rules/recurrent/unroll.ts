/**
 * Lowers one ONNX `LSTM` / `GRU` / `RNN` node to standard ops unrolled over its (static) time
 * steps: per gate a MatMul of the whole sequence with the gate's input weights, then per step
 * a MatMul with the recurrence weights, the activations, and the state update of the ONNX
 * equations. Outputs are assembled with Unsqueeze/Concat in the node's layout. The existing
 * gradient rules differentiate the result (backpropagation through time).
 */
import type { Emitter } from '../../emit/emitter.js';
import type { Activation, RecurrentSpec } from './spec.js';

/** Input tensor names of the node (undefined where absent). */
export interface RecurrentInputs {
  X: string; W: string; R: string; B?: string; initialH?: string; initialC?: string; P?: string;
}
export interface RecurrentOutputs { Y: string; Yh: string; Yc?: string }

export function unrollRecurrent(e: Emitter, s: RecurrentSpec, ins: RecurrentInputs, seq: number): RecurrentOutputs {
  const H = s.hidden;
  const tAxis = s.layout === 0 ? 0 : 1;
  const ys: string[][] = [];
  const hs: string[] = [];
  const cs: string[] = [];
  s.directions.forEach((dir, d) => {
    const acts = s.activations[d]!;
    const act = (a: Activation, x: string): string => activation(e, a, s.clip === undefined ? x : clip(e, x, s.clip));
    // Per gate: input projection of the whole sequence plus the biases that sit outside any product.
    const wRows = (g: number): string => e.transpose(e.reshape(e.slice(ins.W, [d, g * H], [d + 1, (g + 1) * H], [0, 1]), [H, -1]), [1, 0]);
    const rT = (g: number): string => e.transpose(e.reshape(e.slice(ins.R, [d, g * H], [d + 1, (g + 1) * H], [0, 1]), [H, H]), [1, 0]);
    const bias = (k: number): string | undefined => (ins.B ? e.reshape(e.slice(ins.B, [d, k * H], [d + 1, (k + 1) * H], [0, 1]), [H]) : undefined);
    const xProj: string[] = [];
    const rProj: string[] = [];
    for (let g = 0; g < s.gates; g++) {
      let xp = e.op1('MatMul', [ins.X, wRows(g)]);
      const wb = bias(g);
      const rb = bias(s.gates + g);
      // GRU with linear_before_reset keeps Rb of the hidden gate inside the reset product.
      const rbInside = s.kind === 'GRU' && g === 2 && s.linearBeforeReset;
      if (wb) xp = e.add(xp, rbInside ? wb : e.add(wb, rb!));
      xProj.push(xp);
      rProj.push(rT(g));
    }
    const rbH = s.kind === 'GRU' && s.linearBeforeReset ? bias(s.gates + 2) : undefined;
    const peep = (k: number): string | undefined => (ins.P ? e.reshape(e.slice(ins.P, [d, k * H], [d + 1, (k + 1) * H], [0, 1]), [H]) : undefined);
    const state = (x: string | undefined): string | undefined => (x ? e.squeeze(e.slice(x, [d], [d + 1], [s.layout === 0 ? 0 : 1]), [s.layout === 0 ? 0 : 1]) : undefined);
    // An absent initial state is zero: its terms are left out rather than multiplied by zeros.
    let h = state(ins.initialH);
    let c = s.kind === 'LSTM' ? state(ins.initialC) : undefined;
    const order = Array.from({ length: seq }, (_, k) => (dir === 'forward' ? k : seq - 1 - k));
    const yd = new Array<string>(seq);
    for (const t of order) {
      const xt = (g: number): string => e.squeeze(e.slice(xProj[g]!, [t], [t + 1], [tAxis]), [tAxis]);
      const pre = (g: number): string => (h ? e.add(xt(g), e.op1('MatMul', [h, rProj[g]!])) : xt(g));
      if (s.kind === 'RNN') {
        h = act(acts[0]!, pre(0));
      } else if (s.kind === 'GRU') {
        const z = act(acts[0]!, pre(0));
        const r = act(acts[0]!, pre(1));
        let inner: string | undefined;
        if (s.linearBeforeReset) {
          const hr = h ? e.op1('MatMul', [h, rProj[2]!]) : undefined;
          const lin = hr && rbH ? e.add(hr, rbH) : hr ?? rbH;
          inner = lin ? e.mul(r, lin) : undefined;
        } else if (h) inner = e.op1('MatMul', [e.mul(r, h), rProj[2]!]);
        const cand = act(acts[1]!, inner ? e.add(xt(2), inner) : xt(2));
        // H = (1 - z) * cand + z * H_prev
        const keep = e.mul(e.sub(e.scalarLike(1, z), z), cand);
        h = h ? e.add(keep, e.mul(z, h)) : keep;
      } else {
        const [pI, pO, pF] = [peep(0), peep(1), peep(2)];
        const withPeep = (x: string, p: string | undefined, cell: string | undefined): string => (p && cell ? e.add(x, e.mul(p, cell)) : x);
        const i = act(acts[0]!, withPeep(pre(0), pI, c));
        const f = s.inputForget ? e.sub(e.scalarLike(1, i), i) : act(acts[0]!, withPeep(pre(2), pF, c));
        const cand = act(acts[1]!, pre(3));
        const add = e.mul(i, cand);
        c = c ? e.add(e.mul(f, c), add) : add;
        const o = act(acts[0]!, withPeep(pre(1), pO, c));
        // Clip bounds the gates' inputs only: onnxruntime applies h to the unclipped cell state.
        h = e.mul(o, activation(e, acts[2]!, c));
      }
      yd[t] = h!;
    }
    ys.push(yd);
    hs.push(h!);
    if (c) cs.push(c);
  });
  // Y: [seq, D, batch, H] (layout 0) or [batch, seq, D, H] (layout 1).
  const [dAxisY, tAxisY] = s.layout === 0 ? [1, 0] : [2, 1];
  const perT = Array.from({ length: seq }, (_, t) => e.concat(ys.map((yd) => e.unsqueeze(yd[t]!, s.layout === 0 ? [0, 1] : [1, 2])), dAxisY));
  const Y = e.concat(perT, tAxisY);
  const stack = (xs: string[]): string => e.concat(xs.map((x) => e.unsqueeze(x, [s.layout === 0 ? 0 : 1])), s.layout === 0 ? 0 : 1);
  return { Y, Yh: stack(hs), Yc: cs.length ? stack(cs) : undefined };
}

function clip(e: Emitter, x: string, t: number): string {
  if (e.opset >= 11) return e.op1('Clip', [x, e.scalarLike(-t, x), e.scalarLike(t, x)]);
  return e.op1('Clip', [x], { min: { f: -t }, max: { f: t } });
}

function activation(e: Emitter, a: Activation, x: string): string {
  switch (a.name) {
    case 'Sigmoid': case 'Tanh': case 'Relu': case 'Softsign': case 'Softplus':
      return e.op1(a.name, [x]);
    case 'LeakyRelu': case 'ThresholdedRelu': case 'Elu':
      return e.op1(a.name, [x], { alpha: { f: a.alpha! } });
    case 'HardSigmoid':
      return e.op1(a.name, [x], { alpha: { f: a.alpha! }, beta: { f: a.beta! } });
    case 'Affine':
      return e.add(e.scale(x, a.alpha!), e.scalarLike(a.beta!, x));
    case 'ScaledTanh':
      return e.scale(e.op1('Tanh', [e.scale(x, a.beta!)]), a.alpha!);
    default:
      throw new Error(`unreachable activation ${a.name}`);
  }
}
