/**
 * Reverse mode through the iterations of a Loop or Scan. The forward is run again by a
 * recording copy of the node whose body also emits, as scan outputs, the state it starts each
 * iteration with; a backward Loop then runs the iterations in reverse: at step i it reads the
 * recorded state of iteration t = T-1-i, recomputes that iteration's body, and pulls the
 * cotangents of its outputs back to its state (carried to the next step), to the outer-scope
 * captures (accumulated) and to its per-iteration inputs (emitted as scan outputs).
 */
import type { TensorInfo } from '../dims.js';
import type { Emitter } from '../emit/emitter.js';
import { GRADIENT_PREFIX } from '../emit/emitter.js';
import { valueInfo } from '../model-builder.js';
import { DT, type GraphProto, makeTensor, type NodeProto, onnx } from '../proto.js';
import { bodyVjp } from './body-vjp.js';
import { renameDefined } from './rename.js';

/** A deep copy of a body whose outputs are followed by copies of the given formal inputs. */
export function recordingBody(e: Emitter, body: GraphProto, record: { formal: string; info: TensorInfo }[]): GraphProto {
  const rec = onnx.GraphProto.decode(onnx.GraphProto.encode(body).finish());
  for (const r of record) {
    const out = e.g.fresh(`${GRADIENT_PREFIX}/record`);
    rec.node.push({ opType: 'Identity', input: [r.formal], output: [out], name: e.g.fresh('record') });
    rec.output.push(valueInfo(out, r.info.elemType, r.info.shape));
  }
  renameDefined(rec, (h) => e.g.fresh(`${GRADIENT_PREFIX}/${h}`));
  return rec;
}

export interface ReverseSpec {
  e: Emitter;
  body: GraphProto;
  inputInfos: TensorInfo[];
  /** Number of iterations (int64 scalar). */
  trips: string;
  /** Per state j: formal input index, body output index, recorded states [T, ...], initial cotangent, info. */
  states: { formal: number; output: number; recorded: string; ct: string; info: TensorInfo }[];
  /** Formal inputs bound per iteration (t: forward iteration, i: backward step), and how. */
  perIteration: { formal: number; bind: (t: string, i: string) => NodeProto[] | string }[];
  /** Body outputs with a per-iteration cotangent: a node list computing it from (t, i). */
  scanSeeds: { output: number; info: TensorInfo; ct: (t: string, i: string, out: string) => NodeProto[] }[];
  /** Per-iteration formal inputs whose cotangents are stacked as scan outputs (backward order). */
  scanWrt: number[];
  /** Captures needing cotangents. */
  captures: string[];
}

/** Emits the backward Loop; returns state cotangents, capture cotangents, stacked per-iteration cotangents. */
export function reverseIterations(s: ReverseSpec): { states: string[]; captures: string[]; scans: string[] } {
  const { e, body } = s;
  const g = e.g;
  const fresh = (h: string): string => g.fresh(`${GRADIENT_PREFIX}/${h}`);
  const formal = (body.input ?? []).map((v) => v.name!);
  const outs = (body.output ?? []).map((v) => v.name!);
  const iter = fresh('bw_iter');
  const cond = fresh('bw_cond');
  const ctIn = s.states.map(() => fresh('bw_state_ct'));
  const accIn = s.captures.map(() => fresh('bw_capture_ct'));
  const nodes: NodeProto[] = [];
  const t = fresh('bw_t');
  const tm1 = e.op1('Sub', [s.trips, e.constant([1], [], DT.INT64)]);
  nodes.push({ opType: 'Sub', input: [tm1, iter], output: [t], name: fresh('bw_t_node') });
  const seeds = s.states.map((st, j) => ({ output: st.output, cotangent: ctIn[j]!, info: st.info }));
  for (const sd of s.scanSeeds) {
    const ct = fresh('bw_out_ct');
    nodes.push(...sd.ct(t, iter, ct));
    seeds.push({ output: sd.output, cotangent: ct, info: sd.info });
  }
  const wrt = [...s.states.map((st) => formal[st.formal]!), ...s.scanWrt.map((k) => formal[k]!), ...s.captures];
  const v = bodyVjp({ g, body, inputInfos: s.inputInfos, seeds, wrt, portable: s.e.portable });
  const bindTo = (k: number): string => v.formal.get(formal[k]!)!;
  s.states.forEach((st) => {
    nodes.push({ opType: 'Gather', input: [st.recorded, t], output: [bindTo(st.formal)], name: fresh('bw_state'), attribute: [{ name: 'axis', type: 2, i: 0 }] });
  });
  for (const p of s.perIteration) {
    const b = p.bind(t, iter);
    if (typeof b === 'string') nodes.push({ opType: 'Identity', input: [b], output: [bindTo(p.formal)], name: fresh('bw_bind') });
    else {
      const last = b[b.length - 1]!;
      last.output = [bindTo(p.formal)];
      nodes.push(...b);
    }
  }
  nodes.push(...v.nodes);
  const condOut = fresh('bw_cond_out');
  nodes.push({ opType: 'Identity', input: [cond], output: [condOut], name: fresh('bw_cond_node') });
  const nS = s.states.length;
  const nW = s.scanWrt.length;
  const accOut = s.captures.map((_, c) => {
    const o = fresh('bw_capture_acc');
    nodes.push({ opType: 'Add', input: [accIn[c]!, v.grads[nS + nW + c]!], output: [o], name: fresh('bw_acc') });
    return o;
  });
  // Loop body outputs must be produced inside the body: copy grads that are bound names.
  const stateOut = s.states.map((_, j) => v.grads[j]!);
  const scanOut = s.scanWrt.map((_, k) => v.grads[nS + k]!);
  const capInfo = s.captures.map((c) => g.info(c));
  const bw: GraphProto = {
    name: fresh('backward_body'),
    input: [
      valueInfo(iter, DT.INT64, []), valueInfo(cond, DT.BOOL, []),
      ...s.states.map((st, j) => valueInfo(ctIn[j]!, st.info.elemType, st.info.shape)),
      ...s.captures.map((_, c) => valueInfo(accIn[c]!, capInfo[c]!.elemType, capInfo[c]!.shape)),
    ],
    node: nodes,
    initializer: v.initializers,
    output: [
      valueInfo(condOut, DT.BOOL, []),
      ...s.states.map((st, j) => valueInfo(stateOut[j]!, st.info.elemType, st.info.shape)),
      ...s.captures.map((_, c) => valueInfo(accOut[c]!, capInfo[c]!.elemType, capInfo[c]!.shape)),
      ...s.scanWrt.map((k, j) => valueInfo(scanOut[j]!, v.gradInfos[nS + j]!.elemType, s.inputInfos[k]!.shape)),
    ],
  };
  const init = [...s.states.map((st) => st.ct), ...s.captures.map((c) => e.zerosLike(c))];
  const res = e.op('Loop', [s.trips, undefined, ...init], { body: { graph: bw } }, nS + s.captures.length + nW);
  return { states: res.slice(0, nS), captures: res.slice(nS, nS + s.captures.length), scans: res.slice(nS + s.captures.length) };
}

/** A constant bool scalar `true` node writing `out`. */
export function trueNode(e: Emitter, out: string): NodeProto {
  return { opType: 'Constant', input: [], output: [out], name: e.g.fresh('bw_true'), attribute: [{ name: 'value', type: 4, t: makeTensor('true', DT.BOOL, [], [1]) }] };
}
