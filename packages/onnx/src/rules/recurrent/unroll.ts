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
  /** sequence_lens [batch] (int32), when the lengths may differ from the sequence length. */
  sequenceLens?: string;
}
/** Outputs built (those asked for; Y_c for LSTM only). */
export interface RecurrentOutputs { Y?: string; Yh?: string; Yc?: string }

export function unrollRecurrent(
  e: Emitter, s: RecurrentSpec, ins: RecurrentInputs, seq: number, want: { Y: boolean; Yh: boolean; Yc: boolean } = { Y: true, Yh: true, Yc: true },
): RecurrentOutputs {
  const H = s.hidden;
  const tAxis = s.layout === 0 ? 0 : 1;
  // Per-sample lengths as a float column [batch, 1], compared with t + 0.5 (Less on floats: every opset).
  const lens = ins.sequenceLens ? e.cast(e.reshape(ins.sequenceLens, [-1, 1]), e.elemType(ins.X)) : undefined;
  const ys: string[][] = [];
  const hs: string[] = [];
  const cs: string[] = [];
  s.directions.forEach((dir, d) => {
    const acts = s.activations[d]!;
    const act = (a: Activation, x: string): string => activation(e, a, s.clip === undefined ? x : clip(e, x, s.clip));
    const GH = s.gates * H;
    // Weights of direction d, transposed for MatMul: W_d^T [input, G*H] and R_d^T [H, G*H].
    const wT = e.transpose(e.reshape(e.slice(ins.W, [d], [d + 1], [0]), [GH, -1]), [1, 0]);
    const rRowsT = (from: number, to: number): string => e.transpose(e.reshape(e.slice(ins.R, [d, from * H], [d + 1, to * H], [0, 1]), [(to - from) * H, H]), [1, 0]);
    const bias = (k: number): string => e.reshape(e.slice(ins.B!, [d, k * H], [d + 1, (k + 1) * H], [0, 1]), [H]);
    // Input projection of the whole sequence at once, plus the biases that sit outside any product
    // (GRU with linear_before_reset keeps Rb of the hidden gate inside the reset product).
    let xAll = e.op1('MatMul', [ins.X, wT]);
    if (ins.B) {
      const lbrGate = s.kind === 'GRU' && s.linearBeforeReset ? 2 : -1;
      xAll = e.add(xAll, e.concat(Array.from({ length: s.gates }, (_, g) => (g === lbrGate ? bias(g) : e.add(bias(g), bias(s.gates + g)))), 0));
    }
    const xSteps = e.split(xAll, new Array<number>(seq).fill(1), tAxis).map((x) => e.squeeze(x, [tAxis]));
    // Recurrence weights: every gate at once, except GRU's hidden gate (it multiplies r * H_prev).
    const recGates = s.kind === 'GRU' ? 2 : s.gates;
    const rT = rRowsT(0, recGates);
    const rHT = s.kind === 'GRU' ? rRowsT(2, 3) : undefined;
    const rbH = s.kind === 'GRU' && s.linearBeforeReset && ins.B ? bias(s.gates + 2) : undefined;
    const peep = (k: number): string | undefined => (ins.P ? e.reshape(e.slice(ins.P, [d, k * H], [d + 1, (k + 1) * H], [0, 1]), [H]) : undefined);
    const state = (x: string | undefined): string | undefined => (x ? e.squeeze(e.slice(x, [d], [d + 1], [s.layout === 0 ? 0 : 1]), [s.layout === 0 ? 0 : 1]) : undefined);
    // An absent initial state is zero: its terms are left out rather than multiplied by zeros.
    let h = state(ins.initialH);
    let c = s.kind === 'LSTM' ? state(ins.initialC) : undefined;
    const order = Array.from({ length: seq }, (_, k) => (dir === 'forward' ? k : seq - 1 - k));
    const yd = new Array<string>(seq);
    for (const t of order) {
      let hNew: string;
      let cNew: string | undefined;
      // Gate pre-activations in W/R order: x_t W^T + H_prev R^T + biases.
      const xg = e.split(xSteps[t]!, new Array<number>(s.gates).fill(H), 1);
      const rg = h ? e.split(e.op1('MatMul', [h, rT]), new Array<number>(recGates).fill(H), 1) : [];
      const pre = (g: number): string => (rg[g] ? e.add(xg[g]!, rg[g]!) : xg[g]!);
      if (s.kind === 'RNN') {
        hNew = act(acts[0]!, pre(0));
      } else if (s.kind === 'GRU') {
        const z = act(acts[0]!, pre(0));
        const r = act(acts[0]!, pre(1));
        let inner: string | undefined;
        if (s.linearBeforeReset) {
          const hr = h ? e.op1('MatMul', [h, rHT!]) : undefined;
          const lin = hr && rbH ? e.add(hr, rbH) : hr ?? rbH;
          inner = lin ? e.mul(r, lin) : undefined;
        } else if (h) inner = e.op1('MatMul', [e.mul(r, h), rHT!]);
        const cand = act(acts[1]!, inner ? e.add(xg[2]!, inner) : xg[2]!);
        // H = (1 - z) * cand + z * H_prev
        const keep = e.mul(e.sub(e.scalarLike(1, z), z), cand);
        hNew = h ? e.add(keep, e.mul(z, h)) : keep;
      } else {
        const [pI, pO, pF] = [peep(0), peep(1), peep(2)];
        const withPeep = (x: string, p: string | undefined, cell: string | undefined): string => (p && cell ? e.add(x, e.mul(p, cell)) : x);
        const i = act(acts[0]!, withPeep(pre(0), pI, c));
        const f = s.inputForget ? e.sub(e.scalarLike(1, i), i) : act(acts[0]!, withPeep(pre(2), pF, c));
        const cand = act(acts[1]!, pre(3));
        const add = e.mul(i, cand);
        cNew = c ? e.add(e.mul(f, c), add) : add;
        const o = act(acts[0]!, withPeep(pre(1), pO, cNew));
        // Clip bounds the gates' inputs only: onnxruntime applies h to the unclipped cell state.
        hNew = e.mul(o, activation(e, acts[2]!, cNew));
      }
      if (!lens) {
        h = hNew;
        c = cNew ?? c;
        yd[t] = hNew;
        continue;
      }
      // sequence_lens: past a sample's length the state is kept and Y is 0. Reverse sequences start
      // at their own last step, since the steps beyond it leave the initial state unchanged.
      const m = e.cast(e.less(e.constant([t + 0.5], [], e.elemType(hNew)), lens), e.elemType(hNew));
      const keep = (next: string, prev: string | undefined): string => {
        const on = e.mul(m, next);
        return prev ? e.add(on, e.mul(e.sub(e.scalarLike(1, m), m), prev)) : on;
      };
      yd[t] = e.mul(m, hNew);
      h = keep(hNew, h);
      if (cNew) c = keep(cNew, c);
    }
    ys.push(yd);
    hs.push(h!);
    if (c) cs.push(c);
  });
  // Y: [seq, D, batch, H] (layout 0) or [batch, seq, D, H] (layout 1).
  const [dAxisY, tAxisY] = s.layout === 0 ? [1, 0] : [2, 1];
  const Y = want.Y
    ? e.concat(Array.from({ length: seq }, (_, t) => e.concat(ys.map((yd) => e.unsqueeze(yd[t]!, s.layout === 0 ? [0, 1] : [1, 2])), dAxisY)), tAxisY)
    : undefined;
  const stack = (xs: string[]): string => e.concat(xs.map((x) => e.unsqueeze(x, [s.layout === 0 ? 0 : 1])), s.layout === 0 ? 0 : 1);
  return { Y, Yh: want.Yh ? stack(hs) : undefined, Yc: want.Yc && cs.length ? stack(cs) : undefined };
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
