/**
 * If: the gradient is an If on the same condition whose branches are the branches' backward
 * graphs. Its outputs are the cotangents of the outer-scope tensors the branches capture; both
 * branches output the same set (zeros where a branch does not read a capture), and the compiler
 * accumulates them in the enclosing graph like any other input's cotangent.
 */
import { bodyVjp } from '../../control-flow/body-vjp.js';
import { bodyAttr } from '../../control-flow/infer.js';
import { valueInfo } from '../../model-builder.js';
import type { GradRule } from '../types.js';

export const ifRule: GradRule = {
  opType: 'If',
  // The condition is boolean; the captures (implicit inputs after it) carry derivatives.
  differentiable: (n) => n.inputs.map((_, i) => i).filter((i) => i >= n.explicitInputs.length),
  vjp(ctx) {
    const n = ctx.node;
    const g = ctx.e.g;
    const first = n.explicitInputs.length;
    const wantIdx = n.inputs.map((_, i) => i).filter((i) => i >= first && ctx.needs(i));
    const wrt = wantIdx.map((i) => n.inputs[i]!);
    if (!wrt.length) return n.inputs.map(() => undefined);
    const seeds = n.outputs.flatMap((o, k) => {
      const ct = ctx.grad(k);
      return ct && o ? [{ output: k, cotangent: ct, info: ctx.info(o) }] : [];
    });
    const branches = ['then_branch', 'else_branch'].map((attr) => {
      const v = bodyVjp({ g, body: bodyAttr(n, attr), inputInfos: [], seeds, wrt, portable: ctx.e.portable });
      return {
        name: `${n.name || 'If'}_${attr}_grad`, input: [], node: v.nodes, initializer: v.initializers,
        output: v.grads.map((x, j) => valueInfo(x, v.gradInfos[j]!.elemType, ctx.info(wrt[j]!).shape)),
      };
    });
    const outs = ctx.e.op('If', [n.input(0)], { then_branch: { graph: branches[0]! }, else_branch: { graph: branches[1]! } }, wrt.length);
    const res: (string | undefined)[] = n.inputs.map(() => undefined);
    wantIdx.forEach((i, j) => { res[i] = outs[j]; });
    return res;
  },
};
