/**
 * Scan (opset >= 9): reverse mode through the iterations (control-flow/reverse-loop.ts). The
 * backward Loop reads scan-input slices and output cotangents at the forward iteration it is
 * undoing, honouring scan axes and directions; the per-iteration cotangents of the scan inputs
 * come out in backward order and are put back in place (reversed, moved to their scan axis).
 */
import { bodyAttr, checkCarriedShapes, scanAttrs, scanBodyInputInfos } from '../../control-flow/infer.js';
import { recordingBody, reverseIterations } from '../../control-flow/reverse-loop.js';
import { DT, isFloatType, type NodeProto } from '../../proto.js';
import type { GradRule } from '../types.js';
import { typedOrUnsupported } from './typed.js';

export const scanRule: GradRule = {
  opType: 'Scan',
  sinceOpset: 9,
  differentiable: (n) => n.inputs.map((_, i) => i),
  vjp(ctx) {
    const n = ctx.node;
    const e = ctx.e;
    const body = bodyAttr(n, 'body');
    const { nState: N, inAxes, inDirs, outAxes, outDirs } = scanAttrs(n, e.g);
    const ins = typedOrUnsupported(() => scanBodyInputInfos(n, e.g), ctx.unsupported);
    const M = ins.length - N;
    const K = (body.output ?? []).length - N;
    if (M < 1) ctx.unsupported('a Scan without scan inputs has no iterations to differentiate');
    checkCarriedShapes(e.g, body, ins, (j) => j, (j) => j, N, (d) => ctx.unsupported(d));
    const explicit = n.explicitInputs;
    const formal = (body.input ?? []).map((v) => v.name!);
    const rec = recordingBody(e, body, ins.slice(0, N).map((info, j) => ({ formal: formal[j]!, info })));
    const recOuts = e.op('Scan', explicit, {
      body: { graph: rec }, num_scan_inputs: M, scan_input_axes: inAxes, scan_input_directions: inDirs,
      scan_output_axes: [...outAxes, ...new Array<number>(N).fill(0)], scan_output_directions: [...outDirs, ...new Array<number>(N).fill(0)],
    }, N + K + N);
    const x0 = explicit[N]!;
    const len = e.info(x0).shape[inAxes[0]!]!;
    const trips = typeof len === 'number'
      ? e.constant([len], [], DT.INT64)
      : e.op1('Gather', [e.op1('Shape', [x0]), e.constant([inAxes[0]!], [], DT.INT64)], { axis: 0 });
    const gather = (x: string, idx: string, axis: number, out = ''): NodeProto =>
      ({ opType: 'Gather', input: [x, idx], output: [out], name: e.g.fresh('bw_slice'), attribute: [{ name: 'axis', type: 2, i: axis }] });
    const fl = ins.slice(0, N).map((i, j) => (isFloatType(i.elemType) ? j : -1)).filter((j) => j >= 0);
    const wantX = Array.from({ length: M }, (_, m) => m).filter((m) => isFloatType(ins[N + m]!.elemType) && ctx.needs(N + m));
    const first = explicit.length;
    const capIdx = n.inputs.map((_, i) => i).filter((i) => i >= first && ctx.needs(i));
    const r = reverseIterations({
      e, body, inputInfos: ins, trips,
      states: fl.map((j) => ({ formal: j, output: j, recorded: recOuts[N + K + j]!, info: ins[j]!, ct: ctx.grad(j) ?? e.zerosLike(explicit[j]!) })),
      perIteration: [
        ...Array.from({ length: N }, (_, j) => j).filter((j) => !fl.includes(j))
          .map((j) => ({ formal: j, bind: (t: string) => [gather(recOuts[N + K + j]!, t, 0)] })),
        ...Array.from({ length: M }, (_, m) => ({ formal: N + m, bind: (t: string, i: string) => [gather(explicit[N + m]!, inDirs[m] ? i : t, inAxes[m]!)] })),
      ],
      scanSeeds: Array.from({ length: K }, (_, k) => k).filter((k) => ctx.grad(N + k)).map((k) => {
        const i = ctx.info(n.outputs[N + k]!);
        const ax = outAxes[k]! < 0 ? outAxes[k]! + i.shape.length : outAxes[k]!;
        return {
          output: N + k, info: { elemType: i.elemType, shape: i.shape.filter((_, d) => d !== ax) },
          ct: (t: string, it: string, out: string) => [gather(ctx.grad(N + k)!, outDirs[k] ? it : t, ax, out)],
        };
      }),
      scanWrt: wantX.map((m) => N + m),
      captures: capIdx.map((i) => n.inputs[i]!),
    });
    const res: (string | undefined)[] = n.inputs.map(() => undefined);
    fl.forEach((j, k) => { if (ctx.needs(j)) res[j] = r.states[k]; });
    wantX.forEach((m, k) => {
      // Backward step i undid forward iteration T-1-i, which read element T-1-i (forward
      // direction) or i (reverse direction) of the scan axis.
      let g = r.scans[k]!;
      if (!inDirs[m]) g = e.slice(g, [-1], [Number.MIN_SAFE_INTEGER], [0], [-1]);
      const rank = e.rank(g);
      const a = inAxes[m]!;
      res[N + m] = e.transpose(g, Array.from({ length: rank }, (_, d) => (d < a ? d + 1 : d === a ? 0 : d)));
    });
    capIdx.forEach((i, c) => { res[i] = r.captures[c]; });
    return res;
  },
};
