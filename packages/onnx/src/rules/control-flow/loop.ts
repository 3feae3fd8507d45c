/**
 * Loop: reverse mode through the iterations (control-flow/reverse-loop.ts). The recording copy
 * also emits the iteration number, whose count is the number of iterations actually run, so a
 * dynamic trip count or an early exit through the condition is followed exactly. Loop-carried
 * state must keep its shape across iterations (it is stacked); a body that changes it is refused.
 */
import { bodyAttr, checkCarriedShapes, loopBodyInputInfos } from '../../control-flow/infer.js';
import { recordingBody, reverseIterations, trueNode } from '../../control-flow/reverse-loop.js';
import { isFloatType } from '../../proto.js';
import { typedOrUnsupported } from './typed.js';
import type { GradRule } from '../types.js';

export const loopRule: GradRule = {
  opType: 'Loop',
  // M and cond carry no derivative; the carried state and the captures do.
  differentiable: (n) => n.inputs.map((_, i) => i).filter((i) => i >= 2),
  vjp(ctx) {
    const n = ctx.node;
    const e = ctx.e;
    const body = bodyAttr(n, 'body');
    const ins = typedOrUnsupported(() => loopBodyInputInfos(n, e.g), ctx.unsupported);
    const N = ins.length - 2;
    const K = (body.output ?? []).length - 1 - N;
    checkCarriedShapes(e.g, body, ins, (j) => 2 + j, (j) => 1 + j, N, (d) => ctx.unsupported(d));
    const formal = (body.input ?? []).map((v) => v.name!);
    const rec = recordingBody(e, body, [{ formal: formal[0]!, info: ins[0]! }, ...ins.slice(2).map((info, j) => ({ formal: formal[2 + j]!, info }))]);
    const recOuts = e.op('Loop', n.explicitInputs.map((x) => x || undefined), { body: { graph: rec } }, N + K + 1 + N);
    const trips = e.op1('Size', [recOuts[N + K]!]);
    const fl = ins.slice(2).map((i, j) => (isFloatType(i.elemType) ? j : -1)).filter((j) => j >= 0);
    const first = n.explicitInputs.length;
    const capIdx = n.inputs.map((_, i) => i).filter((i) => i >= first && ctx.needs(i));
    const explicit = n.explicitInputs;
    const r = reverseIterations({
      e, body, inputInfos: ins, trips,
      states: fl.map((j) => ({
        formal: 2 + j, output: 1 + j, recorded: recOuts[N + K + 1 + j]!, info: ins[2 + j]!,
        ct: ctx.grad(j) ?? e.zerosLike(explicit[2 + j]!),
      })),
      perIteration: [
        { formal: 0, bind: (t) => t },
        { formal: 1, bind: () => [trueNode(e, '')] },
        // Non-float carried state (counters, masks) is replayed from the recording too.
        ...ins.slice(2).flatMap((_, j) => (fl.includes(j) ? [] : [{
          formal: 2 + j,
          bind: (t: string) => [{ opType: 'Gather', input: [recOuts[N + K + 1 + j]!, t], output: [''], name: e.g.fresh('bw_replay'), attribute: [{ name: 'axis', type: 2, i: 0 }] }],
        }])),
      ],
      scanSeeds: Array.from({ length: K }, (_, k) => k).filter((k) => ctx.grad(N + k)).map((k) => {
        const i = ctx.info(n.outputs[N + k]!);
        return {
          output: 1 + N + k, info: { elemType: i.elemType, shape: i.shape.slice(1) },
          ct: (t: string, _i: string, out: string) => [{ opType: 'Gather', input: [ctx.grad(N + k)!, t], output: [out], name: e.g.fresh('bw_scan_ct'), attribute: [{ name: 'axis', type: 2, i: 0 }] }],
        };
      }),
      scanWrt: [],
      captures: capIdx.map((i) => n.inputs[i]!),
    });
    const res: (string | undefined)[] = n.inputs.map(() => undefined);
    fl.forEach((j, k) => { if (ctx.needs(2 + j)) res[2 + j] = r.states[k]; });
    capIdx.forEach((i, c) => { res[i] = r.captures[c]; });
    return res;
  },
};
